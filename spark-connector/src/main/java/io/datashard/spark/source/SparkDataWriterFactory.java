package io.datashard.spark.source;

import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;

/**
 * Sent to the executors: everything a write task needs to write data files (the table's FileIO,
 * schema, spec and properties), never the table itself.
 */
final class SparkDataWriterFactory implements DataWriterFactory {
  private static final long serialVersionUID = 1L;

  private final String tableName;
  private final FileIO io;
  private final Schema schema;
  private final PartitionSpec spec;
  private final HashMap<String, String> properties;
  private final FileFormat format;
  private final String dataLocation;
  private final long targetFileSize;
  private final boolean clustered;
  private final String writeId;

  SparkDataWriterFactory(String tableName, FileIO io, Schema schema, PartitionSpec spec, HashMap<String, String> properties,
      FileFormat format, String dataLocation, long targetFileSize, boolean clustered, String writeId) {
    this.tableName = tableName;
    this.io = io;
    this.schema = schema;
    this.spec = spec;
    this.properties = properties;
    this.format = format;
    this.dataLocation = dataLocation;
    this.targetFileSize = targetFileSize;
    this.clustered = clustered;
    this.writeId = writeId;
  }

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return new SparkDataWriter(this, partitionId, taskId);
  }

  String tableName() {
    return tableName;
  }

  FileIO io() {
    return io;
  }

  Schema schema() {
    return schema;
  }

  PartitionSpec spec() {
    return spec;
  }

  Map<String, String> properties() {
    return properties;
  }

  FileFormat format() {
    return format;
  }

  String dataLocation() {
    return dataLocation;
  }

  long targetFileSize() {
    return targetFileSize;
  }

  boolean clustered() {
    return clustered;
  }

  String writeId() {
    return writeId;
  }
}
