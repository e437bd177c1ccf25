package io.datashard.data.batch;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.data.DeleteFilter;
import io.datashard.data.parquet.ParquetBatchReader;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Reads scan tasks of Parquet data files as {@link ColumnBatch}es of the scan's projection, the
 * columnar counterpart of {@link io.datashard.data.ScanTaskReader}: the task's byte range of its data
 * file, with the rows its delete files delete and the rows not matching the scan's filter removed
 * from each batch's selection ({@link ColumnBatch#numLiveRows()}, {@link ColumnBatch#liveRow(int)}).
 * Batches whose rows are all removed are skipped. Columns only the filter or the equality deletes
 * need are read and not returned.
 *
 * <pre>{@code
 * ScanTaskBatchReader reader = new ScanTaskBatchReader(table.io(), table.schema(), scan.schema(), filter, true);
 * try (CloseableIterator<ColumnBatch> batches = reader.open(task)) { ... }
 * }</pre>
 *
 * <p>The filter is evaluated per live row through a row view of the batch (values boxed), after the
 * row groups it rules out were skipped. Limitation: a filter or equality delete column nested inside a
 * struct that the projection selects only partly is not supported (a {@link ValidationException}
 * says so); project the whole struct or use the row reader. Not thread-safe: one per reading thread.
 */
public final class ScanTaskBatchReader {
  private final FileIO io;
  private final Schema tableSchema;
  private final Schema projection;
  private final Expression filter;
  private final boolean caseSensitive;
  private final int batchSize;
  private final Set<Integer> filterIds;
  private final DeleteFilter deletes;

  /** A reader of batches of {@link ParquetBatchReader#DEFAULT_BATCH_SIZE} rows. */
  public ScanTaskBatchReader(FileIO io, Schema tableSchema, Schema projection, Expression filter, boolean caseSensitive) {
    this(io, tableSchema, projection, filter, caseSensitive, ParquetBatchReader.DEFAULT_BATCH_SIZE);
  }

  /**
   * @param io reads data and delete files
   * @param tableSchema the schema the scan reads in (before projection); the filter binds to it
   * @param projection the schema of the batches returned, a projection of {@code tableSchema}
   * @param filter the scan's row filter (unbound, by column name), {@code alwaysTrue()} for none
   * @param caseSensitive whether the filter's column names are matched case-sensitively
   * @param batchSize the most rows per batch
   * @throws ValidationException if the filter names a column {@code tableSchema} does not have
   */
  public ScanTaskBatchReader(FileIO io, Schema tableSchema, Schema projection, Expression filter, boolean caseSensitive,
      int batchSize) {
    this.io = Objects.requireNonNull(io, "io is null");
    this.tableSchema = Objects.requireNonNull(tableSchema, "tableSchema is null");
    this.projection = Objects.requireNonNull(projection, "projection is null");
    this.filter = Objects.requireNonNull(filter, "filter is null");
    this.caseSensitive = caseSensitive;
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Invalid batch size " + batchSize + ": must be positive");
    }
    this.batchSize = batchSize;
    this.filterIds = Binder.referencedFieldIds(Binder.bind(tableSchema.asStruct(), filter, caseSensitive));
    this.deletes = new DeleteFilter(io, tableSchema);
  }

  /**
   * Opens the task's data file (and reads its delete files); close the iterator.
   *
   * @throws ValidationException if the data file is not Parquet
   */
  public CloseableIterator<ColumnBatch> open(FileScanTask task) {
    Objects.requireNonNull(task, "task is null");
    DataFile file = task.file();
    if (file.format() != FileFormat.PARQUET) {
      throw new ValidationException("Cannot read data file " + file.location() + " in batches: its format is "
          + file.format() + " and batch reads support only Parquet; read it with ScanTaskReader");
    }
    boolean filtering = task.residual().op() != Expression.Operation.TRUE && !filterIds.isEmpty();
    Set<Integer> extra = new LinkedHashSet<>(DeleteFilter.requiredFieldIds(task));
    if (filtering) {
      extra.addAll(filterIds);
    }
    Schema readSchema = readSchema(extra, file.location());
    ParquetBatchReader.Builder builder = ParquetBatchReader.builder(io.newInputFile(file.location(), file.fileSizeInBytes()))
        .project(readSchema).split(task.start(), task.length()).batchSize(batchSize);
    BatchFilter rowFilter = null;
    if (filtering) {
      builder.filter(filter).caseSensitive(caseSensitive);
      rowFilter = new BatchFilter(new Evaluator(readSchema.asStruct(), filter, caseSensitive));
      if (DeleteFilter.requiredFieldIds(task).isEmpty()) {
        // no equality deletes to evaluate: a batch with no row matching the filter needs only its filter columns
        builder.decodeRestOnlyIf(filterIds, rowFilter::anyMatch);
      }
    }
    BatchDeleteFilter taskDeletes = BatchDeleteFilter.forTask(deletes, task, readSchema);
    CloseableIterator<ColumnBatch> batches = builder.build().iterator();
    return new FilteredBatches(batches, taskDeletes, rowFilter, readSchema == projection ? null : projection);
  }

  /** The projection plus the top-level columns holding the extra ids, or the projection itself when it has them. */
  private Schema readSchema(Set<Integer> extraIds, String location) {
    List<Types.NestedField> columns = new ArrayList<>(projection.columns());
    boolean added = false;
    for (int id : extraIds) {
      if (projection.findField(id).isPresent()) {
        continue;
      }
      Types.NestedField top = topLevelFieldOf(id);
      if (top == null) {
        throw new ValidationException("Cannot read column id " + id + " of " + location
            + ": it is not in the schema read (" + tableSchema.asStruct() + ")");
      }
      boolean present = false;
      for (Types.NestedField column : columns) {
        if (column.fieldId() == top.fieldId()) {
          present = true;
          break;
        }
      }
      if (present) {
        throw new ValidationException("Cannot read " + location + " in batches: column id " + id + " (needed by the "
            + "filter or equality deletes) is inside struct '" + top.name() + "', which the projection selects only in "
            + "part; project all of '" + top.name() + "' or read the task with ScanTaskReader");
      }
      columns.add(top);
      added = true;
    }
    return added ? new Schema(columns) : projection;
  }

  private Types.NestedField topLevelFieldOf(int id) {
    for (Types.NestedField column : tableSchema.columns()) {
      if (column.fieldId() == id || contains(column.type(), id)) {
        return column;
      }
    }
    return null;
  }

  private static boolean contains(Type type, int id) {
    if (!type.isNestedType()) {
      return false;
    }
    for (Types.NestedField field : type.asNestedType().fields()) {
      if (field.fieldId() == id || contains(field.type(), id)) {
        return true;
      }
    }
    return false;
  }

  private static final class FilteredBatches implements CloseableIterator<ColumnBatch> {
    private final CloseableIterator<ColumnBatch> batches;
    private final BatchDeleteFilter deletes;
    private final BatchFilter filter;
    private ColumnBatch projected = null;
    private final Schema projection;
    private int[] selection = new int[0];
    private ColumnBatch ready = null;

    FilteredBatches(CloseableIterator<ColumnBatch> batches, BatchDeleteFilter deletes, BatchFilter filter,
        Schema projection) {
      this.batches = batches;
      this.deletes = deletes;
      this.filter = filter;
      this.projection = projection;
    }

    @Override
    public boolean hasNext() {
      while (ready == null && batches.hasNext()) {
        ColumnBatch batch = batches.next();
        deletes.apply(batch);
        if (filter != null && batch.numLiveRows() > 0) {
          selection = filter.retain(batch, selection);
        }
        if (batch.numLiveRows() > 0) {
          ready = batch;
        }
      }
      return ready != null;
    }

    @Override
    public ColumnBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ColumnBatch batch = ready;
      ready = null;
      if (projection == null) {
        return batch;
      }
      if (projected == null) {
        projected = batch.project(projection);
      } else {
        projected.copyRowsFrom(batch);
      }
      return projected;
    }

    @Override
    public void close() {
      batches.close();
    }
  }
}
