package io.datashard.transforms;

import static io.datashard.transforms.Murmur3Test.micros;
import static io.datashard.transforms.Murmur3Test.nanos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TransformsTest {

  @Test
  void fromStringParsesEverySpecTransform() {
    List<Transform> all = List.of(Transforms.identity(), Transforms.bucket(16), Transforms.truncate(10),
        Transforms.year(), Transforms.month(), Transforms.day(), Transforms.hour(), Transforms.alwaysNull());
    for (Transform transform : all) {
      assertThat(Transforms.fromString(transform.toString())).isEqualTo(transform);
    }
    assertThat(all).extracting(Transform::toString).containsExactly(
        "identity", "bucket[16]", "truncate[10]", "year", "month", "day", "hour", "void");
    assertThat(Transforms.fromString("Bucket[ 4 ]")).isEqualTo(Transforms.bucket(4));
    assertThat(Transforms.fromString(" DAY ")).isEqualTo(Transforms.day());
  }

  @Test
  void fromStringErrorsNameTheString() {
    assertThatThrownBy(() -> Transforms.fromString("zorder"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'zorder'");
    assertThatThrownBy(() -> Transforms.fromString("bucket[x]"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'bucket[x]'");
    assertThatThrownBy(() -> Transforms.fromString("bucket[0]"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'bucket[0]'");
    assertThatThrownBy(() -> Transforms.fromString("truncate"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'truncate'");
    assertThatThrownBy(() -> Transforms.fromString("bucket[99999999999]"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'bucket[99999999999]'");
  }

  @Test
  void unknownTransformsAreKeptByName() {
    Transform unknown = Transforms.fromStringAllowingUnknown("zorder[2]");
    assertThat(unknown).isInstanceOf(UnknownTransform.class).hasToString("zorder[2]");
    assertThat(unknown).isEqualTo(Transforms.fromStringAllowingUnknown("zorder[2]"));
    assertThat(unknown.canTransform(Types.IntegerType.get())).isFalse();
    assertThat(unknown.resultType(Types.IntegerType.get())).isEqualTo(Types.UnknownType.get());
    assertThatThrownBy(() -> unknown.apply(Types.IntegerType.get(), 1))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("zorder[2]");
    // known names still parse as themselves, and a broken argument is still an error
    assertThat(Transforms.fromStringAllowingUnknown("bucket[3]")).isEqualTo(Transforms.bucket(3));
    assertThatThrownBy(() -> Transforms.fromStringAllowingUnknown("bucket[-1]"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void identity() {
    Transform identity = Transforms.identity();
    assertThat(identity.isIdentity()).isTrue();
    assertThat(identity.isVoid()).isFalse();
    assertThat(identity.preservesOrder()).isTrue();
    assertThat(identity.apply(Types.StringType.get(), "a")).isEqualTo("a");
    assertThat(identity.apply(Types.StringType.get(), null)).isNull();
    assertThat(identity.resultType(Types.DecimalType.of(9, 2))).isEqualTo(Types.DecimalType.of(9, 2));
    assertThat(identity.canTransform(Types.BooleanType.get())).isTrue();
    assertThat(identity.canTransform(Types.DoubleType.get())).isTrue();
    assertThat(identity.canTransform(Types.UnknownType.get())).isFalse();
    assertThat(identity.canTransform(Types.VariantType.get())).isFalse();
    assertThat(identity.canTransform(Types.StructType.of())).isFalse();
    assertThat(identity.canTransform(Types.ListType.ofOptional(5, Types.IntegerType.get()))).isFalse();
  }

  @Test
  void identityHumanStrings() {
    Transform identity = Transforms.identity();
    assertThat(identity.toHumanString(Types.DateType.get(), (int) LocalDate.parse("2017-11-16").toEpochDay()))
        .isEqualTo("2017-11-16");
    assertThat(identity.toHumanString(Types.TimeType.get(), LocalTime.parse("22:31:08.000001").toNanoOfDay() / 1000))
        .isEqualTo("22:31:08.000001");
    assertThat(identity.toHumanString(Types.TimestampType.withoutZone(), micros("2017-11-16T22:31:08.000001")))
        .isEqualTo("2017-11-16T22:31:08.000001");
    assertThat(identity.toHumanString(Types.TimestampType.withZone(), micros("2017-11-16T22:31:08.000001")))
        .isEqualTo("2017-11-16T22:31:08.000001Z");
    assertThat(identity.toHumanString(Types.TimestampType.withZone(), micros("2017-11-16T22:31:08")))
        .isEqualTo("2017-11-16T22:31:08Z");
    assertThat(identity.toHumanString(Types.TimestampType.withoutZone(), -1L))
        .isEqualTo("1969-12-31T23:59:59.999999");
    assertThat(identity.toHumanString(Types.TimestampNanoType.withoutZone(), nanos("2017-11-16T22:31:08.000001001")))
        .isEqualTo("2017-11-16T22:31:08.000001001");
    assertThat(identity.toHumanString(Types.TimestampNanoType.withZone(), nanos("2017-11-16T22:31:08.123456789")))
        .isEqualTo("2017-11-16T22:31:08.123456789Z");
    assertThat(identity.toHumanString(Types.BinaryType.get(), ByteBuffer.wrap(new byte[] {0, 1, 2, 3})))
        .isEqualTo("AAECAw==");
    assertThat(identity.toHumanString(Types.FixedType.ofLength(4), ByteBuffer.wrap(new byte[] {0, 1, 2, 3})))
        .isEqualTo("AAECAw==");
    assertThat(identity.toHumanString(Types.DecimalType.of(9, 2), new BigDecimal("14.20"))).isEqualTo("14.20");
    assertThat(identity.toHumanString(Types.UUIDType.get(), UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7")))
        .isEqualTo("f79c3e09-677c-4bbd-a479-3f349cb785e7");
    assertThat(identity.toHumanString(Types.StringType.get(), "iceberg")).isEqualTo("iceberg");
    assertThat(identity.toHumanString(Types.BooleanType.get(), true)).isEqualTo("true");
    assertThat(identity.toHumanString(Types.LongType.get(), 34L)).isEqualTo("34");
    assertThat(identity.toHumanString(Types.StringType.get(), null)).isEqualTo("null");
  }

  @Test
  void alwaysNull() {
    Transform alwaysNull = Transforms.alwaysNull();
    assertThat(alwaysNull.isVoid()).isTrue();
    assertThat(alwaysNull.isIdentity()).isFalse();
    assertThat(alwaysNull.apply(Types.StringType.get(), "a")).isNull();
    assertThat(alwaysNull.canTransform(Types.DoubleType.get())).isTrue();
    assertThat(alwaysNull.canTransform(Types.UnknownType.get())).isTrue();
    assertThat(alwaysNull.resultType(Types.DoubleType.get())).isEqualTo(Types.DoubleType.get());
    assertThat(alwaysNull.toHumanString(Types.DoubleType.get(), null)).isEqualTo("null");
  }

  @Test
  void transformsSurviveJavaSerialization() throws Exception {
    List<Transform> all = List.of(Transforms.identity(), Transforms.bucket(16), Transforms.truncate(10),
        Transforms.year(), Transforms.month(), Transforms.day(), Transforms.hour(), Transforms.alwaysNull(),
        Transforms.fromStringAllowingUnknown("zorder"));
    for (Transform transform : all) {
      Transform copy = roundTrip(transform);
      assertThat(copy).isEqualTo(transform).hasSameHashCodeAs(transform);
    }
    assertThat(roundTrip(Transforms.identity())).isSameAs(Transforms.identity());
    assertThat(roundTrip(Transforms.day())).isSameAs(Transforms.day());
  }

  @Test
  void everyTransformReturnsNullForNull() {
    Type type = Types.LongType.get();
    for (Transform transform : List.of(Transforms.identity(), Transforms.bucket(4), Transforms.truncate(4),
        Transforms.alwaysNull())) {
      assertThat(transform.apply(type, null)).as("%s", transform).isNull();
    }
  }

  private static Transform roundTrip(Transform transform) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(transform);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (Transform) in.readObject();
    }
  }
}
