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
import io.datashard.internal.data.ColumnMetrics;
import io.datashard.internal.data.MetricsConfig;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.internal.metadata.SchemaParser;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A flat schema is written straight into the column writers; the file, rows and metrics must be the
 * same as through parquet-mr's record consumer (its own {@code ParquetWriter} driving the same write
 * support), and the counts and bounds the ones computed here from the rows.
 */
class FlatColumnWriteTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "flag", Types.BooleanType.get()),
      optional(3, "i", Types.IntegerType.get()),
      optional(4, "f", Types.FloatType.get()),
      optional(5, "d", Types.DoubleType.get()),
      optional(6, "day", Types.DateType.get()),
      optional(7, "time", Types.TimeType.get()),
      optional(8, "ts", Types.TimestampType.withoutZone()),
      optional(9, "tstz", Types.TimestampType.withZone()),
      optional(10, "ts_ns", Types.TimestampNanoType.withoutZone()),
      optional(11, "category", Types.StringType.get()),
      optional(12, "payload", Types.StringType.get()),
      optional(13, "uuid", Types.UUIDType.get()),
      optional(14, "fixed", Types.FixedType.ofLength(7)),
      optional(15, "bin", Types.BinaryType.get()),
      optional(16, "dec9", Types.DecimalType.of(9, 2)),
      optional(17, "dec18", Types.DecimalType.of(18, 4)),
      optional(18, "dec30", Types.DecimalType.of(30, 5)),
      optional(19, "nothing", Types.UnknownType.get()),
      required(20, "name", Types.StringType.get())));
  private static final String[] WORDS = {
      "", "a", "Zürich", "\uFFFF", "\uD83D\uDE00 smile", "a long string well over the sixteen characters kept", "zz"};

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
      row.set(3, n % 97 == 3 ? Float.NaN : n == 4 ? -0.0f : n == 5 ? 0.0f : random.nextFloat() - 0.5f);
      row.set(4, n % 89 == 6 ? Double.NaN : n == 7 ? -0.0 : random.nextGaussian() * 1e6);
      row.set(5, random.nextInt(40_000) - 20_000);
      row.set(6, Math.floorMod(random.nextLong(), 86_400_000_000L));
      row.set(7, random.nextLong() / 2);
      row.set(8, random.nextLong() / 2);
      row.set(9, random.nextLong());
      row.set(10, WORDS[random.nextInt(WORDS.length)]); // repeats: dictionary-encoded
      row.set(11, WORDS[random.nextInt(WORDS.length)] + random.nextInt() + WORDS[random.nextInt(WORDS.length)]);
      row.set(12, new UUID(random.nextLong(), random.nextLong()));
      byte[] fixed = new byte[7];
      random.nextBytes(fixed);
      row.set(13, ByteBuffer.wrap(fixed));
      byte[] bin = new byte[random.nextInt(40)];
      random.nextBytes(bin);
      row.set(14, ByteBuffer.wrap(bin));
      row.set(15, BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2));
      row.set(16, BigDecimal.valueOf(random.nextLong() % 100_000_000_000_000L, 4));
      row.set(17, new BigDecimal(new java.math.BigInteger(90, random), 5).multiply(BigDecimal.valueOf(random.nextBoolean() ? 1 : -1)));
      row.set(18, null);
      row.set(19, WORDS[n % WORDS.length]);
      for (int pos = 1; pos < 18; pos += 1) {
        if (random.nextInt(6) == 0) {
          row.set(pos, null);
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, String> properties(String mode) {
    return Map.of(
        MetricsConfig.DEFAULT_MODE_PROPERTY, mode,
        ParquetDataWriter.PAGE_ROW_LIMIT_PROPERTY, "300",
        ParquetDataWriter.ROW_GROUP_SIZE_PROPERTY, "32768",
        ParquetDataWriter.ROW_GROUP_CHECK_MIN_PROPERTY, "10",
        ParquetDataWriter.ROW_GROUP_CHECK_MAX_PROPERTY, "100");
  }

  private DataFile write(String name, List<? extends StructLike> rows, Map<String, String> properties) {
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve(name).toString()))
        .schema(SCHEMA).properties(properties).build();
    try (writer) {
      rows.forEach(writer::write);
    }
    return writer.toDataFile();
  }

  private ColumnMetrics writeThroughRecordConsumer(Path path, List<? extends StructLike> rows, Map<String, String> properties)
      throws Exception {
    return writeThroughRecordConsumer(SCHEMA, path, rows, properties);
  }

  /** The same rows through parquet-mr's ParquetWriter and record consumer, with the data writer's settings. */
  private static ColumnMetrics writeThroughRecordConsumer(Schema schema, Path path, List<? extends StructLike> rows,
      Map<String, String> properties) throws Exception {
    RecordWriteSupport support = new RecordWriteSupport(schema.asStruct(), ParquetSchemas.convert(schema),
        Map.of(ParquetDataWriter.SCHEMA_METADATA_KEY, SchemaParser.toJson(schema)));
    try (ParquetWriter<StructLike> writer = new Builder(new LocalOutputFile(path), support)
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withRowGroupSize(Long.parseLong(properties.get(ParquetDataWriter.ROW_GROUP_SIZE_PROPERTY)))
        .withPageSize(ParquetDataWriter.PAGE_SIZE_DEFAULT)
        .withPageRowCountLimit(Integer.parseInt(properties.get(ParquetDataWriter.PAGE_ROW_LIMIT_PROPERTY)))
        .withDictionaryPageSize(ParquetDataWriter.DICT_SIZE_DEFAULT)
        .withMinRowCountForPageSizeCheck(Integer.parseInt(properties.get(ParquetDataWriter.ROW_GROUP_CHECK_MIN_PROPERTY)))
        .withMaxRowCountForPageSizeCheck(Integer.parseInt(properties.get(ParquetDataWriter.ROW_GROUP_CHECK_MAX_PROPERTY)))
        .build()) {
      for (StructLike row : rows) {
        writer.write(row);
      }
    }
    return ColumnMetrics.of(support.metrics(), MetricsConfig.from(schema, properties));
  }

  private List<Record> read(String location) throws Exception {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = ParquetDataReader.builder(io.newInputFile(location)).project(SCHEMA).build()) {
      records.forEach(rows::add);
    }
    return rows;
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncate(16)", "full", "truncate(4)", "counts", "none"})
  void flatRowsMakeTheSameFileAndMetricsAsTheRecordConsumer(String mode) throws Exception {
    List<Record> rows = rows(2500, 11);
    Map<String, String> properties = properties(mode);
    DataFile boxed = write("boxed.parquet", rows, properties);
    List<StructLike> raw = new ArrayList<>();
    rows.forEach(row -> raw.add(new RawRecord(SCHEMA.asStruct(), row, false)));
    DataFile rawFile = write("raw.parquet", raw, properties);
    Path general = dir.resolve("consumer.parquet");
    ColumnMetrics expected = writeThroughRecordConsumer(general, rows, properties);

    assertThat(boxed.splitOffsets().orElseThrow().size()).as("several row groups").isGreaterThan(2);
    for (DataFile file : List.of(boxed, rawFile)) {
      assertThat(Files.mismatch(general, Path.of(file.location()))).as("same bytes as the record consumer").isEqualTo(-1L);
      assertThat(read(file.location())).isEqualTo(rows);
      assertThat(file.recordCount()).isEqualTo(rows.size());
      assertThat(file.valueCounts()).isEqualTo(expected.valueCounts());
      assertThat(file.nullValueCounts()).isEqualTo(expected.nullValueCounts());
      assertThat(file.nanValueCounts()).isEqualTo(expected.nanValueCounts());
      assertThat(file.lowerBounds()).isEqualTo(expected.lowerBounds());
      assertThat(file.upperBounds()).isEqualTo(expected.upperBounds());
    }
  }

  @Test
  void rawAndBoxedRowsInOneFileMergeTheirBounds() throws Exception {
    List<Record> rows = rows(3000, 23);
    List<StructLike> mixed = new ArrayList<>();
    for (int n = 0; n < rows.size(); n += 1) {
      mixed.add(n % 3 == 0 ? rows.get(n) : new RawRecord(SCHEMA.asStruct(), rows.get(n), false));
    }
    Map<String, String> properties = properties("truncate(16)");
    DataFile file = write("mixed.parquet", mixed, properties);
    ColumnMetrics expected = writeThroughRecordConsumer(dir.resolve("mixed-consumer.parquet"), rows, properties);
    assertThat(Files.mismatch(dir.resolve("mixed-consumer.parquet"), Path.of(file.location()))).isEqualTo(-1L);
    assertThat(file.valueCounts()).isEqualTo(expected.valueCounts());
    assertThat(file.nullValueCounts()).isEqualTo(expected.nullValueCounts());
    assertThat(file.lowerBounds()).isEqualTo(expected.lowerBounds());
    assertThat(file.upperBounds()).isEqualTo(expected.upperBounds());
  }

  @Test
  void nestedRowsStillGoThroughTheRecordConsumerAndMakeTheSameFile() throws Exception {
    Types.StructType point = Types.StructType.of(optional(31, "x", Types.DoubleType.get()), optional(32, "label", Types.StringType.get()));
    Schema nested = new Schema(List.of(
        required(1, "id", Types.LongType.get()),
        optional(2, "point", point),
        optional(3, "tags", Types.ListType.ofOptional(4, Types.StringType.get())),
        optional(5, "attrs", Types.MapType.ofOptional(6, 7, Types.StringType.get(), Types.IntegerType.get()))));
    Random random = new Random(3);
    List<Record> rows = new ArrayList<>();
    for (int n = 0; n < 8000; n += 1) {
      GenericRecord row = GenericRecord.create(nested);
      row.set(0, (long) n);
      if (n % 5 != 0) {
        GenericRecord p = GenericRecord.create(point);
        p.set(0, n % 7 == 0 ? null : random.nextDouble());
        p.set(1, WORDS[random.nextInt(WORDS.length)]);
        row.set(1, p);
      }
      row.set(2, n % 4 == 0 ? null : java.util.Arrays.asList(WORDS[n % WORDS.length], null, "t" + n));
      row.set(3, n % 3 == 0 ? null : Map.of("k" + (n % 11), n));
      rows.add(row);
    }
    Map<String, String> properties = properties("truncate(16)");
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve("nested.parquet").toString()))
        .schema(nested).properties(properties).build();
    try (writer) {
      rows.forEach(writer::write);
    }
    DataFile file = writer.toDataFile();
    Path general = dir.resolve("nested-consumer.parquet");
    ColumnMetrics expected = writeThroughRecordConsumer(nested, general, rows, properties);
    assertThat(file.splitOffsets().orElseThrow().size()).as("several row groups").isGreaterThan(1);
    assertThat(Files.mismatch(general, Path.of(file.location()))).as("same bytes as parquet-mr's writer").isEqualTo(-1L);
    assertThat(file.valueCounts()).isEqualTo(expected.valueCounts());
    assertThat(file.lowerBounds()).isEqualTo(expected.lowerBounds());
    assertThat(file.upperBounds()).isEqualTo(expected.upperBounds());
    List<Record> read = new ArrayList<>();
    try (CloseableIterable<Record> records = ParquetDataReader.builder(io.newInputFile(file.location())).project(nested).build()) {
      records.forEach(read::add);
    }
    assertThat(read).isEqualTo(rows);
  }

  @Test
  void countsAndBoundsAreTheOnesOfTheRows() throws Exception {
    List<Record> rows = rows(1200, 5);
    List<StructLike> raw = new ArrayList<>();
    rows.forEach(row -> raw.add(new RawRecord(SCHEMA.asStruct(), row, false)));
    DataFile file = write("full.parquet", raw, properties("full"));
    for (int pos = 0; pos < 18; pos += 1) {
      Types.NestedField field = SCHEMA.columns().get(pos);
      long nulls = 0;
      long nans = 0;
      for (Record row : rows) {
        Object value = row.get(pos);
        nulls += value == null ? 1 : 0;
        nans += value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN() ? 1 : 0;
      }
      assertThat(file.valueCounts().get(field.fieldId())).as(field.name()).isEqualTo(rows.size());
      assertThat(file.nullValueCounts().get(field.fieldId())).as(field.name()).isEqualTo(nulls);
      if (field.type().typeId() == Type.TypeID.DOUBLE || field.type().typeId() == Type.TypeID.FLOAT) {
        assertThat(file.nanValueCounts().get(field.fieldId())).as(field.name()).isEqualTo(nans).isPositive();
      }
    }
    // the extremes, found here by plain comparisons
    long minId = rows.stream().mapToLong(row -> (Long) row.get(0)).min().orElseThrow();
    double maxD = rows.stream().map(row -> (Double) row.get(4)).filter(d -> d != null && !d.isNaN())
        .mapToDouble(Double::doubleValue).max().orElseThrow();
    String maxPayload = rows.stream().map(row -> (String) row.get(11)).filter(s -> s != null)
        .max((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)))
        .orElseThrow();
    assertThat(Conversions.fromByteBuffer(Types.LongType.get(), file.lowerBounds().get(1))).isEqualTo(minId);
    assertThat(Conversions.fromByteBuffer(Types.DoubleType.get(), file.upperBounds().get(5))).isEqualTo(maxD);
    assertThat(file.upperBounds().get(12)).isEqualTo(ByteBuffer.wrap(maxPayload.getBytes(StandardCharsets.UTF_8)));
    assertThat(file.lowerBounds()).doesNotContainKey(19);
  }

  @Test
  void badValuesFailWithTheFieldNamed() {
    GenericRecord nullName = (GenericRecord) rows(1, 1).get(0);
    nullName.set(19, null);
    assertThatThrownBy(() -> write("null.parquet", List.of(new RawRecord(SCHEMA.asStruct(), nullName, false)), Map.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Cannot write null to required field 'name' (id 20");
    GenericRecord wrongType = (GenericRecord) rows(1, 1).get(0);
    wrongType.set(15, new BigDecimal("1.234"));
    assertThatThrownBy(() -> write("scale.parquet", List.of(wrongType), Map.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("field 'dec9' (id 16");
    GenericRecord unknown = (GenericRecord) rows(1, 1).get(0);
    unknown.set(18, "x");
    assertThatThrownBy(() -> write("unknown.parquet", List.of(unknown), Map.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("must be null because its type is unknown");
  }

  private static final class Builder extends ParquetWriter.Builder<StructLike, Builder> {
    private final RecordWriteSupport support;

    Builder(LocalOutputFile file, RecordWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<StructLike> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<StructLike> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
