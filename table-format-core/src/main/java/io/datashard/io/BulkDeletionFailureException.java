package io.datashard.io;

import io.datashard.exceptions.DatashardException;

/**
 * Some files of a {@link SupportsBulkDelete#deleteFiles(Iterable)} call could not be deleted. The
 * individual failures, or the first of them, are attached as suppressed exceptions.
 */
public class BulkDeletionFailureException extends DatashardException {
  private final int failures;

  public BulkDeletionFailureException(int failures, String message) {
    super(message);
    this.failures = failures;
  }

  /** How many files could not be deleted. */
  public int failures() {
    return failures;
  }
}
