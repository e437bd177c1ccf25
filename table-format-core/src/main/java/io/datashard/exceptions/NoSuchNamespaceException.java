package io.datashard.exceptions;

/** The namespace does not exist in the catalog. */
public class NoSuchNamespaceException extends DatashardException {
  public NoSuchNamespaceException(String message) {
    super(message);
  }

  public NoSuchNamespaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
