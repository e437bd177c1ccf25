package io.datashard;

import java.util.function.Predicate;

/** Removes whole data files from the table (a metadata-only delete). */
public interface DeleteFiles extends SnapshotUpdate<DeleteFiles> {
  DeleteFiles deleteFile(String location);

  DeleteFiles deleteFile(DataFile file);

  /**
   * Removes every live data file that the filter matches. The filter sees whole files (location,
   * partition, metrics), so it must only match files all of whose rows are to be deleted.
   */
  DeleteFiles deleteFromFilter(Predicate<DataFile> fileFilter);

  /** Fails the commit if a named file is not in the table (default: missing files are ignored). */
  DeleteFiles validateFilesExist();
}
