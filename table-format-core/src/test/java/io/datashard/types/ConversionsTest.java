package io.datashard.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConversionsTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of(Types.BooleanType.get(), true),
        Arguments.of(Types.BooleanType.get(), false),
        Arguments.of(Types.IntegerType.get(), Integer.MIN_VALUE),
        Arguments.of(Types.LongType.get(), Long.MAX_VALUE),
        Arguments.of(Types.FloatType.get(), -1.5f),
        Arguments.of(Types.FloatType.get(), Float.NaN),
        Arguments.of(Types.DoubleType.get(), Math.PI),
        Arguments.of(Types.DateType.get(), (int) LocalDate.of(2017, 11, 16).toEpochDay()),
        Arguments.of(Types.TimeType.get(), 81_068_000_000L),
        Arguments.of(Types.TimestampType.withoutZone(), 1_510_871_468_000_001L),
        Arguments.of(Types.TimestampType.withZone(), -1L),
        Arguments.of(Types.TimestampNanoType.withoutZone(), 1_510_871_468_000_001_001L),
        Arguments.of(Types.TimestampNanoType.withZone(), 0L),
        Arguments.of(Types.StringType.get(), "iceberg \u00e9\ud83d\ude00"),
        Arguments.of(Types.StringType.get(), ""),
        Arguments.of(Types.UUIDType.get(), UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7")),
        Arguments.of(Types.FixedType.ofLength(4), ByteBuffer.wrap(new byte[] {0, 1, 2, 3})),
        Arguments.of(Types.BinaryType.get(), ByteBuffer.wrap(new byte[] {(byte) 0xff, 0})),
        Arguments.of(Types.BinaryType.get(), ByteBuffer.allocate(0)),
        Arguments.of(Types.DecimalType.of(9, 2), new BigDecimal("14.20")),
        Arguments.of(Types.DecimalType.of(9, 2), new BigDecimal("-0.01")),
        Arguments.of(Types.DecimalType.of(38, 0), new BigDecimal("99999999999999999999999999999999999999")),
        Arguments.of(Types.DecimalType.of(38, 10), BigDecimal.ZERO.setScale(10)));
  }

  @ParameterizedTest
  @MethodSource("values")
  void roundTripsEveryPrimitive(Type type, Object value) {
    ByteBuffer bytes = Conversions.toByteBuffer(type, value);
    assertThat(bytes.position()).isZero();
    assertThat(bytes.isReadOnly()).isTrue();
    Object read = Conversions.fromByteBuffer(type, bytes);
    assertThat(read).isEqualTo(value);
    assertThat(bytes.position()).isZero();
  }

  @Test
  void specExamples() {
    assertThat(hex(Conversions.toByteBuffer(Types.IntegerType.get(), 1))).isEqualTo("01000000");
    assertThat(hex(Conversions.toByteBuffer(Types.LongType.get(), 1L))).isEqualTo("0100000000000000");
    assertThat(hex(Conversions.toByteBuffer(Types.IntegerType.get(), -2))).isEqualTo("feffffff");
    // 14.20 has the unscaled value 1420 = 0x058C, two bytes in minimal two's complement.
    assertThat(hex(Conversions.toByteBuffer(Types.DecimalType.of(9, 2), new BigDecimal("14.20")))).isEqualTo("058c");
    assertThat(hex(Conversions.toByteBuffer(Types.DecimalType.of(9, 2), new BigDecimal("-0.01")))).isEqualTo("ff");
    assertThat(hex(Conversions.toByteBuffer(Types.DecimalType.of(9, 2), new BigDecimal("1.28")))).isEqualTo("0080");
    assertThat(hex(Conversions.toByteBuffer(Types.StringType.get(), "abc"))).isEqualTo("616263");
    // Appendix B gives this uuid's big-endian bytes.
    assertThat(hex(Conversions.toByteBuffer(Types.UUIDType.get(), UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"))))
        .isEqualTo("f79c3e09677c4bbda4793f349cb785e7");
    assertThat(hex(Conversions.toByteBuffer(Types.BooleanType.get(), true))).isEqualTo("01");
    assertThat(hex(Conversions.toByteBuffer(Types.BooleanType.get(), false))).isEqualTo("00");
    assertThat(hex(Conversions.toByteBuffer(Types.DoubleType.get(), 1.0))).isEqualTo("000000000000f03f");
    assertThat(hex(Conversions.toByteBuffer(Types.FloatType.get(), 1.0f))).isEqualTo("0000803f");
    assertThat(hex(Conversions.toByteBuffer(Types.DateType.get(), 17486))).isEqualTo("4e440000");
  }

  @Test
  void anyNonZeroByteIsTrue() {
    assertThat(Conversions.fromByteBuffer(Types.BooleanType.get(), ByteBuffer.wrap(new byte[] {7}))).isEqualTo(true);
  }

  @Test
  void readsBoundsWrittenBeforeATypePromotion() {
    ByteBuffer intBytes = Conversions.toByteBuffer(Types.IntegerType.get(), -34);
    assertThat(Conversions.fromByteBuffer(Types.LongType.get(), intBytes)).isEqualTo(-34L);
    ByteBuffer floatBytes = Conversions.toByteBuffer(Types.FloatType.get(), 1.5f);
    assertThat(Conversions.fromByteBuffer(Types.DoubleType.get(), floatBytes)).isEqualTo(1.5d);
    ByteBuffer dateBytes = Conversions.toByteBuffer(Types.DateType.get(), 1);
    assertThat(Conversions.fromByteBuffer(Types.TimestampType.withoutZone(), dateBytes)).isEqualTo(86_400_000_000L);
    assertThat(Conversions.fromByteBuffer(Types.TimestampNanoType.withoutZone(), dateBytes)).isEqualTo(86_400_000_000_000L);
    ByteBuffer narrowDecimal = Conversions.toByteBuffer(Types.DecimalType.of(4, 2), new BigDecimal("14.20"));
    assertThat(Conversions.fromByteBuffer(Types.DecimalType.of(20, 2), narrowDecimal)).isEqualTo(new BigDecimal("14.20"));
  }

  @Test
  void doesNotMoveTheCallersBufferAndHonoursItsPosition() {
    ByteBuffer buffer = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN);
    buffer.put(new byte[] {9, 9, 1, 0, 0, 0});
    buffer.position(2);
    assertThat(Conversions.fromByteBuffer(Types.IntegerType.get(), buffer)).isEqualTo(1);
    assertThat(buffer.position()).isEqualTo(2);
    assertThat(buffer.order()).isEqualTo(ByteOrder.BIG_ENDIAN);

    ByteBuffer value = ByteBuffer.wrap(new byte[] {5, 6, 7});
    value.position(1);
    ByteBuffer bytes = Conversions.toByteBuffer(Types.BinaryType.get(), value);
    assertThat(hex(bytes)).isEqualTo("0607");
    assertThat(value.position()).isEqualTo(1);
  }

  @Test
  void rejectsValuesThatDoNotFitTheType() {
    assertThatThrownBy(() -> Conversions.toByteBuffer(Types.IntegerType.get(), 1L))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Long")
        .hasMessageContaining("int");
    assertThatThrownBy(() -> Conversions.toByteBuffer(Types.DecimalType.of(9, 2), new BigDecimal("1.5")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("scale");
    assertThatThrownBy(() -> Conversions.toByteBuffer(Types.FixedType.ofLength(2), ByteBuffer.allocate(3)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("fixed[2]");
    assertThatThrownBy(() -> Conversions.toByteBuffer(Types.ListType.ofOptional(1, Types.IntegerType.get()), List.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("list<int>");
    assertThatThrownBy(() -> Conversions.toByteBuffer(Types.MapType.ofOptional(1, 2, Types.IntegerType.get(), Types.IntegerType.get()), Map.of()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void rejectsBytesOfTheWrongLength() {
    assertThatThrownBy(() -> Conversions.fromByteBuffer(Types.IntegerType.get(), ByteBuffer.allocate(3)))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("expected 4 bytes but got 3");
    assertThatThrownBy(() -> Conversions.fromByteBuffer(Types.UUIDType.get(), ByteBuffer.allocate(8)))
        .isInstanceOf(CorruptMetadataException.class);
    assertThatThrownBy(() -> Conversions.fromByteBuffer(Types.DecimalType.of(9, 2), ByteBuffer.allocate(0)))
        .isInstanceOf(CorruptMetadataException.class);
  }

  @Test
  void stringsAreUtf8WithoutLength() {
    String value = "\u00e9";
    assertThat(hex(Conversions.toByteBuffer(Types.StringType.get(), value)))
        .isEqualTo(HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("c3a9");
  }

  private static String hex(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
