package io.datashard.scan;

/**
 * A scan of the data files that append snapshots added between two snapshots of one lineage. Only
 * snapshots whose operation is {@code append} contribute; overwrites, deletes and rewrites in the
 * range are skipped, so this is the stream of newly appended rows a streaming reader consumes. No
 * delete files are attached: the files come from appends and are read as written.
 *
 * <p>Without {@link #toSnapshot} the range ends at the current snapshot; without a start it begins
 * with the oldest ancestor the metadata still holds (inclusive).
 */
public interface IncrementalAppendScan extends Scan<IncrementalAppendScan> {
  /** Starts after this snapshot: its own appends are not included. */
  IncrementalAppendScan fromSnapshotExclusive(long snapshotId);

  /** Starts with this snapshot: its own appends are included. */
  IncrementalAppendScan fromSnapshotInclusive(long snapshotId);

  /** Ends with this snapshot (inclusive). */
  IncrementalAppendScan toSnapshot(long snapshotId);
}
