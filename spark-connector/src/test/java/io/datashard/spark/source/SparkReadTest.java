package io.datashard.spark.source;

import static io.datashard.spark.source.ReadTestSupport.append;
import static io.datashard.spark.source.ReadTestSupport.batchScans;
import static io.datashard.spark.source.ReadTestSupport.datashardScan;
import static io.datashard.spark.source.ReadTestSupport.read;
import static io.datashard.spark.source.ReadTestSupport.recordRows;
import static io.datashard.spark.source.ReadTestSupport.sparkRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.deletes.DeletionVector;
import io.datashard.deletes.DeletionVectorWriter;
import io.datashard.deletes.EqualityDeleteWriter;
import io.datashard.deletes.PositionDeleteWriter;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads through Spark compared with the rows written by the core: types, vectorized vs row reads, deletes, time travel. */
class SparkReadTest {
  private static final Schema NESTED = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "s", Types.StringType.get()),
      Types.NestedField.optional(3, "st", Types.StructType.of(
          Types.NestedField.optional(4, "x", Types.IntegerType.get()),
          Types.NestedField.optional(5, "y", Types.StringType.get()))),
      Types.NestedField.optional(6, "arr", Types.ListType.ofOptional(7, Types.DoubleType.get())),
      Types.NestedField.optional(8, "m", Types.MapType.ofOptional(9, 10, Types.StringType.get(), Types.LongType.get())),
      Types.NestedField.optional(11, "u", Types.UUIDType.get()),
      Types.NestedField.optional(12, "ts_ntz", Types.TimestampType.withoutZone())));

  static final Schema FLAT = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.StringType.get()),
      Types.NestedField.optional(3, "amount", Types.DoubleType.get()),
      Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(5, "day", Types.DateType.get()),
      Types.NestedField.optional(6, "price", Types.DecimalType.of(10, 2)),
      Types.NestedField.optional(7, "flag", Types.BooleanType.get()),
      Types.NestedField.optional(8, "bin", Types.BinaryType.get()),
      Types.NestedField.optional(9, "n", Types.IntegerType.get()),
      Types.NestedField.optional(10, "f", Types.FloatType.get()),
      Types.NestedField.optional(11, "u", Types.UUIDType.get())));

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static int tables = 0;

  @BeforeAll
  static void startSpark() {
    spark = ReadTestSupport.startSpark("SparkReadTest");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  private static Table create(Schema schema, PartitionSpec spec, int formatVersion) {
    tables++;
    return new PathTables().create(schema, spec, Map.of("format-version", Integer.toString(formatVersion)),
        dir.resolve("t" + tables).toString());
  }

  static Record flat(long id) {
    boolean nulls = id % 7 == 3;
    return ReadTestSupport.record(FLAT,
        id,
        nulls ? null : "c" + (id % 4),
        nulls ? null : id * 1.5,
        1_700_000_000_000_000L + id * 3_600_000_000L,
        nulls ? null : (int) (19_000 + id % 30),
        nulls ? null : BigDecimal.valueOf(id * 101, 2),
        id % 2 == 0,
        nulls ? null : ByteBuffer.wrap(new byte[] {(byte) id, 1, 2}),
        (int) (id % 100),
        nulls ? null : (float) id / 3,
        nulls ? null : ReadTestSupport.uuid(id));
  }

  static List<Record> flatRows(long from, long to) {
    List<Record> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(flat(id));
    }
    return rows;
  }

  private static Record nested(long id) {
    GenericRecord st = GenericRecord.create(NESTED.findField("st").orElseThrow().type().asNestedType().asStructType());
    st.set(0, (int) id);
    st.set(1, id % 3 == 0 ? null : "y" + id);
    List<Double> arr = new ArrayList<>();
    for (int i = 0; i < id % 4; i++) {
      arr.add(i == 1 ? null : id + i / 10.0);
    }
    Map<String, Long> map = id % 5 == 0 ? null : Map.of("k" + id, id, "z", -id);
    return ReadTestSupport.record(NESTED, id, "s" + id, id % 6 == 0 ? null : st, arr, map, ReadTestSupport.uuid(id),
        1_600_000_000_000_000L + id);
  }

  @Test
  void readsNestedAndSpecialTypesAsWritten() {
    Table table = create(NESTED, PartitionSpec.unpartitioned(), 2);
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 40; id++) {
      rows.add(nested(id));
    }
    append(table, rows.subList(0, 20));
    append(table, rows.subList(20, 40));
    Dataset<Row> df = read(spark, table);
    assertThat(df.schema()).isEqualTo(io.datashard.spark.SparkTypes.toSparkType(NESTED));
    assertThat(sparkRows(df)).containsExactlyInAnyOrderElementsOf(recordRows(rows));
    // nested rows cannot be read as columnar batches: the row path is used
    assertThat(batchScans(df).get(0).supportsColumnar()).isFalse();
    // a nested field projected by Spark out of the struct
    List<Row> ys = read(spark, table).selectExpr("id", "st.y").where("id < 5").orderBy("id").collectAsList();
    assertThat(ys).hasSize(5);
    assertThat(ys.get(1).getString(1)).isEqualTo("y1");
  }

  @Test
  void vectorizedAndRowReadsAgreeWithWrittenRows() {
    Table table = create(FLAT, PartitionSpec.unpartitioned(), 2);
    List<Record> rows = flatRows(0, 300);
    append(table, rows.subList(0, 120));
    append(table, rows.subList(120, 300));
    List<List<Object>> expected = recordRows(rows);

    Dataset<Row> vectorized = read(spark, table);
    Dataset<Row> rowBased = spark.read().format(ReadTestSupport.PROVIDER).option("vectorization-enabled", "false")
        .load(table.location());
    assertThat(sparkRows(vectorized)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(sparkRows(rowBased)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(batchScans(vectorized).get(0).supportsColumnar()).isTrue();
    assertThat(batchScans(rowBased).get(0).supportsColumnar()).isFalse();

    // a projection with a filter on a column that is not projected, small batches
    Dataset<Row> filtered = spark.read().format(ReadTestSupport.PROVIDER).option("batch-size", "16").load(table.location())
        .where("n >= 50 AND category = 'c2'").select("id", "price");
    List<List<Object>> expectedFiltered = new ArrayList<>();
    for (Record row : rows) {
      if ((Integer) row.get(8) >= 50 && "c2".equals(row.get(1))) {
        expectedFiltered.add(List.of(row.get(0), ((BigDecimal) row.get(5)).setScale(2)));
      }
    }
    assertThat(sparkRows(filtered)).isNotEmpty().containsExactlyInAnyOrderElementsOf(expectedFiltered);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void appliesPositionDeletesDeletionVectorsAndEqualityDeletes(boolean vectorized) {
    // v2: position deletes and equality deletes
    Table v2 = create(FLAT, PartitionSpec.unpartitioned(), 2);
    List<Record> rows = flatRows(0, 100);
    DataFile first = append(v2, rows.subList(0, 50)).get(0);
    append(v2, rows.subList(50, 100));
    PositionDeleteWriter positions = PositionDeleteWriter.builder(v2.io().newOutputFile(v2.location() + "/data/pos-" + UUID.randomUUID() + ".parquet")).build();
    positions.delete(first, 3).delete(first, 10);
    positions.close();
    Schema key = FLAT.select("id");
    EqualityDeleteWriter equality = EqualityDeleteWriter.builder(v2.io().newOutputFile(v2.location() + "/data/eq-" + UUID.randomUUID() + ".parquet"))
        .schema(key).equalityFieldIds(List.of(1)).build();
    equality.write(ReadTestSupport.record(key, 60L)).write(ReadTestSupport.record(key, 99L));
    equality.close();
    v2.newRowDelta().addDeletes(positions.toDeleteFile()).addDeletes(equality.toDeleteFile()).commit();
    assertDeleted(v2, rows, vectorized, List.of(3L, 10L, 60L, 99L), 2);

    // v3: a deletion vector
    Table v3 = create(FLAT, PartitionSpec.unpartitioned(), 3);
    DataFile only = append(v3, rows).get(0);
    List<DeleteFile> dvs = new DeletionVectorWriter(v3.io().newOutputFile(v3.location() + "/data/dv-" + UUID.randomUUID() + ".puffin"))
        .add(only, DeletionVector.of(0, 42, 77)).write();
    v3.newRowDelta().addDeletes(dvs.get(0)).commit();
    assertDeleted(v3, rows, vectorized, List.of(0L, 42L, 77L), 1);
  }

  private static void assertDeleted(Table table, List<Record> rows, boolean vectorized, List<Long> deletedIds, long deleteFiles) {
    List<Record> live = new ArrayList<>();
    for (Record row : rows) {
      if (!deletedIds.contains((Long) row.get(0))) {
        live.add(row);
      }
    }
    Dataset<Row> df = spark.read().format(ReadTestSupport.PROVIDER).option("vectorization-enabled", Boolean.toString(vectorized))
        .load(table.location());
    assertThat(sparkRows(df)).containsExactlyInAnyOrderElementsOf(recordRows(live));
    assertThat(batchScans(df).get(0).supportsColumnar()).isEqualTo(vectorized);
    assertThat(datashardScan(df).deleteFilesApplied()).isEqualTo(deleteFiles);
    // Spark counts through the scan too: deletes must not be ignored by aggregates
    assertThat(spark.read().format(ReadTestSupport.PROVIDER).load(table.location()).count()).isEqualTo(live.size());
  }

  @Test
  void timeTravelsBySnapshotRefAndTimestamp() throws InterruptedException {
    Table table = create(FLAT, PartitionSpec.unpartitioned(), 2);
    List<Record> rows = flatRows(0, 30);
    append(table, rows.subList(0, 10));
    table = table.refresh();
    long firstSnapshot = table.currentSnapshot().orElseThrow().snapshotId();
    long firstTime = table.currentSnapshot().orElseThrow().timestampMillis();
    table.manageSnapshots().createTag("v1", firstSnapshot).commit();
    Thread.sleep(5);
    append(table, rows.subList(10, 20));
    table = table.refresh();
    table.manageSnapshots().createBranch("audit", table.currentSnapshot().orElseThrow().snapshotId()).commit();
    Thread.sleep(5);
    append(table, rows.subList(20, 30));

    String location = table.location();
    assertThat(spark.read().format(ReadTestSupport.PROVIDER).load(location).count()).isEqualTo(30);
    assertThat(sparkRows(spark.read().format(ReadTestSupport.PROVIDER).option("snapshot-id", Long.toString(firstSnapshot)).load(location)))
        .containsExactlyInAnyOrderElementsOf(recordRows(rows.subList(0, 10)));
    assertThat(spark.read().format(ReadTestSupport.PROVIDER).option("tag", "v1").load(location).count()).isEqualTo(10);
    assertThat(spark.read().format(ReadTestSupport.PROVIDER).option("branch", "audit").load(location).count()).isEqualTo(20);
    assertThat(spark.read().format(ReadTestSupport.PROVIDER).option("as-of-timestamp", Long.toString(firstTime + 1)).load(location).count())
        .isEqualTo(10);
  }
}
