package io.datashard.spark.source;

import io.datashard.scan.CombinedScanTask;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** The planned tasks of a {@link SparkScan}, one Spark input partition per combined task. */
final class SparkBatch implements Batch {
  private final String key;
  private final List<CombinedScanTask> tasks;
  private final boolean fileIds;
  private final SparkReaderFactory factory;

  /** @param fileIds whether rows carry {@code _file_id}: each partition then holds its files' ids */
  SparkBatch(SparkScan scan, List<CombinedScanTask> tasks, boolean fileIds, SparkReaderFactory factory) {
    this.key = scan.key();
    this.tasks = List.copyOf(tasks);
    this.fileIds = fileIds;
    this.factory = Objects.requireNonNull(factory, "factory is null");
  }

  @Override
  public InputPartition[] planInputPartitions() {
    InputPartition[] partitions = new InputPartition[tasks.size()];
    for (int i = 0; i < partitions.length; i++) {
      CombinedScanTask task = tasks.get(i);
      long[] ids = null;
      if (fileIds) {
        ids = new long[task.files().size()];
        for (int f = 0; f < ids.length; f++) {
          ids[f] = SparkFileIds.of(task.files().get(f).file().location());
        }
      }
      partitions[i] = new SparkInputPartition(task, ids);
    }
    return partitions;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return factory;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SparkBatch that && key.equals(that.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }
}
