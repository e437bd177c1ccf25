package io.datashard.flink.source;

import io.datashard.expressions.Expression;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link DatashardSource} reads, validated and immutable; it travels to the job manager with
 * the source. Built by {@link DatashardSource.Builder}.
 */
final class ScanContext implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where an unbounded read starts. */
  enum StreamingStart {
    /** Reads the current snapshot whole (deletes applied), then each later append. */
    FULL,
    /** Reads the appends of every snapshot the table still holds, oldest first. */
    EARLIEST,
    /** Reads only snapshots committed after the job started. */
    LATEST,
    /** Reads the appends of {@code start-snapshot-id} (inclusive) and every later snapshot. */
    FROM_SNAPSHOT
  }

  final boolean streaming;
  final long monitorIntervalMillis;
  final StreamingStart streamingStart;
  final Long startSnapshotId;
  final Long snapshotId;
  final String branch;
  final String tag;
  final Long asOfTimestampMillis;
  final Expression filter;
  final boolean caseSensitive;
  final long limit;
  final String watermarkColumn;
  final TreeMap<String, String> scanOptions;
  final List<String> columns;

  @SuppressWarnings("checkstyle:ParameterNumber")
  ScanContext(boolean streaming, long monitorIntervalMillis, StreamingStart streamingStart, Long startSnapshotId,
      Long snapshotId, String branch, String tag, Long asOfTimestampMillis, Expression filter, boolean caseSensitive,
      long limit, String watermarkColumn, Map<String, String> scanOptions, List<String> columns, String table) {
    this.streaming = streaming;
    this.monitorIntervalMillis = monitorIntervalMillis;
    this.streamingStart = startSnapshotId != null ? StreamingStart.FROM_SNAPSHOT : streamingStart;
    this.startSnapshotId = startSnapshotId;
    this.snapshotId = snapshotId;
    this.branch = branch;
    this.tag = tag;
    this.asOfTimestampMillis = asOfTimestampMillis;
    this.filter = Objects.requireNonNull(filter, "filter is null");
    this.caseSensitive = caseSensitive;
    this.limit = limit;
    this.watermarkColumn = watermarkColumn;
    this.scanOptions = new TreeMap<>(scanOptions);
    this.columns = List.copyOf(columns);
    int chosen = (snapshotId != null ? 1 : 0) + (branch != null ? 1 : 0) + (tag != null ? 1 : 0)
        + (asOfTimestampMillis != null ? 1 : 0);
    if (chosen > 1) {
      throw new IllegalArgumentException("Cannot read table " + table + ": set at most one of snapshot-id, branch, tag"
          + " and as-of-timestamp (got snapshot-id=" + snapshotId + ", branch=" + branch + ", tag=" + tag
          + ", as-of-timestamp=" + asOfTimestampMillis + ")");
    }
    if (streaming && (snapshotId != null || tag != null || asOfTimestampMillis != null)) {
      throw new IllegalArgumentException("Cannot stream table " + table + " from a fixed snapshot, tag or time:"
          + " snapshot-id, tag and as-of-timestamp are for bounded reads; use start-snapshot-id (or"
          + " streaming-start) to choose where a streaming read starts");
    }
    if (!streaming && (startSnapshotId != null || streamingStart != StreamingStart.FULL)) {
      throw new IllegalArgumentException("Cannot read table " + table + " in batch from start-snapshot-id or"
          + " streaming-start: they choose where a streaming read starts; set streaming=true, or use snapshot-id");
    }
    if (monitorIntervalMillis <= 0) {
      throw new IllegalArgumentException("Invalid monitor-interval " + monitorIntervalMillis + " ms for table " + table
          + ": must be positive");
    }
  }

  /** Where the scan reads: the branch to follow (main when none). */
  String ref() {
    return branch != null ? branch : tag;
  }
}
