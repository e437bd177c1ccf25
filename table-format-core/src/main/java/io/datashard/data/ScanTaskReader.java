package io.datashard.data;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.data.avro.AvroDataReader;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the rows of scan tasks as records of the scan's projection: the task's byte range of its
 * data file, without the rows its delete files delete, and only rows matching the scan's filter.
 * Columns the filter or the equality deletes need are read too and dropped from the records returned.
 *
 * <pre>{@code
 * TableScan scan = table.newScan().filter(filter).select("id");
 * ScanTaskReader reader = new ScanTaskReader(table.io(), table.newScan().schema(), scan.schema(), filter, true);
 * try (CloseableIterator<Record> rows = reader.open(task)) { ... }
 * }</pre>
 *
 * <p>Not thread-safe (it caches the equality deletes of the last task); use one per reading thread.
 */
public final class ScanTaskReader {
  private final FileIO io;
  private final Schema tableSchema;
  private final Schema projection;
  private final Expression filter;
  private final boolean caseSensitive;
  private final Set<Integer> filterIds;
  private final DeleteFilter deletes;

  /**
   * @param io reads data and delete files
   * @param tableSchema the schema the scan reads in (before projection); the filter binds to it
   * @param projection the schema of the records returned, a projection of {@code tableSchema}
   * @param filter the scan's row filter (unbound, by column name), {@code alwaysTrue()} for none
   * @param caseSensitive whether the filter's column names are matched case-sensitively
   * @throws ValidationException if the filter names a column {@code tableSchema} does not have
   */
  public ScanTaskReader(FileIO io, Schema tableSchema, Schema projection, Expression filter, boolean caseSensitive) {
    this.io = Objects.requireNonNull(io, "io is null");
    this.tableSchema = Objects.requireNonNull(tableSchema, "tableSchema is null");
    this.projection = Objects.requireNonNull(projection, "projection is null");
    this.filter = Objects.requireNonNull(filter, "filter is null");
    this.caseSensitive = caseSensitive;
    this.filterIds = Binder.referencedFieldIds(Binder.bind(tableSchema.asStruct(), filter, caseSensitive));
    this.deletes = new DeleteFilter(io, tableSchema);
  }

  /** Opens the task's data file (and its delete files); close the iterator. */
  public CloseableIterator<Record> open(FileScanTask task) {
    Objects.requireNonNull(task, "task is null");
    boolean filtering = task.residual().op() != Expression.Operation.TRUE && !filterIds.isEmpty();
    Set<Integer> extra = new LinkedHashSet<>(DeleteFilter.requiredFieldIds(task));
    if (filtering) {
      extra.addAll(filterIds);
    }
    Schema readSchema = readSchema(extra);
    Evaluator evaluator = filtering ? new Evaluator(readSchema.asStruct(), filter, caseSensitive) : null;
    PositionedRecordIterator rows = openFile(task, readSchema, filtering);
    CloseableIterator<Record> live;
    try {
      live = deletes.filter(task, readSchema, rows);
    } catch (RuntimeException e) {
      try {
        rows.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    CloseableIterable<Record> result = () -> live;
    if (evaluator != null) {
      result = result.filter(evaluator::eval);
    }
    if (readSchema != projection) {
      Types.StructType target = projection.asStruct();
      result = result.map(row -> project(row, target));
    }
    return result.iterator();
  }

  private PositionedRecordIterator openFile(FileScanTask task, Schema readSchema, boolean filtering) {
    DataFile file = task.file();
    InputFile input = io.newInputFile(file.location(), file.fileSizeInBytes());
    CloseableIterator<Record> rows;
    if (file.format() == FileFormat.PARQUET) {
      ParquetDataReader.Builder builder = ParquetDataReader.builder(input).project(readSchema).split(task.start(), task.length());
      if (filtering) {
        // skips row groups whose statistics or dictionaries rule the filter out; the rows of the
        // groups kept still go through the evaluator above
        builder.filter(filter).caseSensitive(caseSensitive);
      }
      rows = builder.build().iterator();
    } else if (file.format() == FileFormat.AVRO) {
      rows = AvroDataReader.builder(input).project(readSchema).split(task.start(), task.length()).build().iterator();
    } else {
      throw new ValidationException("Cannot read data file " + file.location() + ": its format is " + file.format()
          + " and Datashard reads only Parquet and Avro data files");
    }
    return (PositionedRecordIterator) rows;
  }

  /** The projection plus the extra columns, or the projection itself when it already has them. */
  private Schema readSchema(Set<Integer> extraIds) {
    boolean missing = false;
    for (int id : extraIds) {
      if (projection.findField(id).isEmpty()) {
        missing = true;
        break;
      }
    }
    if (!missing) {
      return projection;
    }
    List<String> names = new ArrayList<>();
    leafNames(projection.asStruct(), names);
    for (int id : extraIds) {
      names.add(tableSchema.findColumnName(id).orElseThrow(() -> new ValidationException(
          "Cannot read column id " + id + ": it is not in the schema read (" + tableSchema.asStruct() + ")")));
    }
    return tableSchema.select(names);
  }

  /** Names of the projection's non-struct columns, so that selecting them rebuilds the same nesting. */
  private void leafNames(Types.StructType struct, List<String> names) {
    for (Types.NestedField field : struct.fields()) {
      if (field.type().isStructType() && !field.type().asStructType().fields().isEmpty()) {
        leafNames(field.type().asStructType(), names);
      } else {
        names.add(tableSchema.findColumnName(field.fieldId()).orElseThrow(() -> new ValidationException(
            "Cannot project column '" + field.name() + "' (id " + field.fieldId() + "): it is not in the schema read")));
      }
    }
  }

  /** Copies the target's fields, by id, out of a row of a wider struct. */
  static Record project(Record row, Types.StructType target) {
    GenericRecord result = GenericRecord.create(target);
    Types.StructType source = row.struct();
    List<Types.NestedField> fields = target.fields();
    for (int pos = 0; pos < fields.size(); pos += 1) {
      Types.NestedField field = fields.get(pos);
      int sourcePos = position(source, field.fieldId());
      Object value = row.get(sourcePos);
      if (value instanceof Record && field.type().isStructType()
          && !source.fields().get(sourcePos).type().equals(field.type())) {
        value = project((Record) value, field.type().asStructType());
      }
      result.set(pos, value);
    }
    return result;
  }

  private static int position(Types.StructType struct, int id) {
    List<Types.NestedField> fields = struct.fields();
    for (int pos = 0; pos < fields.size(); pos += 1) {
      if (fields.get(pos).fieldId() == id) {
        return pos;
      }
    }
    throw new IllegalStateException("Field id " + id + " is missing from the rows read (" + struct + ")");
  }
}
