package io.datashard.scan;

import java.util.List;

/**
 * File ranges packed together to be read by one reader (one Spark partition, one Flink split).
 *
 * @param files the ranges, in planning order
 */
public record CombinedScanTask(List<FileScanTask> files) implements java.io.Serializable {
  public CombinedScanTask {
    files = List.copyOf(files);
  }

  public long sizeBytes() {
    long size = 0;
    for (FileScanTask task : files) {
      size += task.sizeBytes();
    }
    return size;
  }
}
