package io.datashard;

/**
 * Replaces files with others holding the same rows (compaction). The table's data does not
 * change; the commit fails if a file being replaced was removed concurrently, or if concurrent
 * deletes apply to a data file being replaced.
 */
public interface RewriteFiles extends SnapshotUpdate<RewriteFiles> {
  RewriteFiles deleteFile(DataFile file);

  RewriteFiles deleteFile(DeleteFile file);

  RewriteFiles addFile(DataFile file);

  RewriteFiles addFile(DeleteFile file);

  /** Keeps this data sequence number on the new data files so older deletes still apply to them. */
  RewriteFiles dataSequenceNumber(long sequenceNumber);

  RewriteFiles validateFromSnapshot(long snapshotId);

  /**
   * Fails if a concurrent commit (since {@link #validateFromSnapshot(long)}) removed any of these
   * data files: delete files added for them (e.g. merged deletion vectors) would be lost.
   */
  RewriteFiles validateDataFilesExist(Iterable<String> dataFileLocations);

  /** Which concurrently added files count as conflicts for the validations below; default: all. */
  RewriteFiles conflictDetectionFilter(java.util.function.Predicate<ContentFile> filter);

  /** Fails if a concurrent commit added data files matching the conflict filter. */
  RewriteFiles validateNoConflictingDataFiles();

  /**
   * Fails if a concurrent commit added delete files matching the conflict filter, e.g. a position
   * delete for a data file whose deletes this rewrite merges into a new deletion vector.
   */
  RewriteFiles validateNoConflictingDeleteFiles();
}
