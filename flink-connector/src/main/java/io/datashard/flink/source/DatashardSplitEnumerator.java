package io.datashard.flink.source;

import io.datashard.flink.TableLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans splits and hands them to readers one at a time, in ordinal order (snapshot commit order, then
 * planning order), so the rows of a snapshot are assigned before those of the next one. Bounded reads
 * plan once; streaming reads discover new snapshots every {@code monitor-interval}.
 *
 * <p>Planning runs on the coordinator's worker thread; all state changes happen in the coordinator
 * thread (the discovery handler), so the checkpointed state is always consistent.
 */
final class DatashardSplitEnumerator implements SplitEnumerator<DatashardSourceSplit, DatashardEnumeratorState> {
  private static final Logger LOG = LoggerFactory.getLogger(DatashardSplitEnumerator.class);

  private final SplitEnumeratorContext<DatashardSourceSplit> context;
  private final TableLoader loader;
  private final ScanContext scan;
  private final TreeMap<Long, DatashardSourceSplit> pending = new TreeMap<>();
  private final Set<Integer> waitingReaders = new LinkedHashSet<>();
  private volatile boolean started;
  private volatile Long lastPlannedSnapshotId;
  private volatile long nextOrdinal;
  private volatile int snapshotsBehind;
  private boolean boundedPlanned;
  private volatile boolean closed;
  private SplitPlanner planner;

  DatashardSplitEnumerator(SplitEnumeratorContext<DatashardSourceSplit> context, TableLoader loader, ScanContext scan,
      DatashardEnumeratorState restored) {
    this.context = context;
    this.loader = loader;
    this.scan = scan;
    if (restored != null) {
      this.started = restored.started();
      this.lastPlannedSnapshotId = restored.lastPlannedSnapshotId();
      this.nextOrdinal = restored.nextOrdinal();
      for (DatashardSourceSplit split : restored.pendingSplits()) {
        pending.put(split.ordinal(), split);
      }
      // a bounded read that checkpointed has planned already: its splits are pending or with readers
      this.boundedPlanned = !scan.streaming && restored.started();
    }
    context.metricGroup().gauge("snapshotsBehind", () -> snapshotsBehind);
    context.metricGroup().gauge("pendingSplits", this::pendingCount);
  }

  /** Snapshots with splits not yet assigned to a reader: how far the source lags behind the table. */
  int snapshotsBehind() {
    return snapshotsBehind;
  }

  private synchronized int pendingCount() {
    return pending.size();
  }

  @Override
  public void start() {
    if (scan.streaming) {
      context.callAsync(this::discover, this::handleDiscovery, 0L, scan.monitorIntervalMillis);
    } else if (!boundedPlanned) {
      context.callAsync(() -> planner().planBounded(nextOrdinal), this::handleBoundedPlan);
    }
  }

  private SplitPlanner planner() {
    if (planner == null) {
      planner = new SplitPlanner(loader.load(), scan);
    }
    return planner;
  }

  private SplitPlanner.Discovery discover() {
    return planner().discover(started, lastPlannedSnapshotId, nextOrdinal);
  }

  private void handleBoundedPlan(List<DatashardSourceSplit> splits, Throwable error) {
    if (closed || (error != null && interruptedByShutdown(error))) {
      return;
    }
    if (error != null) {
      throw new IllegalStateException("Cannot plan the read of table " + loader.location() + ": " + error.getMessage(),
          error);
    }
    synchronized (this) {
      for (DatashardSourceSplit split : splits) {
        pending.put(split.ordinal(), split);
        nextOrdinal = Math.max(nextOrdinal, split.ordinal() + 1);
      }
    }
    started = true;
    boundedPlanned = true;
    LOG.info("Planned {} splits of table {}", splits.size(), loader.location());
    assignPending();
  }

  private void handleDiscovery(SplitPlanner.Discovery discovery, Throwable error) {
    if (closed || (error != null && interruptedByShutdown(error))) {
      // the coordinator interrupts planning threads when the job stops (e.g. stop-with-savepoint):
      // that is not a planning failure, and failing the job here would turn a clean stop into a failover
      return;
    }
    if (error != null) {
      throw new IllegalStateException("Cannot discover new snapshots of table " + loader.location() + ": "
          + error.getMessage(), error);
    }
    boolean stale = discovery.initial() ? started : !Objects.equals(discovery.fromSnapshotId(), lastPlannedSnapshotId);
    if (stale) {
      // planned from a position that an earlier discovery already moved past
      return;
    }
    synchronized (this) {
      for (DatashardSourceSplit split : discovery.splits()) {
        pending.put(split.ordinal(), split);
        nextOrdinal = Math.max(nextOrdinal, split.ordinal() + 1);
      }
    }
    started = true;
    lastPlannedSnapshotId = discovery.lastSnapshotId();
    if (discovery.snapshots() > 0) {
      LOG.info("Planned {} splits of {} new snapshots of table {} up to snapshot {}", discovery.splits().size(),
          discovery.snapshots(), loader.location(), discovery.lastSnapshotId());
    }
    assignPending();
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    waitingReaders.add(subtaskId);
    assignPending();
  }

  private void assignPending() {
    Iterator<Integer> readers = waitingReaders.iterator();
    while (readers.hasNext()) {
      int reader = readers.next();
      if (!context.registeredReaders().containsKey(reader)) {
        readers.remove();
        continue;
      }
      DatashardSourceSplit split;
      synchronized (this) {
        split = pending.isEmpty() ? null : pending.pollFirstEntry().getValue();
      }
      if (split != null) {
        context.assignSplit(split, reader);
        readers.remove();
      } else if (!scan.streaming && boundedPlanned) {
        context.signalNoMoreSplits(reader);
        readers.remove();
      } else {
        break;
      }
    }
    updateLag();
  }

  private synchronized void updateLag() {
    Set<Long> snapshots = new HashSet<>();
    for (DatashardSourceSplit split : pending.values()) {
      snapshots.add(split.snapshotId());
    }
    snapshotsBehind = snapshots.size();
  }

  @Override
  public synchronized void addSplitsBack(List<DatashardSourceSplit> splits, int subtaskId) {
    // splits of a failed reader go back to the front: their ordinals are older than any pending split's
    for (DatashardSourceSplit split : splits) {
      pending.put(split.ordinal(), split);
    }
  }

  @Override
  public void addReader(int subtaskId) {
    // readers ask for splits themselves
  }

  @Override
  public synchronized DatashardEnumeratorState snapshotState(long checkpointId) {
    return new DatashardEnumeratorState(started, lastPlannedSnapshotId, nextOrdinal, new ArrayList<>(pending.values()));
  }

  /** True when planning failed only because its thread was interrupted, which the coordinator does on shutdown. */
  private static boolean interruptedByShutdown(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException || cause instanceof java.nio.channels.ClosedByInterruptException
          || cause instanceof java.io.InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    // planning threads belong to the coordinator context; results that arrive after this are dropped
    closed = true;
  }
}
