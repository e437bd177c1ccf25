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
}
