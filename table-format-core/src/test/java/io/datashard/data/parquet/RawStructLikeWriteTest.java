package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.StructLike;
import io.datashard.data.GenericRecord;
import io.datashard.data.RawStructLike;
import io.datashard.data.Record;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rows written through {@link RawStructLike} make the same file, rows and metrics as through {@code get}. */
class RawStructLikeWriteTest {
  private static final Types.StructType INNER = Types.StructType.of(
      optional(40, "label", Types.StringType.get()), optional(41, "weight", Types.DoubleType.get()));
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "flag", Types.BooleanType.get()),
      optional(3, "i", Types.IntegerType.get()),
      optional(4, "f", Types.FloatType.get()),
      optional(5, "d", Types.DoubleType.get()),
      optional(6, "day", Types.DateType.get()),
      optional(7, "time", Types.TimeType.get()),
      optional(8, "ts", Types.TimestampType.withoutZone()),
      optional(9, "ts_ns", Types.TimestampNanoType.withZone()),
      optional(10, "category", Types.StringType.get()),
      optional(11, "payload", Types.StringType.get()),
      optional(12, "dec", Types.DecimalType.of(9, 2)),
      optional(13, "inner", INNER),
      optional(14, "tags", Types.ListType.ofOptional(15, Types.StringType.get())),
      required(16, "name", Types.StringType.get())));

  // code point order differs from UTF-16 order for the emoji (a surrogate pair) and U+FFFF
  private static final String[] WORDS = {
      "", "a", "Zürich", "é", "\uFFFF", "\uD83D\uDE00 smile", "日本語のテキストはとても長い文字列です", "zz", "ASCII only text"};

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  private static List<Record> rows(int count, long seed) {
    Random random = new Random(seed);
    List<Record> rows = new ArrayList<>();
    for (int n = 0; n < count; n += 1) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.set(0, random.nextLong());
      row.set(1, random.nextBoolean());
      row.set(2, random.nextInt());
      row.set(3, n == 3 ? Float.NaN : n == 4 ? -0.0f : n == 5 ? 0.0f : random.nextFloat() - 0.5f);
      row.set(4, n == 6 ? Double.NaN : n == 7 ? -0.0 : random.nextGaussian());
      row.set(5, random.nextInt(40_000) - 20_000);
      row.set(6, Math.floorMod(random.nextLong(), 86_400_000_000L));
      row.set(7, random.nextLong() / 2);
      row.set(8, random.nextLong());
      row.set(9, WORDS[random.nextInt(WORDS.length)]); // repeats: dictionary-encoded
      row.set(10, WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt() + "-" + WORDS[random.nextInt(WORDS.length)]);
      row.set(11, BigDecimal.valueOf(random.nextInt(1_000_000), 2));
      GenericRecord inner = GenericRecord.create(INNER);
      inner.set(0, WORDS[random.nextInt(WORDS.length)]);
      inner.set(1, random.nextDouble());
      row.set(12, inner);
      row.set(13, Arrays.asList(WORDS[random.nextInt(WORDS.length)], null));
      row.set(14, "name-" + WORDS[n % WORDS.length]);
      for (int pos = 1; pos < 14; pos += 1) {
        if (random.nextInt(7) == 0) {
          row.set(pos, null);
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private DataFile write(String name, List<? extends StructLike> rows, Map<String, String> properties) {
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve(name).toString()))
        .schema(SCHEMA).properties(properties).build();
    try (writer) {
      rows.forEach(writer::write);
    }
    return writer.toDataFile();
  }

  private List<Record> read(DataFile file) throws Exception {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = ParquetDataReader.builder(io.newInputFile(file.location())).project(SCHEMA).build()) {
      records.forEach(rows::add);
    }
    return rows;
  }

  private static List<StructLike> raw(List<Record> rows, boolean direct) {
    List<StructLike> raw = new ArrayList<>();
    for (Record row : rows) {
      raw.add(new RawRecord(SCHEMA.asStruct(), row, direct));
    }
    return raw;
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncate(16)", "full", "truncate(3)", "counts"})
  void rawRowsWriteTheSameFileAndMetricsAsBoxedRows(String mode) throws Exception {
    List<Record> rows = rows(3000, 42);
    Map<String, String> properties = Map.of(
        "write.metadata.metrics.default", mode,
        ParquetDataWriter.PAGE_ROW_LIMIT_PROPERTY, "500",
        ParquetDataWriter.ROW_GROUP_SIZE_PROPERTY, "65536",
        ParquetDataWriter.ROW_GROUP_CHECK_MIN_PROPERTY, "10",
        ParquetDataWriter.ROW_GROUP_CHECK_MAX_PROPERTY, "100");
    DataFile boxed = write("boxed.parquet", rows, properties);
    DataFile heap = write("raw-heap.parquet", raw(rows, false), properties);
    DataFile direct = write("raw-direct.parquet", raw(rows, true), properties);
    // some rows raw and some boxed in one file: the two kinds of bounds merge
    List<StructLike> mixed = new ArrayList<>();
    for (int n = 0; n < rows.size(); n += 1) {
      mixed.add(n % 3 == 0 ? rows.get(n) : new RawRecord(SCHEMA.asStruct(), rows.get(n), n % 2 == 0));
    }
    DataFile mixedFile = write("mixed.parquet", mixed, properties);

    assertThat(boxed.splitOffsets().orElseThrow().size()).as("several row groups").isGreaterThan(1);
    for (DataFile file : List.of(heap, direct, mixedFile)) {
      assertThat(read(file)).isEqualTo(rows);
      assertThat(file.recordCount()).isEqualTo(boxed.recordCount());
      assertThat(file.valueCounts()).isEqualTo(boxed.valueCounts());
      assertThat(file.nullValueCounts()).isEqualTo(boxed.nullValueCounts());
      assertThat(file.nanValueCounts()).isEqualTo(boxed.nanValueCounts());
      assertThat(file.lowerBounds()).isEqualTo(boxed.lowerBounds());
      assertThat(file.upperBounds()).isEqualTo(boxed.upperBounds());
      assertThat(file.columnSizes()).isEqualTo(boxed.columnSizes());
      assertThat(file.splitOffsets()).isEqualTo(boxed.splitOffsets());
      assertThat(Files.mismatch(Path.of(boxed.location()), Path.of(file.location()))).as("same bytes").isEqualTo(-1L);
    }
    assertThat(read(boxed)).isEqualTo(rows);
  }

  @Test
  void boundsAreTheExtremesOfTheValuesInCodePointOrder() throws Exception {
    List<Record> rows = rows(500, 7);
    DataFile file = write("full.parquet", raw(rows, false), Map.of("write.metadata.metrics.default", "full"));
    // computed here independently: strings by their UTF-8 bytes, doubles by Double.compare, NaN skipped
    String lowest = null;
    String highest = null;
    double lowestDouble = Double.NaN;
    double highestDouble = Double.NaN;
    long nulls = 0;
    long nans = 0;
    for (Record row : rows) {
      String value = (String) row.get(10);
      if (value == null) {
        nulls += 1;
      } else {
        if (lowest == null || compareUtf8(value, lowest) < 0) {
          lowest = value;
        }
        if (highest == null || compareUtf8(value, highest) > 0) {
          highest = value;
        }
      }
      Double d = (Double) row.get(4);
      if (d != null && d.isNaN()) {
        nans += 1;
      } else if (d != null) {
        lowestDouble = Double.isNaN(lowestDouble) || Double.compare(d, lowestDouble) < 0 ? d : lowestDouble;
        highestDouble = Double.isNaN(highestDouble) || Double.compare(d, highestDouble) > 0 ? d : highestDouble;
      }
    }
    assertThat(file.nullValueCounts().get(11)).isEqualTo(nulls);
    assertThat(file.valueCounts().get(11)).isEqualTo(rows.size());
    assertThat(file.nanValueCounts().get(5)).isEqualTo(nans);
    assertThat(file.lowerBounds().get(11)).isEqualTo(ByteBuffer.wrap(lowest.getBytes(StandardCharsets.UTF_8)));
    assertThat(file.upperBounds().get(11)).isEqualTo(ByteBuffer.wrap(highest.getBytes(StandardCharsets.UTF_8)));
    assertThat(highest).startsWith("\uD83D\uDE00"); // above U+FFFF although its first UTF-16 char is lower
    assertThat(Conversions.fromByteBuffer(Types.DoubleType.get(), file.lowerBounds().get(5))).isEqualTo(lowestDouble);
    assertThat(Conversions.fromByteBuffer(Types.DoubleType.get(), file.upperBounds().get(5))).isEqualTo(highestDouble);
  }

  @Test
  void aNullInARequiredRawFieldFailsLikeABoxedOne() {
    GenericRecord row = (GenericRecord) rows(1, 1).get(0);
    row.set(14, null);
    assertThatThrownBy(() -> write("bad.parquet", List.of(new RawRecord(SCHEMA.asStruct(), row, false)), Map.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Cannot write null to required field 'name' (id 16");
  }

  private static int compareUtf8(String left, String right) {
    return Arrays.compareUnsigned(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));
  }

}
