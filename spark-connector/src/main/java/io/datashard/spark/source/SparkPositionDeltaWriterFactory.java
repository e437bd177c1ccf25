package io.datashard.spark.source;

import io.datashard.deletes.DeleteWriterFactory;
import java.util.HashMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DeltaWriter;
import org.apache.spark.sql.connector.write.DeltaWriterFactory;

/**
 * Sent to the executors for a merge-on-read operation: the data writer configuration for new rows,
 * the delete writer configuration (with the existing deletes to merge on format version 3), and the
 * location, spec and partition of each data file the scan read, by its {@code _file_id}, which delete
 * files need.
 */
final class SparkPositionDeltaWriterFactory implements DeltaWriterFactory {
  private static final long serialVersionUID = 1L;

  private final String tableName;
  private final SparkDataWriterFactory data;
  private final DeleteWriterFactory deletes;
  private final HashMap<Long, SparkPositionDeltaWrite.FileRef> files;

  /** @param files the data files the scan read, by {@code _file_id} */
  SparkPositionDeltaWriterFactory(String tableName, SparkDataWriterFactory data, DeleteWriterFactory deletes,
      HashMap<Long, SparkPositionDeltaWrite.FileRef> files) {
    this.tableName = tableName;
    this.data = data;
    this.deletes = deletes;
    this.files = files;
  }

  @Override
  public DeltaWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return new SparkPositionDeltaWriter(tableName, data, deletes, files, partitionId, taskId);
  }
}
