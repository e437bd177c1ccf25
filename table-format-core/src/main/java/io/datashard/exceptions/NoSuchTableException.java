package io.datashard.exceptions;

/** The table does not exist at the given location or in the catalog. */
public class NoSuchTableException extends DatashardException {
  public NoSuchTableException(String message) {
    super(message);
  }

  public NoSuchTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
