package io.datashard.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every test vector of the Iceberg spec, Appendix B: 32-bit Hash Requirements. */
class Murmur3Test {
  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  static long micros(String localDateTime) {
    return ChronoUnit.MICROS.between(EPOCH, LocalDateTime.parse(localDateTime));
  }

  static long microsTz(String offsetDateTime) {
    return ChronoUnit.MICROS.between(EPOCH.atOffset(ZoneOffset.UTC), OffsetDateTime.parse(offsetDateTime));
  }

  static long nanos(String localDateTime) {
    return ChronoUnit.NANOS.between(EPOCH, LocalDateTime.parse(localDateTime));
  }

  static long nanosTz(String offsetDateTime) {
    return ChronoUnit.NANOS.between(EPOCH.atOffset(ZoneOffset.UTC), OffsetDateTime.parse(offsetDateTime));
  }

  @Test
  void intAndLongHashTheSame() {
    assertThat(Murmur3.hashLong(34)).isEqualTo(2017239379);
    assertThat(Murmur3.hashLong(34L)).isEqualTo(2017239379);
  }

  @Test
  void decimalHashesMinimalBigEndianUnscaledBytes() {
    byte[] unscaled = new BigDecimal("14.20").unscaledValue().toByteArray();
    assertThat(Murmur3.hashBytes(unscaled)).isEqualTo(-500754589);
  }

  @Test
  void dateTimeAndTimestamps() {
    assertThat(Murmur3.hashLong(LocalDate.parse("2017-11-16").toEpochDay())).isEqualTo(-653330422);
    assertThat(Murmur3.hashLong(LocalTime.parse("22:31:08").toNanoOfDay() / 1000)).isEqualTo(-662762989);
    assertThat(Murmur3.hashLong(micros("2017-11-16T22:31:08"))).isEqualTo(-2047944441);
    assertThat(Murmur3.hashLong(micros("2017-11-16T22:31:08.000001"))).isEqualTo(-1207196810);
    assertThat(Murmur3.hashLong(microsTz("2017-11-16T14:31:08-08:00"))).isEqualTo(-2047944441);
    assertThat(Murmur3.hashLong(microsTz("2017-11-16T14:31:08.000001-08:00"))).isEqualTo(-1207196810);
  }

  @Test
  void stringUuidFixedAndBinary() {
    assertThat(Murmur3.hashString("iceberg")).isEqualTo(1210000089);
    assertThat(Murmur3.hashBytes("iceberg".getBytes(StandardCharsets.UTF_8))).isEqualTo(1210000089);
    assertThat(Murmur3.hashUuid(UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"))).isEqualTo(1488055340);
    byte[] uuidBytes = {
        (byte) 0xF7, (byte) 0x9C, 0x3E, 0x09, 0x67, 0x7C, 0x4B, (byte) 0xBD,
        (byte) 0xA4, 0x79, 0x3F, 0x34, (byte) 0x9C, (byte) 0xB7, (byte) 0x85, (byte) 0xE7};
    assertThat(Murmur3.hashBytes(uuidBytes)).isEqualTo(1488055340);
    assertThat(Murmur3.hashBytes(new byte[] {0, 1, 2, 3})).isEqualTo(-188683207);
  }

  @Test
  void typesNotValidForBucketing() {
    // boolean hashInt(1), and floats/doubles through doubleToLongBits with -0.0 canonicalized to 0.0
    assertThat(Murmur3.hashLong(1)).isEqualTo(1392991556);
    assertThat(Murmur3.hashLong(Double.doubleToLongBits((double) 1.0F))).isEqualTo(-142385009);
    assertThat(Murmur3.hashLong(Double.doubleToLongBits(1.0D))).isEqualTo(-142385009);
    assertThat(Murmur3.hashLong(Double.doubleToLongBits(0.0D))).isEqualTo(1669671676);
  }

  @Test
  void hashesBufferRemainingBytesWithoutMovingPosition() {
    ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 9, 0, 1, 2, 3, 9});
    heap.position(2).limit(6);
    ByteBuffer slice = heap.slice();
    ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {0, 1, 2, 3}).flip();

    assertThat(Murmur3.hashBytes(heap)).isEqualTo(-188683207);
    assertThat(Murmur3.hashBytes(slice)).isEqualTo(-188683207);
    assertThat(Murmur3.hashBytes(direct)).isEqualTo(-188683207);
    assertThat(heap.position()).isEqualTo(2);
    assertThat(direct.position()).isZero();
  }

  @Test
  void tailLengths() {
    // lengths 0..7 exercise every tail branch; hashing the same bytes from an offset must agree
    byte[] bytes = "abcdefg".getBytes(StandardCharsets.UTF_8);
    byte[] padded = ("xx" + "abcdefg").getBytes(StandardCharsets.UTF_8);
    for (int length = 0; length <= bytes.length; length += 1) {
      byte[] prefix = java.util.Arrays.copyOf(bytes, length);
      assertThat(Murmur3.hashBytes(padded, 2, length)).isEqualTo(Murmur3.hashBytes(prefix));
    }
    assertThat(Murmur3.hashBytes(new byte[0])).isZero();
  }
}
