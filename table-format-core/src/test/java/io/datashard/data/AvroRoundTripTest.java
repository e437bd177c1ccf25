package io.datashard.data;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.data.avro.AvroDataReader;
import io.datashard.data.avro.AvroDataWriter;
import io.datashard.data.avro.AvroSchemas;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroRoundTripTest {
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
      required(32, "weird name-1", Types.StringType.get())));

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  static GenericRecord point(double x, String label) {
    return point(POINT, x, label);
  }

  static GenericRecord listPoint(double x, String label) {
    return point(LIST_POINT, x, label);
  }

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
    full.set("point", point(1.0, "a"));
    full.set("points", List.of(listPoint(2.0, null), listPoint(3.0, "c")));
    full.set("ints", new ArrayList<>(java.util.Arrays.asList(1, null, 3)));
    Map<String, Long> props = new LinkedHashMap<>();
    props.put("a", 1L);
    props.put("b", null);
    full.set("props", props);
    full.set("by_day", Map.of(19000, "x", -1, "y"));
    full.set("weird name-1", "w");

    GenericRecord nulls = GenericRecord.create(ALL_TYPES);
    nulls.set("id", 2L);
    nulls.set("weird name-1", "");

    GenericRecord empties = GenericRecord.create(ALL_TYPES);
    empties.set("id", Long.MIN_VALUE);
    empties.set("f", Float.NaN);
    empties.set("small_dec", new BigDecimal("0.01"));
    empties.set("big_dec", new BigDecimal("99999999999999999999999999999999999999").movePointLeft(10));
    empties.set("points", List.of());
    empties.set("props", Map.of());
    empties.set("bin", ByteBuffer.allocate(0));
    empties.set("point", point(Double.NEGATIVE_INFINITY, null));
    empties.set("weird name-1", "z");
    return List.of(full, nulls, empties);
  }

  private DataFile write(Schema schema, List<Record> records, String name) {
    AvroDataWriter writer = AvroDataWriter.builder(io.newOutputFile(dir.resolve(name).toString()))
        .schema(schema).build();
    try (writer) {
      for (Record record : records) {
        writer.write(record);
      }
    }
    return writer.toDataFile();
  }

  static List<Record> read(FileIO io, String location, Schema projection) {
    try (CloseableIterable<Record> records = AvroDataReader.builder(io.newInputFile(location)).project(projection).build()) {
      List<Record> result = new ArrayList<>();
      records.forEach(result::add);
      return result;
    }
  }

  @Test
  void everyTypeRoundTrips() {
    List<Record> records = allTypesRecords();
    DataFile file = write(ALL_TYPES, records, "all.avro");

    assertThat(file.format()).isEqualTo(FileFormat.AVRO);
    assertThat(file.recordCount()).isEqualTo(3);
    assertThat(file.fileSizeInBytes()).isEqualTo(dir.resolve("all.avro").toFile().length());
    assertThat(read(io, file.location(), ALL_TYPES)).containsExactlyElementsOf(records);
  }

  @Test
  void everyCompressionCodecRoundTrips() {
    for (String codec : List.of("gzip", "uncompressed")) {
      AvroDataWriter writer = AvroDataWriter.builder(io.newOutputFile(dir.resolve(codec + ".avro").toString()))
          .schema(ALL_TYPES).properties(Map.of(AvroDataWriter.COMPRESSION_PROPERTY, codec)).build();
      try (writer) {
        allTypesRecords().forEach(writer::write);
      }
      assertThat(read(io, writer.location(), ALL_TYPES)).as(codec).containsExactlyElementsOf(allTypesRecords());
    }
  }

  @Test
  void aCodecWhoseLibraryIsMissingFailsClearly() {
    boolean zstdPresent;
    try {
      Class.forName("com.github.luben.zstd.Zstd");
      zstdPresent = true;
    } catch (ClassNotFoundException e) {
      zstdPresent = false;
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(zstdPresent, "zstd-jni is on the classpath");
    assertThatThrownBy(() -> AvroDataWriter.builder(io.newOutputFile(dir.resolve("z.avro").toString()))
        .schema(ALL_TYPES).properties(Map.of(AvroDataWriter.COMPRESSION_PROPERTY, "zstd")).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("zstd-jni");
    assertThat(dir.resolve("z.avro")).doesNotExist();
  }

  @Test
  void avroSchemaCarriesTheSpecAnnotations() throws Exception {
    DataFile file = write(ALL_TYPES, allTypesRecords(), "annotated.avro");
    org.apache.avro.Schema avro;
    try (DataFileReader<Object> reader = new DataFileReader<>(dir.resolve("annotated.avro").toFile(), new GenericDatumReader<>())) {
      avro = reader.getSchema();
      assertThat(reader.getMetaString("iceberg.schema")).contains("\"weird name-1\"");
    }
    assertThat(avro).isEqualTo(AvroSchemas.convert(ALL_TYPES));
    assertThat(avro.getField("id").getObjectProp("field-id")).isEqualTo(1);
    assertThat(avro.getField("id").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.LONG);
    org.apache.avro.Schema tstz = avro.getField("tstz").schema().getTypes().get(1);
    assertThat(tstz.getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
    assertThat(tstz.getObjectProp("adjust-to-utc")).isEqualTo(true);
    assertThat(avro.getField("ts").schema().getTypes().get(1).getObjectProp("adjust-to-utc")).isEqualTo(false);
    assertThat(avro.getField("ts_ns").schema().getTypes().get(1).getLogicalType().getName()).isEqualTo("timestamp-nanos");
    org.apache.avro.Schema uuid = avro.getField("u").schema().getTypes().get(1);
    assertThat(uuid.getType()).isEqualTo(org.apache.avro.Schema.Type.FIXED);
    assertThat(uuid.getFixedSize()).isEqualTo(16);
    assertThat(uuid.getProp("logicalType")).isEqualTo("uuid");
    org.apache.avro.Schema dec = avro.getField("big_dec").schema().getTypes().get(1);
    assertThat(dec.getType()).isEqualTo(org.apache.avro.Schema.Type.FIXED);
    assertThat(dec.getFixedSize()).isEqualTo(16);
    assertThat(avro.getField("small_dec").schema().getTypes().get(1).getFixedSize()).isEqualTo(4);
    assertThat(avro.getField("nothing").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.NULL);
    org.apache.avro.Schema points = avro.getField("points").schema().getTypes().get(1);
    assertThat(points.getObjectProp("element-id")).isEqualTo(21);
    assertThat(points.getElementType().getField("x").getObjectProp("field-id")).isEqualTo(33);
    org.apache.avro.Schema props = avro.getField("props").schema().getTypes().get(1);
    assertThat(props.getType()).isEqualTo(org.apache.avro.Schema.Type.MAP);
    assertThat(props.getObjectProp("key-id")).isEqualTo(25);
    assertThat(props.getObjectProp("value-id")).isEqualTo(26);
    org.apache.avro.Schema byDay = avro.getField("by_day").schema().getTypes().get(1);
    assertThat(byDay.getType()).isEqualTo(org.apache.avro.Schema.Type.ARRAY);
    assertThat(byDay.getProp("logicalType")).isEqualTo("map");
    assertThat(byDay.getElementType().getField("key").getObjectProp("field-id")).isEqualTo(28);
    assertThat(byDay.getElementType().getField("value").getObjectProp("field-id")).isEqualTo(29);
    org.apache.avro.Schema.Field weird = avro.getFields().get(avro.getFields().size() - 1);
    assertThat(weird.name()).isEqualTo("weird_x20name_x2D1");
    assertThat(weird.getProp("iceberg-field-name")).isEqualTo("weird name-1");
  }

  @Test
  void decimalSizesFollowPrecision() {
    // the smallest two's-complement size holding 10^P - 1
    for (int precision = 1; precision <= 38; precision += 1) {
      org.apache.avro.Schema avro = AvroSchemas.convert(new Schema(List.of(
          required(1, "d", Types.DecimalType.of(precision, 0)))));
      int size = avro.getField("d").schema().getFixedSize();
      java.math.BigInteger max = java.math.BigInteger.TEN.pow(precision).subtract(java.math.BigInteger.ONE);
      assertThat(java.math.BigInteger.TWO.pow(8 * size - 1)).isGreaterThan(max);
      if (size > 1) {
        assertThat(java.math.BigInteger.TWO.pow(8 * (size - 1) - 1)).isLessThanOrEqualTo(max);
      }
    }
  }

  @Test
  void badValuesFailNamingTheField() {
    GenericRecord missingRequired = GenericRecord.create(ALL_TYPES);
    missingRequired.set("weird name-1", "x");
    assertThatThrownBy(() -> write(ALL_TYPES, List.of(missingRequired), "bad1.avro"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("required field 'id'");

    GenericRecord wrongType = GenericRecord.create(ALL_TYPES);
    wrongType.set("id", 1);
    wrongType.set("weird name-1", "x");
    assertThatThrownBy(() -> write(ALL_TYPES, List.of(wrongType), "bad2.avro"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'id'").hasMessageContaining("expected a Long");

    GenericRecord badNested = GenericRecord.create(ALL_TYPES);
    badNested.set("id", 1L);
    badNested.set("weird name-1", "x");
    badNested.set("points", List.of(listPoint(1, null), "not a record"));
    assertThatThrownBy(() -> write(ALL_TYPES, List.of(badNested), "bad3.avro"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("points.element");

    GenericRecord tooPrecise = GenericRecord.create(ALL_TYPES);
    tooPrecise.set("id", 1L);
    tooPrecise.set("weird name-1", "x");
    tooPrecise.set("small_dec", new BigDecimal("1.234"));
    assertThatThrownBy(() -> write(ALL_TYPES, List.of(tooPrecise), "bad4.avro"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("small_dec").hasMessageContaining("rounding");
  }

  @Test
  void aFailedWriteEndsTheWriter() {
    GenericRecord bad = GenericRecord.create(ALL_TYPES);
    AvroDataWriter writer = AvroDataWriter.builder(io.newOutputFile(dir.resolve("failed.avro").toString()))
        .schema(ALL_TYPES).build();
    assertThatThrownBy(() -> writer.write(bad)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> writer.write(allTypesRecords().get(0))).isInstanceOf(IllegalStateException.class);
    writer.close();
    assertThatThrownBy(writer::toDataFile).isInstanceOf(IllegalStateException.class).hasMessageContaining("failed.avro");
    // Avro drops the failed record, so what was written before it still reads
    assertThat(read(io, writer.location(), ALL_TYPES)).isEmpty();
  }

  @Test
  void splitsReadEveryRecordExactlyOnce() {
    Schema schema = new Schema(List.of(required(1, "payload", Types.StringType.get())));
    AvroDataWriter writer = AvroDataWriter.builder(io.newOutputFile(dir.resolve("split.avro").toString()))
        .schema(schema).properties(Map.of(AvroDataWriter.COMPRESSION_PROPERTY, "uncompressed")).build();
    List<Record> rows = new ArrayList<>();
    try (writer) {
      for (int i = 0; i < 2000; i += 1) {
        GenericRecord row = GenericRecord.create(schema);
        row.set(0, String.format("%0100d", i));
        rows.add(row);
        writer.write(row);
      }
    }
    long length = writer.toDataFile().fileSizeInBytes();
    List<Record> all = new ArrayList<>();
    long step = length / 3;
    for (long start = 0; start < length; start += step) {
      try (CloseableIterable<Record> split = AvroDataReader.builder(io.newInputFile(writer.location()))
          .project(schema).split(start, Math.min(step, length - start)).build()) {
        split.forEach(all::add);
      }
    }
    assertThat(all).containsExactlyElementsOf(rows);
  }

  @Test
  void recordsCopyDeeplyAndCompareByValue() {
    Record original = allTypesRecords().get(0);
    Record copy = original.copy();
    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    ((Record) copy.get("point")).set("label", "changed");
    assertThat(((Record) original.get("point")).get("label")).isEqualTo("a");
    assertThat(copy.get(0, Long.class)).isEqualTo(1L);
    assertThatThrownBy(() -> original.get("nope")).isInstanceOf(ValidationException.class).hasMessageContaining("'nope'");
  }
}
