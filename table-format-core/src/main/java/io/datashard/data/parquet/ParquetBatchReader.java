package io.datashard.data.parquet;

import io.datashard.data.Record;
import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ColumnVector;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.InputFile;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.filter2.columnindex.RowRanges;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a Parquet data file in {@link ColumnBatch}es of up to {@link Builder#batchSize} rows (4096 by
 * default), projected by field id with the same rules as {@link ParquetDataReader}: columns matched by
 * id, missing columns as constant vectors of their initial default or null, int widened to long and
 * float to double (and the other promotions of the row reader), unselected columns never read.
 *
 * <p>Top-level primitive columns are read column by column: PLAIN and dictionary-encoded pages in bulk by a
 * {@link PageBatchDecoder}, other encodings through Parquet's {@link ColumnReader}s, definition levels and
 * values straight into the vectors' arrays. Nested (struct, list, map) columns
 * are assembled by the row reader's record path and stored as objects in their vectors; engines that
 * need them columnar must flatten them for now.
 *
 * <p>Splits and the row-group filter work as in {@link ParquetDataReader}. With a filter and no nested
 * column, the file's column index narrows each row group further to the pages that may hold matching
 * rows ({@link ParquetPageFilter}); other pages are not read. A batch never spans row groups nor gaps
 * between such pages, so its rows are consecutive in the file from {@link ColumnBatch#firstRowPosition()}. The
 * iterator reuses one batch: each batch is valid until the next call of {@code next()}.
 *
 * <p>This class lives beside the row reader, rather than in {@code io.datashard.data.batch}, because
 * it shares the row reader's package-private projection and value conversions.
 */
public final class ParquetBatchReader implements CloseableIterable<ColumnBatch> {
  public static final int DEFAULT_BATCH_SIZE = 4096;
  // off (-Ddatashard.parquet.bulkDecode=false) reads every flat column through parquet-mr's ColumnReader
  private static final boolean BULK_DECODE =
      Boolean.parseBoolean(System.getProperty("datashard.parquet.bulkDecode", "true"));
  // off (-Ddatashard.parquet.pageFilter=false) reads every page of the row groups a filter keeps
  private static final boolean PAGE_FILTER =
      Boolean.parseBoolean(System.getProperty("datashard.parquet.pageFilter", "true"));

  private final InputFile file;
  private final Schema projection;
  private final long start;
  private final long length;
  private final Expression boundFilter;
  private final int batchSize;
  private final Set<Integer> firstIds;
  private final Predicate<ColumnBatch> anyRowMatches;

  private ParquetBatchReader(Builder builder, Expression boundFilter) {
    this.file = builder.file;
    this.projection = builder.projection;
    this.start = builder.start;
    this.length = builder.length;
    this.boundFilter = boundFilter;
    this.batchSize = builder.batchSize;
    this.firstIds = builder.firstIds;
    this.anyRowMatches = builder.anyRowMatches;
  }

  public static Builder builder(InputFile file) {
    return new Builder(file);
  }

  /**
   * Opens the file and reads its footer.
   *
   * @throws NotFoundException if the file does not exist
   * @throws CorruptMetadataException if the file is not a readable Parquet file
   * @throws ValidationException if a projected column cannot be read from the file
   */
  @Override
  public CloseableIterator<ColumnBatch> iterator() {
    ParquetFileReader reader;
    try {
      ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
      reader = ParquetFileReader.open(ParquetIO.input(file), options);
    } catch (IOException | RuntimeException e) {
      throw translate(e, "cannot read the Parquet footer");
    }
    try {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      List<Integer> rowGroups = rowGroups(reader, fileSchema);
      return new BatchIterator(reader, fileSchema, rowGroups);
    } catch (UncheckedIOException e) {
      RuntimeException failure = translate(e.getCause(), "cannot read a dictionary page to filter row groups");
      closeQuietly(reader, failure);
      throw failure;
    } catch (RuntimeException e) {
      RuntimeException failure = translate(e, "cannot plan the projection");
      closeQuietly(reader, failure);
      throw failure;
    }
  }

  private List<Integer> rowGroups(ParquetFileReader reader, MessageType fileSchema) {
    List<Integer> rowGroups = new ArrayList<>();
    List<BlockMetaData> blocks = reader.getRowGroups();
    ParquetMetricsRowGroupFilter metricsFilter = null;
    ParquetDictionaryRowGroupFilter dictionaryFilter = null;
    if (boundFilter != null) {
      Map<Integer, ColumnDescriptor> columns = ParquetFilterValues.columnsById(fileSchema);
      metricsFilter = new ParquetMetricsRowGroupFilter(boundFilter, columns);
      dictionaryFilter = new ParquetDictionaryRowGroupFilter(boundFilter, columns, metricsFilter);
    }
    for (int i = 0; i < blocks.size(); i += 1) {
      BlockMetaData block = blocks.get(i);
      long rowGroupStart = block.getStartingPos();
      if (block.getRowCount() > 0 && (length < 0 || (rowGroupStart >= start && rowGroupStart < start + length))
          && (metricsFilter == null || (metricsFilter.shouldRead(block) && dictionaryFilter.shouldRead(reader, block)))) {
        rowGroups.add(i);
      }
    }
    return rowGroups;
  }

  private RuntimeException translate(Exception e, String what) {
    String message = "Cannot read data file " + file.location() + ": " + what;
    if (e instanceof NotFoundException) {
      return new NotFoundException("Cannot read data file " + file.location() + ": it does not exist in storage; it was "
          + "deleted or moved while table metadata still references it; restore it or remove it from the table", e);
    } else if (e instanceof DatashardException) {
      return (DatashardException) e;
    } else if (e instanceof IOException && e.getCause() != null && e.getCause().getClass().getName().contains(".thrift.")) {
      return new CorruptMetadataException(message + ": the file is corrupt (" + e.getMessage() + ")", e);
    } else if (e instanceof IOException) {
      return new RuntimeIOException(message, (IOException) e);
    }
    return new CorruptMetadataException(message + " (" + e.getMessage() + ")", e);
  }

  private static void closeQuietly(java.io.Closeable closeable, RuntimeException failure) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private final class BatchIterator implements CloseableIterator<ColumnBatch> {
    private final ParquetFileReader reader;
    private final MessageType fileSchema;
    private final List<Integer> rowGroups;
    private final ColumnIOFactory columnIOFactory;
    private final ColumnBatch batch;
    private final List<ParquetFlatColumn> flat = new ArrayList<>();
    // with decodeRestOnlyIf: the columns decoded first, and the others (null: decode every column)
    private List<ParquetFlatColumn> firstColumns = null;
    private List<ParquetFlatColumn> otherColumns = null;
    private final MessageType flatSchema;
    private final GroupConverter flatConverter;
    private final ParquetProjection nestedPlan;
    private final List<ColumnVector> nestedVectors = new ArrayList<>();
    // with a filter and only flat columns: the pages the column index rules out are neither read nor decoded
    private final ParquetPageFilter pageFilter;
    private int nextRowGroup = 0;
    // the ranges of rows (within the row group) left to read when its pages were filtered, or null
    private List<RowRanges.Range> ranges = null;
    private int nextRange = 0;
    private long groupFirstRow = 0;
    private RecordReader<Record> nestedRecords = null;
    private long remaining = 0;
    private long nextPosition = 0;
    private boolean closed = false;

    BatchIterator(ParquetFileReader reader, MessageType fileSchema, List<Integer> rowGroups) {
      this.reader = reader;
      this.fileSchema = fileSchema;
      this.rowGroups = rowGroups;
      this.columnIOFactory = new ColumnIOFactory(reader.getFooter().getFileMetaData().getCreatedBy());
      // the same check as the row reader's: without ids no column can be matched
      ParquetProjection.of(file.location(), Types.StructType.of(List.of()), fileSchema);
      Map<Integer, org.apache.parquet.schema.Type> fileFields = new HashMap<>();
      for (org.apache.parquet.schema.Type field : fileSchema.getFields()) {
        if (field.getId() != null) {
          fileFields.putIfAbsent(field.getId().intValue(), field);
        }
      }
      List<ColumnVector> vectors = new ArrayList<>();
      List<Types.NestedField> nestedFields = new ArrayList<>();
      Map<Integer, ParquetFlatColumn> flatById = new HashMap<>();
      for (Types.NestedField field : projection.columns()) {
        org.apache.parquet.schema.Type fileField = fileFields.get(field.fieldId());
        if (fileField == null || field.type().typeId() == Type.TypeID.UNKNOWN) {
          Object value = ParquetValues.missing(file.location(), field, field.name());
          vectors.add(ColumnVector.constant(field.type(), io.datashard.internal.data.DefaultValues.materialize(field.type(), value)));
        } else if (field.type().isPrimitiveType() && fileField.isPrimitive()
            && fileField.getRepetition() != org.apache.parquet.schema.Type.Repetition.REPEATED) {
          ParquetFlatColumn column = new ParquetFlatColumn(file.location(), field, fileField, batchSize);
          flatById.put(field.fieldId(), column);
          vectors.add(column.vector);
        } else {
          ColumnVector vector = ColumnVector.allocate(field.type(), batchSize);
          nestedFields.add(field);
          nestedVectors.add(vector);
          vectors.add(vector);
        }
      }
      this.batch = new ColumnBatch(projection, vectors);
      this.nestedPlan = nestedFields.isEmpty() ? null
          : ParquetProjection.of(file.location(), Types.StructType.of(nestedFields), fileSchema);
      // the requested schema keeps the file's field order, as Parquet requires
      Map<Integer, org.apache.parquet.schema.Type> nestedRequested = new HashMap<>();
      if (nestedPlan != null) {
        for (org.apache.parquet.schema.Type field : nestedPlan.requested().getFields()) {
          nestedRequested.put(field.getId().intValue(), field);
        }
      }
      List<org.apache.parquet.schema.Type> requested = new ArrayList<>();
      List<org.apache.parquet.schema.Type> flatFields = new ArrayList<>();
      for (org.apache.parquet.schema.Type field : fileSchema.getFields()) {
        if (field.getId() == null) {
          continue;
        }
        ParquetFlatColumn column = flatById.get(field.getId().intValue());
        if (column != null && column.fileField == field) {
          flat.add(column);
          flatFields.add(field);
          requested.add(field);
        } else if (nestedRequested.containsKey(field.getId().intValue())) {
          requested.add(nestedRequested.remove(field.getId().intValue()));
        }
      }
      this.flatSchema = new MessageType(fileSchema.getName(), flatFields);
      Converter[] converters = new Converter[flat.size()];
      for (int i = 0; i < converters.length; i += 1) {
        converters[i] = flat.get(i).converter;
      }
      this.flatConverter = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return converters[fieldIndex];
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
      };
      if (!requested.isEmpty()) {
        reader.setRequestedSchema(new MessageType(fileSchema.getName(), requested));
      }
      planFirstColumns(flatById);
      this.pageFilter = boundFilter != null && nestedPlan == null && !flat.isEmpty() && PAGE_FILTER
          ? new ParquetPageFilter(boundFilter, ParquetFilterValues.columnsById(fileSchema)) : null;
    }

    /** Splits the flat columns for decodeRestOnlyIf, unless an id is not a top-level column read here. */
    private void planFirstColumns(Map<Integer, ParquetFlatColumn> flatById) {
      if (firstIds == null || nestedPlan != null) {
        return;
      }
      List<ParquetFlatColumn> first = new ArrayList<>();
      for (int id : firstIds) {
        ParquetFlatColumn column = flatById.get(id);
        if (column != null) {
          first.add(column);
        } else if (projection.columns().stream().noneMatch(field -> field.fieldId() == id)) {
          return; // not a column of the projection: decode everything
        } // else a constant column (not in the file), always filled
      }
      List<ParquetFlatColumn> others = new ArrayList<>(flat);
      others.removeAll(first);
      this.firstColumns = first;
      this.otherColumns = others;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      while (remaining == 0) {
        if (ranges != null && nextRange < ranges.size()) {
          startRange(ranges.get(nextRange));
          nextRange += 1;
          continue;
        }
        if (nextRowGroup >= rowGroups.size()) {
          return false;
        }
        openRowGroup(rowGroups.get(nextRowGroup));
        nextRowGroup += 1;
      }
      return true;
    }

    private void openRowGroup(int index) {
      BlockMetaData block = reader.getRowGroups().get(index);
      groupFirstRow = ParquetIO.firstRowIndex(reader.getFooter(), block);
      nextPosition = groupFirstRow;
      remaining = block.getRowCount();
      ranges = null;
      boolean readsNested = nestedPlan != null && !nestedPlan.requested().getFields().isEmpty();
      if (flat.isEmpty() && !readsNested) {
        return; // every column is a constant: only the row count is needed
      }
      try {
        RowRanges rows = pageFilter == null ? null
            : pageFilter.rowRanges(reader.getColumnIndexStore(index), block.getRowCount());
        PageReadStore pages;
        if (rows == null || rows.rowCount() == block.getRowCount()) {
          pages = reader.readRowGroup(index);
        } else if (rows.rowCount() == 0) {
          remaining = 0; // no page may hold a matching row
          return;
        } else {
          // only the pages holding rows of the ranges are read; batches follow the ranges (startRange)
          pages = reader.readFilteredRowGroup(index, rows);
          ranges = rows.getRanges();
          nextRange = 0;
          remaining = 0;
        }
        if (!flat.isEmpty()) {
          ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, flatConverter, flatSchema,
              reader.getFooter().getFileMetaData().getCreatedBy());
          List<ColumnDescriptor> descriptors = flatSchema.getColumns();
          Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
          for (ColumnChunkMetaData chunk : block.getColumns()) {
            chunks.put(chunk.getPath(), chunk);
          }
          for (int i = 0; i < flat.size(); i += 1) {
            ParquetFlatColumn column = flat.get(i);
            ColumnDescriptor descriptor = descriptors.get(i);
            // pages decoded in bulk where supported; parquet-mr's value-at-a-time reader otherwise
            if (BULK_DECODE && PageBatchDecoder.supports(descriptor, chunks.get(ColumnPath.get(descriptor.getPath())), column.mode)) {
              column.reader = null;
              column.pages = new PageBatchDecoder(file.location(), descriptor, pages.getPageReader(descriptor),
                  column.mode, column.vector);
            } else {
              column.pages = null;
              column.reader = store.getColumnReader(descriptor);
            }
          }
        }
        if (readsNested) {
          nestedRecords = columnIOFactory.getColumnIO(nestedPlan.requested(), fileSchema, true)
              .getRecordReader(pages, nestedPlan.materializer());
        }
      } catch (IOException | RuntimeException e) {
        throw translate(e, "cannot read row group " + index + " at offset " + block.getStartingPos());
      }
    }

    /** Positions every column at the first row of a range of a row group whose pages were filtered. */
    private void startRange(RowRanges.Range range) {
      nextPosition = groupFirstRow + range.from;
      remaining = range.to - range.from + 1;
      try {
        for (ParquetFlatColumn column : flat) {
          column.skipTo(range.from);
        }
      } catch (RuntimeException e) {
        throw translate(e, "cannot skip to the rows at position " + nextPosition);
      }
    }

    @Override
    public ColumnBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int rows = (int) Math.min(batchSize, remaining);
      batch.setRows(nextPosition, rows);
      try {
        if (firstColumns == null) {
          for (ParquetFlatColumn column : flat) {
            column.vector.reset(rows);
            column.read(rows);
          }
        } else {
          for (ParquetFlatColumn column : firstColumns) {
            column.vector.reset(rows);
            column.read(rows);
          }
          // a batch no row of which can match is dropped by the caller: its other columns are not decoded
          boolean decode = anyRowMatches.test(batch);
          for (ParquetFlatColumn column : otherColumns) {
            if (decode) {
              column.vector.reset(rows);
              column.read(rows);
            } else {
              column.skip(rows);
            }
          }
        }
        if (nestedPlan != null) {
          readNested(rows);
        }
      } catch (RuntimeException e) {
        throw translate(e, "cannot decode the rows at position " + nextPosition);
      }
      remaining -= rows;
      nextPosition += rows;
      return batch;
    }

    private void readNested(int rows) {
      for (ColumnVector vector : nestedVectors) {
        vector.reset(rows);
      }
      for (int i = 0; i < rows; i += 1) {
        Record record = nestedRecords == null ? nestedPlan.defaults() : nestedRecords.read();
        for (int pos = 0; pos < nestedVectors.size(); pos += 1) {
          nestedVectors.get(pos).setObject(i, record.get(pos));
        }
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          reader.close();
        } catch (IOException e) {
          throw new RuntimeIOException("Cannot close data file " + file.location(), e);
        }
      }
    }
  }

  /** Configures a {@link ParquetBatchReader}. */
  public static final class Builder {
    private final InputFile file;
    private Schema projection;
    private long start = 0;
    private long length = -1;
    private Expression filter = null;
    private boolean caseSensitive = true;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Set<Integer> firstIds = null;
    private Predicate<ColumnBatch> anyRowMatches = null;

    private Builder(InputFile file) {
      this.file = Objects.requireNonNull(file, "file is null");
    }

    /** The schema to read: the table schema, or a projection of it. Required. */
    public Builder project(Schema schema) {
      this.projection = Objects.requireNonNull(schema, "schema is null");
      return this;
    }

    /** Reads only the row groups that start in {@code [start, start + length)}, as the row reader does. */
    public Builder split(long splitStart, long splitLength) {
      if (splitStart < 0 || splitLength < 0) {
        throw new IllegalArgumentException("Invalid split [" + splitStart + ", +" + splitLength + ") of "
            + file.location() + ": start and length must not be negative");
      }
      this.start = splitStart;
      this.length = splitLength;
      return this;
    }

    /**
     * Skips row groups, and pages (through the file's column index) when no nested column is read, that
     * cannot hold a row matching {@code expression}; the other rows are all returned, so the caller still
     * applies the filter. Its columns must be projected.
     */
    public Builder filter(Expression expression) {
      this.filter = Objects.requireNonNull(expression, "expression is null");
      return this;
    }

    /** Whether the filter's column names are matched case-sensitively; true by default. */
    public Builder caseSensitive(boolean isCaseSensitive) {
      this.caseSensitive = isCaseSensitive;
      return this;
    }

    /**
     * Decodes the columns of {@code fieldIds} of each batch first, and the batch's other columns only when
     * {@code anyRowMatches} accepts the batch (seeing only those columns); in a batch it rejects, the other
     * columns are skipped without decoding and their vectors hold no valid values. For callers that drop
     * such rows anyway, such as a row filter on those columns. Ignored when a nested column is read or an
     * id is not a top-level column of the projection.
     */
    public Builder decodeRestOnlyIf(Set<Integer> fieldIds, Predicate<ColumnBatch> anyRowMatches) {
      this.firstIds = Set.copyOf(Objects.requireNonNull(fieldIds, "fieldIds is null"));
      this.anyRowMatches = Objects.requireNonNull(anyRowMatches, "anyRowMatches is null");
      return this;
    }

    /** The most rows per batch; 4096 by default. */
    public Builder batchSize(int rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("Invalid batch size " + rows + " for " + file.location() + ": must be positive");
      }
      this.batchSize = rows;
      return this;
    }

    /**
     * @throws ValidationException naming the column if there is no projection, or the filter names a
     *     column that is not projected or compares it with a value of another type
     */
    public ParquetBatchReader build() {
      if (projection == null) {
        throw new ValidationException(
            "Cannot read data file " + file.location() + ": no projection set; call project(schema)");
      }
      Expression bound = null;
      if (filter != null) {
        try {
          bound = Expressions.rewriteNot(Binder.bind(projection.asStruct(), filter, caseSensitive));
        } catch (ValidationException e) {
          throw new ValidationException("Cannot filter data file " + file.location() + ": " + e.getMessage(), e);
        }
      }
      return new ParquetBatchReader(this, bound);
    }
  }
}
