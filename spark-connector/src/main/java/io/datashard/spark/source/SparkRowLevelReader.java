package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.data.DeleteFilter;
import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
import io.datashard.data.avro.AvroDataReader;
import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ScanTaskBatchReader;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.deletes.PositionDeleteIndex;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import io.datashard.scan.FileScanTask;
import io.datashard.spark.data.SparkColumnVector;
import io.datashard.spark.data.SparkValues;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads the rows of one combined task together with the metadata columns Spark asked for
 * ({@code _file}, {@code _pos}, {@code _spec_id}, {@code _file_id}), appended after the projected columns. Row-level
 * operations need each row's position in its data file, which the plain row reader does not keep
 * once deletes and the filter are applied, so this reader applies them itself while tracking it.
 *
 * <p>Parquet files of a projection of primitive columns (what DELETE, UPDATE and MERGE read from
 * flat tables) are decoded in column batches by the core's {@link ScanTaskBatchReader}, which applies
 * the deletes and the filter as a selection and knows each batch's first row position: each live row
 * is the batch's row view joined with the metadata values, with no record or value conversion per
 * row. Other files (Avro) and nested projections go through records.
 *
 * <p>Scans the driver finds columnar (every file Parquet, every projected column primitive,
 * vectorization on) do not use this reader: {@link SparkBatchReader} returns their metadata columns as
 * batch vectors.
 */
final class SparkRowLevelReader implements PartitionReader<InternalRow> {
  private final SparkInputPartition partition;
  private final Iterator<FileScanTask> tasks;
  private int taskIndex = -1;
  private final FileIO io;
  private final Schema tableSchema;
  private final Schema projection;
  private final Expression filter;
  private final boolean caseSensitive;
  private final Set<Integer> filterIds;
  private final List<SparkRowLevelColumns> metadata;
  private final DeleteFilter deletes;
  private final SparkValues.Converter[] converters;
  private final Object[] values;
  private final GenericInternalRow row;

  // the columnar path (null when the projection is empty or not flat)
  private final ScanTaskBatchReader batchReader;
  private final SparkColumnVector[] vectors;
  private final ColumnarBatch sparkBatch;
  private final Object[] metadataValues;
  private final GenericInternalRow metadataRow;
  private final JoinedRow joined = new JoinedRow();
  private CloseableIterator<ColumnBatch> batches = null;
  private ColumnBatch batch = null;
  private int batchRow = 0;
  private int batchLive = 0;
  private InternalRow out = null;

  private PositionedRecordIterator current = null;
  private PositionDeleteIndex positions = null;
  private Predicate<Record> equalityDeleted = null;
  private Evaluator evaluator = null;
  private int[] projected = null;

  SparkRowLevelReader(SparkInputPartition partition, FileIO io, Schema tableSchema, Schema projection,
      Expression filter, boolean caseSensitive, List<SparkRowLevelColumns> metadata) {
    this.partition = partition;
    this.tasks = partition.task().files().iterator();
    this.io = io;
    this.tableSchema = tableSchema;
    this.projection = projection;
    this.filter = filter;
    this.caseSensitive = caseSensitive;
    this.filterIds = Binder.referencedFieldIds(Binder.bind(tableSchema.asStruct(), filter, caseSensitive));
    this.metadata = List.copyOf(metadata);
    this.deletes = new DeleteFilter(io, tableSchema);
    List<Types.NestedField> columns = projection.columns();
    this.converters = new SparkValues.Converter[columns.size()];
    for (int i = 0; i < converters.length; i++) {
      converters[i] = SparkValues.converter(columns.get(i).type());
    }
    this.values = new Object[columns.size() + metadata.size()];
    this.row = new GenericInternalRow(values);
    boolean flat = !columns.isEmpty();
    for (Types.NestedField column : columns) {
      flat &= column.type().isPrimitiveType();
    }
    if (flat) {
      this.batchReader = new ScanTaskBatchReader(io, tableSchema, projection, filter, caseSensitive);
      this.vectors = new SparkColumnVector[columns.size()];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = new SparkColumnVector(columns.get(i).type());
      }
      this.sparkBatch = new ColumnarBatch(vectors);
    } else {
      this.batchReader = null;
      this.vectors = null;
      this.sparkBatch = null;
    }
    this.metadataValues = new Object[metadata.size()];
    this.metadataRow = new GenericInternalRow(metadataValues);
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (batches != null) {
        if (batchRow < batchLive) {
          nextBatchRow();
          return true;
        }
        if (batches.hasNext()) {
          startBatch(batches.next());
          continue;
        }
      } else if (current != null) {
        while (current.hasNext()) {
          Record record = current.next();
          long pos = current.position();
          if (positions != null && positions.isDeleted(pos)) {
            continue;
          }
          if (equalityDeleted != null && equalityDeleted.test(record)) {
            continue;
          }
          if (evaluator != null && !evaluator.eval(record)) {
            continue;
          }
          fill(record, pos);
          out = row;
          return true;
        }
      }
      closeCurrent();
      if (!tasks.hasNext()) {
        return false;
      }
      open(tasks.next());
    }
  }

  private void startBatch(ColumnBatch next) {
    int live = next.numLiveRows();
    int[] selection = next.selection();
    for (int i = 0; i < vectors.length; i++) {
      vectors[i].reset(next.column(i), selection, live);
    }
    sparkBatch.setNumRows(live);
    batch = next;
    batchRow = 0;
    batchLive = live;
  }

  private void nextBatchRow() {
    int i = batchRow++;
    long pos = batch.firstRowPosition() + batch.liveRow(i);
    for (int m = 0; m < metadataValues.length; m++) {
      if (metadata.get(m) == SparkRowLevelColumns.POS) {
        metadataValues[m] = pos;
      }
    }
    out = joined.apply(sparkBatch.getRow(i), metadataRow);
  }

  private void fill(Record record, long pos) {
    for (int i = 0; i < converters.length; i++) {
      Object value = record.get(projected[i]);
      values[i] = value == null ? null : converters[i].convert(value);
    }
    int offset = converters.length;
    for (int i = 0; i < metadata.size(); i++) {
      values[offset + i] = metadata.get(i) == SparkRowLevelColumns.POS ? (Object) pos : metadataValues[i];
    }
  }

  private void open(FileScanTask next) {
    this.taskIndex++;
    // the file's constant metadata values, for both paths (_pos is set per row)
    for (int m = 0; m < metadataValues.length; m++) {
      metadataValues[m] = metadata.get(m).fileValue(partition, taskIndex);
    }
    if (batchReader != null && next.file().format() == FileFormat.PARQUET) {
      this.batch = null;
      this.batchRow = 0;
      this.batchLive = 0;
      this.batches = batchReader.open(next);
      return;
    }
    boolean filtering = next.residual().op() != Expression.Operation.TRUE && !filterIds.isEmpty();
    Set<Integer> ids = new HashSet<>();
    for (Types.NestedField column : projection.columns()) {
      ids.add(column.fieldId());
    }
    ids.addAll(DeleteFilter.requiredFieldIds(next));
    if (filtering) {
      ids.addAll(filterIds);
    }
    Schema readSchema = readSchema(ids);
    this.projected = new int[projection.columns().size()];
    for (int i = 0; i < projected.length; i++) {
      projected[i] = indexOf(readSchema, projection.columns().get(i).fieldId());
    }
    this.evaluator = filtering ? new Evaluator(readSchema.asStruct(), filter, caseSensitive) : null;
    PositionedRecordIterator rows = openFile(next, readSchema, filtering);
    try {
      this.positions = next.deletes().isEmpty() ? null : deletes.positionDeletes(next);
      this.equalityDeleted = next.deletes().isEmpty() ? null : deletes.equalityDeletes(next, readSchema);
    } catch (RuntimeException e) {
      try {
        rows.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    this.current = rows;
  }

  /** The table's top-level columns that hold any of the ids, in table order. */
  private Schema readSchema(Set<Integer> ids) {
    List<Types.NestedField> columns = new ArrayList<>();
    for (Types.NestedField column : tableSchema.columns()) {
      Schema single = new Schema(List.of(column));
      for (int id : ids) {
        if (single.findField(id).isPresent()) {
          columns.add(column);
          break;
        }
      }
    }
    return new Schema(tableSchema.schemaId(), columns);
  }

  private static int indexOf(Schema schema, int fieldId) {
    List<Types.NestedField> columns = schema.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).fieldId() == fieldId) {
        return i;
      }
    }
    throw new IllegalStateException("Column id " + fieldId + " is missing from the columns read " + schema.asStruct());
  }

  private PositionedRecordIterator openFile(FileScanTask next, Schema readSchema, boolean filtering) {
    DataFile file = next.file();
    InputFile input = io.newInputFile(file.location(), file.fileSizeInBytes());
    if (file.format() == FileFormat.PARQUET) {
      ParquetDataReader.Builder builder = ParquetDataReader.builder(input).project(readSchema).split(next.start(), next.length());
      if (filtering) {
        // skipping row groups keeps positions right: they count from the file's first row
        builder.filter(filter).caseSensitive(caseSensitive);
      }
      return (PositionedRecordIterator) builder.build().iterator();
    } else if (file.format() == FileFormat.AVRO) {
      return (PositionedRecordIterator) AvroDataReader.builder(input).project(readSchema).split(next.start(), next.length())
          .build().iterator();
    }
    throw new ValidationException("Cannot read data file " + file.location() + ": its format is " + file.format()
        + " and Datashard reads only Parquet and Avro data files");
  }

  @Override
  public InternalRow get() {
    return out;
  }

  private void closeCurrent() {
    if (batches != null) {
      CloseableIterator<ColumnBatch> closing = batches;
      batches = null;
      batch = null;
      closing.close();
    }
    if (current != null) {
      PositionedRecordIterator closing = current;
      current = null;
      closing.close();
    }
  }

  @Override
  public void close() {
    closeCurrent();
  }
}
