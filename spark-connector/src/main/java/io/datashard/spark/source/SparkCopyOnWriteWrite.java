package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.OverwriteFiles;
import io.datashard.deletes.IsolationLevel;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.ValidationException;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write of a copy-on-write row-level operation: tasks write the rows Spark keeps and changes as
 * new data files, and the driver replaces the data files the operation's scan read with them. The
 * overwrite is validated from the scan's snapshot: concurrent deletes for the replaced files always
 * fail it, and under {@code serializable} isolation so do concurrent data files that may hold rows
 * matching the operation's filter.
 */
final class SparkCopyOnWriteWrite implements Write, BatchWrite {
  private static final Logger LOG = LoggerFactory.getLogger(SparkCopyOnWriteWrite.class);

  private final SparkRowLevelTarget target;
  private final LogicalWriteInfo info;
  private final Supplier<SparkScan> scan;
  private final SparkDataWriterFactory writerFactory;
  private volatile boolean commitStateUnknown = false;

  SparkCopyOnWriteWrite(SparkRowLevelTarget target, LogicalWriteInfo info, Supplier<SparkScan> scan) {
    this.target = target;
    this.info = info;
    this.scan = scan;
    this.writerFactory = target.dataWriterFactory(info.options());
  }

  @Override
  public String description() {
    return "copy-on-write " + target.describe();
  }

  @Override
  public BatchWrite toBatch() {
    return this;
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo physicalInfo) {
    return writerFactory;
  }

  @Override
  public boolean useCommitCoordinator() {
    return true;
  }

  private SparkScan readScan() {
    SparkScan read = scan.get();
    if (read == null) {
      throw new IllegalStateException("Cannot commit copy-on-write " + target.describe()
          + ": Spark did not build the operation's scan, so the files to replace are unknown");
    }
    return read;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    SparkScan read = readScan();
    List<DataFile> added = SparkPositionDeltaCommitMessage.dataFiles(messages);
    Map<String, DataFile> replaced = new LinkedHashMap<>();
    for (CombinedScanTask task : read.tasks()) {
      for (FileScanTask file : task.files()) {
        replaced.putIfAbsent(file.file().location(), file.file());
      }
    }
    if (replaced.isEmpty() && added.isEmpty()) {
      LOG.info("Nothing to commit for {}: no data file holds changed rows", description());
      return;
    }
    OverwriteFiles overwrite = target.table().newOverwrite().caseSensitive(read.caseSensitive());
    replaced.values().forEach(overwrite::deleteFile);
    added.forEach(overwrite::addFile);
    if (read.snapshotId() >= 0) {
      overwrite.validateFromSnapshot(read.snapshotId())
          .conflictDetectionFilter(read.filter())
          .validateNoConflictingDeletes();
      if (target.isolation() == IsolationLevel.SERIALIZABLE) {
        overwrite.validateNoConflictingData();
      }
    }
    try {
      target.commit(overwrite, info.queryId());
      LOG.info("Committed {}: replaced {} data files with {}", description(), replaced.size(), added.size());
    } catch (CommitStateUnknownException e) {
      commitStateUnknown = true;
      throw e;
    } catch (ValidationException e) {
      throw new ValidationException("Cannot commit copy-on-write " + target.describe() + " read from snapshot "
          + read.snapshotId() + ": " + e.getMessage() + ". Run the statement again", e);
    }
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    if (commitStateUnknown) {
      LOG.warn("Not deleting the files written by {}: the commit outcome is unknown", description());
      return;
    }
    List<String> locations = new ArrayList<>();
    for (DataFile file : SparkPositionDeltaCommitMessage.dataFiles(messages)) {
      locations.add(file.location());
    }
    AbortedWrites.abort(target.table().io(), writerFactory.dataLocation(), writerFactory.writeId(), locations,
        Arrays.asList(messages).contains(null), description());
  }

  @Override
  public String toString() {
    return description();
  }
}
