package io.datashard.spark.source;

import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ScanTaskBatchReader;
import io.datashard.expressions.Expression;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.scan.FileScanTask;
import io.datashard.spark.data.SparkColumnVector;
import io.datashard.spark.data.SparkConstantVector;
import io.datashard.spark.data.SparkPositionVector;
import io.datashard.types.Schema;
import java.util.List;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one combined task of Parquet files as Spark columnar batches through the core's
 * {@link ScanTaskBatchReader}. One Spark batch and one set of vectors serve the whole partition: each
 * core batch only re-points the vectors, so reading allocates nothing per batch or per value (strings
 * excepted, which Spark needs as UTF8String).
 *
 * <p>Metadata columns ({@code _file}, {@code _pos}, {@code _spec_id}, {@code _file_id}) follow the projected
 * columns, as in the scan's read schema: {@code _file}, {@code _spec_id} and {@code _file_id} are constants
 * set per file, and
 * {@code _pos} is derived from the batch's first row position and the same selection of live rows the
 * data vectors read through, so deleted and filtered rows never reach Spark and positions stay exact.
 */
final class SparkBatchReader extends SparkTaskReader<ColumnBatch, ColumnarBatch> {
  private final SparkInputPartition partition;
  private final ScanTaskBatchReader reader;
  private final SparkColumnVector[] vectors;
  private final List<SparkRowLevelColumns> metadata;
  private final ColumnVector[] metadataVectors;
  private final SparkPositionVector positions;
  private final ColumnarBatch batch;

  SparkBatchReader(SparkInputPartition partition, FileIO io, Schema tableSchema, Schema projection,
      Expression filter, boolean caseSensitive, int batchSize, List<SparkRowLevelColumns> metadata) {
    super(partition.task());
    this.partition = partition;
    this.reader = new ScanTaskBatchReader(io, tableSchema, projection, filter, caseSensitive, batchSize);
    this.vectors = new SparkColumnVector[projection.columns().size()];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = new SparkColumnVector(projection.columns().get(i).type());
    }
    this.metadata = List.copyOf(metadata);
    this.metadataVectors = new ColumnVector[this.metadata.size()];
    SparkPositionVector pos = null;
    for (int m = 0; m < metadataVectors.length; m++) {
      SparkRowLevelColumns column = this.metadata.get(m);
      if (column == SparkRowLevelColumns.POS) {
        pos = new SparkPositionVector();
        metadataVectors[m] = pos;
      } else {
        metadataVectors[m] = new SparkConstantVector(column.dataType());
      }
    }
    this.positions = pos;
    ColumnVector[] all = new ColumnVector[vectors.length + metadataVectors.length];
    System.arraycopy(vectors, 0, all, 0, vectors.length);
    System.arraycopy(metadataVectors, 0, all, vectors.length, metadataVectors.length);
    this.batch = new ColumnarBatch(all);
  }

  @Override
  CloseableIterator<ColumnBatch> open(FileScanTask task, int index) {
    for (int m = 0; m < metadataVectors.length; m++) {
      if (metadataVectors[m] instanceof SparkConstantVector constant) {
        constant.setValue(metadata.get(m).fileValue(partition, index));
      }
    }
    return reader.open(task);
  }

  @Override
  boolean accept(ColumnBatch next) {
    int live = next.numLiveRows();
    if (live == 0) {
      return false;
    }
    int[] selection = next.selection();
    for (int i = 0; i < vectors.length; i++) {
      vectors[i].reset(next.column(i), selection, live);
    }
    if (positions != null) {
      positions.reset(next.firstRowPosition(), selection);
    }
    batch.setNumRows(live);
    return true;
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }
}
