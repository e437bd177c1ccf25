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
import org.apache.spark.sql.catalyst.InternalRow;

/** Reads the rows of one combined task through the core's {@link ScanTaskReader}, deletes and filter applied. */
final class SparkRowReader extends SparkTaskReader<Record, InternalRow> {
  private final ScanTaskReader reader;
  private final RecordToInternalRow converter;
  private InternalRow row = null;

  SparkRowReader(CombinedScanTask task, FileIO io, Schema tableSchema, Schema projection, Expression filter,
      boolean caseSensitive) {
    super(task);
    this.reader = new ScanTaskReader(io, tableSchema, projection, filter, caseSensitive);
    this.converter = new RecordToInternalRow(projection);
  }

  @Override
  CloseableIterator<Record> open(FileScanTask task, int index) {
    return reader.open(task);
  }

  @Override
  boolean accept(Record record) {
    row = converter.convert(record);
    return true;
  }

  @Override
  public InternalRow get() {
    return row;
  }
}
