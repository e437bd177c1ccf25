package io.datashard.spark.source;

import io.datashard.scan.CombinedScanTask;
import java.util.Objects;
import org.apache.spark.sql.connector.read.InputPartition;

/** One Spark partition of a Datashard scan: a packed group of file ranges with their delete files. */
public record SparkInputPartition(CombinedScanTask task) implements InputPartition {
  public SparkInputPartition {
    Objects.requireNonNull(task, "task is null");
  }
}
