package io.datashard.data.parquet;

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
import io.datashard.types.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * Writes records to one Parquet data file and describes it as a {@link DataFile} with the spec's
 * column metrics (value, null and NaN counts and bounds per field id, as
 * {@code write.metadata.metrics.*} configures), column sizes and split offsets (the start of each
 * row group).
 *
 * <pre>{@code
 * try (ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(path))
 *     .schema(table.schema()).spec(table.spec()).partition(partition).properties(table.properties()).build()) {
 *   writer.write(record);
 * }
 * DataFile file = writer.toDataFile();
 * }</pre>
 *
 * <p>Table properties: {@code write.parquet.compression-codec} ({@code zstd} by default, or
 * {@code snappy}, {@code gzip}, {@code lz4}, {@code uncompressed}), {@code
 * write.parquet.row-group-size-bytes}, {@code write.parquet.page-size-bytes}, {@code
 * write.parquet.page-row-limit}, {@code write.parquet.dict-size-bytes} and {@code
 * write.parquet.row-group-check-min-record-count} / {@code -max-record-count}.
 *
 * <p>A write that fails (for example a value of the wrong type) ends the writer: close it and
 * delete the file, which is incomplete (a half-written row cannot be flushed as a row group). Not
 * thread-safe.
 */
public final class ParquetDataWriter implements Closeable {
  public static final String COMPRESSION_PROPERTY = "write.parquet.compression-codec";
  public static final String COMPRESSION_DEFAULT = "zstd";
  public static final String ROW_GROUP_SIZE_PROPERTY = "write.parquet.row-group-size-bytes";
  public static final long ROW_GROUP_SIZE_DEFAULT = 128L * 1024 * 1024;
  public static final String PAGE_SIZE_PROPERTY = "write.parquet.page-size-bytes";
  public static final int PAGE_SIZE_DEFAULT = 1024 * 1024;
  public static final String PAGE_ROW_LIMIT_PROPERTY = "write.parquet.page-row-limit";
  public static final int PAGE_ROW_LIMIT_DEFAULT = 20_000;
  public static final String DICT_SIZE_PROPERTY = "write.parquet.dict-size-bytes";
  public static final int DICT_SIZE_DEFAULT = 2 * 1024 * 1024;
  public static final String ROW_GROUP_CHECK_MIN_PROPERTY = "write.parquet.row-group-check-min-record-count";
  public static final int ROW_GROUP_CHECK_MIN_DEFAULT = 100;
  public static final String ROW_GROUP_CHECK_MAX_PROPERTY = "write.parquet.row-group-check-max-record-count";
  public static final int ROW_GROUP_CHECK_MAX_DEFAULT = 10_000;
  static final String SCHEMA_METADATA_KEY = "iceberg.schema";

  private final OutputFile file;
  private final PartitionSpec spec;
  private final PartitionData partition;
  private final MetricsConfig metricsConfig;
  private final RecordWriteSupport writeSupport;
  private final ParquetIO.Output output;
  private final ParquetFileSink parquet;
  private final Map<String, String> footerMetadata;
  private long recordCount = 0;
  private boolean closed = false;
  private RuntimeException failure = null;
  private long fileSize = -1;
  private DataFile dataFile = null;

  private ParquetDataWriter(Builder builder) {
    this.file = builder.file;
    this.spec = builder.spec;
    this.partition = builder.partition;
    Map<String, String> properties = builder.properties;
    this.metricsConfig = MetricsConfig.from(builder.schema, properties);
    if (partition.size() != spec.fields().size()) {
      throw new ValidationException("Cannot write data file " + file.location() + " of spec " + spec.specId()
          + ": the partition tuple has " + partition.size() + " values but the spec has " + spec.fields().size() + " fields");
    }
    MessageType parquetSchema = ParquetSchemas.convert(builder.schema);
    CompressionCodecName codec = codec(properties.getOrDefault(COMPRESSION_PROPERTY, COMPRESSION_DEFAULT));
    this.writeSupport = new RecordWriteSupport(builder.schema.asStruct(), parquetSchema);
    this.footerMetadata = Map.of(SCHEMA_METADATA_KEY, SchemaParser.toJson(builder.schema));
    long rowGroupSize = longProperty(properties, ROW_GROUP_SIZE_PROPERTY, ROW_GROUP_SIZE_DEFAULT);
    ParquetProperties parquetProperties = ParquetProperties.builder()
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
        .withPageSize(intProperty(properties, PAGE_SIZE_PROPERTY, PAGE_SIZE_DEFAULT))
        .withPageRowCountLimit(intProperty(properties, PAGE_ROW_LIMIT_PROPERTY, PAGE_ROW_LIMIT_DEFAULT))
        .withDictionaryPageSize(intProperty(properties, DICT_SIZE_PROPERTY, DICT_SIZE_DEFAULT))
        .withMinRowCountForPageSizeCheck(intProperty(properties, ROW_GROUP_CHECK_MIN_PROPERTY, ROW_GROUP_CHECK_MIN_DEFAULT))
        .withMaxRowCountForPageSizeCheck(intProperty(properties, ROW_GROUP_CHECK_MAX_PROPERTY, ROW_GROUP_CHECK_MAX_DEFAULT))
        .build();
    this.output = ParquetIO.output(file);
    try {
      this.parquet = new ParquetFileSink(output, parquetSchema, parquetProperties, codec, rowGroupSize, writeSupport);
    } catch (IOException | RuntimeException e) {
      RuntimeException failed = e instanceof DatashardException ? (RuntimeException) e
          : e instanceof IOException
          ? new RuntimeIOException("Cannot create Parquet data file " + file.location(), (IOException) e)
          : new DatashardException("Cannot create Parquet data file " + file.location() + ": " + e.getMessage(), e);
      ParquetIO.Stream stream = output.stream();
      if (stream != null) {
        stream.abandon();
      }
      throw failed;
    }
  }

  private static CompressionCodecName codec(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "zstd":
        return CompressionCodecName.ZSTD;
      case "snappy":
        return CompressionCodecName.SNAPPY;
      case "gzip":
        return CompressionCodecName.GZIP;
      case "lz4":
        return CompressionCodecName.LZ4_RAW;
      case "uncompressed":
      case "none":
        return CompressionCodecName.UNCOMPRESSED;
      default:
        throw new ValidationException("Invalid table property " + COMPRESSION_PROPERTY + "=" + name
            + ": expected zstd, snappy, gzip, lz4 or uncompressed");
    }
  }

  private static long longProperty(Map<String, String> properties, String name, long defaultValue) {
    String value = properties.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed <= 0) {
        throw new NumberFormatException("not positive");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ValidationException("Invalid table property " + name + "=" + value + ": expected a positive number", e);
    }
  }

  private static int intProperty(Map<String, String> properties, String name, int defaultValue) {
    long value = longProperty(properties, name, defaultValue);
    if (value > Integer.MAX_VALUE) {
      throw new ValidationException("Invalid table property " + name + "=" + value + ": at most " + Integer.MAX_VALUE);
    }
    return (int) value;
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
      writeSupport.write(record);
      parquet.recordWritten();
      recordCount += 1;
    } catch (DatashardException e) {
      failure = e;
      throw e;
    } catch (IOException e) {
      failure = new RuntimeIOException("Cannot write to data file " + file.location(), e);
      throw failure;
    } catch (RuntimeException e) {
      failure = new DatashardException("Cannot write to data file " + file.location() + ": " + e.getMessage(), e);
      throw failure;
    }
  }

  /** Records written so far. */
  public long recordCount() {
    return recordCount;
  }

  /** The file's size so far: bytes written plus the buffered row group's estimated size. */
  public long length() {
    return fileSize >= 0 ? fileSize : parquet.dataSize();
  }

  public String location() {
    return file.location();
  }

  /**
   * Flushes the last row group, writes the footer and closes the file. After a failed write the
   * file is closed incomplete and {@link #toDataFile()} refuses to describe it; delete it.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (failure != null) {
      // the failed row is half in Parquet's column buffers, so no valid row group can be written:
      // end the stream as it is and leave the incomplete file for the caller to delete
      try {
        parquet.abandon();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
      try {
        output.stream().close();
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
      return;
    }
    try {
      parquet.close(footerMetadata);
      fileSize = output.stream().getPos();
    } catch (IOException | RuntimeException e) {
      RuntimeException closeFailure = e instanceof IOException
          ? new RuntimeIOException("Cannot close data file " + file.location(), (IOException) e) : (RuntimeException) e;
      if (failure == null) {
        failure = closeFailure;
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
      ParquetMetadata footer = parquet.footer();
      writeSupport.addStatisticsBounds(footer);
      ColumnMetrics metrics = ColumnMetrics.of(writeSupport.metrics(), metricsConfig);
      List<Long> splitOffsets = new ArrayList<>();
      Map<Integer, Long> columnSizes = new HashMap<>();
      for (BlockMetaData block : footer.getBlocks()) {
        splitOffsets.add(block.getStartingPos());
        for (ColumnChunkMetaData column : block.getColumns()) {
          org.apache.parquet.schema.Type.ID id = column.getPrimitiveType().getId();
          if (id != null && metricsConfig.mode(id.intValue()).keepsCounts()) {
            columnSizes.merge(id.intValue(), column.getTotalSize(), Long::sum);
          }
        }
      }
      splitOffsets.sort(null);
      dataFile = DataFile.builder(spec)
          .withLocation(file.location())
          .withFormat(FileFormat.PARQUET)
          .withPartition(partition)
          .withRecordCount(recordCount)
          .withFileSizeInBytes(fileSize)
          .withColumnSizes(columnSizes)
          .withValueCounts(metrics.valueCounts())
          .withNullValueCounts(metrics.nullValueCounts())
          .withNanValueCounts(metrics.nanValueCounts())
          .withLowerBounds(metrics.lowerBounds())
          .withUpperBounds(metrics.upperBounds())
          .withSplitOffsets(splitOffsets)
          .build();
    }
    return dataFile;
  }

  /** Configures a {@link ParquetDataWriter}. */
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

    /** Table properties: metrics modes and the {@code write.parquet.*} settings. */
    public Builder properties(Map<String, String> newProperties) {
      this.properties = Map.copyOf(Objects.requireNonNull(newProperties, "properties is null"));
      return this;
    }

    /**
     * Creates the file.
     *
     * @throws io.datashard.exceptions.AlreadyExistsException if the file exists
     */
    public ParquetDataWriter build() {
      if (schema == null) {
        throw new ValidationException("Cannot write data file " + file.location() + ": no schema set; call schema(...)");
      }
      return new ParquetDataWriter(this);
    }
  }
}
