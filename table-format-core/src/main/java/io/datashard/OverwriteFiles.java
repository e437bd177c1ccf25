package io.datashard;

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

  /** The snapshot the caller read; concurrent commits after it are validated. */
  OverwriteFiles validateFromSnapshot(long snapshotId);

  /** Which concurrently added files count as conflicts; default: all. */
  OverwriteFiles conflictDetectionFilter(Predicate<ContentFile> filter);

  /** Fails if a concurrent commit added data files matching the conflict filter. */
  OverwriteFiles validateNoConflictingData();

  /** Fails if a concurrent commit added delete files matching the conflict filter, or removed a file being replaced. */
  OverwriteFiles validateNoConflictingDeletes();
}
