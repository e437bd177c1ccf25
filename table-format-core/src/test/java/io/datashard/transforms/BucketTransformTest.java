package io.datashard.transforms;

import static io.datashard.transforms.Murmur3Test.micros;
import static io.datashard.transforms.Murmur3Test.microsTz;
import static io.datashard.transforms.Murmur3Test.nanos;
import static io.datashard.transforms.Murmur3Test.nanosTz;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bucket numbers per type, derived from the spec's hash test vectors: (hash & Integer.MAX_VALUE) % N. */
class BucketTransformTest {
  private static final int N = 100;
  private static final Transform BUCKET = Transforms.bucket(N);

  private static int expected(int specHash) {
    return (specHash & Integer.MAX_VALUE) % N;
  }

  private static void assertBucket(Type type, Object value, int specHash) {
    assertThat(BUCKET.canTransform(type)).as("canTransform(%s)", type).isTrue();
    assertThat(BUCKET.apply(type, value)).as("bucket of %s %s", type, value).isEqualTo(expected(specHash));
  }

  @Test
  void bucketsEveryTypeLikeTheSpecVectors() {
    assertBucket(Types.IntegerType.get(), 34, 2017239379);
    assertBucket(Types.LongType.get(), 34L, 2017239379);
    assertBucket(Types.DecimalType.of(9, 2), new BigDecimal("14.20"), -500754589);
    assertBucket(Types.DateType.get(), (int) LocalDate.parse("2017-11-16").toEpochDay(), -653330422);
    assertBucket(Types.TimeType.get(), LocalTime.parse("22:31:08").toNanoOfDay() / 1000, -662762989);
    assertBucket(Types.TimestampType.withoutZone(), micros("2017-11-16T22:31:08"), -2047944441);
    assertBucket(Types.TimestampType.withoutZone(), micros("2017-11-16T22:31:08.000001"), -1207196810);
    assertBucket(Types.TimestampType.withZone(), microsTz("2017-11-16T14:31:08-08:00"), -2047944441);
    assertBucket(Types.TimestampType.withZone(), microsTz("2017-11-16T14:31:08.000001-08:00"), -1207196810);
    assertBucket(Types.TimestampNanoType.withoutZone(), nanos("2017-11-16T22:31:08"), -2047944441);
    assertBucket(Types.TimestampNanoType.withoutZone(), nanos("2017-11-16T22:31:08.000001001"), -1207196810);
    assertBucket(Types.TimestampNanoType.withZone(), nanosTz("2017-11-16T14:31:08-08:00"), -2047944441);
    assertBucket(Types.TimestampNanoType.withZone(), nanosTz("2017-11-16T14:31:08.000001001-08:00"), -1207196810);
    assertBucket(Types.StringType.get(), "iceberg", 1210000089);
    assertBucket(Types.UUIDType.get(), UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"), 1488055340);
    assertBucket(Types.FixedType.ofLength(4), ByteBuffer.wrap(new byte[] {0, 1, 2, 3}), -188683207);
    assertBucket(Types.BinaryType.get(), ByteBuffer.wrap(new byte[] {0, 1, 2, 3}), -188683207);
  }

  @Test
  void intAndLongShareBuckets() {
    // (2017239379 & Integer.MAX_VALUE) % 100 = 79 for both the int and the long 34 (spec note 1)
    assertThat(Transforms.bucket(100).apply(Types.IntegerType.get(), 34)).isEqualTo(79);
    assertThat(Transforms.bucket(100).apply(Types.LongType.get(), 34L)).isEqualTo(79);
    for (int value = -50; value <= 50; value += 1) {
      assertThat(BUCKET.apply(Types.IntegerType.get(), value)).isEqualTo(BUCKET.apply(Types.LongType.get(), (long) value));
    }
  }

  @Test
  void negativeHashesGiveNonNegativeBuckets() {
    Transform bucket = Transforms.bucket(16);
    for (long value = -1000; value <= 1000; value += 7) {
      assertThat((Integer) bucket.apply(Types.LongType.get(), value)).isBetween(0, 15);
    }
  }

  @Test
  void nanosecondTimestampsBucketLikeTheirMicrosecondFloor() {
    Type ns = Types.TimestampNanoType.withoutZone();
    Type us = Types.TimestampType.withoutZone();
    // before 1970 the conversion must round down, not towards zero
    assertThat(BUCKET.apply(ns, -1L)).isEqualTo(BUCKET.apply(us, -1L));
    assertThat(BUCKET.apply(ns, -1001L)).isEqualTo(BUCKET.apply(us, -2L));
    assertThat(BUCKET.apply(ns, 1999L)).isEqualTo(BUCKET.apply(us, 1L));
  }

  @Test
  void decimalHashDoesNotDependOnScale() {
    assertThat(BUCKET.apply(Types.DecimalType.of(9, 2), new BigDecimal("14.20")))
        .isEqualTo(BUCKET.apply(Types.DecimalType.of(9, 3), new BigDecimal("1.420")));
  }

  @Test
  void nullIsNull() {
    assertThat(BUCKET.apply(Types.IntegerType.get(), null)).isNull();
    assertThat(BUCKET.toHumanString(Types.IntegerType.get(), null)).isEqualTo("null");
    assertThat(BUCKET.toHumanString(Types.IntegerType.get(), 7)).isEqualTo("7");
  }

  @Test
  void supportedTypes() {
    assertThat(BUCKET.canTransform(Types.BooleanType.get())).isFalse();
    assertThat(BUCKET.canTransform(Types.FloatType.get())).isFalse();
    assertThat(BUCKET.canTransform(Types.DoubleType.get())).isFalse();
    assertThat(BUCKET.canTransform(Types.UnknownType.get())).isFalse();
    assertThat(BUCKET.canTransform(Types.VariantType.get())).isFalse();
    assertThat(BUCKET.canTransform(Types.StructType.of())).isFalse();
    assertThat(BUCKET.resultType(Types.StringType.get())).isEqualTo(Types.IntegerType.get());
    assertThat(BUCKET.preservesOrder()).isFalse();
    assertThatThrownBy(() -> BUCKET.apply(Types.DoubleType.get(), 1.0D))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("double");
  }

  @Test
  void rejectsValuesOfTheWrongClass() {
    assertThatThrownBy(() -> BUCKET.apply(Types.IntegerType.get(), "34"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("int")
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void invalidBucketCounts() {
    assertThatThrownBy(() -> Transforms.bucket(0))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> Transforms.bucket(-3)).isInstanceOf(ValidationException.class);
  }

  @Test
  void nameAndEquality() {
    assertThat(Transforms.bucket(16)).hasToString("bucket[16]");
    assertThat(Transforms.bucket(16)).isEqualTo(Transforms.bucket(16)).hasSameHashCodeAs(Transforms.bucket(16));
    assertThat(Transforms.bucket(16)).isNotEqualTo(Transforms.bucket(8));
    assertThat(((BucketTransform) Transforms.bucket(16)).numBuckets()).isEqualTo(16);
  }
}
