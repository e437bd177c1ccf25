package io.datashard.data.batch;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.data.GenericRecord;
import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
import io.datashard.data.parquet.ParquetBatchReader;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetBatchReaderTest {
  private static final Types.StructType POINT = Types.StructType.of(
      optional(101, "x", Types.DoubleType.get()), optional(102, "label", Types.StringType.get()));
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "flag", Types.BooleanType.get()),
      optional(3, "i", Types.IntegerType.get()),
      optional(4, "l", Types.LongType.get()),
      optional(5, "f", Types.FloatType.get()),
      optional(6, "d", Types.DoubleType.get()),
      optional(7, "day", Types.DateType.get()),
      optional(8, "time", Types.TimeType.get()),
      optional(9, "ts", Types.TimestampType.withoutZone()),
      optional(10, "tstz", Types.TimestampType.withZone()),
      optional(11, "ts_ns", Types.TimestampNanoType.withoutZone()),
      optional(12, "s", Types.StringType.get()),
      optional(13, "u", Types.UUIDType.get()),
      optional(14, "fixed", Types.FixedType.ofLength(3)),
      optional(15, "bin", Types.BinaryType.get()),
      optional(16, "dec9", Types.DecimalType.of(9, 2)),
      optional(17, "dec18", Types.DecimalType.of(18, 4)),
      optional(18, "dec38", Types.DecimalType.of(38, 10)),
      optional(19, "point", POINT),
      optional(20, "tags", Types.ListType.ofOptional(103, Types.IntegerType.get())),
      optional(21, "props", Types.MapType.ofOptional(104, 105, Types.StringType.get(), Types.LongType.get()))));
  private static final int ROWS = 1000;

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  private static Record row(int n) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.set(0, (long) n);
    row.set(1, n % 2 == 0);
    row.set(2, n * 3 - 500);
    row.set(3, (long) n * 1_000_000_007L);
    row.set(4, n == 7 ? Float.NaN : n / 4.0f);
    row.set(5, n == 8 ? Double.NaN : -n / 3.0);
    row.set(6, 18_000 + n);
    row.set(7, n * 1_000_000L);
    row.set(8, 1_700_000_000_000_000L + n);
    row.set(9, -1_000_000L * n);
    row.set(10, 1_700_000_000_000_000_000L + n);
    row.set(11, "s" + (n % 17)); // repeats, so the column is dictionary-encoded
    row.set(12, new UUID(n, -n));
    row.set(13, ByteBuffer.wrap(new byte[] {(byte) n, (byte) (n >> 8), 1}));
    row.set(14, ByteBuffer.wrap(("b" + n).getBytes(StandardCharsets.UTF_8)));
    row.set(15, BigDecimal.valueOf(n * 101L, 2));
    row.set(16, BigDecimal.valueOf(n * 1_000_003L - 7, 4));
    row.set(17, new BigDecimal("12345678901234567890.0123456789").add(BigDecimal.valueOf(n, 10)));
    GenericRecord point = GenericRecord.create(POINT);
    point.set(0, n * 0.5);
    point.set(1, n % 3 == 0 ? null : "p" + n);
    row.set(18, point);
    row.set(19, n % 4 == 0 ? List.of() : java.util.Arrays.asList(n, null, n + 1));
    Map<String, Long> props = new TreeMap<>();
    props.put("k" + n, (long) n);
    row.set(20, props);
    // every optional column is null in some rows, a different set for each column
    for (int pos = 1; pos < SCHEMA.columns().size(); pos += 1) {
      if ((n + pos) % 5 == 0) {
        row.set(pos, null);
      }
    }
    return row;
  }

  private DataFile write(Schema schema, List<Record> rows) {
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve("data-" + UUID.randomUUID() + ".parquet").toString()))
        .schema(schema).properties(Map.of(
            ParquetDataWriter.ROW_GROUP_SIZE_PROPERTY, "8192",
            ParquetDataWriter.ROW_GROUP_CHECK_MIN_PROPERTY, "10",
            ParquetDataWriter.ROW_GROUP_CHECK_MAX_PROPERTY, "50",
            ParquetDataWriter.PAGE_ROW_LIMIT_PROPERTY, "64")).build();
    try (writer) {
      rows.forEach(writer::write);
    }
    return writer.toDataFile();
  }

  private DataFile writeAllTypes() {
    List<Record> rows = new ArrayList<>();
    for (int n = 0; n < ROWS; n += 1) {
      rows.add(row(n));
    }
    return write(SCHEMA, rows);
  }

  /** Rows of the row reader with their positions. */
  private TreeMap<Long, Record> readRows(ParquetDataReader reader) {
    TreeMap<Long, Record> rows = new TreeMap<>();
    try (PositionedRecordIterator it = (PositionedRecordIterator) reader.iterator()) {
      while (it.hasNext()) {
        Record record = it.next();
        rows.put(it.position(), record);
      }
    }
    return rows;
  }

  /** Compares every batch cell by cell with the row read at the same position; returns the batch sizes. */
  private static List<Integer> assertSameCells(ParquetBatchReader reader, TreeMap<Long, Record> expected, int batchSize) {
    List<Integer> sizes = new ArrayList<>();
    List<Long> positions = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> batches = reader.iterator()) {
      while (batches.hasNext()) {
        ColumnBatch batch = batches.next();
        assertThat(batch.isAllLive()).isTrue();
        assertThat(batch.numRows()).isBetween(1, batchSize);
        sizes.add(batch.numRows());
        for (int row = 0; row < batch.numRows(); row += 1) {
          long position = batch.firstRowPosition() + row;
          positions.add(position);
          Record record = expected.get(position);
          assertThat(record).as("row at position %s", position).isNotNull();
          for (int col = 0; col < batch.numColumns(); col += 1) {
            assertCell(batch.column(col), row, record.get(col), position, batch.schema().columns().get(col).name());
          }
        }
      }
    }
    assertThat(positions).containsExactlyElementsOf(expected.keySet());
    return sizes;
  }

  private static void assertCell(ColumnVector vector, int row, Object expected, long position, String name) {
    String what = "column " + name + " at position " + position;
    if (expected instanceof String string) {
      // the UTF-8 bytes the reader holds, before getObject below decodes the row
      assertThat(StandardCharsets.UTF_8.decode(vector.getUtf8(row)).toString()).as(what).isEqualTo(string);
    }
    assertThat(vector.getObject(row)).as(what).isEqualTo(expected);
    assertThat(vector.isNull(row)).as(what).isEqualTo(expected == null);
    if (expected == null) {
      return;
    }
    switch (vector.storage()) {
      case BOOLEAN:
        assertThat(vector.getBoolean(row)).as(what).isEqualTo(expected);
        break;
      case INT:
        assertThat(vector.getInt(row)).as(what).isEqualTo(expected);
        break;
      case LONG:
        assertThat(vector.getLong(row)).as(what).isEqualTo(expected);
        break;
      case FLOAT:
        assertThat(Float.valueOf(vector.getFloat(row))).as(what).isEqualTo(expected);
        break;
      case DOUBLE:
        assertThat(Double.valueOf(vector.getDouble(row))).as(what).isEqualTo(expected);
        break;
      default:
        if (expected instanceof BigDecimal) {
          assertThat(vector.getDecimal(row)).as(what).isEqualTo(expected);
        } else if (expected instanceof String) {
          assertThat(vector.getString(row)).as(what).isEqualTo(expected);
        } else if (expected instanceof ByteBuffer) {
          assertThat(vector.getBinary(row)).as(what).isEqualTo(expected);
        }
    }
  }

  private List<Integer> rowGroupSizes(DataFile file) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(Path.of(file.location())))) {
      for (BlockMetaData block : reader.getRowGroups()) {
        sizes.add((int) block.getRowCount());
      }
    }
    return sizes;
  }

  @Test
  void everyTypeAndNullReadsAsTheRowReaderAcrossRowGroups() throws Exception {
    DataFile file = writeAllTypes();
    List<Integer> groups = rowGroupSizes(file);
    assertThat(groups.size()).isGreaterThan(3);
    TreeMap<Long, Record> expected = readRows(ParquetDataReader.builder(io.newInputFile(file.location())).project(SCHEMA).build());
    assertThat(expected).hasSize(ROWS);

    int batchSize = 37;
    List<Integer> sizes = assertSameCells(
        ParquetBatchReader.builder(io.newInputFile(file.location())).project(SCHEMA).batchSize(batchSize).build(),
        expected, batchSize);
    // batches end at row-group ends: each row group is cut into full batches plus its remainder
    List<Integer> expectedSizes = new ArrayList<>();
    for (int group : groups) {
      for (int left = group; left > 0; left -= batchSize) {
        expectedSizes.add(Math.min(left, batchSize));
      }
    }
    assertThat(sizes).isEqualTo(expectedSizes);

    // the default batch size holds a whole row group
    List<Integer> defaults = assertSameCells(
        ParquetBatchReader.builder(io.newInputFile(file.location())).project(SCHEMA).build(), expected, 4096);
    assertThat(defaults).isEqualTo(groups);
  }

  @Test
  void primitivesAreStoredInPrimitiveArraysAndNestedColumnsAsObjects() {
    DataFile file = writeAllTypes();
    try (CloseableIterator<ColumnBatch> batches = ParquetBatchReader.builder(io.newInputFile(file.location()))
        .project(SCHEMA).build().iterator()) {
      ColumnBatch batch = batches.next();
      assertThat(batch.columnById(3).storage()).isEqualTo(ColumnVector.Storage.INT);
      assertThat(batch.columnById(9).storage()).isEqualTo(ColumnVector.Storage.LONG);
      assertThat(batch.columnById(6).storage()).isEqualTo(ColumnVector.Storage.DOUBLE);
      assertThat(batch.columnById(19).storage()).isEqualTo(ColumnVector.Storage.OBJECT);
      assertThat(batch.columnById(19).getObject(1)).isInstanceOf(Record.class);
      assertThat(batch.columnById(20).getObject(2)).isInstanceOf(List.class);
      assertThat(batch.columnById(21).getObject(1)).isInstanceOf(Map.class);
    }
  }

  @Test
  void projectionsReadLikeTheRowReader() {
    DataFile file = writeAllTypes();
    List<Schema> projections = List.of(
        SCHEMA.select("s", "id"),            // reordered
        SCHEMA.select("point", "tags"),      // nested only
        SCHEMA.select("point.label"),        // part of a struct
        SCHEMA.select("props", "dec38", "flag"));
    for (Schema projection : projections) {
      TreeMap<Long, Record> expected = readRows(ParquetDataReader.builder(io.newInputFile(file.location())).project(projection).build());
      assertSameCells(ParquetBatchReader.builder(io.newInputFile(file.location())).project(projection).batchSize(100).build(),
          expected, 100);
    }
  }

  @Test
  void evolvedSchemaReadsRenamedPromotedAddedAndDroppedColumns() {
    Schema written = new Schema(List.of(
        required(1, "id", Types.LongType.get()),
        optional(2, "small", Types.IntegerType.get()),
        optional(3, "ratio", Types.FloatType.get()),
        optional(4, "dropped", Types.StringType.get()),
        optional(5, "amount", Types.DecimalType.of(9, 2))));
    List<Record> rows = new ArrayList<>();
    for (int n = 0; n < 300; n += 1) {
      GenericRecord row = GenericRecord.create(written);
      row.set(0, (long) n);
      row.set(1, n % 7 == 0 ? null : n - 150);
      row.set(2, n % 9 == 0 ? null : n / 8.0f);
      row.set(3, "x" + n);
      row.set(4, BigDecimal.valueOf(n, 2));
      rows.add(row);
    }
    DataFile file = write(written, rows);
    Schema evolved = new Schema(List.of(
        optional(3, "ratio_renamed", Types.DoubleType.get()),
        optional(5, "amount", Types.DecimalType.of(18, 2)),
        required(1, "id", Types.LongType.get()),
        optional(2, "small", Types.LongType.get()),
        optional(6, "added", Types.StringType.get()),
        Types.NestedField.builder(7, "with_default", Types.IntegerType.get()).asRequired().withInitialDefault(42).build()));
    TreeMap<Long, Record> expected = readRows(ParquetDataReader.builder(io.newInputFile(file.location())).project(evolved).build());
    assertThat(expected.firstEntry().getValue().get(5)).isEqualTo(42);
    assertThat(expected.get(1L).get(0)).isInstanceOf(Double.class);
    assertSameCells(ParquetBatchReader.builder(io.newInputFile(file.location())).project(evolved).batchSize(64).build(),
        expected, 64);
    try (CloseableIterator<ColumnBatch> batches = ParquetBatchReader.builder(io.newInputFile(file.location()))
        .project(evolved).build().iterator()) {
      ColumnBatch batch = batches.next();
      assertThat(batch.column(3).storage()).isEqualTo(ColumnVector.Storage.LONG);
      assertThat(batch.column(0).storage()).isEqualTo(ColumnVector.Storage.DOUBLE);
      assertThat(batch.column(4).isConstant()).isTrue();
      assertThat(batch.column(5).isConstant()).isTrue();
      assertThat(batch.column(5).getInt(0)).isEqualTo(42);
    }

    // only columns the file lacks: no column is read, rows still counted per row group
    Schema onlyMissing = new Schema(List.of(optional(6, "added", Types.StringType.get())));
    TreeMap<Long, Record> missing = readRows(ParquetDataReader.builder(io.newInputFile(file.location())).project(onlyMissing).build());
    assertSameCells(ParquetBatchReader.builder(io.newInputFile(file.location())).project(onlyMissing).batchSize(50).build(),
        missing, 50);
  }

  @Test
  void splitsOnRowGroupOffsetsReadEveryRowOnceAtItsPosition() {
    DataFile file = writeAllTypes();
    List<Long> offsets = file.splitOffsets().orElseThrow();
    assertThat(offsets.size()).isGreaterThan(3);
    TreeMap<Long, Record> all = readRows(ParquetDataReader.builder(io.newInputFile(file.location())).project(SCHEMA).build());
    TreeMap<Long, Record> seen = new TreeMap<>();
    // two row groups per split, and an odd batch size
    for (int i = 0; i < offsets.size(); i += 2) {
      long start = offsets.get(i);
      long end = i + 2 < offsets.size() ? offsets.get(i + 2) : file.fileSizeInBytes();
      TreeMap<Long, Record> expected = readRows(ParquetDataReader.builder(io.newInputFile(file.location()))
          .project(SCHEMA).split(start, end - start).build());
      assertThat(expected).isNotEmpty();
      assertSameCells(ParquetBatchReader.builder(io.newInputFile(file.location())).project(SCHEMA)
          .split(start, end - start).batchSize(29).build(), expected, 29);
      for (Long position : expected.keySet()) {
        assertThat(seen.put(position, expected.get(position))).isNull();
      }
    }
    assertThat(seen).isEqualTo(all);
  }

  @Test
  void rowGroupFilterSkipsTheSameRowGroupsAsTheRowReader() {
    DataFile file = writeAllTypes();
    Expression filter = Expressions.and(Expressions.greaterThanOrEqual("id", 400L), Expressions.lessThan("id", 450L));
    TreeMap<Long, Record> expected = readRows(ParquetDataReader.builder(io.newInputFile(file.location()))
        .project(SCHEMA).filter(filter).build());
    assertThat(expected.size()).isLessThan(ROWS).isGreaterThanOrEqualTo(50);
    assertSameCells(ParquetBatchReader.builder(io.newInputFile(file.location())).project(SCHEMA).filter(filter)
        .batchSize(1000).build(), expected, 1000);
  }

  @Test
  void batchesAndVectorsAreReusedFromBatchToBatch() {
    DataFile file = writeAllTypes();
    try (CloseableIterator<ColumnBatch> batches = ParquetBatchReader.builder(io.newInputFile(file.location()))
        .project(SCHEMA.select("id", "s")).batchSize(10).build().iterator()) {
      ColumnBatch first = batches.next();
      ColumnVector ids = first.column(0);
      long firstId = ids.getLong(0);
      ColumnBatch second = batches.next();
      assertThat(second).isSameAs(first);
      assertThat(second.column(0)).isSameAs(ids);
      assertThat(second.firstRowPosition()).isEqualTo(10L);
      assertThat(ids.getLong(0)).isEqualTo(firstId + 10);
    }
  }
}
