package io.datashard.spark.source;

import io.datashard.scan.CombinedScanTask;
import java.util.Objects;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One Spark partition of a Datashard scan: a packed group of file ranges with their delete files and,
 * when the scan returns {@code _file_id}, the id of each file range's data file (in task order).
 */
public record SparkInputPartition(CombinedScanTask task, long[] fileIds) implements InputPartition {
  public SparkInputPartition {
    Objects.requireNonNull(task, "task is null");
    if (fileIds != null && fileIds.length != task.files().size()) {
      throw new IllegalArgumentException("Expected " + task.files().size() + " file ids, got " + fileIds.length);
    }
  }

  public SparkInputPartition(CombinedScanTask task) {
    this(task, null);
  }

  /** The {@code _file_id} of the {@code index}-th file range of the task. */
  long fileId(int index) {
    if (fileIds == null) {
      throw new IllegalStateException("Cannot read _file_id: the scan was planned without it");
    }
    return fileIds[index];
  }
}
