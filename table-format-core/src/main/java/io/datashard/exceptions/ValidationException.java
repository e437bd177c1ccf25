package io.datashard.exceptions;

/** An update or commit was rejected because it is invalid against the table's current state. Not retried. */
public class ValidationException extends DatashardException {
  public ValidationException(String message) {
    super(message);
  }

  public ValidationException(String message, Throwable cause) {
    super(message, cause);
  }
}
