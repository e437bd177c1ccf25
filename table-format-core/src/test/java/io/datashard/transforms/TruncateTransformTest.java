package io.datashard.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The examples of the spec's "Truncate Transform Details" table, and the edge cases of its notes. */
class TruncateTransformTest {

  @Test
  void integers() {
    Transform truncate = Transforms.truncate(10);
    Type type = Types.IntegerType.get();
    assertThat(truncate.apply(type, 1)).isEqualTo(0);
    assertThat(truncate.apply(type, -1)).isEqualTo(-10);
    assertThat(truncate.apply(type, 0)).isEqualTo(0);
    assertThat(truncate.apply(type, 10)).isEqualTo(10);
    assertThat(truncate.apply(type, -10)).isEqualTo(-10);
    assertThat(truncate.apply(type, -11)).isEqualTo(-20);
    assertThat(Transforms.truncate(7).apply(type, 22)).isEqualTo(21);
  }

  @Test
  void longs() {
    Transform truncate = Transforms.truncate(10);
    Type type = Types.LongType.get();
    assertThat(truncate.apply(type, 1L)).isEqualTo(0L);
    assertThat(truncate.apply(type, -1L)).isEqualTo(-10L);
    assertThat(truncate.apply(type, 123_456_789_012L)).isEqualTo(123_456_789_010L);
  }

  @Test
  void decimalsTruncateTheUnscaledValue() {
    Type type = Types.DecimalType.of(9, 2);
    assertThat(Transforms.truncate(50).apply(type, new BigDecimal("10.65"))).isEqualTo(new BigDecimal("10.50"));
    assertThat(Transforms.truncate(10).apply(type, new BigDecimal("12.34"))).isEqualTo(new BigDecimal("12.30"));
    assertThat(Transforms.truncate(10).apply(type, new BigDecimal("-0.05"))).isEqualTo(new BigDecimal("-0.10"));
    assertThat(Transforms.truncate(50).toHumanString(type, new BigDecimal("10.50"))).isEqualTo("10.50");
  }

  @Test
  void stringsByCodePoints() {
    Type type = Types.StringType.get();
    assertThat(Transforms.truncate(3).apply(type, "iceberg")).isEqualTo("ice");
    assertThat(Transforms.truncate(10).apply(type, "ice")).isEqualTo("ice");
    assertThat(Transforms.truncate(1).apply(type, "测试")).isEqualTo("测");
    assertThat(Transforms.truncate(6).apply(type, "测试")).isEqualTo("测试");
    // each emoji is two UTF-16 chars but one code point; it must never be cut in half
    String emojis = "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02";
    assertThat(Transforms.truncate(2).apply(type, emojis)).isEqualTo("\uD83D\uDE00\uD83D\uDE01");
    assertThat(Transforms.truncate(3).apply(type, emojis + "a")).isEqualTo(emojis);
    assertThat(Transforms.truncate(4).apply(type, emojis)).isEqualTo(emojis);
  }

  @Test
  void binaryByBytes() {
    Type type = Types.BinaryType.get();
    ByteBuffer value = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
    assertThat(Transforms.truncate(3).apply(type, value)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(value.remaining()).as("the input is not consumed").isEqualTo(5);
    assertThat(Transforms.truncate(10).apply(type, value)).isEqualTo(value);
    // a buffer with a non-zero position is truncated from its position
    ByteBuffer offset = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 4});
    offset.position(1);
    assertThat(Transforms.truncate(2).apply(type, offset)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(Transforms.truncate(3).toHumanString(type, ByteBuffer.wrap(new byte[] {1, 2, 3})))
        .isEqualTo("AQID");
  }

  @Test
  void supportedTypesAndProperties() {
    Transform truncate = Transforms.truncate(4);
    assertThat(truncate.canTransform(Types.IntegerType.get())).isTrue();
    assertThat(truncate.canTransform(Types.LongType.get())).isTrue();
    assertThat(truncate.canTransform(Types.DecimalType.of(9, 2))).isTrue();
    assertThat(truncate.canTransform(Types.StringType.get())).isTrue();
    assertThat(truncate.canTransform(Types.BinaryType.get())).isTrue();
    assertThat(truncate.canTransform(Types.FixedType.ofLength(4))).isFalse();
    assertThat(truncate.canTransform(Types.DateType.get())).isFalse();
    assertThat(truncate.canTransform(Types.DoubleType.get())).isFalse();
    assertThat(truncate.canTransform(Types.UUIDType.get())).isFalse();
    assertThat(truncate.canTransform(Types.UnknownType.get())).isFalse();
    assertThat(truncate.resultType(Types.StringType.get())).isEqualTo(Types.StringType.get());
    assertThat(truncate.preservesOrder()).isTrue();
    assertThat(truncate.apply(Types.StringType.get(), null)).isNull();
    assertThat(truncate).hasToString("truncate[4]");
    assertThat(((TruncateTransform) truncate).width()).isEqualTo(4);
    assertThat(truncate).isEqualTo(Transforms.truncate(4)).isNotEqualTo(Transforms.truncate(5));
  }

  @Test
  void invalidWidths() {
    assertThatThrownBy(() -> Transforms.truncate(0))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("width");
    assertThatThrownBy(() -> Transforms.truncate(4).apply(Types.DoubleType.get(), 1.0D))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("truncate[4]")
        .hasMessageContaining("double");
  }
}
