package io.datashard.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import io.datashard.types.Types.NestedField;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SingleValueParserTest {
  private static final LocalDateTime SPEC_TIMESTAMP = LocalDateTime.of(2017, 11, 16, 22, 31, 8, 123_456_789);
  private static final Types.StructType STRUCT = Types.StructType.of(
      NestedField.required(1, "a", Types.IntegerType.get()),
      NestedField.optional(2, "b", Types.StringType.get()));

  /** The examples of the spec's "JSON single-value serialization" table. */
  static Stream<Arguments> specExamples() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("a", 1);
    map.put("b", 2);
    return Stream.of(
        Arguments.of(Types.BooleanType.get(), true, "true"),
        Arguments.of(Types.IntegerType.get(), 34, "34"),
        Arguments.of(Types.LongType.get(), 34L, "34"),
        Arguments.of(Types.FloatType.get(), 1.0f, "1.0"),
        Arguments.of(Types.DoubleType.get(), 1.0d, "1.0"),
        Arguments.of(Types.DecimalType.of(4, 2), new BigDecimal("14.20"), "\"14.20\""),
        Arguments.of(Types.DecimalType.of(1, -20), new BigDecimal("2E+20"), "\"2E+20\""),
        Arguments.of(Types.DateType.get(), (int) LocalDate.of(2017, 11, 16).toEpochDay(), "\"2017-11-16\""),
        Arguments.of(Types.TimeType.get(), micros(LocalTime.of(22, 31, 8, 123_456_000).toNanoOfDay()), "\"22:31:08.123456\""),
        Arguments.of(Types.TimestampType.withoutZone(), epochMicros(SPEC_TIMESTAMP), "\"2017-11-16T22:31:08.123456\""),
        Arguments.of(Types.TimestampType.withZone(), epochMicros(SPEC_TIMESTAMP), "\"2017-11-16T22:31:08.123456+00:00\""),
        Arguments.of(Types.TimestampNanoType.withoutZone(), epochNanos(SPEC_TIMESTAMP), "\"2017-11-16T22:31:08.123456789\""),
        Arguments.of(Types.TimestampNanoType.withZone(), epochNanos(SPEC_TIMESTAMP), "\"2017-11-16T22:31:08.123456789+00:00\""),
        Arguments.of(Types.StringType.get(), "iceberg", "\"iceberg\""),
        Arguments.of(Types.UUIDType.get(), UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"),
            "\"f79c3e09-677c-4bbd-a479-3f349cb785e7\""),
        Arguments.of(Types.FixedType.ofLength(4), ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}), "\"000102ff\""),
        Arguments.of(Types.BinaryType.get(), ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}), "\"000102ff\""),
        Arguments.of(STRUCT, Map.of(1, 1, 2, "bar"), "{\"1\":1,\"2\":\"bar\"}"),
        Arguments.of(Types.ListType.ofRequired(3, Types.IntegerType.get()), List.of(1, 2, 3), "[1,2,3]"),
        Arguments.of(Types.MapType.ofRequired(4, 5, Types.StringType.get(), Types.IntegerType.get()), map,
            "{\"keys\":[\"a\",\"b\"],\"values\":[1,2]}"));
  }

  @ParameterizedTest
  @MethodSource("specExamples")
  void writesAndReadsTheSpecExamples(Type type, Object value, String json) {
    assertThat(SingleValueParser.toJson(type, value)).isEqualTo(json);
    assertThat(SingleValueParser.fromJson(type, json)).isEqualTo(value);
  }

  @Test
  void timesAlwaysCarrySixFractionDigits() {
    assertThat(SingleValueParser.toJson(Types.TimeType.get(), 0L)).isEqualTo("\"00:00:00.000000\"");
    assertThat(SingleValueParser.toJson(Types.TimestampType.withoutZone(), -1L)).isEqualTo("\"1969-12-31T23:59:59.999999\"");
    assertThat(SingleValueParser.toJson(Types.TimestampNanoType.withZone(), 0L)).isEqualTo("\"1970-01-01T00:00:00.000000000+00:00\"");
  }

  @Test
  void readsShorterTimesAndOtherOffsets() {
    assertThat(SingleValueParser.fromJson(Types.TimeType.get(), "\"22:31:08\"")).isEqualTo(micros(LocalTime.of(22, 31, 8).toNanoOfDay()));
    long expected = epochMicros(LocalDateTime.of(2017, 11, 17, 6, 31, 8));
    assertThat(SingleValueParser.fromJson(Types.TimestampType.withZone(), "\"2017-11-16T22:31:08-08:00\"")).isEqualTo(expected);
    assertThat(SingleValueParser.fromJson(Types.TimestampType.withZone(), "\"2017-11-17T06:31:08Z\"")).isEqualTo(expected);
  }

  @Test
  void rejectsMisplacedOrMissingOffsets() {
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.TimestampType.withoutZone(), "\"2017-11-16T22:31:08+00:00\""))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("without a zone offset");
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.TimestampType.withZone(), "\"2017-11-16T22:31:08\""))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("with a zone offset");
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.TimestampType.withoutZone(), "\"2017-11-16T22:31:08.123456789\""))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("sub-microsecond");
  }

  @Test
  void decimalsKeepTheTypeScale() {
    assertThat(SingleValueParser.fromJson(Types.DecimalType.of(4, 2), "\"14.2\"")).isEqualTo(new BigDecimal("14.20"));
    assertThat(SingleValueParser.toJson(Types.DecimalType.of(10, 8), new BigDecimal("0.00000001"))).isEqualTo("\"0.00000001\"");
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.DecimalType.of(9, 2), "\"14.201\""))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("scale");
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.DecimalType.of(3, 2), "\"14.20\""))
        .isInstanceOf(CorruptMetadataException.class);
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.DecimalType.of(9, 2), "14.20"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("expected a JSON string");
    assertThatThrownBy(() -> SingleValueParser.toJson(Types.DecimalType.of(9, 2), new BigDecimal("1.5")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void bytesAcceptUpperCaseHexAndCheckFixedLength() {
    assertThat(SingleValueParser.fromJson(Types.BinaryType.get(), "\"00FF\"")).isEqualTo(ByteBuffer.wrap(new byte[] {0, (byte) 0xff}));
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.FixedType.ofLength(3), "\"00ff\""))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("expected 3 bytes but got 2");
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.BinaryType.get(), "\"0g\""))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("hexadecimal");
  }

  @Test
  void nonFiniteFloatingPointRoundTrips() {
    String json = SingleValueParser.toJson(Types.DoubleType.get(), Double.NaN);
    assertThat(SingleValueParser.fromJson(Types.DoubleType.get(), json)).isEqualTo(Double.NaN);
    String infinity = SingleValueParser.toJson(Types.FloatType.get(), Float.NEGATIVE_INFINITY);
    assertThat(SingleValueParser.fromJson(Types.FloatType.get(), infinity)).isEqualTo(Float.NEGATIVE_INFINITY);
  }

  @Test
  void nullsAndNestedValues() {
    assertThat(SingleValueParser.toJson(Types.IntegerType.get(), null)).isEqualTo("null");
    assertThat(SingleValueParser.fromJson(Types.IntegerType.get(), "null")).isNull();
    Types.ListType optionalElements = Types.ListType.ofOptional(3, Types.StringType.get());
    assertThat(SingleValueParser.fromJson(optionalElements, "[\"a\",null]")).isEqualTo(Arrays.asList("a", null));
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.ListType.ofRequired(3, Types.StringType.get()), "[\"a\",null]"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("required");
    // Struct fields that are absent stay absent, which is how an empty struct default ({}) is kept.
    assertThat(SingleValueParser.fromJson(STRUCT, "{}")).isEqualTo(Map.of());
    assertThat(SingleValueParser.fromJson(STRUCT, "{\"2\":\"x\",\"9\":true}")).isEqualTo(Map.of(2, "x"));
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.MapType.ofOptional(4, 5, Types.StringType.get(), Types.IntegerType.get()),
            "{\"keys\":[\"a\"],\"values\":[]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("1 keys but 0 values");
  }

  @Test
  void rejectsWrongJsonKindsWithTheValueInTheMessage() {
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.IntegerType.get(), "\"34\""))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("int")
        .hasMessageContaining("\"34\"");
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.IntegerType.get(), "3000000000"))
        .isInstanceOf(CorruptMetadataException.class);
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.UUIDType.get(), "\"not-a-uuid\""))
        .isInstanceOf(CorruptMetadataException.class);
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.DateType.get(), "\"2017-13-01\""))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> SingleValueParser.fromJson(Types.UnknownType.get(), "1"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("must be null");
    assertThatThrownBy(() -> SingleValueParser.toJson(Types.LongType.get(), 1))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Integer");
  }

  private static long micros(long nanos) {
    return nanos / 1000;
  }

  private static long epochMicros(LocalDateTime dateTime) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, dateTime.toInstant(ZoneOffset.UTC));
  }

  private static long epochNanos(LocalDateTime dateTime) {
    return ChronoUnit.NANOS.between(Instant.EPOCH, dateTime.toInstant(ZoneOffset.UTC));
  }
}
