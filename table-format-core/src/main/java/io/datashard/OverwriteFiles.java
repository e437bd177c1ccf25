package io.datashard;

import io.datashard.expressions.Expression;
import java.util.function.Predicate;

/**
 * Replaces data files: removes some, adds others, in one snapshot. With validation enabled the
 * commit fails if a concurrent commit since {@link #validateFromSnapshot(long)} added data or
 * deletes that the conflict-detection filter matches.
 */
public interface OverwriteFiles extends SnapshotUpdate<OverwriteFiles> {
  OverwriteFiles addFile(DataFile file);

  OverwriteFiles deleteFile(DataFile file);

  /** Removes every live data file the filter matches (whole files). */
  OverwriteFiles overwriteByFilter(Predicate<DataFile> fileFilter);

  /**
   * Removes every live data file all of whose rows match {@code rowFilter} (decided from partitions
   * and column metrics); the commit fails with a {@link io.datashard.exceptions.ValidationException}
   * if a file matches only partly.
   */
  OverwriteFiles overwriteByRowFilter(Expression rowFilter);

  /** Whether column names in row filters are matched case-sensitively (default: true). */
  OverwriteFiles caseSensitive(boolean caseSensitive);

  /** The snapshot the caller read; concurrent commits after it are validated. */
  OverwriteFiles validateFromSnapshot(long snapshotId);

  /** Which concurrently added files count as conflicts; default: all. */
  OverwriteFiles conflictDetectionFilter(Predicate<ContentFile> filter);

  /**
   * Which concurrently added files count as conflicts: those that may hold rows matching
   * {@code rowFilter} (by partition and column metrics). Replaces a predicate filter set before.
   */
  OverwriteFiles conflictDetectionFilter(Expression rowFilter);

  /** Fails if a concurrent commit added data files matching the conflict filter. */
  OverwriteFiles validateNoConflictingData();

  /** Fails if a concurrent commit added delete files matching the conflict filter, or removed a file being replaced. */
  OverwriteFiles validateNoConflictingDeletes();
}
