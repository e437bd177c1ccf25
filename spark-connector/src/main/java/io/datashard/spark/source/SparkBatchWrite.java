package io.datashard.spark.source;

import io.datashard.AppendFiles;
import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.OverwriteFiles;
import io.datashard.PartitionData;
import io.datashard.SnapshotUpdate;
import io.datashard.Table;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of a write: hands the writer factory to the tasks, then commits the files all
 * tasks wrote as one snapshot (an append, an overwrite by filter, or a replacement of the written
 * partitions), or deletes them when the job fails.
 */
final class SparkBatchWrite implements BatchWrite {
  /** Snapshot summary keys that say which Spark job wrote a snapshot. */
  static final String APP_ID_PROPERTY = "spark.app.id";
  static final String QUERY_ID_PROPERTY = "spark.query-id";

  private static final Logger LOG = LoggerFactory.getLogger(SparkBatchWrite.class);

  private final Table table;
  private final String branch;
  private final SparkWriteMode mode;
  private final Expression overwriteFilter;
  private final Long baseSnapshotId;
  private final SparkDataWriterFactory writerFactory;
  private final String queryId;
  private final Map<String, String> extraSummary;
  private volatile boolean commitStateUnknown = false;

  SparkBatchWrite(Table table, String branch, SparkWriteMode mode, Expression overwriteFilter, Long baseSnapshotId,
      SparkDataWriterFactory writerFactory, String queryId, Map<String, String> extraSummary) {
    this.table = table;
    this.branch = branch;
    this.mode = mode;
    this.overwriteFilter = overwriteFilter;
    this.baseSnapshotId = baseSnapshotId;
    this.writerFactory = writerFactory;
    this.queryId = queryId;
    this.extraSummary = Map.copyOf(extraSummary);
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return writerFactory;
  }

  @Override
  public boolean useCommitCoordinator() {
    // only one attempt per partition may commit, so speculative tasks cannot add duplicate files
    return true;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    List<DataFile> files = files(messages);
    try {
      switch (mode) {
        case APPEND:
          commitAppend(files);
          break;
        case OVERWRITE_BY_FILTER:
          commitOverwrite(files);
          break;
        case DYNAMIC_OVERWRITE:
          commitDynamicOverwrite(files);
          break;
        default:
          throw new IllegalStateException("Unknown write mode " + mode);
      }
    } catch (CommitStateUnknownException e) {
      // the snapshot may have been committed and may reference the files: abort() must not delete them
      commitStateUnknown = true;
      throw e;
    } catch (RuntimeException e) {
      // Spark calls abort() after a failed commit, which deletes the files
      if (e instanceof ValidationException) {
        throw new ValidationException("Cannot commit " + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " of " + files.size() + " files to table " + table.name() + (branch == null ? "" : " branch " + branch)
            + " (started from snapshot " + baseSnapshotId + "): " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private void commitAppend(List<DataFile> files) {
    if (files.isEmpty()) {
      LOG.info("Nothing to append to table {}: the write produced no rows", table.name());
      return;
    }
    AppendFiles append = table.newAppend();
    for (DataFile file : files) {
      append.appendFile(file);
    }
    commit(append);
  }

  private void commitOverwrite(List<DataFile> files) {
    OverwriteFiles overwrite = table.newOverwrite()
        .caseSensitive(caseSensitive())
        .overwriteByRowFilter(overwriteFilter)
        .conflictDetectionFilter(overwriteFilter);
    commitValidated(overwrite, files);
  }

  private void commitDynamicOverwrite(List<DataFile> files) {
    if (files.isEmpty()) {
      LOG.info("Nothing to replace in table {}: the dynamic overwrite wrote no rows, so no partition changes", table.name());
      return;
    }
    // the files carry the spec they were written with; only partitions of that spec are replaced
    int specId = files.get(0).specId();
    Set<PartitionData> partitions = new HashSet<>();
    for (DataFile file : files) {
      partitions.add(file.partition());
    }
    Predicate<ContentFile> inWrittenPartition = file -> file.specId() == specId && partitions.contains(file.partition());
    OverwriteFiles overwrite = table.newOverwrite()
        .overwriteByFilter(inWrittenPartition::test)
        .conflictDetectionFilter(inWrittenPartition);
    commitValidated(overwrite, files);
  }

  /**
   * Adds {@code files} and commits an overwrite whose conflict-detection filter is set, failing if a
   * concurrent commit since the write's base snapshot added data or deletes that the filter matches.
   */
  private void commitValidated(OverwriteFiles overwrite, List<DataFile> files) {
    overwrite.validateNoConflictingData().validateNoConflictingDeletes();
    if (baseSnapshotId != null) {
      overwrite.validateFromSnapshot(baseSnapshotId);
    }
    for (DataFile file : files) {
      overwrite.addFile(file);
    }
    commit(overwrite);
  }

  private <T extends SnapshotUpdate<T>> void commit(SnapshotUpdate<T> update) {
    for (Map.Entry<String, String> entry : extraSummary.entrySet()) {
      update.set(entry.getKey(), entry.getValue());
    }
    SparkSession spark = SparkSession.active();
    update.set(APP_ID_PROPERTY, spark.sparkContext().applicationId());
    if (queryId != null) {
      update.set(QUERY_ID_PROPERTY, queryId);
    }
    if (branch != null) {
      update.toBranch(branch);
    }
    long start = System.nanoTime();
    update.commit();
    table.refresh();
    LOG.info("Committed {} to table {} in {} ms", mode, table.name(), (System.nanoTime() - start) / 1_000_000);
  }

  private static boolean caseSensitive() {
    return Boolean.parseBoolean(SparkSession.active().conf().get("spark.sql.caseSensitive", "false"));
  }

  private List<DataFile> files(WriterCommitMessage[] messages) {
    List<DataFile> files = new ArrayList<>();
    for (WriterCommitMessage message : messages) {
      if (message != null) {
        files.addAll(((SparkWriteCommitMessage) message).files());
      }
    }
    return files;
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    if (commitStateUnknown) {
      LOG.warn("Not deleting the files of the write to table {}: the commit outcome is unknown and the table may "
          + "reference them; check the table history and remove orphan files if the commit did not happen", table.name());
      return;
    }
    List<String> locations = new ArrayList<>();
    boolean missing = false;
    for (WriterCommitMessage message : messages) {
      if (message instanceof SparkWriteCommitMessage written) {
        written.files().forEach(file -> locations.add(file.location()));
      } else {
        missing = true;
      }
    }
    AbortedWrites.abort(table.io(), writerFactory.dataLocation(), writerFactory.writeId(), locations, missing,
        "write to table " + table.name());
  }

  @Override
  public String toString() {
    return "SparkBatchWrite(" + table.name() + ", " + mode + ")";
  }
}
