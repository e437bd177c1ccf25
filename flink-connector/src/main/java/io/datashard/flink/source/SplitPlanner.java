package io.datashard.flink.source;

import io.datashard.DataOperations;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.IncrementalAppendScan;
import io.datashard.scan.Scan;
import io.datashard.scan.TableScan;
import io.datashard.types.Conversions;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans splits on the job manager: a whole snapshot for bounded reads, and for streaming reads each
 * snapshot committed after the last one planned, one snapshot at a time and in commit order, so a
 * snapshot's splits always come before the next snapshot's.
 */
final class SplitPlanner {
  private final Table table;
  private final ScanContext context;

  SplitPlanner(Table table, ScanContext context) {
    this.table = table;
    this.context = context;
  }

  /** Splits of a bounded read, in planning order; ordinals start at {@code firstOrdinal}. */
  List<DatashardSourceSplit> planBounded(long firstOrdinal) {
    TableScan scan = configure(table.newScan());
    if (context.snapshotId != null) {
      scan = scan.useSnapshot(context.snapshotId);
    } else if (context.ref() != null) {
      scan = scan.useRef(context.ref());
    } else if (context.asOfTimestampMillis != null) {
      scan = scan.asOfTime(context.asOfTimestampMillis);
    }
    Optional<Snapshot> snapshot = scan.snapshot();
    if (snapshot.isEmpty()) {
      return List.of();
    }
    return plan(scan, snapshot.get(), firstOrdinal);
  }

  /** The result of one discovery: the snapshots planned (oldest first) and their splits. */
  record Discovery(boolean initial, Long fromSnapshotId, Long lastSnapshotId, List<DatashardSourceSplit> splits, int snapshots) {}

  /**
   * Plans the snapshots after {@code lastPlanned} up to the head of the streamed branch. When
   * {@code started} is false, resolves the start position first.
   */
  Discovery discover(boolean started, Long lastPlanned, long firstOrdinal) {
    table.refresh();
    Optional<Snapshot> head = head();
    if (!started) {
      switch (context.streamingStart) {
        case LATEST:
          return new Discovery(true, lastPlanned, head.map(Snapshot::snapshotId).orElse(null), List.of(), 0);
        case FULL:
          if (head.isEmpty()) {
            return new Discovery(true, lastPlanned, null, List.of(), 0);
          }
          TableScan scan = configure(table.newScan()).useSnapshot(head.get().snapshotId());
          return new Discovery(true, lastPlanned, head.get().snapshotId(), plan(scan, head.get(), firstOrdinal), 1);
        case FROM_SNAPSHOT:
          Snapshot start = table.snapshot(context.startSnapshotId).orElseThrow(() -> new ValidationException(
              "Cannot stream table " + table.name() + " from start-snapshot-id " + context.startSnapshotId
                  + ": the table has no such snapshot (expired or never existed); choose one of "
                  + snapshotIds()));
          return planRange(head, start.parentId(), true, start.snapshotId(), firstOrdinal);
        case EARLIEST:
        default:
          return planRange(head, null, true, null, firstOrdinal);
      }
    }
    return planRange(head, lastPlanned, false, null, firstOrdinal);
  }

  private Discovery planRange(Optional<Snapshot> head, Long after, boolean first, Long mustReach, long firstOrdinal) {
    if (head.isEmpty()) {
      if (mustReach != null) {
        throw new ValidationException("Cannot stream table " + table.name() + " from start-snapshot-id " + mustReach
            + ": it is not an ancestor of the head of " + branchName());
      }
      return new Discovery(first, after, after, List.of(), 0);
    }
    List<Snapshot> range = new ArrayList<>();
    Snapshot current = head.get();
    boolean reached = false;
    while (true) {
      if (after != null && current.snapshotId() == after) {
        reached = true;
        break;
      }
      range.add(current);
      if (mustReach != null && current.snapshotId() == mustReach) {
        reached = true;
        break;
      }
      Long parent = current.parentId();
      if (parent == null) {
        break;
      }
      Optional<Snapshot> parentSnapshot = table.snapshot(parent);
      if (parentSnapshot.isEmpty()) {
        // the lineage before here was expired: only an unpositioned read may start at this point
        break;
      }
      current = parentSnapshot.get();
    }
    if (!reached && (after != null || mustReach != null)) {
      long missing = after != null ? after : mustReach;
      throw new ValidationException("Cannot continue streaming table " + table.name() + ": snapshot " + missing
          + (first ? " (start-snapshot-id)" : " (the last one read)") + " is not an ancestor of the head of "
          + branchName() + " " + head.get().snapshotId() + " (the table was rolled back, or the snapshots between"
          + " were expired); restart the job without its state and choose start-snapshot-id");
    }
    Collections.reverse(range);
    List<DatashardSourceSplit> splits = new ArrayList<>();
    long ordinal = firstOrdinal;
    for (Snapshot snapshot : range) {
      String operation = snapshot.operation();
      if (DataOperations.REPLACE.equals(operation)) {
        // compaction and other rewrites keep the rows as they were: nothing new to emit
        continue;
      }
      if (!DataOperations.APPEND.equals(operation)) {
        throw new ValidationException("Cannot stream table " + table.name() + ": snapshot " + snapshot.snapshotId()
            + " is an " + operation + " (it removes or replaces rows), and a streaming read emits only appended"
            + " rows; changelog reads of overwrites and deletes are not supported yet. Read the table in batch"
            + " (streaming=false), or restart the stream with start-snapshot-id after " + snapshot.snapshotId());
      }
      IncrementalAppendScan scan = configure(table.newIncrementalAppendScan())
          .fromSnapshotInclusive(snapshot.snapshotId()).toSnapshot(snapshot.snapshotId());
      List<DatashardSourceSplit> planned = plan(scan, snapshot, ordinal);
      ordinal += planned.size();
      splits.addAll(planned);
    }
    return new Discovery(first, after, head.get().snapshotId(), splits, range.size());
  }

  /** Snapshots from the head of the streamed branch back to (excluding) {@code snapshotId}, or -1 if not an ancestor. */
  int snapshotsAfter(Long snapshotId) {
    Optional<Snapshot> current = head();
    int count = 0;
    while (current.isPresent()) {
      if (snapshotId != null && current.get().snapshotId() == snapshotId) {
        return count;
      }
      count += 1;
      Long parent = current.get().parentId();
      current = parent == null ? Optional.empty() : table.snapshot(parent);
    }
    return snapshotId == null ? count : -1;
  }

  Table table() {
    return table;
  }

  private Optional<Snapshot> head() {
    return context.branch == null ? table.currentSnapshot() : table.snapshot(context.branch);
  }

  private String branchName() {
    return context.branch == null ? "main" : "branch " + context.branch;
  }

  private List<Long> snapshotIds() {
    List<Long> ids = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      ids.add(snapshot.snapshotId());
    }
    return ids;
  }

  private <T extends Scan<T>> T configure(T scan) {
    T configured = scan.filter(context.filter).caseSensitive(context.caseSensitive).select(context.columns);
    for (Map.Entry<String, String> option : context.scanOptions.entrySet()) {
      configured = configured.option(option.getKey(), option.getValue());
    }
    if (context.watermarkColumn != null) {
      configured = configured.includeColumnStats();
    }
    return configured;
  }

  private List<DatashardSourceSplit> plan(Scan<?> scan, Snapshot snapshot, long firstOrdinal) {
    List<CombinedScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<CombinedScanTask> planned = scan.planTasks()) {
      for (CombinedScanTask task : planned) {
        tasks.add(task);
      }
    }
    List<long[]> order = new ArrayList<>();
    long[] watermarks = new long[tasks.size()];
    for (int i = 0; i < tasks.size(); i++) {
      watermarks[i] = watermark(tasks.get(i).files());
      order.add(new long[] {watermarks[i], i});
    }
    if (context.watermarkColumn != null) {
      // within one snapshot, splits with older data go first so the watermark advances in order
      order.sort(Comparator.comparingLong(entry -> entry[0]));
    }
    List<DatashardSourceSplit> splits = new ArrayList<>(tasks.size());
    long ordinal = firstOrdinal;
    for (long[] entry : order) {
      int index = (int) entry[1];
      splits.add(new DatashardSourceSplit(snapshot.snapshotId(), snapshot.sequenceNumber(), ordinal++,
          tasks.get(index).files(), 0, 0, watermarks[index]));
    }
    return splits;
  }

  /** Smallest value of the watermark column over the files, in epoch millis, from their lower bounds. */
  private long watermark(List<FileScanTask> files) {
    if (context.watermarkColumn == null) {
      return Long.MIN_VALUE;
    }
    Types.NestedField field = table.schema().findField(context.watermarkColumn).orElseThrow(() ->
        new ValidationException("Cannot use watermark-column " + context.watermarkColumn + " of table " + table.name()
            + ": the table has no such column"));
    long min = Long.MAX_VALUE;
    for (FileScanTask task : files) {
      ByteBuffer bound = task.file().lowerBounds().get(field.fieldId());
      if (bound == null) {
        return Long.MIN_VALUE;
      }
      min = Math.min(min, WatermarkColumn.toMillis(field.type(), Conversions.fromByteBuffer(field.type(), bound)));
    }
    return files.isEmpty() ? Long.MIN_VALUE : min;
  }
}
