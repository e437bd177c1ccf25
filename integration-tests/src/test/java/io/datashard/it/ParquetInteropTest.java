package io.datashard.it;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.File;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Files;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet data files of every type written by one implementation and read by the other to equal values. */
class ParquetInteropTest {
  private static final Types.StructType POINT = Types.StructType.of(
      required(30, "x", Types.DoubleType.get()),
      optional(31, "label", Types.StringType.get()));
  private static final Types.StructType LIST_POINT = Types.StructType.of(
      required(33, "x", Types.DoubleType.get()),
      optional(34, "label", Types.StringType.get()));

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
      optional(11, "tstz_ns", Types.TimestampNanoType.withZone()),
      optional(12, "s", Types.StringType.get()),
      optional(13, "u", Types.UUIDType.get()),
      optional(14, "fx", Types.FixedType.ofLength(3)),
      optional(15, "bin", Types.BinaryType.get()),
      optional(16, "small_dec", Types.DecimalType.of(9, 2)),
      optional(17, "mid_dec", Types.DecimalType.of(18, 3)),
      optional(18, "big_dec", Types.DecimalType.of(38, 10)),
      optional(19, "point", POINT),
      optional(20, "points", Types.ListType.ofRequired(21, LIST_POINT)),
      optional(22, "ints", Types.ListType.ofOptional(23, Types.IntegerType.get())),
      optional(24, "props", Types.MapType.ofOptional(25, 26, Types.StringType.get(), Types.LongType.get())),
      optional(27, "by_day", Types.MapType.ofRequired(28, 29, Types.DateType.get(), Types.StringType.get()))));

  @TempDir
  Path dir;

  private static GenericRecord point(Types.StructType type, double x, String label) {
    GenericRecord point = GenericRecord.create(type);
    point.set("x", x);
    point.set("label", label);
    return point;
  }

  private static List<Record> records() {
    List<Record> records = new ArrayList<>();
    for (int n = 0; n < 50; n += 1) {
      GenericRecord full = GenericRecord.create(SCHEMA);
      full.set("id", (long) n);
      full.set("flag", n % 2 == 0);
      full.set("i", -42 * n);
      full.set("f", n == 3 ? Float.NaN : 1.5f * n);
      full.set("d", -2.25 * n);
      full.set("day", (int) LocalDate.of(2024, 2, 29).toEpochDay() - n);
      full.set("time", LocalTime.of(23, 59, 58, 123_456_000).toNanoOfDay() / 1000 - n);
      full.set("ts", ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-01-01T10:15:30.123456Z")) + n);
      full.set("tstz", ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("1969-07-20T20:17:40Z")) - n);
      full.set("ts_ns", ChronoUnit.NANOS.between(Instant.EPOCH, Instant.parse("2024-01-01T10:15:30.123456789Z")) + n);
      full.set("tstz_ns", -1L - n);
      full.set("s", "héllo \uD83D\uDE00 " + n);
      full.set("u", new UUID(n * 31L, -n));
      full.set("fx", ByteBuffer.wrap(new byte[] {1, (byte) n, (byte) 0xFF}));
      full.set("bin", ByteBuffer.wrap(("binary" + n).getBytes(StandardCharsets.UTF_8)));
      full.set("small_dec", new BigDecimal("-1234567.89").add(BigDecimal.valueOf(n)));
      full.set("mid_dec", new BigDecimal("-999999999999999.999").add(BigDecimal.valueOf(n)));
      full.set("big_dec", new BigDecimal("-9999999999999999999999999999.9999999999").add(BigDecimal.valueOf(n)));
      full.set("point", point(POINT, n, n % 3 == 0 ? null : "a"));
      full.set("points", n % 4 == 0 ? List.of() : List.of(point(LIST_POINT, 2.0, null), point(LIST_POINT, n, "c")));
      full.set("ints", new ArrayList<>(Arrays.asList(1, null, n)));
      Map<String, Long> props = new LinkedHashMap<>();
      props.put("a", (long) n);
      props.put("b", null);
      full.set("props", props);
      Map<Integer, String> byDay = new LinkedHashMap<>();
      byDay.put(19000 + n, "x");
      byDay.put(-1, "y");
      full.set("by_day", byDay);
      records.add(full);

      GenericRecord nulls = GenericRecord.create(SCHEMA);
      nulls.set("id", 1000L + n);
      records.add(nulls);
    }
    return records;
  }

  private static org.apache.iceberg.Schema icebergSchema() {
    return new org.apache.iceberg.Schema(IcebergInterop.toIceberg(SCHEMA).fields());
  }

  @Test
  void datashardReadsIcebergWrittenParquet() throws Exception {
    File file = dir.resolve("iceberg.parquet").toFile();
    org.apache.iceberg.Schema schema = icebergSchema();
    try (FileAppender<org.apache.iceberg.data.Record> appender = Parquet.write(Files.localOutput(file))
        .schema(schema).createWriterFunc(GenericParquetWriter::create).build()) {
      for (Record record : records()) {
        appender.add((org.apache.iceberg.data.Record) toIceberg(SCHEMA.asStruct(), record));
      }
    }

    List<Record> read = new ArrayList<>();
    try (CloseableIterable<Record> records = ParquetDataReader.builder(new LocalFileIO().newInputFile(file.toString()))
        .project(SCHEMA).build()) {
      records.forEach(read::add);
    }
    assertThat(read).containsExactlyElementsOf(records());
  }

  @Test
  void icebergReadsDatashardWrittenParquet() throws Exception {
    String location = dir.resolve("datashard.parquet").toString();
    try (ParquetDataWriter writer = ParquetDataWriter.builder(new LocalFileIO().newOutputFile(location))
        .schema(SCHEMA).build()) {
      records().forEach(writer::write);
    }

    org.apache.iceberg.Schema schema = icebergSchema();
    List<Record> read = new ArrayList<>();
    try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.data.Record> records =
        Parquet.read(Files.localInput(location)).project(schema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema)).build()) {
      for (org.apache.iceberg.data.Record record : records) {
        read.add((Record) fromIceberg(SCHEMA.asStruct(), record));
      }
    }
    assertThat(read).containsExactlyElementsOf(records());
  }

  /** A Datashard value as Iceberg's generic data model represents it. */
  static Object toIceberg(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case DATE:
        return LocalDate.ofEpochDay((Integer) value);
      case TIME:
        return LocalTime.ofNanoOfDay((Long) value * 1000);
      case TIMESTAMP: {
        LocalDateTime local = LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).plus((Long) value, ChronoUnit.MICROS);
        return ((Types.TimestampType) type).shouldAdjustToUTC() ? local.atOffset(ZoneOffset.UTC) : local;
      }
      case TIMESTAMP_NANO: {
        LocalDateTime local = LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).plus((Long) value, ChronoUnit.NANOS);
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? local.atOffset(ZoneOffset.UTC) : local;
      }
      case FIXED: {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      }
      case STRUCT: {
        Types.StructType struct = type.asStructType();
        org.apache.iceberg.data.GenericRecord record = org.apache.iceberg.data.GenericRecord.create(
            (org.apache.iceberg.types.Types.StructType) IcebergInterop.toIceberg(struct));
        Record source = (Record) value;
        for (int i = 0; i < struct.fields().size(); i += 1) {
          record.set(i, toIceberg(struct.fields().get(i).type(), source.get(i)));
        }
        return record;
      }
      case LIST: {
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) value) {
          list.add(toIceberg(type.asListType().elementType(), element));
        }
        return list;
      }
      case MAP: {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(toIceberg(type.asMapType().keyType(), entry.getKey()),
              toIceberg(type.asMapType().valueType(), entry.getValue()));
        }
        return map;
      }
      default:
        return value;
    }
  }

  /** An Iceberg generic value in Datashard's Java representation. */
  static Object fromIceberg(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case DATE:
        return (int) ((LocalDate) value).toEpochDay();
      case TIME:
        return ((LocalTime) value).toNanoOfDay() / 1000;
      case TIMESTAMP:
      case TIMESTAMP_NANO: {
        Instant instant = value instanceof OffsetDateTime
            ? ((OffsetDateTime) value).toInstant() : ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
        ChronoUnit unit = type.typeId() == Type.TypeID.TIMESTAMP ? ChronoUnit.MICROS : ChronoUnit.NANOS;
        return unit.between(Instant.EPOCH, instant);
      }
      case FIXED:
        return ByteBuffer.wrap((byte[]) value);
      case STRING:
        return value.toString();
      case STRUCT: {
        Types.StructType struct = type.asStructType();
        GenericRecord record = GenericRecord.create(struct);
        org.apache.iceberg.StructLike source = (org.apache.iceberg.StructLike) value;
        for (int i = 0; i < struct.fields().size(); i += 1) {
          record.set(i, fromIceberg(struct.fields().get(i).type(), source.get(i, Object.class)));
        }
        return record;
      }
      case LIST: {
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) value) {
          list.add(fromIceberg(type.asListType().elementType(), element));
        }
        return list;
      }
      case MAP: {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(fromIceberg(type.asMapType().keyType(), entry.getKey()),
              fromIceberg(type.asMapType().valueType(), entry.getValue()));
        }
        return map;
      }
      default:
        return value;
    }
  }
}
