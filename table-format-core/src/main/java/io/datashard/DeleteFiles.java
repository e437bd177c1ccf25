package io.datashard;

import io.datashard.expressions.Expression;
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

  /**
   * Removes every live data file all of whose rows match {@code rowFilter}, decided from the file's
   * partition and column metrics. The commit fails with a {@link io.datashard.exceptions.ValidationException}
   * if a file has rows that may match and others that may not: such rows need a row-level delete.
   */
  DeleteFiles deleteFromRowFilter(Expression rowFilter);

  /** Whether column names in row filters are matched case-sensitively (default: true). */
  DeleteFiles caseSensitive(boolean caseSensitive);

  /** Fails the commit if a named file is not in the table (default: missing files are ignored). */
  DeleteFiles validateFilesExist();
}
