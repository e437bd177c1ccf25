package io.datashard.data.deletes;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.ScanTaskReader;
import io.datashard.data.TableReader;
import io.datashard.data.TableWriter;
import io.datashard.data.avro.AvroDataWriter;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.deletes.DeletionVector;
import io.datashard.deletes.DeletionVectorWriter;
import io.datashard.deletes.EqualityDeleteWriter;
import io.datashard.deletes.PositionDeleteWriter;
import io.datashard.expressions.Expressions;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.Scan;
import io.datashard.scan.TableScan;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TableReaderDeletesTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "data", Types.StringType.get()),
      optional(3, "price", Types.DecimalType.of(9, 2)),
      optional(4, "tag", Types.BinaryType.get())));

  @TempDir
  Path dir;

  private Table create(int formatVersion, FileFormat format, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("format-version", Integer.toString(formatVersion));
    properties.put("write.format.default", format.name().toLowerCase(java.util.Locale.ROOT));
    return new PathTables(new LocalFileIO()).create(SCHEMA, PartitionSpec.unpartitioned(), properties,
        dir.resolve("t").toString());
  }

  private static Record row(long id) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.set(0, id);
    row.set(1, "d" + id);
    row.set(2, new BigDecimal(id).movePointLeft(2).setScale(2));
    row.set(3, ByteBuffer.wrap(new byte[] {(byte) (id % 3)}));
    return row;
  }

  private static List<Record> rows(long from, long to) {
    List<Record> rows = new ArrayList<>();
    for (long id = from; id < to; id += 1) {
      rows.add(row(id));
    }
    return rows;
  }

  /** Appends the rows as one data file (the table is unpartitioned and small). */
  private static DataFile append(Table table, List<Record> rows) {
    try (TableWriter writer = TableWriter.append(table)) {
      List<DataFile> files = writer.writeAll(rows).commit();
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }

  private DataFile writeDataFile(Table table, FileFormat format, List<Record> rows) {
    String location = dir.resolve("t/data/extra-" + UUID.randomUUID() + "." + format.name().toLowerCase(java.util.Locale.ROOT)).toString();
    if (format == FileFormat.PARQUET) {
      try (ParquetDataWriter writer = ParquetDataWriter.builder(table.io().newOutputFile(location)).schema(SCHEMA).build()) {
        rows.forEach(writer::write);
        writer.close();
        return writer.toDataFile();
      }
    }
    try (AvroDataWriter writer = AvroDataWriter.builder(table.io().newOutputFile(location)).schema(SCHEMA).build()) {
      rows.forEach(writer::write);
      writer.close();
      return writer.toDataFile();
    }
  }

  private DeleteFile positionDeletes(Table table, FileFormat format, String dataFile, long... positions) {
    PositionDeleteWriter writer = PositionDeleteWriter.builder(table.io().newOutputFile(
        dir.resolve("t/data/pos-" + UUID.randomUUID()).toString())).format(format).build();
    for (int i = positions.length - 1; i >= 0; i -= 1) { // out of order on purpose: the writer sorts
      writer.delete(dataFile, positions[i]);
    }
    writer.close();
    return writer.toDeleteFile();
  }

  private DeleteFile equalityDeletes(Table table, FileFormat format, Schema deleteSchema, List<Integer> ids, List<Record> keys) {
    EqualityDeleteWriter writer = EqualityDeleteWriter.builder(table.io().newOutputFile(
        dir.resolve("t/data/eq-" + UUID.randomUUID()).toString())).format(format).schema(deleteSchema)
        .equalityFieldIds(ids).build();
    keys.forEach(writer::write);
    writer.close();
    return writer.toDeleteFile();
  }

  private static List<Long> ids(CloseableIterable<Record> records) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterator<Record> it = records.iterator()) {
      while (it.hasNext()) {
        ids.add((Long) it.next().get("id"));
      }
    }
    return ids;
  }

  private static List<Long> longs(long from, long to, long... without) {
    List<Long> result = new ArrayList<>();
    outer:
    for (long id = from; id < to; id += 1) {
      for (long skip : without) {
        if (skip == id) {
          continue outer;
        }
      }
      result.add(id);
    }
    return result;
  }

  @ParameterizedTest
  @EnumSource(value = FileFormat.class, names = {"PARQUET", "AVRO"})
  void positionDeletesRemoveExactlyTheirRowsOfTheirFile(FileFormat format) {
    Table table = create(2, format, Map.of());
    DataFile first = append(table, rows(0, 10));
    DataFile second = append(table, rows(100, 105));
    DeleteFile deletes = positionDeletes(table, format, first.location(), 1, 3, 9);
    assertThat(deletes.content()).isEqualTo(FileContent.POSITION_DELETES);
    assertThat(deletes.recordCount()).isEqualTo(3);
    assertThat(deletes.referencedDataFile()).contains(first.location());
    assertThat(deletes.lowerBounds()).containsKeys(PositionDeleteWriter.FILE_PATH_ID, PositionDeleteWriter.POS_ID);
    table.newRowDelta().addDeletes(deletes).commit();
    // a second file deleting from both files references no single file
    PositionDeleteWriter both = PositionDeleteWriter.builder(table.io().newOutputFile(dir.resolve("t/data/both").toString()))
        .format(format).build();
    both.delete(second, 0).delete(first, 0).delete(first, 3);
    both.close();
    assertThat(both.toDeleteFile().referencedDataFile()).isEmpty();
    table.newRowDelta().addDeletes(both.toDeleteFile()).commit();

    assertThat(ids(TableReader.read(table.refresh()))).containsExactlyInAnyOrderElementsOf(
        concat(longs(0, 10, 0, 1, 3, 9), longs(101, 105)));
  }

  @ParameterizedTest
  @EnumSource(value = FileFormat.class, names = {"PARQUET", "AVRO"})
  void equalityDeletesApplyOnlyToOlderData(FileFormat format) {
    Table table = create(2, format, Map.of());
    append(table, rows(0, 10));
    // one commit adds new rows (ids 3 and 20) and deletes ids 3 and 4: the deletes do not reach its own rows
    DataFile sameCommit = writeDataFile(table, format, List.of(row(3), row(20)));
    Schema keySchema = SCHEMA.select("id");
    DeleteFile byId = equalityDeletes(table, format, keySchema, List.of(1), List.of(key(keySchema, 3L), key(keySchema, 4L)));
    assertThat(byId.content()).isEqualTo(FileContent.EQUALITY_DELETES);
    assertThat(byId.equalityFieldIds()).containsExactly(1);
    table.newRowDelta().addRows(sameCommit).addDeletes(byId).commit();
    // rows added after the delete are not deleted
    append(table, List.of(row(4)));
    assertThat(ids(TableReader.read(table.refresh()))).containsExactlyInAnyOrderElementsOf(
        concat(longs(0, 10, 3, 4), List.of(3L, 20L, 4L)));
  }

  @Test
  void equalityDeletesCompareDecimalsAndBinaryByValueAndNullMatchesNull() {
    Table table = create(2, FileFormat.PARQUET, Map.of());
    List<Record> data = rows(0, 6);
    data.get(5).set(2, null);
    append(table, data);
    Schema keySchema = SCHEMA.select("price", "tag");
    GenericRecord decimalAndTag = GenericRecord.create(keySchema);
    decimalAndTag.set(0, new BigDecimal("0.01"));
    decimalAndTag.set(1, ByteBuffer.wrap(new byte[] {1}));
    GenericRecord nullPrice = GenericRecord.create(keySchema);
    nullPrice.set(0, null);
    nullPrice.set(1, ByteBuffer.wrap(new byte[] {2})); // id 5: 5 % 3 == 2
    table.newRowDelta().addDeletes(equalityDeletes(table, FileFormat.PARQUET, keySchema, List.of(3, 4),
        List.of(decimalAndTag, nullPrice))).commit();
    assertThat(ids(TableReader.read(table.refresh()))).containsExactlyInAnyOrderElementsOf(longs(0, 6, 1, 5));
  }

  @ParameterizedTest
  @EnumSource(value = FileFormat.class, names = {"PARQUET", "AVRO"})
  void deletionVectorsAndEqualityDeletesCombine(FileFormat format) {
    Table table = create(3, format, Map.of());
    DataFile first = append(table, rows(0, 10));
    List<DeleteFile> dvs = new DeletionVectorWriter(table.io().newOutputFile(dir.resolve("t/data/dv.puffin").toString()))
        .add(first, DeletionVector.of(0, 7)).write();
    Schema keySchema = SCHEMA.select("data");
    GenericRecord key = GenericRecord.create(keySchema);
    key.set(0, "d5");
    table.newRowDelta().addDeletes(dvs.get(0))
        .addDeletes(equalityDeletes(table, format, keySchema, List.of(2), List.of(key))).commit();
    assertThat(ids(TableReader.read(table.refresh()))).containsExactlyInAnyOrderElementsOf(longs(0, 10, 0, 5, 7));
  }

  @ParameterizedTest
  @EnumSource(value = FileFormat.class, names = {"PARQUET", "AVRO"})
  void positionAndEqualityDeletesCombine(FileFormat format) {
    Table table = create(2, format, Map.of());
    DataFile first = append(table, rows(0, 10));
    Schema keySchema = SCHEMA.select("id");
    table.newRowDelta().addDeletes(positionDeletes(table, format, first.location(), 2, 4))
        .addDeletes(equalityDeletes(table, format, keySchema, List.of(1), List.of(key(keySchema, 4L), key(keySchema, 6L))))
        .commit();
    assertThat(ids(TableReader.read(table.refresh()))).containsExactlyInAnyOrderElementsOf(longs(0, 10, 2, 4, 6));
  }

  @Test
  void filterProjectionAndTimeTravelGoThroughTheReader() {
    Table table = create(2, FileFormat.PARQUET, Map.of());
    DataFile first = append(table, rows(0, 10));
    long beforeDeletes = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    Schema keySchema = SCHEMA.select("id");
    table.newRowDelta().addDeletes(positionDeletes(table, FileFormat.PARQUET, first.location(), 6))
        .addDeletes(equalityDeletes(table, FileFormat.PARQUET, keySchema, List.of(1), List.of(key(keySchema, 8L))))
        .commit();
    table.refresh();

    // the filter's and the deletes' column (id) is read but not returned
    List<Record> selected = CloseableIterable.toList(TableReader.read(table)
        .where(Expressions.greaterThanOrEqual("ID", 5L)).select("data").caseSensitive(false).build());
    assertThat(selected).allSatisfy(r -> assertThat(r.struct().fields()).extracting(Types.NestedField::name).containsExactly("data"));
    assertThat(selected).extracting(r -> r.get(0)).containsExactlyInAnyOrder("d5", "d7", "d9");

    assertThat(ids(TableReader.read(table).useSnapshot(beforeDeletes).where(Expressions.lessThan("id", 3L)).build()))
        .containsExactlyInAnyOrder(0L, 1L, 2L);
    assertThat(ids(TableReader.read(table, beforeDeletes))).hasSize(10);
    long now = table.currentSnapshot().orElseThrow().timestampMillis();
    assertThat(ids(TableReader.read(table).asOfTime(now))).hasSize(8);
    table.manageSnapshots().createTag("before", beforeDeletes).commit();
    assertThat(ids(TableReader.read(table.refresh()).useRef("before"))).hasSize(10);
  }

  @Test
  void deletesApplyAcrossSplitsOfOneFile() {
    Table table = create(2, FileFormat.PARQUET, Map.of(
        "write.parquet.row-group-size-bytes", "1",
        "write.parquet.row-group-check-min-record-count", "10",
        "write.parquet.row-group-check-max-record-count", "10"));
    DataFile file = append(table, rows(0, 50));
    assertThat(file.splitOffsets().orElseThrow()).hasSizeGreaterThan(2);
    Schema keySchema = SCHEMA.select("id");
    table.newRowDelta().addDeletes(positionDeletes(table, FileFormat.PARQUET, file.location(), 0, 9, 10, 25, 49))
        .addDeletes(equalityDeletes(table, FileFormat.PARQUET, keySchema, List.of(1), List.of(key(keySchema, 31L))))
        .commit();
    table.refresh();

    TableScan scan = table.newScan().option(Scan.SPLIT_SIZE, "1").option(Scan.SPLIT_OPEN_FILE_COST, "1");
    ScanTaskReader reader = new ScanTaskReader(table.io(), table.schema(), scan.schema(), Expressions.alwaysTrue(), true);
    List<Long> read = new ArrayList<>();
    int tasks = 0;
    try (CloseableIterator<CombinedScanTask> combined = scan.planTasks().iterator()) {
      while (combined.hasNext()) {
        for (FileScanTask task : combined.next().files()) {
          tasks += 1;
          read.addAll(ids(() -> reader.open(task)));
        }
      }
    }
    assertThat(tasks).isGreaterThan(2);
    assertThat(read).containsExactlyInAnyOrderElementsOf(longs(0, 50, 0, 9, 10, 25, 31, 49));
  }

  private static Record key(Schema keySchema, long id) {
    GenericRecord key = GenericRecord.create(keySchema);
    key.set(0, id);
    return key;
  }

  private static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
