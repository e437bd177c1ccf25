package io.datashard.flink.source;

import io.datashard.FileFormat;
import io.datashard.data.Record;
import io.datashard.data.ScanTaskReader;
import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ScanTaskBatchReader;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Expression;
import io.datashard.flink.data.BatchToRowData;
import io.datashard.flink.data.ColumnarRows;
import io.datashard.flink.data.RowDataConverters;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.scan.FileScanTask;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.flink.table.data.RowData;

/**
 * Opens file scan tasks as iterators of Flink rows. Parquet files go through the core's columnar
 * batch reader (faster decoding, primitive values read without boxing through {@link Record}s); other
 * files, and the cases the batch reader does not support (filter or equality-delete columns nested
 * in structs), through the row reader. When every projected column fits Flink's column vectors
 * ({@link ColumnarRows#supports}), {@link #openBatches} hands out the core batches themselves, to be
 * copied into column vectors instead of converted row by row. One instance per reading thread.
 */
final class TaskRows {
  private final Schema tableSchema;
  private final Expression filter;
  private final ScanTaskReader rowReader;
  private final ScanTaskBatchReader batchReader;
  private final RowDataConverters.StructConverter recordConverter;
  private final BatchToRowData batchConverter;
  private final boolean filterOnTopLevel;
  private final Types.StructType output;
  private final boolean columnar;

  TaskRows(FileIO io, Schema tableSchema, Types.StructType output, Expression filter, boolean caseSensitive) {
    this.tableSchema = tableSchema;
    this.filter = filter;
    Schema readSchema = tableSchema.select(names(output));
    this.rowReader = new ScanTaskReader(io, tableSchema, readSchema, filter, caseSensitive);
    this.batchReader = new ScanTaskBatchReader(io, tableSchema, readSchema, filter, caseSensitive);
    this.recordConverter = new RowDataConverters.StructConverter(readSchema.asStruct(), output);
    this.batchConverter = new BatchToRowData(output);
    this.output = output;
    this.columnar = ColumnarRows.supports(output);
    this.filterOnTopLevel = topLevel(Binder.referencedFieldIds(Binder.bind(tableSchema.asStruct(), filter, caseSensitive)));
  }

  private static java.util.List<String> names(Types.StructType output) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (Types.NestedField field : output.fields()) {
      names.add(field.name());
    }
    return names;
  }

  private boolean topLevel(Set<Integer> ids) {
    for (int id : ids) {
      if (tableSchema.asStruct().findField(id).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The core batches of the task when its rows can be copied into {@link #newColumnarRows} (a Parquet
   * file the batch reader supports, and a projection of supported types); otherwise null: read the
   * task with {@link #open}.
   */
  CloseableIterator<ColumnBatch> openBatches(FileScanTask task) {
    if (columnar && task.file().format() == FileFormat.PARQUET && batchable(task)) {
      return batchReader.open(task);
    }
    return null;
  }

  /** Column vectors for up to {@code capacity} rows of the output type; only when {@link #openBatches} is used. */
  ColumnarRows newColumnarRows(int capacity) {
    return new ColumnarRows(output, capacity);
  }

  CloseableIterator<RowData> open(FileScanTask task) {
    if (task.file().format() == FileFormat.PARQUET && batchable(task)) {
      return new BatchRows(batchReader.open(task), batchConverter);
    }
    CloseableIterator<Record> records = rowReader.open(task);
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public RowData next() {
        return recordConverter.toRow(records.next());
      }

      @Override
      public void close() {
        records.close();
      }
    };
  }

  private boolean batchable(FileScanTask task) {
    if (!filterOnTopLevel) {
      return false;
    }
    for (DeleteFile delete : task.deletes()) {
      if (delete.content() == FileContent.EQUALITY_DELETES && !topLevel(Set.copyOf(delete.equalityFieldIds()))) {
        return false;
      }
    }
    return true;
  }

  /** The live rows of a sequence of batches. */
  private static final class BatchRows implements CloseableIterator<RowData> {
    private final CloseableIterator<ColumnBatch> batches;
    private final BatchToRowData converter;
    private ColumnBatch batch;
    private int next;

    BatchRows(CloseableIterator<ColumnBatch> batches, BatchToRowData converter) {
      this.batches = batches;
      this.converter = converter;
    }

    @Override
    public boolean hasNext() {
      while (batch == null || next >= batch.numLiveRows()) {
        if (!batches.hasNext()) {
          return false;
        }
        batch = batches.next();
        converter.use(batch);
        next = 0;
      }
      return true;
    }

    @Override
    public RowData next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return converter.toRow(batch.liveRow(next++));
    }

    @Override
    public void close() {
      batches.close();
    }
  }
}
