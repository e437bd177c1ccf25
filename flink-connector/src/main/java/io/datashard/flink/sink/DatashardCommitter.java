package io.datashard.flink.sink;

import io.datashard.DataFile;
import io.datashard.RowDelta;
import io.datashard.data.PrimaryKeyDeletes;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.deletes.IsolationLevel;
import io.datashard.deletes.MergeOnReadCommit;
import io.datashard.deletes.MergeOnReadDeleteWriter;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expressions;
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

  /** How often a row delta is recomputed when a concurrent commit conflicts with its deletes. */
  static final int MAX_DELETE_ATTEMPTS = 4;

  private final TableLoader loader;
  private final String branch;
  private final List<String> keyColumns;
  private final Counter filesCommitted;
  private final AtomicLong lastCommitDurationMs = new AtomicLong(-1);
  private final AtomicLong lastSnapshotId = new AtomicLong(-1);

  /**
   * @param metrics where to register {@code filesCommitted}, {@code lastCommitDurationMs} and
   *     {@code lastCommittedSnapshotId}, or null for none
   */
  public DatashardCommitter(TableLoader loader, String branch, MetricGroup metrics) {
    this(loader, branch, List.of(), metrics);
  }

  /**
   * @param keyColumns the primary key columns by which committables' deleted keys are matched, empty
   *     for an append-only sink
   */
  public DatashardCommitter(TableLoader loader, String branch, List<String> keyColumns, MetricGroup metrics) {
    this.loader = loader;
    this.branch = branch;
    this.keyColumns = List.copyOf(keyColumns);
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
        KeyFiles.deleteQuietly(table.io(), committable.keyFiles());
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
    long deletedRows = 0;
    if (committable.hasDeletes()) {
      deletedRows = commitRowDelta(table, committable);
    } else if (committable.overwrite()) {
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
      stamp(overwrite, committable).commit();
    } else {
      var append = table.newAppend();
      committable.dataFiles().forEach(append::appendFile);
      stamp(append, committable).commit();
    }
    Snapshot snapshot = findCommitted(table, committable);
    long millis = (System.nanoTime() - start) / 1_000_000;
    filesCommitted.inc(committable.dataFiles().size());
    lastCommitDurationMs.set(millis);
    lastSnapshotId.set(snapshot.snapshotId());
    LOG.info("Committed {} data files, {} delete files and {} deleted rows of {} changed keys of checkpoint {} of job {}"
            + " to table {} as snapshot {} in {} ms",
        committable.dataFiles().size(), committable.deleteFiles().size(), deletedRows, committable.deletedKeyCount(),
        committable.checkpointId(), committable.jobId(), table.name(), snapshot.snapshotId(), millis);
    return snapshot;
  }

  private SnapshotUpdate<?> stamp(SnapshotUpdate<?> update, DatashardCommittable committable) {
    update.set(JOB_ID, committable.jobId());
    update.set(CHECKPOINT_ID, Long.toString(committable.checkpointId()));
    if (branch != null) {
      update.toBranch(branch);
    }
    return update;
  }

  /**
   * Commits new rows and deletes as one row delta: the rows of the deleted keys in the snapshot the
   * commit builds on are found by key and deleted by position (deletion vectors on v3, merged with
   * the files' existing vectors), so readers never apply equality deletes. A concurrent commit that
   * deleted rows of the same files fails validation; the deletes are then recomputed on the new
   * snapshot. Returns how many committed rows were deleted.
   */
  private long commitRowDelta(Table table, DatashardCommittable committable) {
    if (!committable.keyFiles().isEmpty() && keyColumns.isEmpty()) {
      throw new IllegalStateException("Cannot commit checkpoint " + committable.checkpointId() + " of job "
          + committable.jobId() + " to table " + table.name() + ": it deletes rows by primary key, but the sink"
          + " was not given the primary key columns");
    }
    List<List<Object>> keys = committable.keyFiles().isEmpty() ? List.of()
        : KeyFiles.read(table.io(), KeyFiles.keySchema(table.schema(), keyColumns), committable.keyFiles());
    for (int attempt = 1; ; attempt += 1) {
      table.refresh();
      Optional<Snapshot> base = table.snapshot(branch == null ? "main" : branch);
      DeleteWriteResult tableDeletes = DeleteWriteResult.empty();
      long deleted = 0;
      if (base.isPresent() && !keys.isEmpty()) {
        long baseId = base.get().snapshotId();
        try (MergeOnReadDeleteWriter writer =
            DeleteWriterFactory.forTable(table, baseId, Expressions.alwaysTrue()).newWriter()) {
          deleted = PrimaryKeyDeletes.deleteKeys(table, baseId, keyColumns, keys, writer);
          tableDeletes = writer.finish();
        }
      }
      RowDelta delta = table.newRowDelta();
      committable.dataFiles().forEach(delta::addRows);
      committable.deleteFiles().forEach(delta::addDeletes);
      if (base.isPresent()) {
        MergeOnReadCommit.configure(delta, table, base.get().snapshotId(), tableDeletes, Expressions.alwaysTrue(),
            IsolationLevel.SNAPSHOT);
      }
      stamp(delta, committable);
      try {
        delta.commit();
        KeyFiles.deleteQuietly(table.io(), committable.keyFiles());
        return deleted;
      } catch (ValidationException e) {
        tableDeletes.deleteAddedFiles(table.io());
        if (attempt >= MAX_DELETE_ATTEMPTS) {
          throw new ValidationException("Cannot commit checkpoint " + committable.checkpointId() + " of job "
              + committable.jobId() + " to table " + table.name() + ": concurrent commits deleted rows of the same"
              + " data files " + attempt + " times in a row; last conflict: " + e.getMessage(), e);
        }
        LOG.warn("Checkpoint {} of job {} conflicts with a concurrent commit to table {}; recomputing its deletes"
            + " (attempt {} of {}): {}", committable.checkpointId(), committable.jobId(), table.name(), attempt,
            MAX_DELETE_ATTEMPTS, e.getMessage());
      }
    }
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
