package io.datashard.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableWriter;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.flink.TableLoader;
import io.datashard.flink.data.ColumnarRows;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.columnar.ColumnarRowData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar read path of the split reader: Parquet files whose projected columns fit Flink's column
 * vectors come out as columnar rows with the values that were written, across batches that Flink
 * recycles (vectors reused), at resumed positions, with a row filter and with a limit.
 */
class ColumnarSplitReadTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()),
      Types.NestedField.optional(3, "ts", Types.TimestampType.withoutZone()),
      Types.NestedField.optional(4, "day", Types.DateType.get()),
      Types.NestedField.optional(5, "flag", Types.BooleanType.get()),
      Types.NestedField.optional(6, "score", Types.FloatType.get()),
      Types.NestedField.optional(7, "amount", Types.DoubleType.get()),
      Types.NestedField.optional(8, "qty", Types.IntegerType.get()),
      Types.NestedField.optional(9, "at", Types.TimeType.get()),
      Types.NestedField.optional(10, "bin", Types.BinaryType.get()),
      Types.NestedField.optional(11, "uid", Types.UUIDType.get()),
      Types.NestedField.optional(12, "tsz", Types.TimestampType.withZone())));
  private static final long BASE_MICROS = 1_767_225_600_000_123L;

  @TempDir
  Path dir;

  private record Read(List<String> rows, List<long[]> positions, boolean columnar) {}

  private static Record row(long id) {
    Record row = GenericRecord.create(SCHEMA);
    boolean nulls = id % 5 == 0; // every optional column null on these rows
    row.set("id", id);
    row.set("name", nulls ? null : "name-" + id + "-é");
    row.set("ts", nulls ? null : BASE_MICROS + id * 61_000_001L);
    row.set("day", nulls ? null : (int) (20_000 + id));
    row.set("flag", nulls ? null : id % 2 == 0);
    row.set("score", nulls ? null : id / 4.0f);
    row.set("amount", nulls ? null : id * 1.5);
    row.set("qty", nulls ? null : (int) (id * 3));
    row.set("at", nulls ? null : (id * 1_000_001L) % 86_400_000_000L);
    row.set("bin", nulls ? null : ByteBuffer.wrap(new byte[] {(byte) id, 1, 2}));
    row.set("uid", nulls ? null : new UUID(id, -id));
    row.set("tsz", nulls ? null : -BASE_MICROS + id);
    return row;
  }

  /** Row {@code id} as the test expects it back, computed from the generator's values. */
  private static String expected(long id) {
    Record r = row(id);
    if (id % 5 == 0) {
      return id + "|null|null|null|null|null|null|null|null|null|null|null";
    }
    long ts = (Long) r.get("ts");
    long tsz = (Long) r.get("tsz");
    UUID uid = (UUID) r.get("uid");
    ByteBuffer uidBytes = ByteBuffer.allocate(16).putLong(uid.getMostSignificantBits()).putLong(uid.getLeastSignificantBits());
    return id + "|" + r.get("name") + "|" + micros(ts) + "|" + LocalDate.ofEpochDay((Integer) r.get("day")) + "|"
        + r.get("flag") + "|" + r.get("score") + "|" + r.get("amount") + "|" + r.get("qty") + "|"
        + LocalTime.ofNanoOfDay((Long) r.get("at") / 1000 * 1_000_000) + "|" + Arrays.toString(new byte[] {(byte) id, 1, 2})
        + "|" + Arrays.toString(uidBytes.array()) + "|" + micros(tsz);
  }

  private static LocalDateTime micros(long micros) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000,
        ZoneOffset.UTC);
  }

  private static String render(RowData r) {
    if (r.isNullAt(1)) {
      for (int i = 1; i < 12; i++) {
        assertThat(r.isNullAt(i)).as("column %s of row %s", i, r.getLong(0)).isTrue();
      }
      return r.getLong(0) + "|null|null|null|null|null|null|null|null|null|null|null";
    }
    return r.getLong(0) + "|" + r.getString(1) + "|" + r.getTimestamp(2, 6).toLocalDateTime() + "|"
        + LocalDate.ofEpochDay(r.getInt(3)) + "|" + r.getBoolean(4) + "|" + r.getFloat(5) + "|" + r.getDouble(6) + "|"
        + r.getInt(7) + "|" + LocalTime.ofNanoOfDay(r.getInt(8) * 1_000_000L) + "|" + Arrays.toString(r.getBinary(9))
        + "|" + Arrays.toString(r.getBinary(10)) + "|" + r.getTimestamp(11, 6).toLocalDateTime();
  }

  private Table table(long rows) {
    Table table = new PathTables().create(SCHEMA, PartitionSpec.builderFor(SCHEMA).bucket("id", 3).build(), Map.of(),
        dir.resolve("t").toString());
    try (TableWriter writer = TableWriter.append(table)) {
      for (long id = 0; id < rows; id++) {
        writer.write(row(id));
      }
      writer.commit();
    }
    return table.refresh();
  }

  /** Reads the split with batches of 7 rows, recycling each batch after its rows were rendered. */
  private static Read read(Table table, DatashardSourceSplit split, Expression filter, long limit) {
    Types.StructType output = SCHEMA.asStruct();
    DatashardSplitReader reader = new DatashardSplitReader(
        () -> new TaskRows(table.io(), table.schema(), output, filter, true), 7, limit, new SimpleCounter());
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
    List<String> rows = new ArrayList<>();
    List<long[]> positions = new ArrayList<>();
    boolean columnar = true;
    boolean finished = false;
    while (!finished) {
      RecordsWithSplitIds<RowPosition> batch = reader.fetch();
      while (batch.nextSplit() != null) {
        RowPosition row;
        while ((row = batch.nextRecordFromSplit()) != null) {
          columnar &= row.row instanceof ColumnarRowData;
          rows.add(render(row.row));
          positions.add(new long[] {row.fileOffset, row.recordOffset});
        }
      }
      finished = !batch.finishedSplits().isEmpty();
      batch.recycle();
    }
    reader.close();
    return new Read(rows, positions, columnar);
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }

  @Test
  void columnarRowsHoldTheWrittenValuesAndResumeAtAPosition() {
    Table table = table(60);
    assertThat(ColumnarRows.supports(SCHEMA.asStruct())).isTrue();
    DatashardSource source = DatashardSource.forRowData(TableLoader.forLocation(table.location(), Map.of())).build();
    List<DatashardSourceSplit> splits = new SplitPlanner(table, source.scanContext()).planBounded(0);
    assertThat(splits).hasSize(1);
    DatashardSourceSplit split = splits.get(0);
    assertThat(split.tasks()).hasSize(3);

    Read full = read(table, split, Expressions.alwaysTrue(), -1);
    assertThat(full.columnar()).isTrue();
    List<String> expected = new ArrayList<>();
    for (long id = 0; id < 60; id++) {
      expected.add(expected(id));
    }
    assertThat(sorted(full.rows())).containsExactlyElementsOf(sorted(expected));

    // resume after the 5th row of the second file: the rest, exactly, with positions counting on
    int firstFileRows = (int) split.tasks().get(0).file().recordCount();
    Read resumed = read(table, split.withPosition(1, 5), Expressions.alwaysTrue(), -1);
    assertThat(resumed.rows()).containsExactlyElementsOf(full.rows().subList(firstFileRows + 5, full.rows().size()));
    assertThat(resumed.positions().get(0)).containsExactly(1, 6);

    Read limited = read(table, split, Expressions.alwaysTrue(), 10);
    assertThat(limited.rows()).containsExactlyElementsOf(full.rows().subList(0, 10));
  }

  @Test
  void filteredRowsAreLeftOut() {
    Table table = table(60);
    Expression filter = Expressions.greaterThanOrEqual("qty", 90);
    DatashardSource source = DatashardSource.forRowData(TableLoader.forLocation(table.location(), Map.of()))
        .filter(filter).build();
    DatashardSourceSplit split = new SplitPlanner(table, source.scanContext()).planBounded(0).get(0);
    Read read = read(table, split, filter, -1);
    List<String> expected = new ArrayList<>();
    for (long id = 30; id < 60; id++) {
      if (id % 5 != 0) {
        expected.add(expected(id));
      }
    }
    assertThat(read.columnar()).isTrue();
    assertThat(sorted(read.rows())).containsExactlyElementsOf(sorted(expected));
  }

  @Test
  void stringsAreValidAfterManyBatchesReusedTheirVectors() {
    Table table = table(2_000);
    DatashardSource source = DatashardSource.forRowData(TableLoader.forLocation(table.location(), Map.of())).build();
    DatashardSourceSplit split = new SplitPlanner(table, source.scanContext()).planBounded(0).get(0);
    Read read = read(table, split, Expressions.alwaysTrue(), -1);
    List<String> expected = new ArrayList<>();
    for (long id = 0; id < 2_000; id++) {
      expected.add(expected(id));
    }
    assertThat(sorted(read.rows())).containsExactlyElementsOf(sorted(expected));
  }
}
