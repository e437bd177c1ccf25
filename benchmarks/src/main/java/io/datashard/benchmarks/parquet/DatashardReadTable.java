package io.datashard.benchmarks.parquet;

import io.datashard.DataFile;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.data.TableWriter;
import io.datashard.io.CloseableIterator;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Datashard side: a {@link PathTables} table written by {@link TableWriter}, read by {@link TableReader}. */
final class DatashardReadTable implements ParquetReadBenchmark.ReadTable {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.optional(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.IntegerType.get()),
      Types.NestedField.optional(3, "amount", Types.DoubleType.get()),
      Types.NestedField.optional(4, "name", Types.StringType.get()),
      Types.NestedField.optional(5, "ts", Types.TimestampType.withoutZone())));

  private final Path root;
  private Table table;
  private long dataBytes = 0;

  DatashardReadTable(Path root) {
    this.root = root;
  }

  @Override
  public String name() {
    return "datashard";
  }

  @Override
  public void write(long rows, int files) {
    table = new PathTables().create(SCHEMA, io.datashard.PartitionSpec.unpartitioned(), Map.of(
        TableProperties.FORMAT_VERSION, "2",
        TableProperties.DEFAULT_FILE_FORMAT, "parquet",
        "write.parquet.compression-codec", "zstd"), root.resolve("table").toAbsolutePath().toString());
    long perFile = rows / files;
    long row = 0;
    for (int file = 0; file < files; file++) {
      long end = file == files - 1 ? rows : row + perFile;
      try (TableWriter writer = TableWriter.append(table)) {
        GenericRecord template = GenericRecord.create(SCHEMA);
        for (; row < end; row++) {
          GenericRecord record = template.newRecord();
          record.set(0, ParquetReadBenchmark.id(row));
          record.set(1, ParquetReadBenchmark.category(row));
          record.set(2, ParquetReadBenchmark.amount(row));
          record.set(3, ParquetReadBenchmark.name(row));
          record.set(4, ParquetReadBenchmark.timestampMicros(row));
          writer.write(record);
        }
        for (DataFile written : writer.commit()) {
          dataBytes += written.fileSizeInBytes();
        }
      }
    }
  }

  @Override
  public long[] readAll() {
    long count = 0;
    long checksum = 0;
    try (CloseableIterator<Record> records = TableReader.read(table).iterator()) {
      while (records.hasNext()) {
        Record record = records.next();
        count++;
        // order-independent: the two libraries may read the files in a different order
        long hash = ((Long) record.get(0)).longValue();
        hash = hash * 31 + record.get(1).hashCode();
        hash = hash * 31 + record.get(2).hashCode();
        hash = hash * 31 + record.get(3).hashCode();
        hash = hash * 31 + ((Long) record.get(4)).longValue();
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
