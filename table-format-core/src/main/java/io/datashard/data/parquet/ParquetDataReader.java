package io.datashard.data.parquet;

import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the records of a Parquet data file, one at a time with memory bounded by one row group's
 * projected columns, projected by field id onto an expected schema: columns are matched by id
 * whatever their name or position in the file; columns the file lacks read as their initial
 * default (v3) or null; promoted columns are widened; columns the projection does not select are
 * never read. Files of any writer that stores field ids in the Parquet schema (as Apache Iceberg
 * does) read the same.
 *
 * <pre>{@code
 * try (CloseableIterator<Record> records = ParquetDataReader.builder(io.newInputFile(path))
 *     .project(table.schema()).build().iterator()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Each call of {@code iterator()} opens the file; close the iterator. Every record returned is a
 * new object the caller may keep.
 *
 * <p>With a {@link Builder#filter filter}, row groups that cannot hold a matching row, by their
 * column statistics or by the dictionaries of {@code =} and {@code in} columns, are not read. The
 * rows of the row groups that are read are all returned, matching or not: the caller applies the
 * filter (or the scan task's residual) to them. Record positions stay the rows' indexes in the whole
 * file.
 */
public final class ParquetDataReader implements CloseableIterable<Record> {
  private final InputFile file;
  private final Schema projection;
  private final long start;
  private final long length;
  private final Expression boundFilter;

  private ParquetDataReader(Builder builder, Expression boundFilter) {
    this.file = builder.file;
    this.projection = builder.projection;
    this.start = builder.start;
    this.length = builder.length;
    this.boundFilter = boundFilter;
  }

  public static Builder builder(InputFile file) {
    return new Builder(file);
  }

  /**
   * Opens the file and reads its footer.
   *
   * @throws io.datashard.exceptions.NotFoundException if the file does not exist
   * @throws CorruptMetadataException if the file is not a readable Parquet file
   * @throws ValidationException if a projected column cannot be read from the file
   */
  @Override
  public CloseableIterator<Record> iterator() {
    ParquetFileReader reader;
    try {
      ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
      reader = ParquetFileReader.open(ParquetIO.input(file), options);
    } catch (IOException | RuntimeException e) {
      throw translate(e, "cannot read the Parquet footer");
    }
    try {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      ParquetProjection plan = ParquetProjection.of(file.location(), projection.asStruct(), fileSchema);
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
        long rowGroupStart = blocks.get(i).getStartingPos();
        if ((length < 0 || (rowGroupStart >= start && rowGroupStart < start + length))
            && (metricsFilter == null || (metricsFilter.shouldRead(blocks.get(i))
                && dictionaryFilter.shouldRead(reader, blocks.get(i))))) {
          rowGroups.add(i);
        }
      }
      if (!plan.requested().getFields().isEmpty()) {
        reader.setRequestedSchema(plan.requested());
      }
      return new RecordIterator(reader, fileSchema, plan, rowGroups);
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

  private RuntimeException translate(Exception e, String what) {
    String message = "Cannot read data file " + file.location() + ": " + what;
    if (e instanceof NotFoundException) {
      return new NotFoundException("Cannot read data file " + file.location() + ": it does not exist in storage; it was "
          + "deleted or moved while table metadata still references it; restore it or remove it from the table", e);
    } else if (e instanceof DatashardException) {
      return (DatashardException) e;
    } else if (e instanceof IOException && isUndecodable(e)) {
      return new CorruptMetadataException(message + ": the file is corrupt (" + e.getMessage() + ")", e);
    } else if (e instanceof IOException) {
      return new RuntimeIOException(message, (IOException) e);
    }
    return new CorruptMetadataException(message + " (" + e.getMessage() + ")", e);
  }

  /** Parquet reports footer metadata it cannot decode as an IOException caused by a Thrift exception. */
  private static boolean isUndecodable(Exception e) {
    return e.getCause() != null && e.getCause().getClass().getName().contains(".thrift.");
  }

  private static void closeQuietly(java.io.Closeable closeable, RuntimeException failure) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private final class RecordIterator implements PositionedRecordIterator {
    private final ParquetFileReader reader;
    private final MessageType fileSchema;
    private final ParquetProjection plan;
    private final List<Integer> rowGroups;
    private final ColumnIOFactory columnIOFactory;
    private int nextRowGroup = 0;
    private RecordReader<Record> records = null;
    private long remaining = 0;
    private long position = -1;
    private boolean closed = false;

    RecordIterator(ParquetFileReader reader, MessageType fileSchema, ParquetProjection plan, List<Integer> rowGroups) {
      this.reader = reader;
      this.fileSchema = fileSchema;
      this.plan = plan;
      this.rowGroups = rowGroups;
      this.columnIOFactory = new ColumnIOFactory(reader.getFooter().getFileMetaData().getCreatedBy());
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      while (remaining == 0) {
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
      position = ParquetIO.firstRowIndex(reader.getFooter(), block) - 1;
      if (plan.requested().getFields().isEmpty()) {
        // no column of the file is needed: every row is the projection's defaults
        records = null;
        remaining = block.getRowCount();
        return;
      }
      try {
        PageReadStore pages = reader.readRowGroup(index);
        MessageColumnIO columnIO = columnIOFactory.getColumnIO(plan.requested(), fileSchema, true);
        records = columnIO.getRecordReader(pages, plan.materializer());
        remaining = pages.getRowCount();
      } catch (IOException | RuntimeException e) {
        throw translate(e, "cannot read row group " + index + " at offset " + block.getStartingPos());
      }
    }

    @Override
    public Record next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      remaining -= 1;
      position += 1;
      if (records == null) {
        return plan.defaults();
      }
      try {
        return records.read();
      } catch (RuntimeException e) {
        throw translate(e, "cannot decode a record");
      }
    }

    @Override
    public long position() {
      return position;
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

  /** Configures a {@link ParquetDataReader}. */
  public static final class Builder {
    private final InputFile file;
    private Schema projection;
    private long start = 0;
    private long length = -1;
    private Expression filter = null;
    private boolean caseSensitive = true;

    private Builder(InputFile file) {
      this.file = Objects.requireNonNull(file, "file is null");
    }

    /** The schema to read: the table schema, or a projection of it such as {@code schema.select(...)}. Required. */
    public Builder project(Schema schema) {
      this.projection = Objects.requireNonNull(schema, "schema is null");
      return this;
    }

    /**
     * Reads only the row groups that start in {@code [start, start + length)}, so that splits of one
     * file on its split offsets read every record exactly once.
     */
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
     * Skips row groups that cannot hold a row matching {@code expression}, judged by the footer's
     * column statistics and by dictionary pages. Only whole row groups are skipped: rows of the row
     * groups read are returned whether they match or not, so the caller still applies the filter
     * (or its residual). The filter is bound to the projected schema, so its columns must be projected.
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
     * @throws ValidationException naming the column if there is no projection, or the filter names a
     *     column that is not projected or compares it with a value of another type
     */
    public ParquetDataReader build() {
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
      return new ParquetDataReader(this, bound);
    }
  }
}
