package io.datashard.spark.source;

import io.datashard.deletes.DeleteWriterFactory;
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
  private final SparkScanFiles numbering;
  private final SparkPositionDeltaWrite.FileRef[] files;

  /** @param files by index of {@code numbering}; null for a file runtime filtering dropped */
  SparkPositionDeltaWriterFactory(String tableName, SparkDataWriterFactory data, DeleteWriterFactory deletes,
      SparkScanFiles numbering, SparkPositionDeltaWrite.FileRef[] files) {
    this.tableName = tableName;
    this.data = data;
    this.deletes = deletes;
    this.numbering = numbering;
    this.files = files;
  }

  @Override
  public DeltaWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return new SparkPositionDeltaWriter(tableName, data, deletes, numbering, files, partitionId, taskId);
  }
}
