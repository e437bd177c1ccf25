package io.datashard.benchmarks.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The workloads of the Spark benchmark, in the order they run. */
enum Workload {
  /** Create an unpartitioned table from all rows. */
  FULL_WRITE,
  /** Create a table identity-partitioned by {@code category} (100 partitions) from all rows. */
  PARTITIONED_WRITE,
  /** Aggregate every column of every row of the unpartitioned table. */
  FULL_SCAN,
  /** The same aggregation over 1 % of the rows, a contiguous id range (prunable by column statistics). */
  ID_RANGE_SCAN,
  /** The same aggregation over one category (1 % of the rows) of the partitioned table. */
  PARTITION_SCAN,
  /** Create an empty table (not timed), then append small batches one commit at a time. */
  SMALL_APPENDS;

  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  boolean isWrite() {
    return this == FULL_WRITE || this == PARTITIONED_WRITE || this == SMALL_APPENDS;
  }

  static Workload fromLabel(String label) {
    for (Workload workload : values()) {
      if (workload.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
        return workload;
      }
    }
    throw new IllegalArgumentException("Unknown workload '" + label + "'; known: "
        + Arrays.stream(values()).map(Workload::label).collect(Collectors.joining(", ")));
  }

  static List<Workload> parse(String labels) {
    return Arrays.stream(labels.split(",")).filter(label -> !label.isBlank()).map(Workload::fromLabel)
        .sorted().distinct().toList();
  }
}
