package io.datashard.flink.sink;

import io.datashard.DataFile;
import io.datashard.OverwriteFiles;
import io.datashard.PartitionData;
import io.datashard.Snapshot;
import io.datashard.SnapshotUpdate;
import io.datashard.Table;
import io.datashard.flink.TableLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits each checkpoint's files as one snapshot, idempotently: the snapshot summary records
 * {@value #JOB_ID} and {@value #CHECKPOINT_ID}, and a checkpoint at or below the highest one the
 * table's history already holds for that job is acknowledged without committing again. So a job
 * restored from a checkpoint whose commit had already succeeded never adds the same files twice.
 */
public final class DatashardCommitter implements Committer<DatashardCommittable> {
  public static final String JOB_ID = "flink.job-id";
  public static final String CHECKPOINT_ID = "flink.checkpoint-id";
  private static final Logger LOG = LoggerFactory.getLogger(DatashardCommitter.class);

  private final TableLoader loader;
  private final String branch;
  private final Counter filesCommitted;
  private final AtomicLong lastCommitDurationMs = new AtomicLong(-1);
  private final AtomicLong lastSnapshotId = new AtomicLong(-1);

  /**
   * @param metrics where to register {@code filesCommitted}, {@code lastCommitDurationMs} and
   *     {@code lastCommittedSnapshotId}, or null for none
   */
  public DatashardCommitter(TableLoader loader, String branch, MetricGroup metrics) {
    this.loader = loader;
    this.branch = branch;
    if (metrics != null) {
      this.filesCommitted = metrics.counter("filesCommitted");
      metrics.gauge("lastCommitDurationMs", lastCommitDurationMs::get);
      metrics.gauge("lastCommittedSnapshotId", lastSnapshotId::get);
    } else {
      this.filesCommitted = new SimpleCounter();
    }
  }

  @Override
  public void commit(java.util.Collection<CommitRequest<DatashardCommittable>> requests) {
    if (requests.isEmpty()) {
      return;
    }
    List<CommitRequest<DatashardCommittable>> ordered = new ArrayList<>(requests);
    ordered.sort(Comparator.comparingLong(request -> request.getCommittable().checkpointId()));
    Table table = loader.load();
    for (CommitRequest<DatashardCommittable> request : ordered) {
      DatashardCommittable committable = request.getCommittable();
      long committed = maxCommittedCheckpoint(table, branch, committable.jobId());
      if (committable.checkpointId() <= committed) {
        LOG.info("Checkpoint {} of job {} is already committed to table {} (up to checkpoint {}); skipping",
            committable.checkpointId(), committable.jobId(), table.name(), committed);
        request.signalAlreadyCommitted();
        continue;
      }
      commit(table, committable);
    }
  }

  /** Commits one checkpoint's files as one snapshot, unless the table already holds it; returns the snapshot. */
  public Optional<Snapshot> commitIfAbsent(DatashardCommittable committable) {
    Table table = loader.load();
    if (committable.checkpointId() <= maxCommittedCheckpoint(table, branch, committable.jobId())) {
      return Optional.empty();
    }
    return Optional.of(commit(table, committable));
  }

  private Snapshot commit(Table table, DatashardCommittable committable) {
    long start = System.nanoTime();
    SnapshotUpdate<?> update;
    if (committable.overwrite()) {
      OverwriteFiles overwrite = table.newOverwrite();
      if (table.spec().isUnpartitioned()) {
        overwrite.overwriteByFilter(file -> true);
      } else {
        Set<PartitionKeyOfSpec> written = new HashSet<>();
        for (DataFile file : committable.dataFiles()) {
          written.add(new PartitionKeyOfSpec(file.specId(), file.partition()));
        }
        overwrite.overwriteByFilter(file -> written.contains(new PartitionKeyOfSpec(file.specId(), file.partition())));
      }
      committable.dataFiles().forEach(overwrite::addFile);
      update = overwrite;
    } else {
      var append = table.newAppend();
      committable.dataFiles().forEach(append::appendFile);
      update = append;
    }
    update.set(JOB_ID, committable.jobId());
    update.set(CHECKPOINT_ID, Long.toString(committable.checkpointId()));
    if (branch != null) {
      update.toBranch(branch);
    }
    update.commit();
    Snapshot snapshot = findCommitted(table, committable);
    long millis = (System.nanoTime() - start) / 1_000_000;
    filesCommitted.inc(committable.dataFiles().size());
    lastCommitDurationMs.set(millis);
    lastSnapshotId.set(snapshot.snapshotId());
    LOG.info("Committed {} data files of checkpoint {} of job {} to table {} as snapshot {} in {} ms",
        committable.dataFiles().size(), committable.checkpointId(), committable.jobId(), table.name(),
        snapshot.snapshotId(), millis);
    return snapshot;
  }

  /** The snapshot just committed for a checkpoint: concurrent writers may have committed after it. */
  private Snapshot findCommitted(Table table, DatashardCommittable committable) {
    table.refresh();
    String checkpoint = Long.toString(committable.checkpointId());
    Optional<Snapshot> current = table.snapshot(branch == null ? "main" : branch);
    while (current.isPresent()) {
      Snapshot snapshot = current.get();
      if (committable.jobId().equals(snapshot.summary().get(JOB_ID))
          && checkpoint.equals(snapshot.summary().get(CHECKPOINT_ID))) {
        return snapshot;
      }
      current = snapshot.parentIdValue().flatMap(table::snapshot);
    }
    throw new IllegalStateException("Cannot find the snapshot of checkpoint " + checkpoint + " of job "
        + committable.jobId() + " in table " + table.name() + " right after committing it");
  }

  private record PartitionKeyOfSpec(int specId, PartitionData partition) {}

  /**
   * The highest checkpoint id committed by a job, found by walking back from the branch head; -1 if
   * none. Walking ancestors (not every snapshot) ignores snapshots of rolled-back history.
   */
  static long maxCommittedCheckpoint(Table table, String branch, String jobId) {
    table.refresh();
    Optional<Snapshot> current = table.snapshot(branch == null ? "main" : branch);
    while (current.isPresent()) {
      Snapshot snapshot = current.get();
      String job = snapshot.summary().get(JOB_ID);
      if (jobId.equals(job)) {
        String checkpoint = snapshot.summary().get(CHECKPOINT_ID);
        if (checkpoint != null) {
          return Long.parseLong(checkpoint);
        }
      }
      current = snapshot.parentIdValue().flatMap(table::snapshot);
    }
    return -1;
  }

  @Override
  public void close() {}
}
