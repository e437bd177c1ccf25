package io.datashard.data.avro;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.StructLike;
import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.data.ColumnMetrics;
import io.datashard.internal.data.MetricsConfig;
import io.datashard.internal.metadata.SchemaParser;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import io.datashard.types.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;

/**
 * Writes records to one Avro data file and describes it as a {@link DataFile} with the spec's column
 * metrics (value, null and NaN counts and bounds per field id, as {@code write.metadata.metrics.*}
 * configures).
 *
 * <pre>{@code
 * try (AvroDataWriter writer = AvroDataWriter.builder(io.newOutputFile(path))
 *     .schema(table.schema()).spec(table.spec()).partition(partition).properties(table.properties()).build()) {
 *   writer.write(record);
 * }
 * DataFile file = writer.toDataFile();
 * }</pre>
 *
 * <p>A write that fails (for example a value of the wrong type) ends the writer: close it and delete
 * the file, whose metrics are no longer known. Not thread-safe.
 */
public final class AvroDataWriter implements Closeable {
  /** Compression of Avro data files: {@code gzip} (default), {@code zstd}, {@code snappy} or {@code uncompressed}. */
  public static final String COMPRESSION_PROPERTY = "write.avro.compression-codec";
  public static final String COMPRESSION_DEFAULT = "gzip";
  static final String SCHEMA_METADATA_KEY = "iceberg.schema";

  private final OutputFile file;
  private final PartitionSpec spec;
  private final PartitionData partition;
  private final MetricsConfig metricsConfig;
  private final RecordDatumWriter datumWriter;
  private final DataFileWriter<StructLike> avro;
  private final CountingStream stream;
  private long recordCount = 0;
  private boolean closed = false;
  private RuntimeException failure = null;
  private DataFile dataFile = null;

  private AvroDataWriter(Builder builder) {
    this.file = builder.file;
    this.spec = builder.spec;
    this.partition = builder.partition;
    this.metricsConfig = MetricsConfig.from(builder.schema, builder.properties);
    if (partition.size() != spec.fields().size()) {
      throw new ValidationException("Cannot write data file " + file.location() + " of spec " + spec.specId()
          + ": the partition tuple has " + partition.size() + " values but the spec has " + spec.fields().size() + " fields");
    }
    org.apache.avro.Schema avroSchema = AvroSchemas.convert(builder.schema);
    CodecFactory codec = codec(builder.properties.getOrDefault(COMPRESSION_PROPERTY, COMPRESSION_DEFAULT));
    this.datumWriter = new RecordDatumWriter(builder.schema.asStruct());
    this.avro = new DataFileWriter<>(datumWriter);
    avro.setCodec(codec);
    avro.setMeta(SCHEMA_METADATA_KEY, SchemaParser.toJson(builder.schema));
    this.stream = new CountingStream(file.create());
    try {
      avro.create(avroSchema, stream);
    } catch (IOException | RuntimeException e) {
      RuntimeException failed = e instanceof IOException
          ? new RuntimeIOException("Cannot write the Avro header of data file " + file.location(), (IOException) e)
          : new DatashardException("Cannot write the Avro header of data file " + file.location() + ": " + e.getMessage(), e);
      try {
        stream.abandon();
      } catch (RuntimeException suppressed) {
        failed.addSuppressed(suppressed);
      }
      throw failed;
    }
  }

  private static CodecFactory codec(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "gzip":
        return CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL);
      case "zstd":
        requireClass("com.github.luben.zstd.Zstd", name, "com.github.luben:zstd-jni");
        return CodecFactory.zstandardCodec(CodecFactory.DEFAULT_ZSTANDARD_LEVEL);
      case "snappy":
        requireClass("org.xerial.snappy.Snappy", name, "org.xerial.snappy:snappy-java");
        return CodecFactory.snappyCodec();
      case "uncompressed":
      case "none":
        return CodecFactory.nullCodec();
      default:
        throw new ValidationException("Invalid table property " + COMPRESSION_PROPERTY + "=" + name
            + ": expected gzip, zstd, snappy or uncompressed");
    }
  }

  private static void requireClass(String className, String codec, String artifact) {
    try {
      Class.forName(className, false, AvroDataWriter.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ValidationException("Cannot write Avro data files with " + COMPRESSION_PROPERTY + "=" + codec
          + ": the codec needs " + artifact + " on the classpath; add it or choose gzip or uncompressed", e);
    }
  }

  public static Builder builder(OutputFile file) {
    return new Builder(file);
  }

  /**
   * Appends a record of the writer's schema.
   *
   * @throws ValidationException if a value does not fit its field; the writer cannot be used after
   */
  public void write(StructLike record) {
    Objects.requireNonNull(record, "record is null");
    if (closed) {
      throw new IllegalStateException("Cannot write to data file " + file.location() + ": the writer is closed");
    }
    if (failure != null) {
      throw new IllegalStateException("Cannot write to data file " + file.location() + ": an earlier write failed", failure);
    }
    try {
      avro.append(record);
      recordCount += 1;
    } catch (DataFileWriter.AppendWriteException e) {
      failure = e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
      throw failure;
    } catch (IOException e) {
      failure = new RuntimeIOException("Cannot write to data file " + file.location(), e);
      throw failure;
    } catch (AvroRuntimeException e) {
      failure = new DatashardException("Cannot write to data file " + file.location() + ": " + e.getMessage(), e);
      throw failure;
    }
  }

  /** Records written so far. */
  public long recordCount() {
    return recordCount;
  }

  /** Bytes written to storage so far; Avro buffers a block (about 64 KB) before it writes it. */
  public long length() {
    return stream.count();
  }

  public String location() {
    return file.location();
  }

  /**
   * Flushes the last block and closes the file. After a failed write the file is still closed (Avro
   * drops the failed record, so it holds the records before it), but {@link #toDataFile()} refuses
   * to describe it; delete it.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      avro.close();
    } catch (IOException | RuntimeException e) {
      RuntimeException closeFailure = e instanceof IOException
          ? new RuntimeIOException("Cannot close data file " + file.location(), (IOException) e) : (RuntimeException) e;
      if (failure == null) {
        throw closeFailure;
      }
      failure.addSuppressed(closeFailure);
    }
  }

  /**
   * The written file with its metrics, after {@link #close()}.
   *
   * @throws IllegalStateException if the writer is open or a write failed
   */
  public DataFile toDataFile() {
    if (!closed || failure != null) {
      throw new IllegalStateException("Cannot describe data file " + file.location() + ": "
          + (closed ? "a write failed, so the file is incomplete" : "close the writer first"));
    }
    if (dataFile == null) {
      ColumnMetrics metrics = ColumnMetrics.of(datumWriter.metrics(), metricsConfig);
      dataFile = DataFile.builder(spec)
          .withLocation(file.location())
          .withFormat(FileFormat.AVRO)
          .withPartition(partition)
          .withRecordCount(recordCount)
          .withFileSizeInBytes(stream.count())
          .withValueCounts(metrics.valueCounts())
          .withNullValueCounts(metrics.nullValueCounts())
          .withNanValueCounts(metrics.nanValueCounts())
          .withLowerBounds(metrics.lowerBounds())
          .withUpperBounds(metrics.upperBounds())
          .build();
    }
    return dataFile;
  }

  /** Counts bytes; a stream that is abandoned is never closed, so storage publishes nothing. */
  private static final class CountingStream extends OutputStream {
    private final PositionOutputStream out;
    private long count = 0;
    private boolean abandoned = false;

    CountingStream(PositionOutputStream out) {
      this.out = out;
    }

    long count() {
      return count;
    }

    void abandon() {
      abandoned = true;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count += 1;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (!abandoned) {
        out.close();
      }
    }
  }

  /** Configures an {@link AvroDataWriter}. */
  public static final class Builder {
    private final OutputFile file;
    private Schema schema;
    private PartitionSpec spec = PartitionSpec.unpartitioned();
    private PartitionData partition = PartitionData.empty();
    private Map<String, String> properties = Map.of();

    private Builder(OutputFile file) {
      this.file = Objects.requireNonNull(file, "file is null");
    }

    /** The schema of the records; required. */
    public Builder schema(Schema newSchema) {
      this.schema = Objects.requireNonNull(newSchema, "schema is null");
      return this;
    }

    /** The spec the file belongs to; unpartitioned by default. */
    public Builder spec(PartitionSpec newSpec) {
      this.spec = Objects.requireNonNull(newSpec, "spec is null");
      return this;
    }

    /** The partition tuple of every record in the file; empty by default. */
    public Builder partition(PartitionData newPartition) {
      this.partition = Objects.requireNonNull(newPartition, "partition is null");
      return this;
    }

    /** Table properties: metrics modes and {@code write.avro.compression-codec}. */
    public Builder properties(Map<String, String> newProperties) {
      this.properties = Map.copyOf(Objects.requireNonNull(newProperties, "properties is null"));
      return this;
    }

    /**
     * Creates the file and writes the Avro header.
     *
     * @throws io.datashard.exceptions.AlreadyExistsException if the file exists
     */
    public AvroDataWriter build() {
      if (schema == null) {
        throw new ValidationException("Cannot write data file " + file.location() + ": no schema set; call schema(...)");
      }
      return new AvroDataWriter(this);
    }
  }
}
