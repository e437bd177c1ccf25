package io.datashard.exceptions;

/** Root of every exception Datashard throws. Messages say what failed, why, and what to do. */
public class DatashardException extends RuntimeException {
  public DatashardException(String message) {
    super(message);
  }

  public DatashardException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Formats the message with {@link String#format}. */
  public static DatashardException of(String format, Object... args) {
    return new DatashardException(String.format(format, args));
  }
}
