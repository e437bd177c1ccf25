package io.datashard.data;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterReaderTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "ts", Types.TimestampType.withZone()),
      optional(3, "data", Types.StringType.get()),
      optional(4, "tags", Types.ListType.ofOptional(5, Types.StringType.get()))));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 4).build();
  private static final long DAY_MICROS = 86_400_000_000L;

  @TempDir
  Path dir;

  private Table create(Map<String, String> properties) {
    return new PathTables(new LocalFileIO()).create(SCHEMA, SPEC, properties, dir.resolve("table").toString());
  }

  private static List<Record> rows(int count, long seed) {
    Random random = new Random(seed);
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i += 1) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.set("id", random.nextLong() % 1000);
      // three days, and a few rows without a timestamp (null partition)
      row.set("ts", i % 17 == 0 ? null : 19_000L * DAY_MICROS + random.nextInt(3) * DAY_MICROS + random.nextInt(1000));
      row.set("data", "row-" + i + "-" + Long.toHexString(random.nextLong()));
      row.set("tags", i % 5 == 0 ? null : List.of("t" + (i % 3)));
      rows.add(row);
    }
    return rows;
  }

  private static List<Record> readAll(CloseableIterable<Record> iterable) {
    List<Record> result = new ArrayList<>();
    try (iterable) {
      iterable.forEach(result::add);
    }
    return result;
  }

  private static List<DataFile> dataFiles(Table table) {
    return readAllFiles(table.dataFiles(table.currentSnapshot().orElseThrow()));
  }

  private static List<DataFile> readAllFiles(CloseableIterable<DataFile> files) {
    List<DataFile> result = new ArrayList<>();
    try (files) {
      files.forEach(result::add);
    }
    return result;
  }

  @Test
  void appendedRowsReadBackAsTheSameMultiset() {
    Table table = create(Map.of()); // no write.format.default: Parquet, as in Iceberg
    assertThat(readAll(TableReader.read(table))).isEmpty();
    List<Record> rows = rows(300, 1);
    List<DataFile> files;
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(rows);
      files = writer.commit();
    }

    assertThat(readAll(TableReader.read(table))).containsExactlyInAnyOrderElementsOf(rows);

    PartitionKey key = new PartitionKey(SPEC, SCHEMA);
    Map<PartitionData, Long> expectedCounts = new HashMap<>();
    for (Record row : rows) {
      expectedCounts.merge(key.partition(row), 1L, Long::sum);
    }
    List<DataFile> committed = dataFiles(table);
    assertThat(committed).hasSameSizeAs(files).hasSize(expectedCounts.size());
    for (DataFile file : committed) {
      assertThat(file.format()).isEqualTo(FileFormat.PARQUET); // Iceberg's default format
      assertThat(file.recordCount()).isEqualTo(expectedCounts.get(file.partition()));
      assertThat(file.location()).contains(SPEC.partitionToPath(file.partition()));
      // every row of a file belongs to the file's partition
      List<Record> fileRows = readAll(io.datashard.data.parquet.ParquetDataReader.builder(table.io().newInputFile(file.location()))
          .project(SCHEMA).build());
      assertThat(fileRows).hasSize((int) file.recordCount()).allSatisfy(
          row -> assertThat(key.partition(row)).isEqualTo(file.partition()));
    }
  }

  @Test
  void partitionKeyAppliesTheTransforms() {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.set("id", 34L);
    row.set("ts", 19_001L * DAY_MICROS + 5);
    PartitionData partition = new PartitionKey(SPEC, SCHEMA).partition(row);
    assertThat(partition).isEqualTo(PartitionData.of(
        Transforms.day().apply(Types.TimestampType.withZone(), 19_001L * DAY_MICROS + 5),
        Transforms.bucket(4).apply(Types.LongType.get(), 34L)));
    assertThat(partition.get(0, Integer.class)).isEqualTo(19_001);
  }

  @Test
  void filesRollAtTheTargetSizeAndSnapshotsReadByIdAndProjection() {
    Table table = create(Map.of("write.format.default", "avro", "write.target-file-size-bytes", "1", "write.avro.compression-codec", "uncompressed"));
    List<Record> first = rows(50, 2);
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(first).commit();
    }
    long firstSnapshot = table.currentSnapshot().orElseThrow().snapshotId();
    List<Record> second = rows(40, 3);
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(second).commit();
    }

    List<Record> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(readAll(TableReader.read(table))).containsExactlyInAnyOrderElementsOf(all);
    assertThat(readAll(TableReader.read(table, firstSnapshot))).containsExactlyInAnyOrderElementsOf(first);
    // with a 1-byte target every flushed block closes the file; the final block is flushed on close
    assertThat(dataFiles(table)).allSatisfy(file -> assertThat(file.recordCount()).isPositive());
    List<Object> ids = new ArrayList<>();
    for (Record row : all) {
      ids.add(row.get("id"));
    }
    assertThat(readAll(TableReader.read(table, SCHEMA.select("id"))))
        .extracting(row -> row.get(0)).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void rollingHappensOnceAFileReachesTheTargetSize() {
    Schema schema = new Schema(List.of(required(1, "payload", Types.StringType.get())));
    Table table = new PathTables(new LocalFileIO()).create(schema, PartitionSpec.unpartitioned(),
        Map.of("write.format.default", "avro", "write.target-file-size-bytes", "100000", "write.avro.compression-codec", "uncompressed"),
        dir.resolve("rolling").toString());
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i += 1) {
      GenericRecord row = GenericRecord.create(schema);
      row.set(0, String.format("%0100d", i));
      rows.add(row);
    }
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(rows).commit();
    }
    List<DataFile> files = dataFiles(table);
    // about 300 KB of rows with a 100 KB target: several files, none far beyond one Avro block over it
    assertThat(files.size()).isBetween(2, 4);
    assertThat(files).allSatisfy(file -> assertThat(file.fileSizeInBytes()).isLessThan(100_000 + 70_000));
    assertThat(readAll(TableReader.read(table))).containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void aWriterClosedWithoutCommitDeletesItsFiles() throws Exception {
    Table table = create(Map.of());
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(rows(20, 4));
    }
    GenericRecord bad = GenericRecord.create(SCHEMA);
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(rows(20, 5));
      assertThatThrownBy(() -> writer.write(bad)).isInstanceOf(ValidationException.class).hasMessageContaining("'id'");
      assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
    }
    Path data = dir.resolve("table").resolve("data");
    if (Files.exists(data)) {
      try (Stream<Path> files = Files.walk(data)) {
        assertThat(files.filter(Files::isRegularFile)).isEmpty();
      }
    }
    assertThat(table.refresh().currentSnapshot()).isEmpty();
  }

  @Test
  void tablesOfOtherFormatsAreRefused() {
    Table table = create(Map.of("write.format.default", "orc"));
    assertThatThrownBy(() -> TableWriter.append(table))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("write.format.default=orc");
  }

  @Test
  void snapshotsWithDeleteFilesReadWithoutTheDeletedRows() {
    Table table = create(Map.of());
    List<DataFile> files;
    try (TableWriter writer = TableWriter.append(table)) {
      files = writer.writeAll(rows(10, 6)).commit();
    }
    DataFile first = files.get(0);
    io.datashard.deletes.PositionDeleteWriter deletes = io.datashard.deletes.PositionDeleteWriter
        .builder(table.io().newOutputFile(dir.resolve("table/data/deletes.parquet").toString()))
        .spec(SPEC).partition(first.partition()).build();
    deletes.delete(first, 0);
    deletes.close();
    table.newRowDelta().addDeletes(deletes.toDeleteFile()).commit();
    List<Record> read = CloseableIterable.toList(TableReader.read(table.refresh()));
    assertThat(read).hasSize(9);
  }

  @Test
  void readingAnUnknownSnapshotFails() {
    Table table = create(Map.of());
    assertThatThrownBy(() -> TableReader.read(table, 42L))
        .isInstanceOf(io.datashard.exceptions.NotFoundException.class)
        .hasMessageContaining("42");
  }
}
