package io.datashard.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TypesComparatorsTest {

  @Test
  void numbers() {
    assertOrdered(Types.IntegerType.get(), -5, 0, 7);
    assertOrdered(Types.DateType.get(), -1, 17486);
    assertOrdered(Types.LongType.get(), Long.MIN_VALUE, 0L, Long.MAX_VALUE);
    assertOrdered(Types.TimestampNanoType.withZone(), -1L, 1L);
    assertOrdered(Types.DecimalType.of(9, 2), new BigDecimal("-1.00"), new BigDecimal("0.01"), new BigDecimal("14.20"));
    assertOrdered(Types.BooleanType.get(), false, true);
  }

  @Test
  void floatingPointOrdersNegativeZeroFirstAndNaNLast() {
    assertOrdered(Types.DoubleType.get(), Double.NEGATIVE_INFINITY, -1.0, -0.0, 0.0, 1.0, Double.POSITIVE_INFINITY, Double.NaN);
    assertOrdered(Types.FloatType.get(), Float.NEGATIVE_INFINITY, -0.0f, 0.0f, Float.MAX_VALUE, Float.NaN);
  }

  @Test
  void stringsCompareByCodePointLikeUtf8Bytes() {
    // U+FF5E is one UTF-16 unit greater than the high surrogate of U+1F600, but its code point is smaller.
    String fullwidthTilde = "\uff5e";
    String emoji = "\ud83d\ude00";
    assertThat(fullwidthTilde.compareTo(emoji)).isPositive();
    assertOrdered(Types.StringType.get(), "", "a", "ab", "b", fullwidthTilde, emoji);
    List<String> strings = List.of("", "a", "ab", "b", fullwidthTilde, emoji);
    for (int i = 0; i + 1 < strings.size(); i++) {
      assertThat(Comparators.compareUnsigned(utf8(strings.get(i)), utf8(strings.get(i + 1)))).isNegative();
    }
  }

  @Test
  void bytesCompareUnsignedAndShorterPrefixFirst() {
    ByteBuffer empty = ByteBuffer.allocate(0);
    ByteBuffer zero = ByteBuffer.wrap(new byte[] {0});
    ByteBuffer zeroOne = ByteBuffer.wrap(new byte[] {0, 1});
    ByteBuffer high = ByteBuffer.wrap(new byte[] {(byte) 0x80});
    assertOrdered(Types.BinaryType.get(), empty, zero, zeroOne, high);
    assertOrdered(Types.FixedType.ofLength(1), zero, ByteBuffer.wrap(new byte[] {1}), high);
    assertThat(zeroOne.position()).isZero();
  }

  @Test
  void uuidsCompareAsUnsignedBigEndianBytes() {
    UUID low = UUID.fromString("00000000-0000-0000-0000-000000000001");
    UUID high = UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7");
    // java.util.UUID.compareTo compares signed longs and puts the high one first.
    assertThat(low.compareTo(high)).isPositive();
    assertOrdered(Types.UUIDType.get(), low, high);
  }

  @Test
  void unknownHasNoOrdering() {
    assertThatThrownBy(() -> Comparators.forType(Types.UnknownType.get())).isInstanceOf(ValidationException.class);
  }

  private static ByteBuffer utf8(String value) {
    return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Checks that the values are strictly increasing and that sorting a reversed copy restores them. */
  private static void assertOrdered(Type.PrimitiveType type, Object... values) {
    Comparator<Object> comparator = Comparators.forType(type);
    for (int i = 0; i < values.length; i++) {
      assertThat(comparator.compare(values[i], values[i])).as("%s vs itself", values[i]).isZero();
      if (i + 1 < values.length) {
        assertThat(comparator.compare(values[i], values[i + 1])).as("%s < %s", values[i], values[i + 1]).isNegative();
        assertThat(comparator.compare(values[i + 1], values[i])).as("%s > %s", values[i + 1], values[i]).isPositive();
      }
    }
    List<Object> reversed = new ArrayList<>(List.of(values));
    java.util.Collections.reverse(reversed);
    reversed.sort(comparator);
    assertThat(reversed).containsExactly(values);
  }
}
