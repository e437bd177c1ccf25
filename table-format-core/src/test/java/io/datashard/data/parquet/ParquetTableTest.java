package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.PartitionKey;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.data.TableWriter;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partitioned table written and read back in Parquet through TableWriter and TableReader. */
class ParquetTableTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "ts", Types.TimestampType.withZone()),
      optional(3, "data", Types.StringType.get()),
      optional(4, "tags", Types.ListType.ofOptional(5, Types.StringType.get())),
      optional(6, "amount", Types.DecimalType.of(12, 2)),
      optional(7, "u", Types.UUIDType.get())));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 4).build();
  private static final long DAY_MICROS = 86_400_000_000L;

  @TempDir
  Path dir;

  private static List<Record> rows(int count, long seed) {
    Random random = new Random(seed);
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i += 1) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.set("id", random.nextLong() % 1000);
      row.set("ts", i % 17 == 0 ? null : 19_000L * DAY_MICROS + random.nextInt(3) * DAY_MICROS + random.nextInt(1000));
      row.set("data", "row-" + i);
      row.set("tags", i % 5 == 0 ? null : List.of("t" + (i % 3)));
      row.set("amount", BigDecimal.valueOf(random.nextInt(1_000_000), 2));
      row.set("u", new UUID(random.nextLong(), random.nextLong()));
      rows.add(row);
    }
    return rows;
  }

  private static <T> List<T> all(CloseableIterable<T> iterable) {
    List<T> result = new ArrayList<>();
    try (iterable) {
      iterable.forEach(result::add);
    }
    return result;
  }

  @Test
  void partitionedTableRoundTripsInParquet() {
    Table table = new PathTables(new LocalFileIO()).create(SCHEMA, SPEC,
        Map.of("write.format.default", "parquet"), dir.resolve("table").toString());
    List<Record> first = rows(300, 1);
    List<Record> second = rows(100, 2);
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(first).commit();
    }
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(second).commit();
    }

    List<Record> expected = new ArrayList<>(first);
    expected.addAll(second);
    assertThat(all(TableReader.read(table))).containsExactlyInAnyOrderElementsOf(expected);

    PartitionKey key = new PartitionKey(SPEC, SCHEMA);
    Map<PartitionData, Long> counts = new HashMap<>();
    for (Record row : expected) {
      counts.merge(key.partition(row), 1L, Long::sum);
    }
    List<DataFile> files = all(table.dataFiles(table.currentSnapshot().orElseThrow()));
    long total = 0;
    for (DataFile file : files) {
      assertThat(file.format()).isEqualTo(FileFormat.PARQUET);
      assertThat(file.location()).endsWith(".parquet").contains(SPEC.partitionToPath(file.partition()));
      assertThat(file.splitOffsets()).isPresent();
      List<Record> fileRows = ParquetRoundTripTest.read(table.io(), file.location(), SCHEMA);
      assertThat(fileRows).hasSize((int) file.recordCount())
          .allSatisfy(row -> assertThat(key.partition(row)).isEqualTo(file.partition()));
      total += file.recordCount();
    }
    assertThat(total).isEqualTo(expected.size());
    assertThat(files.stream().map(DataFile::partition).distinct().count()).isEqualTo(counts.size());

    // a projection reads only the selected columns
    List<Object> ids = new ArrayList<>();
    expected.forEach(row -> ids.add(row.get("id")));
    assertThat(all(TableReader.read(table, SCHEMA.select("id"))))
        .extracting(row -> row.get(0)).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void tablesMixingAvroAndParquetFilesReadBoth() {
    Table table = new PathTables(new LocalFileIO()).create(SCHEMA, SPEC, Map.of("write.format.default", "avro"),
        dir.resolve("mixed").toString());
    List<Record> avroRows = rows(50, 3);
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(avroRows).commit();
    }
    table.updateProperties().set("write.format.default", "parquet").commit();
    List<Record> parquetRows = rows(50, 4);
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(parquetRows).commit();
    }
    List<DataFile> files = all(table.dataFiles(table.currentSnapshot().orElseThrow()));
    assertThat(files).extracting(DataFile::format).contains(FileFormat.AVRO, FileFormat.PARQUET);
    List<Record> expected = new ArrayList<>(avroRows);
    expected.addAll(parquetRows);
    assertThat(all(TableReader.read(table))).containsExactlyInAnyOrderElementsOf(expected);
  }
}
