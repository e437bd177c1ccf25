package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.PartitionData;
import io.datashard.RowDelta;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.deletes.MergeOnReadCommit;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.ValidationException;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Types;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.connector.distributions.Distribution;
import org.apache.spark.sql.connector.distributions.Distributions;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.write.DeltaBatchWrite;
import org.apache.spark.sql.connector.write.DeltaWrite;
import org.apache.spark.sql.connector.write.DeltaWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.RequiresDistributionAndOrdering;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write of a merge-on-read row-level operation. Spark clusters the rows by {@code _file_id} and
 * sorts them by {@code (_file_id, _pos)}, so each task sees all deletes of a data file together and in order,
 * as deletion vectors (one per data file) and sorted position delete files require. The driver commits
 * the new data files and deletes as one row delta through {@link MergeOnReadCommit}, validated from
 * the scan's snapshot with the table's isolation level; a conflict names the conflicting snapshot.
 */
final class SparkPositionDeltaWrite implements DeltaWrite, DeltaBatchWrite, RequiresDistributionAndOrdering {
  private static final Logger LOG = LoggerFactory.getLogger(SparkPositionDeltaWrite.class);

  private final SparkRowLevelTarget target;
  private final LogicalWriteInfo info;
  private final Supplier<SparkScan> scan;
  // the data writers' factory; abort uses its write id to find files of tasks whose results were lost
  private final SparkDataWriterFactory dataWriterFactory;
  private volatile boolean commitStateUnknown = false;

  /** A data file the scan read and where it belongs, for the delete files written for it. */
  record FileRef(String location, int specId, PartitionData partition) implements Serializable {
  }

  SparkPositionDeltaWrite(SparkRowLevelTarget target, LogicalWriteInfo info, Supplier<SparkScan> scan) {
    this.target = target;
    this.info = info;
    this.scan = scan;
    this.dataWriterFactory = target.dataWriterFactory(info.options());
  }

  @Override
  public String description() {
    return "merge-on-read " + target.describe();
  }

  /**
   * Clustered by {@code _file_id}, which keeps each data file's deletes in one task, and by the table's
   * first primitive column: Spark sends deletes with null row values and inserts (new rows and the new
   * versions of updated rows) with a null {@code _file_id}, so that column only spreads the inserts
   * over the tasks instead of sending every one of them to the task of the null file. A DELETE writes
   * no rows (its input has no data columns), so it is clustered by {@code _file_id} alone.
   */
  @Override
  public Distribution requiredDistribution() {
    List<org.apache.spark.sql.connector.expressions.Expression> keys = new ArrayList<>();
    keys.add(Expressions.column(SparkRowLevelColumns.FILE_ID.name()));
    List<String> written = java.util.Arrays.asList(info.schema().fieldNames());
    for (Types.NestedField column : target.schema().columns()) {
      if (column.type().isPrimitiveType() && written.contains(column.name())) {
        keys.add(Expressions.column("`" + column.name().replace("`", "``") + "`"));
        break;
      }
    }
    return Distributions.clustered(keys.toArray(new org.apache.spark.sql.connector.expressions.Expression[0]));
  }

  @Override
  public SortOrder[] requiredOrdering() {
    return new SortOrder[] {
        Expressions.sort(Expressions.column(SparkRowLevelColumns.FILE_ID.name()), SortDirection.ASCENDING),
        Expressions.sort(Expressions.column(SparkRowLevelColumns.POS.name()), SortDirection.ASCENDING)};
  }

  @Override
  public DeltaBatchWrite toBatch() {
    return this;
  }

  private SparkScan readScan() {
    SparkScan read = scan.get();
    if (read == null) {
      throw new IllegalStateException("Cannot run merge-on-read " + target.describe()
          + ": Spark did not build the operation's scan, so the data files to delete from are unknown");
    }
    return read;
  }

  @Override
  public DeltaWriterFactory createBatchWriterFactory(PhysicalWriteInfo physicalInfo) {
    SparkScan read = readScan();
    Map<String, FileRef> byLocation = new LinkedHashMap<>();
    Map<String, List<DeleteFile>> existing = new HashMap<>();
    for (CombinedScanTask task : read.tasks()) {
      for (FileScanTask file : task.files()) {
        DataFile data = file.file();
        byLocation.putIfAbsent(data.location(), new FileRef(data.location(), data.specId(), data.partition()));
        List<DeleteFile> positions = DeleteWriterFactory.positionDeletes(file.deletes());
        if (!positions.isEmpty()) {
          existing.putIfAbsent(data.location(), positions);
        }
      }
    }
    // on v3 each new deletion vector merges the deletes the scan applied to its data file
    DeleteWriterFactory deletes = DeleteWriterFactory.forTable(target.table()).withExistingDeletes(existing);
    HashMap<Long, FileRef> files = SparkFileIds.index(byLocation.values(), FileRef::location, description());
    return new SparkPositionDeltaWriterFactory(target.table().name(), dataWriterFactory, deletes, files);
  }

  @Override
  public boolean useCommitCoordinator() {
    return true;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    SparkScan read = readScan();
    List<DataFile> added = SparkPositionDeltaCommitMessage.dataFiles(messages);
    DeleteWriteResult deletes = DeleteWriteResult.merge(SparkPositionDeltaCommitMessage.deleteResults(messages));
    if (added.isEmpty() && deletes.isEmpty()) {
      LOG.info("Nothing to commit for {}: no row changed", description());
      return;
    }
    RowDelta delta = target.table().newRowDelta();
    added.forEach(delta::addRows);
    if (read.snapshotId() >= 0) {
      MergeOnReadCommit.configure(delta, target.table(), read.snapshotId(), deletes, read.filter(), target.isolation());
    } else if (!deletes.isEmpty()) {
      throw new IllegalStateException("Cannot commit " + description() + ": it wrote deletes but read no snapshot");
    }
    try {
      target.commit(delta, info.queryId());
      LOG.info("Committed {}: {} data files, {} delete files ({} replaced)", description(), added.size(),
          deletes.deleteFiles().size(), deletes.rewrittenDeleteFiles().size());
    } catch (CommitStateUnknownException e) {
      commitStateUnknown = true;
      throw e;
    } catch (ValidationException e) {
      throw new ValidationException("Cannot commit merge-on-read " + target.describe() + " read from snapshot "
          + read.snapshotId() + ": " + e.getMessage() + ". Run the statement again", e);
    }
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    if (commitStateUnknown) {
      LOG.warn("Not deleting the files written by {}: the commit outcome is unknown", description());
      return;
    }
    AbortedWrites.abort(target.table().io(), dataWriterFactory.dataLocation(), dataWriterFactory.writeId(),
        SparkPositionDeltaCommitMessage.writtenLocations(messages), Arrays.asList(messages).contains(null),
        description());
  }

  @Override
  public String toString() {
    return description();
  }
}
