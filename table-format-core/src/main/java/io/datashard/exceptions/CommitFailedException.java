package io.datashard.exceptions;

/** A commit lost a race with another writer; it is safe to retry on the refreshed table. */
public class CommitFailedException extends DatashardException {
  public CommitFailedException(String message) {
    super(message);
  }

  public CommitFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
