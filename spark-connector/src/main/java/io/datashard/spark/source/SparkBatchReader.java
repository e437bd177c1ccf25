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
import java.io.IOException;
import java.util.Iterator;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one combined task of Parquet files as Spark columnar batches through the core's
 * {@link ScanTaskBatchReader}. One Spark batch and one set of vectors serve the whole partition: each
 * core batch only re-points the vectors, so reading allocates nothing per batch or per value (strings
 * excepted, which Spark needs as UTF8String).
 */
final class SparkBatchReader implements PartitionReader<ColumnarBatch> {
  private final Iterator<FileScanTask> tasks;
  private final ScanTaskBatchReader reader;
  private final SparkColumnVector[] vectors;
  private final ColumnarBatch batch;
  private CloseableIterator<ColumnBatch> current = null;

  SparkBatchReader(CombinedScanTask task, FileIO io, Schema tableSchema, Schema projection, Expression filter,
      boolean caseSensitive, int batchSize) {
    this.tasks = task.files().iterator();
    this.reader = new ScanTaskBatchReader(io, tableSchema, projection, filter, caseSensitive, batchSize);
    this.vectors = new SparkColumnVector[projection.columns().size()];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = new SparkColumnVector(projection.columns().get(i).type());
    }
    this.batch = new ColumnarBatch(vectors);
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (current != null && current.hasNext()) {
        ColumnBatch next = current.next();
        int live = next.numLiveRows();
        if (live == 0) {
          continue;
        }
        int[] selection = next.selection();
        for (int i = 0; i < vectors.length; i++) {
          vectors[i].reset(next.column(i), selection, live);
        }
        batch.setNumRows(live);
        return true;
      }
      closeCurrent();
      if (!tasks.hasNext()) {
        return false;
      }
      current = reader.open(tasks.next());
    }
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      CloseableIterator<ColumnBatch> closing = current;
      current = null;
      closing.close();
    }
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
  }
}
