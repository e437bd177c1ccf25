package io.datashard.data.avro;

import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.InputFile;
import io.datashard.io.SeekableInputStream;
import io.datashard.types.Schema;
import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Reads the records of an Avro data file, one at a time with memory bounded by one Avro block,
 * projected by field id onto an expected schema: columns are matched by id whatever their name or
 * position in the file; columns the file lacks read as their initial default (v3) or null;
 * promoted columns are widened; columns the projection does not select are skipped. Files of any
 * writer that stores field ids in the Avro schema (as Apache Iceberg does) read the same.
 *
 * <pre>{@code
 * try (CloseableIterator<Record> records = AvroDataReader.builder(io.newInputFile(path))
 *     .project(table.schema()).build().iterator()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Each call of {@code iterator()} opens the file; close the iterator. Every record returned is a
 * new object the caller may keep.
 */
public final class AvroDataReader implements CloseableIterable<Record> {
  private final InputFile file;
  private final Schema projection;
  private final long start;
  private final long length;

  private AvroDataReader(Builder builder) {
    this.file = builder.file;
    this.projection = builder.projection;
    this.start = builder.start;
    this.length = builder.length;
  }

  public static Builder builder(InputFile file) {
    return new Builder(file);
  }

  /**
   * Opens the file.
   *
   * @throws io.datashard.exceptions.NotFoundException if the file does not exist
   * @throws io.datashard.exceptions.ValidationException if a projected column cannot be read from the file
   */
  @Override
  public CloseableIterator<Record> iterator() {
    Input input = new Input(file);
    ProjectingDatumReader datumReader = new ProjectingDatumReader(file.location(), projection);
    DataFileReader<Record> avro;
    try {
      avro = new DataFileReader<>(input, datumReader);
    } catch (IOException | RuntimeException e) {
      RuntimeException failure = translate(e, "cannot read the Avro header");
      closeQuietly(input, failure);
      throw failure;
    }
    long firstRow = 0;
    try {
      if (length >= 0) {
        long headerEnd = avro.previousSync();
        avro.sync(start);
        if (avro.previousSync() > headerEnd) {
          firstRow = rowsBefore(headerEnd, avro.previousSync());
        }
      }
    } catch (IOException | RuntimeException e) {
      RuntimeException failure = translate(e, "cannot find the block at offset " + start);
      closeQuietly(avro, failure);
      throw failure;
    }
    return new RecordIterator(avro, firstRow);
  }

  /**
   * Counts the rows of the blocks between the header and {@code blockStart} from the block headers
   * alone (count and size), seeking over the block data, so that a split knows its rows' positions.
   */
  private long rowsBefore(long headerEnd, long blockStart) throws IOException {
    long rows = 0;
    try (SeekableInputStream in = file.newStream()) {
      org.apache.avro.io.BinaryDecoder decoder = org.apache.avro.io.DecoderFactory.get().directBinaryDecoder(in, null);
      long position = headerEnd;
      while (position < blockStart) {
        in.seek(position);
        long count = decoder.readLong();
        long size = decoder.readLong();
        rows += count;
        position = in.position() + size + org.apache.avro.file.DataFileConstants.SYNC_SIZE;
      }
    }
    return rows;
  }

  private RuntimeException translate(Exception e, String what) {
    String message = "Cannot read data file " + file.location() + ": " + what;
    if (e instanceof DatashardException) {
      return (DatashardException) e;
    } else if (e instanceof IOException) {
      return new RuntimeIOException(message, (IOException) e);
    } else if (e instanceof AvroRuntimeException) {
      return new CorruptMetadataException(message + " (" + e.getMessage() + ")", e);
    }
    return (RuntimeException) e;
  }

  private static void closeQuietly(java.io.Closeable closeable, RuntimeException failure) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private final class RecordIterator implements PositionedRecordIterator {
    private final DataFileReader<Record> avro;
    private long position;
    private boolean closed = false;

    RecordIterator(DataFileReader<Record> avro, long firstRow) {
      this.avro = avro;
      this.position = firstRow - 1;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      try {
        return avro.hasNext() && (length < 0 || !avro.pastSync(start + length));
      } catch (IOException | RuntimeException e) {
        throw translate(e, "cannot read the next block");
      }
    }

    @Override
    public Record next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        Record record = avro.next();
        position += 1;
        return record;
      } catch (RuntimeException e) {
        throw translate(e, "cannot decode a record");
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          avro.close();
        } catch (IOException e) {
          throw new RuntimeIOException("Cannot close data file " + file.location(), e);
        }
      }
    }
  }

  /** Builds the projection when Avro hands over the file's schema, then converts each datum. */
  private static final class ProjectingDatumReader implements DatumReader<Record> {
    private final String location;
    private final Schema projection;
    private AvroProjection plan;
    private GenericDatumReader<Object> reader;

    ProjectingDatumReader(String location, Schema projection) {
      this.location = location;
      this.projection = projection;
    }

    @Override
    public void setSchema(org.apache.avro.Schema fileSchema) {
      this.plan = AvroProjection.of(location, projection.asStruct(), fileSchema);
      this.reader = new GenericDatumReader<>(fileSchema, plan.readSchema());
    }

    @Override
    public Record read(Record reuse, Decoder in) throws IOException {
      return plan.convert(reader.read(null, in));
    }
  }

  /** Avro's view of an {@link InputFile}. */
  private static final class Input implements SeekableInput {
    private final InputFile file;
    private SeekableInputStream stream = null;
    private long fileLength = -1L;

    Input(InputFile file) {
      this.file = file;
    }

    private SeekableInputStream stream() {
      if (stream == null) {
        stream = file.newStream();
      }
      return stream;
    }

    @Override
    public void seek(long position) throws IOException {
      stream().seek(position);
    }

    @Override
    public long tell() throws IOException {
      return stream().position();
    }

    @Override
    public long length() {
      if (fileLength < 0) {
        fileLength = file.length();
      }
      return fileLength;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
      return stream().read(buffer, offset, count);
    }

    @Override
    public void close() throws IOException {
      if (stream != null) {
        stream.close();
      }
    }
  }

  /** Configures an {@link AvroDataReader}. */
  public static final class Builder {
    private final InputFile file;
    private Schema projection;
    private long start = 0;
    private long length = -1;

    private Builder(InputFile file) {
      this.file = Objects.requireNonNull(file, "file is null");
    }

    /** The schema to read: the table schema, or a projection of it such as {@code schema.select(...)}. Required. */
    public Builder project(Schema schema) {
      this.projection = Objects.requireNonNull(schema, "schema is null");
      return this;
    }

    /**
     * Reads only the Avro blocks that start in {@code [start, start + length)}, so that splits of one
     * file read every record exactly once.
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

    public AvroDataReader build() {
      if (projection == null) {
        throw new io.datashard.exceptions.ValidationException(
            "Cannot read data file " + file.location() + ": no projection set; call project(schema)");
      }
      return new AvroDataReader(this);
    }
  }
}
