package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.PositionOutputStream;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParquetRoundTripTest {
  static final Types.StructType POINT = Types.StructType.of(
      required(30, "x", Types.DoubleType.get()),
      optional(31, "label", Types.StringType.get()));
  static final Types.StructType LIST_POINT = Types.StructType.of(
      required(33, "x", Types.DoubleType.get()),
      optional(34, "label", Types.StringType.get()));

  static final Schema ALL_TYPES = new Schema(List.of(
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
      optional(11, "tstz_ns", Types.TimestampNanoType.withZone()),
      optional(12, "s", Types.StringType.get()),
      optional(13, "u", Types.UUIDType.get()),
      optional(14, "fx", Types.FixedType.ofLength(3)),
      optional(15, "bin", Types.BinaryType.get()),
      optional(16, "small_dec", Types.DecimalType.of(9, 2)),
      optional(17, "big_dec", Types.DecimalType.of(38, 10)),
      optional(18, "nothing", Types.UnknownType.get()),
      optional(19, "point", POINT),
      optional(20, "points", Types.ListType.ofRequired(21, LIST_POINT)),
      optional(22, "ints", Types.ListType.ofOptional(23, Types.IntegerType.get())),
      optional(24, "props", Types.MapType.ofOptional(25, 26, Types.StringType.get(), Types.LongType.get())),
      optional(27, "by_day", Types.MapType.ofRequired(28, 29, Types.DateType.get(), Types.StringType.get())),
      required(32, "weird name-1", Types.StringType.get()),
      optional(35, "mid_dec", Types.DecimalType.of(18, 3)),
      optional(36, "nested", Types.ListType.ofOptional(37,
          Types.MapType.ofOptional(38, 39, Types.StringType.get(), Types.ListType.ofOptional(40, Types.LongType.get()))))));

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  static GenericRecord point(Types.StructType type, double x, String label) {
    GenericRecord point = GenericRecord.create(type);
    point.set("x", x);
    point.set("label", label);
    return point;
  }

  static List<Record> allTypesRecords() {
    GenericRecord full = GenericRecord.create(ALL_TYPES);
    full.set("id", 1L);
    full.set("flag", true);
    full.set("i", -42);
    full.set("f", 1.5f);
    full.set("d", -2.25);
    full.set("day", (int) LocalDate.of(2024, 2, 29).toEpochDay());
    full.set("time", LocalTime.of(23, 59, 58, 123_456_000).toNanoOfDay() / 1000);
    full.set("ts", ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-01-01T10:15:30.123456Z")));
    full.set("tstz", ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("1969-07-20T20:17:40Z")));
    full.set("ts_ns", ChronoUnit.NANOS.between(Instant.EPOCH, Instant.parse("2024-01-01T10:15:30.123456789Z")));
    full.set("tstz_ns", -1L);
    full.set("s", "héllo \uD83D\uDE00");
    full.set("u", UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"));
    full.set("fx", ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xFF}));
    full.set("bin", ByteBuffer.wrap("binary".getBytes(StandardCharsets.UTF_8)));
    full.set("small_dec", new BigDecimal("-1234567.89"));
    full.set("big_dec", new BigDecimal("-9999999999999999999999999999.9999999999"));
    full.set("mid_dec", new BigDecimal("-999999999999999.999"));
    full.set("point", point(POINT, 1.0, "a"));
    full.set("points", List.of(point(LIST_POINT, 2.0, null), point(LIST_POINT, 3.0, "c")));
    full.set("ints", new ArrayList<>(Arrays.asList(1, null, 3)));
    Map<String, Long> props = new LinkedHashMap<>();
    props.put("a", 1L);
    props.put("b", null);
    full.set("props", props);
    Map<Integer, String> byDay = new LinkedHashMap<>();
    byDay.put(19000, "x");
    byDay.put(-1, "y");
    full.set("by_day", byDay);
    full.set("weird name-1", "w");
    Map<String, List<Long>> inner = new LinkedHashMap<>();
    inner.put("k", new ArrayList<>(Arrays.asList(5L, null)));
    inner.put("empty", List.of());
    inner.put("none", null);
    full.set("nested", new ArrayList<>(Arrays.asList(inner, null, Map.of())));

    GenericRecord nulls = GenericRecord.create(ALL_TYPES);
    nulls.set("id", 2L);
    nulls.set("weird name-1", "");

    GenericRecord empties = GenericRecord.create(ALL_TYPES);
    empties.set("id", Long.MIN_VALUE);
    empties.set("f", Float.NaN);
    empties.set("small_dec", new BigDecimal("0.01"));
    empties.set("big_dec", new BigDecimal("99999999999999999999999999999999999999").movePointLeft(10));
    empties.set("mid_dec", new BigDecimal("999999999999999.999"));
    empties.set("points", List.of());
    empties.set("props", Map.of());
    empties.set("bin", ByteBuffer.allocate(0));
    empties.set("point", point(POINT, Double.NEGATIVE_INFINITY, null));
    empties.set("weird name-1", "z");
    empties.set("nested", List.of());
    return List.of(full, nulls, empties);
  }

  private DataFile write(Schema schema, List<Record> records, String name, Map<String, String> properties) {
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve(name).toString()))
        .schema(schema).properties(properties).build();
    try (writer) {
      for (Record record : records) {
        writer.write(record);
      }
    }
    return writer.toDataFile();
  }

  static List<Record> read(FileIO io, String location, Schema projection) {
    try (CloseableIterable<Record> records = ParquetDataReader.builder(io.newInputFile(location))
        .project(projection).build()) {
      List<Record> result = new ArrayList<>();
      records.forEach(result::add);
      return result;
    }
  }

  private static ParquetFileReader open(String location) throws Exception {
    return ParquetFileReader.open(ParquetIO.input(new LocalFileIO().newInputFile(location)));
  }

  @Test
  void everyTypeRoundTrips() {
    List<Record> records = allTypesRecords();
    DataFile file = write(ALL_TYPES, records, "all.parquet", Map.of());

    assertThat(file.format()).isEqualTo(FileFormat.PARQUET);
    assertThat(file.recordCount()).isEqualTo(3);
    assertThat(file.fileSizeInBytes()).isEqualTo(dir.resolve("all.parquet").toFile().length());
    assertThat(read(io, file.location(), ALL_TYPES)).containsExactlyElementsOf(records);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "snappy", "gzip", "lz4", "uncompressed"})
  void everyCompressionCodecRoundTrips(String codec) throws Exception {
    DataFile file = write(ALL_TYPES, allTypesRecords(), codec + ".parquet",
        Map.of(ParquetDataWriter.COMPRESSION_PROPERTY, codec));
    assertThat(read(io, file.location(), ALL_TYPES)).containsExactlyElementsOf(allTypesRecords());
    CompressionCodecName expected = codec.equals("lz4") ? CompressionCodecName.LZ4_RAW
        : CompressionCodecName.valueOf(codec.toUpperCase(java.util.Locale.ROOT));
    try (ParquetFileReader reader = open(file.location())) {
      assertThat(reader.getRowGroups().get(0).getColumns())
          .allSatisfy(column -> assertThat(column.getCodec()).isEqualTo(expected));
    }
  }

  @Test
  void zstdIsTheDefaultCodecAndUnknownCodecsAreRefused() throws Exception {
    DataFile file = write(ALL_TYPES, allTypesRecords(), "default.parquet", Map.of());
    try (ParquetFileReader reader = open(file.location())) {
      assertThat(reader.getRowGroups().get(0).getColumns().get(0).getCodec()).isEqualTo(CompressionCodecName.ZSTD);
    }
    assertThatThrownBy(() -> write(ALL_TYPES, List.of(), "bad.parquet", Map.of(ParquetDataWriter.COMPRESSION_PROPERTY, "brotli")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("write.parquet.compression-codec=brotli");
  }

  @Test
  void parquetSchemaFollowsTheSpecMapping() throws Exception {
    MessageType parquet = ParquetSchemas.convert(ALL_TYPES);
    assertThat(parquet.containsField("nothing")).isFalse();
    assertThat(parquet.getType("id").getId().intValue()).isEqualTo(1);
    assertThat(parquet.getType("small_dec").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
    assertThat(parquet.getType("mid_dec").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
    assertThat(parquet.getType("big_dec").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
    // the smallest two's complement width for 38 digits: 10^38 < 2^127
    assertThat(parquet.getType("big_dec").asPrimitiveType().getTypeLength()).isEqualTo(16);
    assertThat(parquet.getType("big_dec").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(10, 38));
    assertThat(parquet.getType("u").asPrimitiveType().getTypeLength()).isEqualTo(16);
    assertThat(parquet.getType("u").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.uuidType());
    assertThat(parquet.getType("ts").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(parquet.getType("tstz").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(parquet.getType("tstz_ns").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.NANOS));
    assertThat(parquet.getType("time").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MICROS));
    // 3-level lists and maps with ids on element, key and value
    assertThat(parquet.getType("ints").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
    assertThat(parquet.getType("ints").asGroupType().getType("list").asGroupType().getType("element").getId().intValue())
        .isEqualTo(23);
    org.apache.parquet.schema.GroupType keyValue = parquet.getType("props").asGroupType().getType("key_value").asGroupType();
    assertThat(keyValue.getType("key").getId().intValue()).isEqualTo(25);
    assertThat(keyValue.getType("key").isRepetition(org.apache.parquet.schema.Type.Repetition.REQUIRED)).isTrue();
    assertThat(keyValue.getType("value").getId().intValue()).isEqualTo(26);

    DataFile file = write(ALL_TYPES, allTypesRecords(), "schema.parquet", Map.of());
    try (ParquetFileReader reader = open(file.location())) {
      assertThat(reader.getFooter().getFileMetaData().getSchema()).isEqualTo(parquet);
      assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData()).containsKey("iceberg.schema");
    }
  }

  @Test
  void badValuesFailNamingTheFieldAndLeaveNoDescribableFile() {
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve("bad.parquet").toString()))
        .schema(ALL_TYPES).build();
    GenericRecord bad = GenericRecord.create(ALL_TYPES);
    bad.set("id", 1L);
    bad.set("weird name-1", "x");
    bad.set("i", "not an int");
    assertThatThrownBy(() -> writer.write(bad)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("'i'").hasMessageContaining("Integer");
    assertThatThrownBy(() -> writer.write(allTypesRecords().get(0))).isInstanceOf(IllegalStateException.class);
    writer.close();
    assertThatThrownBy(writer::toDataFile).isInstanceOf(IllegalStateException.class);

    GenericRecord missingRequired = GenericRecord.create(ALL_TYPES);
    ParquetDataWriter second = ParquetDataWriter.builder(io.newOutputFile(dir.resolve("bad2.parquet").toString()))
        .schema(ALL_TYPES).build();
    try (second) {
      assertThatThrownBy(() -> second.write(missingRequired)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("required field 'id'");
    }
  }

  @Test
  void missingAndCorruptFilesFailNamingThem() throws Exception {
    String missing = dir.resolve("missing.parquet").toString();
    assertThatThrownBy(() -> read(io, missing, ALL_TYPES))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("missing.parquet");

    Path corrupt = dir.resolve("corrupt.parquet");
    Files.write(corrupt, "PAR1 this is not a parquet file at all PAR1".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> read(io, corrupt.toString(), ALL_TYPES))
        .isInstanceOf(CorruptMetadataException.class).hasMessageContaining("corrupt.parquet");
  }

  @Test
  void existingFilesAreNotOverwritten() throws Exception {
    Path existing = dir.resolve("exists.parquet");
    try (PositionOutputStream out = io.newOutputFile(existing.toString()).create()) {
      out.write(1);
    }
    assertThatThrownBy(() -> ParquetDataWriter.builder(io.newOutputFile(existing.toString())).schema(ALL_TYPES).build())
        .isInstanceOf(io.datashard.exceptions.AlreadyExistsException.class);
    assertThat(Files.size(existing)).isEqualTo(1);
  }
}
