package io.datashard.data.batch;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.DeleteFilter;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.ScanTaskReader;
import io.datashard.data.TableWriter;
import io.datashard.data.parquet.ParquetBatchReader;
import io.datashard.deletes.DeletionVector;
import io.datashard.deletes.DeletionVectorWriter;
import io.datashard.deletes.EqualityDeleteWriter;
import io.datashard.deletes.PositionDeleteWriter;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.Scan;
import io.datashard.scan.TableScan;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanTaskBatchReaderTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "data", Types.StringType.get()),
      optional(3, "price", Types.DecimalType.of(9, 2)),
      optional(4, "score", Types.DoubleType.get())));
  private static final int ROWS = 200;

  @TempDir
  Path dir;

  private Table create(int formatVersion, FileFormat format) {
    Map<String, String> properties = new HashMap<>();
    properties.put("format-version", Integer.toString(formatVersion));
    properties.put("write.format.default", format.name().toLowerCase(java.util.Locale.ROOT));
    properties.put("write.parquet.row-group-size-bytes", "1");
    properties.put("write.parquet.row-group-check-min-record-count", "30");
    properties.put("write.parquet.row-group-check-max-record-count", "30");
    return new PathTables(new LocalFileIO()).create(SCHEMA, PartitionSpec.unpartitioned(), properties,
        dir.resolve("t").toString());
  }

  private static Record row(long id) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.set(0, id);
    row.set(1, id % 10 == 3 ? null : "d" + (id % 25));
    row.set(2, BigDecimal.valueOf(id, 2));
    row.set(3, id % 7 == 0 ? null : id * 1.5);
    return row;
  }

  private static DataFile append(Table table) {
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < ROWS; id += 1) {
      rows.add(row(id));
    }
    try (TableWriter writer = TableWriter.append(table)) {
      List<DataFile> files = writer.writeAll(rows).commit();
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }

  private DeleteFile positionDeletes(Table table, String dataFile, long... positions) {
    PositionDeleteWriter writer = PositionDeleteWriter.builder(table.io().newOutputFile(
        dir.resolve("t/data/pos-" + UUID.randomUUID()).toString())).format(FileFormat.PARQUET).build();
    for (long position : positions) {
      writer.delete(dataFile, position);
    }
    writer.close();
    return writer.toDeleteFile();
  }

  private DeleteFile equalityDeletes(Table table, Schema keySchema, List<Integer> ids, List<Object> values) {
    EqualityDeleteWriter writer = EqualityDeleteWriter.builder(table.io().newOutputFile(
        dir.resolve("t/data/eq-" + UUID.randomUUID()).toString())).format(FileFormat.PARQUET).schema(keySchema)
        .equalityFieldIds(ids).build();
    for (Object value : values) {
      GenericRecord key = GenericRecord.create(keySchema);
      key.set(0, value);
      writer.write(key);
    }
    writer.close();
    return writer.toDeleteFile();
  }

  /** Adds position deletes (v2) or a deletion vector (v3), and equality deletes by id and by data. */
  private Table tableWithDeletes(int formatVersion) {
    Table table = create(formatVersion, FileFormat.PARQUET);
    DataFile file = append(table);
    assertThat(file.splitOffsets().orElseThrow()).hasSizeGreaterThan(3);
    long[] deleted = {0, 1, 29, 30, 31, 59, 60, 61, 62, 63, 64, 65, 66, 100, 199};
    DeleteFile positions = formatVersion >= 3
        ? new DeletionVectorWriter(table.io().newOutputFile(dir.resolve("t/data/dv-" + UUID.randomUUID() + ".puffin").toString()))
            .add(file, DeletionVector.of(deleted)).write().get(0)
        : positionDeletes(table, file.location(), deleted);
    table.newRowDelta().addDeletes(positions)
        .addDeletes(equalityDeletes(table, SCHEMA.select("id"), List.of(1), List.of(5L, 77L, 150L, 1000L)))
        .addDeletes(equalityDeletes(table, SCHEMA.select("data"), List.of(2), List.of("d4")))
        .commit();
    return table.refresh();
  }

  private static List<FileScanTask> tasks(TableScan scan) {
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterator<CombinedScanTask> combined = scan.planTasks().iterator()) {
      while (combined.hasNext()) {
        tasks.addAll(combined.next().files());
      }
    }
    return tasks;
  }

  private static List<List<Object>> rowsOf(CloseableIterator<Record> records) {
    List<List<Object>> rows = new ArrayList<>();
    try (records) {
      while (records.hasNext()) {
        Record record = records.next();
        List<Object> values = new ArrayList<>();
        for (int pos = 0; pos < record.size(); pos += 1) {
          values.add(record.get(pos));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  private static List<List<Object>> liveRowsOf(CloseableIterator<ColumnBatch> batches, Schema projection, int batchSize) {
    List<List<Object>> rows = new ArrayList<>();
    try (batches) {
      while (batches.hasNext()) {
        ColumnBatch batch = batches.next();
        assertThat(batch.schema().columns()).isEqualTo(projection.columns());
        assertThat(batch.numRows()).isBetween(1, batchSize);
        assertThat(batch.numLiveRows()).isPositive();
        int previous = -1;
        for (int i = 0; i < batch.numLiveRows(); i += 1) {
          int row = batch.liveRow(i);
          assertThat(row).isGreaterThan(previous).isLessThan(batch.numRows());
          previous = row;
          List<Object> values = new ArrayList<>();
          for (int col = 0; col < batch.numColumns(); col += 1) {
            values.add(batch.column(col).getObject(row));
          }
          rows.add(values);
        }
      }
    }
    return rows;
  }

  /** Reads every task with both readers and compares the rows task by task, in order. */
  private static int assertSameRowsAsRowReader(Table table, TableScan scan, Expression filter, boolean caseSensitive,
      int batchSize) {
    ScanTaskReader rows = new ScanTaskReader(table.io(), table.schema(), scan.schema(), filter, caseSensitive);
    ScanTaskBatchReader batches = new ScanTaskBatchReader(table.io(), table.schema(), scan.schema(), filter,
        caseSensitive, batchSize);
    int total = 0;
    List<FileScanTask> tasks = tasks(scan);
    assertThat(tasks.size()).isGreaterThan(1);
    for (FileScanTask task : tasks) {
      List<List<Object>> expected = rowsOf(rows.open(task));
      assertThat(liveRowsOf(batches.open(task), scan.schema(), batchSize)).isEqualTo(expected);
      total += expected.size();
    }
    return total;
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void positionDeletesOrDeletionVectorsAndEqualityDeletesGiveTheRowReadersRows(int formatVersion) {
    Table table = tableWithDeletes(formatVersion);
    TableScan scan = table.newScan().option(Scan.SPLIT_SIZE, "1").option(Scan.SPLIT_OPEN_FILE_COST, "1");
    int total = assertSameRowsAsRowReader(table, scan, Expressions.alwaysTrue(), true, 16);
    // 15 positions, ids 5, 77, 150 by id (1000 matches nothing), and the rows of "d4" not already deleted
    long d4 = 0;
    for (long id = 0; id < ROWS; id += 1) {
      boolean byPosition = List.of(0L, 1L, 29L, 30L, 31L, 59L, 60L, 61L, 62L, 63L, 64L, 65L, 66L, 100L, 199L).contains(id);
      if (!byPosition && id != 5 && id != 77 && id != 150 && "d4".equals(row(id).get(1))) {
        d4 += 1;
      }
    }
    assertThat(total).isEqualTo((int) (ROWS - 15 - 3 - d4));
    // default open-file cost and the default batch size read the same
    assertSameRowsAsRowReader(table, table.newScan().option(Scan.SPLIT_SIZE, "1"), Expressions.alwaysTrue(), true,
        ParquetBatchReader.DEFAULT_BATCH_SIZE);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void filterAndProjectionDropRowsAndExtraColumns(int formatVersion) {
    Table table = tableWithDeletes(formatVersion);
    Expression filter = Expressions.and(Expressions.greaterThanOrEqual("ID", 50L), Expressions.notNull("Score"));
    TableScan scan = table.newScan().select("price").filter(filter).caseSensitive(false)
        .option(Scan.SPLIT_SIZE, "1").option(Scan.SPLIT_OPEN_FILE_COST, "1");
    assertThat(scan.schema().columns()).extracting(Types.NestedField::name).containsExactly("price");
    int total = assertSameRowsAsRowReader(table, scan, filter, false, 9);
    assertThat(total).isPositive().isLessThan(ROWS - 50);
  }

  @Test
  void batchDeleteFilterNarrowsTheSelectionByPosition() {
    Table table = tableWithDeletes(2);
    FileScanTask task = tasks(table.newScan()).get(0);
    BatchDeleteFilter deletes = BatchDeleteFilter.forTask(new DeleteFilter(table.io(), table.schema()), task, SCHEMA);
    assertThat(deletes.hasDeletes()).isTrue();
    List<Long> live = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> batches = ParquetBatchReader.builder(
        table.io().newInputFile(task.file().location())).project(SCHEMA).batchSize(10).build().iterator()) {
      while (batches.hasNext()) {
        ColumnBatch batch = batches.next();
        deletes.apply(batch);
        for (int i = 0; i < batch.numLiveRows(); i += 1) {
          live.add(batch.firstRowPosition() + batch.liveRow(i));
          // each file row's id is its position
          assertThat(batch.column(0).getLong(batch.liveRow(i))).isEqualTo(batch.firstRowPosition() + batch.liveRow(i));
        }
      }
    }
    assertThat(live).doesNotContain(0L, 1L, 29L, 30L, 66L, 100L, 199L, 5L, 77L, 150L).contains(2L, 28L, 67L, 198L);
  }

  @Test
  void avroDataFilesAreRejectedWithAClearError() {
    Table table = create(2, FileFormat.AVRO);
    append(table);
    FileScanTask task = tasks(table.newScan()).get(0);
    ScanTaskBatchReader reader = new ScanTaskBatchReader(table.io(), table.schema(), table.schema(),
        Expressions.alwaysTrue(), true);
    assertThatThrownBy(() -> reader.open(task)).isInstanceOf(ValidationException.class)
        .hasMessageContaining(task.file().location()).hasMessageContaining("ScanTaskReader");
  }

  @Test
  void filterOnAFieldOfAPartlyProjectedStructIsRejectedWithAClearError() {
    Schema nested = new Schema(List.of(
        required(1, "id", Types.LongType.get()),
        optional(2, "s", Types.StructType.of(optional(3, "a", Types.IntegerType.get()), optional(4, "b", Types.IntegerType.get())))));
    Table table = new PathTables(new LocalFileIO()).create(nested, PartitionSpec.unpartitioned(),
        Map.of("format-version", "2"), dir.resolve("nested").toString());
    GenericRecord struct = GenericRecord.create(nested.findType(2).asStructType());
    struct.set(0, 1);
    struct.set(1, 2);
    GenericRecord row = GenericRecord.create(nested);
    row.set(0, 1L);
    row.set(1, struct);
    try (TableWriter writer = TableWriter.append(table)) {
      writer.write(row).commit();
    }
    table.refresh();
    Expression filter = Expressions.equal("s.b", 2);
    TableScan scan = table.newScan().select("s.a").filter(filter);
    FileScanTask task = tasks(scan).get(0);
    ScanTaskBatchReader reader = new ScanTaskBatchReader(table.io(), table.schema(), scan.schema(), filter, true);
    assertThatThrownBy(() -> reader.open(task)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("'s'").hasMessageContaining("ScanTaskReader");
    // projecting the whole struct reads it
    TableScan whole = table.newScan().select("s").filter(filter);
    assertThat(assertSameRowsAsRowReaderAllowingOneTask(table, whole, filter)).isEqualTo(1);
  }

  private static int assertSameRowsAsRowReaderAllowingOneTask(Table table, TableScan scan, Expression filter) {
    ScanTaskReader rows = new ScanTaskReader(table.io(), table.schema(), scan.schema(), filter, true);
    ScanTaskBatchReader batches = new ScanTaskBatchReader(table.io(), table.schema(), scan.schema(), filter, true);
    int total = 0;
    for (FileScanTask task : tasks(scan)) {
      List<List<Object>> expected = rowsOf(rows.open(task));
      assertThat(liveRowsOf(batches.open(task), scan.schema(), ParquetBatchReader.DEFAULT_BATCH_SIZE)).isEqualTo(expected);
      total += expected.size();
    }
    return total;
  }
}
