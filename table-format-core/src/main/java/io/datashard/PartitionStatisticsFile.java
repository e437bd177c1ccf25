package io.datashard;

import java.util.Objects;

/** A partition statistics file attached to a snapshot (the spec's {@code partition-statistics}). */
public record PartitionStatisticsFile(long snapshotId, String path, long fileSizeInBytes) {
  public PartitionStatisticsFile {
    Objects.requireNonNull(path, "path is null");
  }
}
