package io.datashard.spark.source;

import io.datashard.data.Record;
import io.datashard.data.ScanTaskReader;
import io.datashard.expressions.Expression;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import io.datashard.spark.data.RecordToInternalRow;
import io.datashard.types.Schema;
import java.io.IOException;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

/** Reads the rows of one combined task through the core's {@link ScanTaskReader}, deletes and filter applied. */
final class SparkRowReader implements PartitionReader<InternalRow> {
  private final Iterator<FileScanTask> tasks;
  private final ScanTaskReader reader;
  private final RecordToInternalRow converter;
  private CloseableIterator<Record> current = null;
  private InternalRow row = null;

  SparkRowReader(CombinedScanTask task, FileIO io, Schema tableSchema, Schema projection, Expression filter,
      boolean caseSensitive) {
    this.tasks = task.files().iterator();
    this.reader = new ScanTaskReader(io, tableSchema, projection, filter, caseSensitive);
    this.converter = new RecordToInternalRow(projection);
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (current != null && current.hasNext()) {
        row = converter.convert(current.next());
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
  public InternalRow get() {
    return row;
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      CloseableIterator<Record> closing = current;
      current = null;
      closing.close();
    }
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
  }
}
