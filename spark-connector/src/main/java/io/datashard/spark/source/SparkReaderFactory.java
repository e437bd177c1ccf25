package io.datashard.spark.source;

import io.datashard.expressions.Expression;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Creates the executor-side readers of a Datashard scan. Holds only serializable state: the table's
 * FileIO, the schema read and the projection, and the scan's filter. Whether the scan is columnar is
 * decided once on the driver, so every partition of a scan answers alike.
 */
final class SparkReaderFactory implements PartitionReaderFactory {
  private final FileIO io;
  private final Schema tableSchema;
  private final Schema projection;
  private final Expression filter;
  private final boolean caseSensitive;
  private final boolean columnar;
  private final int batchSize;
  private final List<SparkRowLevelColumns> metadata;

  SparkReaderFactory(FileIO io, Schema tableSchema, Schema projection, Expression filter, boolean caseSensitive,
      boolean columnar, int batchSize) {
    this(io, tableSchema, projection, filter, caseSensitive, columnar, batchSize, List.of());
  }

  /**
   * With metadata columns, those columns follow the projected ones in each row or batch: columnar
   * scans (Parquet files, primitive columns) return them as batch vectors, others as row values.
   */
  SparkReaderFactory(FileIO io, Schema tableSchema, Schema projection, Expression filter, boolean caseSensitive,
      boolean columnar, int batchSize, List<SparkRowLevelColumns> metadata) {
    this.io = Objects.requireNonNull(io, "io is null");
    this.tableSchema = Objects.requireNonNull(tableSchema, "tableSchema is null");
    this.projection = Objects.requireNonNull(projection, "projection is null");
    this.filter = Objects.requireNonNull(filter, "filter is null");
    this.caseSensitive = caseSensitive;
    this.columnar = columnar;
    this.batchSize = batchSize;
    this.metadata = List.copyOf(metadata);
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    if (!metadata.isEmpty()) {
      return new SparkRowLevelReader((SparkInputPartition) partition, io, tableSchema, projection, filter,
          caseSensitive, metadata);
    }
    return new SparkRowReader(((SparkInputPartition) partition).task(), io, tableSchema, projection, filter, caseSensitive);
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new SparkBatchReader((SparkInputPartition) partition, io, tableSchema, projection, filter, caseSensitive,
        batchSize, metadata);
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return columnar;
  }
}
