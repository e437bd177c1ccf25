package io.datashard.spark.source;

import io.datashard.io.CloseableIterator;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import java.io.IOException;
import java.util.Iterator;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * Walks the file tasks of one combined task in order, keeping one core iterator open at a time, so
 * the row and columnar readers only say how a task is opened and how one item becomes Spark's value.
 *
 * @param <I> what the core reader yields per task (records or column batches)
 * @param <T> what Spark reads (InternalRow or ColumnarBatch)
 */
abstract class SparkTaskReader<I, T> implements PartitionReader<T> {
  private final Iterator<FileScanTask> tasks;
  private int index = -1;
  private CloseableIterator<I> current = null;

  SparkTaskReader(CombinedScanTask task) {
    this.tasks = task.files().iterator();
  }

  /**
   * Opens the core iterator of one file task, the {@code index}-th of the combined task; called only
   * from {@link #next()}.
   */
  abstract CloseableIterator<I> open(FileScanTask task, int index);

  /** Makes {@code item} the value {@link #get()} returns, or returns false to skip it (e.g. an empty batch). */
  abstract boolean accept(I item);

  @Override
  public final boolean next() throws IOException {
    while (true) {
      if (current != null && current.hasNext()) {
        if (accept(current.next())) {
          return true;
        }
        continue;
      }
      closeCurrent();
      if (!tasks.hasNext()) {
        return false;
      }
      index++;
      current = open(tasks.next(), index);
    }
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      CloseableIterator<I> closing = current;
      current = null;
      closing.close();
    }
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
  }
}
