package io.datashard.exceptions;

/** A table, file or ref that an operation would create already exists. */
public class AlreadyExistsException extends DatashardException {
  public AlreadyExistsException(String message) {
    super(message);
  }

  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
