package io.datashard;

import java.util.function.Predicate;

/** Adds data files and delete files in one snapshot: the commit of a row-level change. */
public interface RowDelta extends SnapshotUpdate<RowDelta> {
  RowDelta addRows(DataFile file);

  RowDelta addDeletes(DeleteFile file);

  /** Removes a delete file that is no longer needed (e.g. replaced by a merged deletion vector). */
  RowDelta removeDeletes(DeleteFile file);

  RowDelta validateFromSnapshot(long snapshotId);

  /** Fails if any of these data files was removed by a concurrent commit. */
  RowDelta validateDataFilesExist(Iterable<String> dataFileLocations);

  RowDelta conflictDetectionFilter(Predicate<ContentFile> filter);

  /** Fails if a concurrent commit added data files matching the conflict filter (serializable isolation). */
  RowDelta validateNoConflictingDataFiles();

  /** Fails if a concurrent commit added delete files matching the conflict filter. */
  RowDelta validateNoConflictingDeleteFiles();
}
