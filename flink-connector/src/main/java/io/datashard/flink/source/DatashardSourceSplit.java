package io.datashard.flink.source;

import io.datashard.scan.FileScanTask;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A split of a Datashard source: the file ranges of one planned task of one snapshot, and the reading
 * position inside them. The position is the index of the file range being read and the number of rows
 * of that range already emitted, so a restored reader skips exactly the rows it emitted before the
 * checkpoint (no duplicates) and none after it (no gaps).
 *
 * @param snapshotId the snapshot whose planning produced the split
 * @param sequenceNumber that snapshot's sequence number
 * @param ordinal the order in which the enumerator assigns splits: planning order, which follows the
 *     snapshots' sequence numbers
 * @param tasks the file ranges to read, in order
 * @param fileOffset index of the range being read
 * @param recordOffset rows of that range already emitted
 * @param watermarkMillis smallest value of the watermark column over the split's files (from their
 *     column statistics), or {@link Long#MIN_VALUE} when unknown or no watermark column is set
 */
public record DatashardSourceSplit(
    long snapshotId, long sequenceNumber, long ordinal, List<FileScanTask> tasks, int fileOffset, long recordOffset,
    long watermarkMillis) implements SourceSplit, Serializable {

  public DatashardSourceSplit {
    tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks is null"));
    if (fileOffset < 0 || fileOffset > tasks.size() || recordOffset < 0) {
      throw new IllegalArgumentException("Invalid position of split " + snapshotId + "-" + ordinal + ": file "
          + fileOffset + " of " + tasks.size() + ", record " + recordOffset);
    }
  }

  @Override
  public String splitId() {
    return snapshotId + "-" + ordinal;
  }

  /** The same split with another reading position. */
  public DatashardSourceSplit withPosition(int newFileOffset, long newRecordOffset) {
    return new DatashardSourceSplit(snapshotId, sequenceNumber, ordinal, tasks, newFileOffset, newRecordOffset,
        watermarkMillis);
  }

  /** Rows in the split's data files (an upper bound of what it returns: deletes and filters remove rows). */
  public long fileRecordCount() {
    long count = 0;
    for (FileScanTask task : tasks) {
      count += task.file().recordCount();
    }
    return count;
  }

  @Override
  public String toString() {
    return "DatashardSourceSplit{" + splitId() + ", seq " + sequenceNumber + ", " + tasks.size() + " ranges, at file "
        + fileOffset + " record " + recordOffset + "}";
  }
}
