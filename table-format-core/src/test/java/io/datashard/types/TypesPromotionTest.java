package io.datashard.types;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypesPromotionTest {

  @Test
  void specPromotions() {
    assertThat(TypeChanges.isPromotionAllowed(Types.IntegerType.get(), Types.LongType.get())).isTrue();
    assertThat(TypeChanges.isPromotionAllowed(Types.FloatType.get(), Types.DoubleType.get())).isTrue();
    assertThat(TypeChanges.isPromotionAllowed(Types.DecimalType.of(9, 2), Types.DecimalType.of(18, 2))).isTrue();
    assertThat(TypeChanges.isPromotionAllowed(Types.StringType.get(), Types.StringType.get())).isTrue();
  }

  @Test
  void disallowedChanges() {
    assertThat(TypeChanges.isPromotionAllowed(Types.LongType.get(), Types.IntegerType.get())).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.IntegerType.get(), Types.StringType.get())).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.IntegerType.get(), Types.DoubleType.get())).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.DecimalType.of(9, 2), Types.DecimalType.of(18, 3))).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.DecimalType.of(18, 2), Types.DecimalType.of(9, 2))).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.FixedType.ofLength(4), Types.BinaryType.get())).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.TimestampType.withoutZone(), Types.TimestampType.withZone())).isFalse();
  }

  @Test
  void version3Promotions() {
    assertThat(TypeChanges.isPromotionAllowed(Types.DateType.get(), Types.TimestampType.withoutZone())).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.DateType.get(), Types.TimestampType.withoutZone(), 3)).isTrue();
    assertThat(TypeChanges.isPromotionAllowed(Types.DateType.get(), Types.TimestampNanoType.withoutZone(), 3)).isTrue();
    assertThat(TypeChanges.isPromotionAllowed(Types.DateType.get(), Types.TimestampType.withZone(), 3)).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.UnknownType.get(), Types.StringType.get(), 2)).isFalse();
    assertThat(TypeChanges.isPromotionAllowed(Types.UnknownType.get(), Types.StringType.get(), 3)).isTrue();
  }
}
