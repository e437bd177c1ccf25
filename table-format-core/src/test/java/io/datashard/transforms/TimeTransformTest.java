package io.datashard.transforms;

import static io.datashard.transforms.Murmur3Test.micros;
import static io.datashard.transforms.Murmur3Test.nanos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TimeTransformTest {
  private static final Type DATE = Types.DateType.get();
  private static final Type TS = Types.TimestampType.withoutZone();
  private static final Type TSTZ = Types.TimestampType.withZone();
  private static final Type TS_NS = Types.TimestampNanoType.withoutZone();

  private static int days(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  @Test
  void dates() {
    int value = days("2017-11-16");
    assertThat(Transforms.year().apply(DATE, value)).isEqualTo(2017 - 1970);
    assertThat(Transforms.month().apply(DATE, value)).isEqualTo((2017 - 1970) * 12 + 10);
    assertThat(Transforms.day().apply(DATE, value)).isEqualTo(value);
    assertThat(Transforms.hour().canTransform(DATE)).isFalse();
    assertThatThrownBy(() -> Transforms.hour().apply(DATE, value))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("hour");
  }

  @Test
  void timestamps() {
    long value = micros("2017-11-16T22:31:08.000001");
    assertThat(Transforms.year().apply(TS, value)).isEqualTo(47);
    assertThat(Transforms.month().apply(TS, value)).isEqualTo(47 * 12 + 10);
    assertThat(Transforms.day().apply(TS, value)).isEqualTo(days("2017-11-16"));
    assertThat(Transforms.hour().apply(TS, value)).isEqualTo(days("2017-11-16") * 24 + 22);
    // a timestamptz value is already UTC micros, so it transforms identically
    assertThat(Transforms.hour().apply(TSTZ, value)).isEqualTo(days("2017-11-16") * 24 + 22);
  }

  @Test
  void nanosecondTimestamps() {
    long value = nanos("2017-11-16T22:31:08.000001001");
    assertThat(Transforms.year().apply(TS_NS, value)).isEqualTo(47);
    assertThat(Transforms.month().apply(TS_NS, value)).isEqualTo(47 * 12 + 10);
    assertThat(Transforms.day().apply(TS_NS, value)).isEqualTo(days("2017-11-16"));
    assertThat(Transforms.hour().apply(TS_NS, value)).isEqualTo(days("2017-11-16") * 24 + 22);
  }

  @Test
  void valuesBefore1970RoundDown() {
    // one microsecond before the epoch is in 1969-12-31 23:00, December 1969, 1969
    assertThat(Transforms.year().apply(TS, -1L)).isEqualTo(-1);
    assertThat(Transforms.month().apply(TS, -1L)).isEqualTo(-1);
    assertThat(Transforms.day().apply(TS, -1L)).isEqualTo(-1);
    assertThat(Transforms.hour().apply(TS, -1L)).isEqualTo(-1);
    assertThat(Transforms.day().apply(TS_NS, -1L)).isEqualTo(-1);
    assertThat(Transforms.hour().apply(TS_NS, -1L)).isEqualTo(-1);

    assertThat(Transforms.year().apply(DATE, -1)).isEqualTo(-1);
    assertThat(Transforms.month().apply(DATE, -1)).isEqualTo(-1);
    assertThat(Transforms.month().apply(DATE, days("1969-01-01"))).isEqualTo(-12);
    assertThat(Transforms.month().apply(DATE, days("1968-12-31"))).isEqualTo(-13);
    assertThat(Transforms.year().apply(DATE, days("1900-06-15"))).isEqualTo(-70);

    long beforeEpoch = micros("1969-12-31T22:59:59.999999");
    assertThat(Transforms.hour().apply(TS, beforeEpoch)).isEqualTo(-2);
    assertThat(Transforms.hour().toHumanString(TS, -2)).isEqualTo("1969-12-31-22");
  }

  @Test
  void epochBoundaries() {
    assertThat(Transforms.year().apply(TS, 0L)).isEqualTo(0);
    assertThat(Transforms.month().apply(TS, 0L)).isEqualTo(0);
    assertThat(Transforms.day().apply(TS, 0L)).isEqualTo(0);
    assertThat(Transforms.hour().apply(TS, 0L)).isEqualTo(0);
  }

  @Test
  void humanStrings() {
    assertThat(Transforms.year().toHumanString(TS, 54)).isEqualTo("2024");
    assertThat(Transforms.month().toHumanString(TS, 54 * 12)).isEqualTo("2024-01");
    assertThat(Transforms.month().toHumanString(TS, 54 * 12 + 11)).isEqualTo("2024-12");
    assertThat(Transforms.day().toHumanString(TS, days("2024-01-01"))).isEqualTo("2024-01-01");
    assertThat(Transforms.day().toHumanString(DATE, days("2024-01-01"))).isEqualTo("2024-01-01");
    assertThat(Transforms.hour().toHumanString(TS, days("2024-01-01") * 24 + 10)).isEqualTo("2024-01-01-10");
    assertThat(Transforms.year().toHumanString(TS, -1)).isEqualTo("1969");
    assertThat(Transforms.month().toHumanString(TS, -1)).isEqualTo("1969-12");
    assertThat(Transforms.month().toHumanString(TS, -13)).isEqualTo("1968-12");
    assertThat(Transforms.day().toHumanString(TS, -1)).isEqualTo("1969-12-31");
    assertThat(Transforms.hour().toHumanString(TS, -1)).isEqualTo("1969-12-31-23");
    assertThat(Transforms.day().toHumanString(TS, null)).isEqualTo("null");
  }

  @Test
  void resultTypesAndSources() {
    assertThat(Transforms.year().resultType(TS)).isEqualTo(Types.IntegerType.get());
    assertThat(Transforms.month().resultType(DATE)).isEqualTo(Types.IntegerType.get());
    assertThat(Transforms.day().resultType(TS)).isEqualTo(Types.DateType.get());
    assertThat(Transforms.hour().resultType(TS_NS)).isEqualTo(Types.IntegerType.get());
    for (Transform transform : new Transform[] {
        Transforms.year(), Transforms.month(), Transforms.day(), Transforms.hour()}) {
      assertThat(transform.canTransform(TS)).isTrue();
      assertThat(transform.canTransform(TSTZ)).isTrue();
      assertThat(transform.canTransform(TS_NS)).isTrue();
      assertThat(transform.canTransform(Types.TimestampNanoType.withZone())).isTrue();
      assertThat(transform.canTransform(Types.TimeType.get())).isFalse();
      assertThat(transform.canTransform(Types.LongType.get())).isFalse();
      assertThat(transform.canTransform(Types.StringType.get())).isFalse();
      assertThat(transform.canTransform(Types.UnknownType.get())).isFalse();
      assertThat(transform.preservesOrder()).isTrue();
      assertThat(transform.apply(TS, null)).isNull();
    }
  }

  @Test
  void namesAndEquality() {
    assertThat(Transforms.year()).hasToString("year");
    assertThat(Transforms.month()).hasToString("month");
    assertThat(Transforms.day()).hasToString("day");
    assertThat(Transforms.hour()).hasToString("hour");
    assertThat(Transforms.day()).isEqualTo(Transforms.fromString("day")).isNotEqualTo(Transforms.hour());
    assertThat(((TimeTransform) Transforms.month()).granularity()).isEqualTo(java.time.temporal.ChronoUnit.MONTHS);
  }
}
