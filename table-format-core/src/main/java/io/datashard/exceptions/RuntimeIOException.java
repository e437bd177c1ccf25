package io.datashard.exceptions;

import java.io.IOException;
import java.io.UncheckedIOException;

/** An I/O failure, with the file or operation that failed in the message. */
public class RuntimeIOException extends DatashardException {
  public RuntimeIOException(String message, IOException cause) {
    super(message + ": " + cause, cause);
  }

  public RuntimeIOException(String message, UncheckedIOException cause) {
    super(message + ": " + cause.getCause(), cause.getCause());
  }
}
