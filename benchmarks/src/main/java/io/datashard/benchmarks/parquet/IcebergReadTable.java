package io.datashard.benchmarks.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.types.Types;

/**
 * The Apache Iceberg side: a {@link HadoopTables} table written with {@link GenericAppenderFactory}
 * (Iceberg's generic Parquet appender), read by {@link IcebergGenerics}.
 */
final class IcebergReadTable implements ParquetReadBenchmark.ReadTable {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.optional(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.IntegerType.get()),
      Types.NestedField.optional(3, "amount", Types.DoubleType.get()),
      Types.NestedField.optional(4, "name", Types.StringType.get()),
      Types.NestedField.optional(5, "ts", Types.TimestampType.withoutZone()));
  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  private final Path root;
  private Table table;
  private long dataBytes = 0;

  IcebergReadTable(Path root) {
    this.root = root;
  }

  @Override
  public String name() {
    return "iceberg";
  }

  @Override
  public void write(long rows, int files) throws IOException {
    String location = root.resolve("table").toAbsolutePath().toString();
    table = new HadoopTables(new Configuration()).create(SCHEMA, PartitionSpec.unpartitioned(), Map.of(
        TableProperties.FORMAT_VERSION, "2",
        TableProperties.DEFAULT_FILE_FORMAT, "parquet",
        TableProperties.PARQUET_COMPRESSION, "zstd"), location);
    GenericAppenderFactory appenders = new GenericAppenderFactory(SCHEMA, PartitionSpec.unpartitioned());
    appenders.setAll(table.properties());
    long perFile = rows / files;
    long row = 0;
    for (int file = 0; file < files; file++) {
      long end = file == files - 1 ? rows : row + perFile;
      String path = location + "/data/iceberg-" + file + ".parquet";
      FileAppender<Record> appender = appenders.newAppender(table.io().newOutputFile(path), FileFormat.PARQUET);
      try (appender) {
        GenericRecord template = GenericRecord.create(SCHEMA);
        for (; row < end; row++) {
          GenericRecord record = template.copy();
          record.set(0, ParquetReadBenchmark.id(row));
          record.set(1, ParquetReadBenchmark.category(row));
          record.set(2, ParquetReadBenchmark.amount(row));
          record.set(3, ParquetReadBenchmark.name(row));
          record.set(4, EPOCH.plus(ParquetReadBenchmark.timestampMicros(row), ChronoUnit.MICROS));
          appender.add(record);
        }
      }
      DataFile dataFile = DataFiles.builder(PartitionSpec.unpartitioned())
          .withPath(path)
          .withFormat(FileFormat.PARQUET)
          .withFileSizeInBytes(appender.length())
          .withMetrics(appender.metrics())
          .withSplitOffsets(appender.splitOffsets())
          .build();
      dataBytes += dataFile.fileSizeInBytes();
      table.newAppend().appendFile(dataFile).commit();
    }
  }

  @Override
  public long[] readAll() throws IOException {
    long count = 0;
    long checksum = 0;
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        count++;
        // order-independent: the two libraries may read the files in a different order
        long hash = ((Long) record.get(0)).longValue();
        hash = hash * 31 + record.get(1).hashCode();
        hash = hash * 31 + record.get(2).hashCode();
        hash = hash * 31 + record.get(3).hashCode();
        // the same micros the Datashard side reads, so both checksums agree
        LocalDateTime ts = (LocalDateTime) record.get(4);
        hash = hash * 31 + ts.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + ts.getNano() / 1_000;
        checksum += hash * 0x9E3779B97F4A7C15L;
      }
    }
    return new long[] {count, checksum};
  }

  @Override
  public long dataBytes() {
    return dataBytes;
  }

  @Override
  public void close() {
  }
}
