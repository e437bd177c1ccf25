package io.datashard.io;

/** A {@link FileIO} that deletes many files in one operation, faster than one by one. */
public interface SupportsBulkDelete {

  /**
   * Deletes the files at {@code locations}; locations that do not exist are skipped. Tries every
   * location even after a failure.
   *
   * @throws BulkDeletionFailureException if any file could not be deleted; it says how many
   */
  void deleteFiles(Iterable<String> locations);
}
