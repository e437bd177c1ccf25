package io.datashard.spark.source;

import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ScanTaskBatchReader;
import io.datashard.expressions.Expression;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import io.datashard.spark.data.SparkColumnVector;
import io.datashard.types.Schema;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one combined task of Parquet files as Spark columnar batches through the core's
 * {@link ScanTaskBatchReader}. One Spark batch and one set of vectors serve the whole partition: each
 * core batch only re-points the vectors, so reading allocates nothing per batch or per value (strings
 * excepted, which Spark needs as UTF8String).
 */
final class SparkBatchReader extends SparkTaskReader<ColumnBatch, ColumnarBatch> {
  private final ScanTaskBatchReader reader;
  private final SparkColumnVector[] vectors;
  private final ColumnarBatch batch;

  SparkBatchReader(CombinedScanTask task, FileIO io, Schema tableSchema, Schema projection, Expression filter,
      boolean caseSensitive, int batchSize) {
    super(task);
    this.reader = new ScanTaskBatchReader(io, tableSchema, projection, filter, caseSensitive, batchSize);
    this.vectors = new SparkColumnVector[projection.columns().size()];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = new SparkColumnVector(projection.columns().get(i).type());
    }
    this.batch = new ColumnarBatch(vectors);
  }

  @Override
  CloseableIterator<ColumnBatch> open(FileScanTask task) {
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
    batch.setNumRows(live);
    return true;
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }
}
