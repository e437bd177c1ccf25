package io.datashard.exceptions;

/** A file or object that an operation needs does not exist. */
public class NotFoundException extends DatashardException {
  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
