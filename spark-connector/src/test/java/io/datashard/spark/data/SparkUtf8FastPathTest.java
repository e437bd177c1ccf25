package io.datashard.spark.data;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.StructLike;
import io.datashard.data.batch.ColumnVector;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.FileIO;
import io.datashard.spark.SparkTypes;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark adapters' unboxed paths: {@link InternalRowStructLike} as a RawStructLike writes the same
 * file and metrics as through boxed values, and {@link SparkColumnVector} hands out the reader's UTF-8
 * bytes as the same strings.
 */
class SparkUtf8FastPathTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "ts", Types.TimestampType.withZone()),
      optional(3, "ts_ns", Types.TimestampNanoType.withZone()),
      optional(4, "category", Types.StringType.get()),
      optional(5, "amount", Types.DoubleType.get()),
      optional(6, "payload", Types.StringType.get()),
      optional(7, "n", Types.IntegerType.get()),
      optional(8, "flag", Types.BooleanType.get())));
  private static final String[] WORDS = {"", "plain", "Zürich", "\uFFFF", "\uD83D\uDE00 emoji", "日本語の長い文字列です"};

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private final FileIO io = new LocalFileIO();

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("SparkUtf8FastPathTest")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  private static List<Object[]> values(int count) {
    Random random = new Random(11);
    List<Object[]> rows = new ArrayList<>();
    for (int n = 0; n < count; n += 1) {
      Object[] row = {
          (long) n,
          random.nextLong() / 4_000_000L,
          random.nextLong() / 4_000_000L,
          WORDS[random.nextInt(WORDS.length)],
          n == 5 ? Double.NaN : random.nextGaussian(),
          WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt(),
          random.nextInt(),
          random.nextBoolean()};
      for (int pos = 1; pos < row.length; pos += 1) {
        if (random.nextInt(6) == 0) {
          row[pos] = null;
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /** Spark's internal rows of the values: unsafe rows (strings inside the row's bytes) and generic ones. */
  private static List<InternalRow> internalRows(List<Object[]> values, boolean unsafe) {
    StructType sparkType = SparkTypes.toSparkType(SCHEMA);
    UnsafeProjection projection = UnsafeProjection.create(sparkType);
    List<InternalRow> rows = new ArrayList<>();
    for (Object[] value : values) {
      Object[] internal = value.clone();
      for (int pos = 0; pos < internal.length; pos += 1) {
        if (internal[pos] instanceof String string) {
          internal[pos] = UTF8String.fromString(string);
        }
      }
      GenericInternalRow row = new GenericInternalRow(internal);
      rows.add(unsafe ? projection.apply(row).copy() : row);
    }
    return rows;
  }

  private DataFile write(String name, List<InternalRow> rows, boolean raw) {
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve(name).toString()))
        .schema(SCHEMA).properties(Map.of("write.metadata.metrics.default", "truncate(4)")).build();
    InternalRowStructLike adapter = new InternalRowStructLike(SCHEMA.asStruct());
    // the same adapter hidden behind plain StructLike: the writer can only use get(pos, Class)
    StructLike boxed = new StructLike() {
      @Override
      public int size() {
        return adapter.size();
      }

      @Override
      public <T> T get(int pos, Class<T> javaClass) {
        return adapter.get(pos, javaClass);
      }
    };
    try (writer) {
      for (InternalRow row : rows) {
        adapter.wrap(row);
        writer.write(raw ? adapter : boxed);
      }
    }
    return writer.toDataFile();
  }

  @Test
  void rawAccessorsAgreeWithBoxedValues() {
    for (boolean unsafe : new boolean[] {true, false}) {
      InternalRowStructLike adapter = new InternalRowStructLike(SCHEMA.asStruct());
      for (InternalRow row : internalRows(values(200), unsafe)) {
        adapter.wrap(row);
        for (int pos = 0; pos < SCHEMA.columns().size(); pos += 1) {
          Object boxed = adapter.get(pos, Object.class);
          assertThat(adapter.isNull(pos)).isEqualTo(boxed == null);
          if (boxed instanceof String string) {
            assertThat(adapter.getUtf8(pos)).isEqualTo(ByteBuffer.wrap(string.getBytes(StandardCharsets.UTF_8)));
          } else if (boxed instanceof Long value) {
            assertThat(adapter.getLong(pos)).isEqualTo(value);
          } else if (boxed instanceof Double value) {
            assertThat(Double.valueOf(adapter.getDouble(pos))).isEqualTo(value);
          } else if (boxed instanceof Integer value) {
            assertThat(adapter.getInt(pos)).isEqualTo(value);
          } else if (boxed instanceof Boolean value) {
            assertThat(adapter.getBoolean(pos)).isEqualTo(value);
          }
        }
        // timestamp_ns: Spark's microseconds scaled as get scales them
        if (!adapter.isNull(2)) {
          assertThat(adapter.getLong(2)).isEqualTo(row.getLong(2) * 1000L);
        }
      }
    }
  }

  @Test
  void sparkRowsWrittenUnboxedMakeTheSameFileAndMetrics() throws Exception {
    List<Object[]> values = values(2000);
    for (boolean unsafe : new boolean[] {true, false}) {
      List<InternalRow> rows = internalRows(values, unsafe);
      DataFile boxed = write("boxed-" + unsafe + ".parquet", rows, false);
      DataFile raw = write("raw-" + unsafe + ".parquet", rows, true);
      assertThat(raw.valueCounts()).isEqualTo(boxed.valueCounts());
      assertThat(raw.nullValueCounts()).isEqualTo(boxed.nullValueCounts());
      assertThat(raw.nanValueCounts()).isEqualTo(boxed.nanValueCounts());
      assertThat(raw.lowerBounds()).isEqualTo(boxed.lowerBounds());
      assertThat(raw.upperBounds()).isEqualTo(boxed.upperBounds());
      assertThat(Files.mismatch(Path.of(boxed.location()), Path.of(raw.location()))).as("same bytes").isEqualTo(-1L);
    }
  }

  @Test
  void stringsRoundTripThroughTheDataSource() {
    List<Row> input = new ArrayList<>();
    for (Object[] value : values(3000)) {
      Object[] row = value.clone();
      // ts and ts_ns as Spark timestamps
      row[1] = row[1] == null ? null : java.sql.Timestamp.from(java.time.Instant.EPOCH.plusNanos((Long) row[1] * 1000L));
      row[2] = row[2] == null ? null : java.sql.Timestamp.from(java.time.Instant.EPOCH.plusNanos((Long) row[2] * 1000L));
      input.add(RowFactory.create(row));
    }
    StructType sparkType = SparkTypes.toSparkType(SCHEMA);
    Dataset<Row> df = spark.createDataFrame(input, sparkType).repartition(2);
    String location = dir.resolve("table").toString();
    df.write().format("datashard").save(location);

    Comparator<Row> byId = Comparator.comparingLong(row -> row.getLong(0));
    List<Row> expected = new ArrayList<>(input);
    expected.sort(byId);
    Dataset<Row> read = spark.read().format("datashard").load(location);
    List<Row> actual = new ArrayList<>(read.collectAsList());
    actual.sort(byId);
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i += 1) {
      assertThat(actual.get(i).getString(3)).isEqualTo(expected.get(i).getString(3));
      assertThat(actual.get(i).getString(5)).isEqualTo(expected.get(i).getString(5));
    }
    assertThat(actual).isEqualTo(expected);
    // string predicates and aggregates over the bytes agree with the same DataFrame
    assertThat(read.filter("category > 'Z'").count()).isEqualTo(df.filter("category > 'Z'").count());
    assertThat(read.selectExpr("max(payload)", "min(category)", "count(distinct category)").first())
        .isEqualTo(df.selectExpr("max(payload)", "min(category)", "count(distinct category)").first());
  }

  @Test
  void columnVectorBytesBecomeTheSameUtf8Strings() {
    ColumnVector core = ColumnVector.allocate(Types.StringType.get(), 4);
    core.reset(4);
    byte[] page = "--Zürich\uD83D\uDE00--".getBytes(StandardCharsets.UTF_8);
    int length = "Zürich\uD83D\uDE00".getBytes(StandardCharsets.UTF_8).length;
    core.setUtf8(0, ByteBuffer.wrap(page, 2, length));
    core.setObject(1, "日本");
    core.setNull(2);
    ByteBuffer direct = ByteBuffer.allocateDirect(3).put("abc".getBytes(StandardCharsets.UTF_8)).flip();
    core.setUtf8(3, direct);
    SparkColumnVector vector = new SparkColumnVector(Types.StringType.get());
    vector.reset(core, new int[] {3, 0, 1, 2}, 4);
    assertThat(vector.getUTF8String(0)).isEqualTo(UTF8String.fromString("abc"));
    assertThat(vector.getUTF8String(1)).isEqualTo(UTF8String.fromString("Zürich\uD83D\uDE00"));
    assertThat(vector.getUTF8String(2)).isEqualTo(UTF8String.fromString("日本"));
    assertThat(vector.getUTF8String(3)).isNull();
    assertThat(vector.isNullAt(3)).isTrue();
  }
}
