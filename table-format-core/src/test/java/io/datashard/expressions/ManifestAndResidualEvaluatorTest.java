package io.datashard.expressions;

import static io.datashard.expressions.Expressions.and;
import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.greaterThan;
import static io.datashard.expressions.Expressions.greaterThanOrEqual;
import static io.datashard.expressions.Expressions.in;
import static io.datashard.expressions.Expressions.isNaN;
import static io.datashard.expressions.Expressions.isNull;
import static io.datashard.expressions.Expressions.lessThan;
import static io.datashard.expressions.Expressions.notEqual;
import static io.datashard.expressions.Expressions.notNaN;
import static io.datashard.expressions.Expressions.notNull;
import static io.datashard.expressions.Expressions.notStartsWith;
import static io.datashard.expressions.Expressions.or;
import static io.datashard.expressions.Expressions.startsWith;
import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionData;
import io.datashard.PartitionFieldSummary;
import io.datashard.PartitionSpec;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestAndResidualEvaluatorTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "category", Types.StringType.get()),
      optional(3, "ts", Types.TimestampType.withoutZone()),
      optional(4, "score", Types.DoubleType.get())));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA)
      .identity("category").day("ts").identity("score").build();

  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  private static ManifestFile manifest(PartitionFieldSummary... summaries) {
    return new ManifestFile("memory://m.avro", 100, SPEC.specId(), ManifestContent.DATA, 1, 1, 1, 1, 0, 0, 10, 0, 0,
        List.of(summaries), null, null);
  }

  private static PartitionFieldSummary strings(boolean containsNull, String lower, String upper) {
    return new PartitionFieldSummary(containsNull, false,
        lower == null ? null : Conversions.toByteBuffer(Types.StringType.get(), lower),
        upper == null ? null : Conversions.toByteBuffer(Types.StringType.get(), upper));
  }

  private static PartitionFieldSummary days(int lower, int upper) {
    return new PartitionFieldSummary(false, false, Conversions.toByteBuffer(Types.DateType.get(), lower),
        Conversions.toByteBuffer(Types.DateType.get(), upper));
  }

  private static PartitionFieldSummary doubles(boolean containsNull, Boolean containsNaN, Double lower, Double upper) {
    return new PartitionFieldSummary(containsNull, containsNaN,
        lower == null ? null : Conversions.toByteBuffer(Types.DoubleType.get(), lower),
        upper == null ? null : Conversions.toByteBuffer(Types.DoubleType.get(), upper));
  }

  private static boolean eval(Expression rowFilter, ManifestFile manifest) {
    return ManifestEvaluator.forRowFilter(rowFilter, SPEC, true).eval(manifest);
  }

  @Test
  void manifestSummariesPrune() {
    ManifestFile books = manifest(strings(false, "books", "comics"), days(day("2024-01-01"), day("2024-01-31")),
        doubles(false, false, 1.0, 2.0));
    assertThat(eval(equal("category", "books"), books)).isTrue();
    assertThat(eval(equal("category", "art"), books)).isFalse();
    assertThat(eval(equal("category", "toys"), books)).isFalse();
    assertThat(eval(in("category", "art", "cars"), books)).isTrue();
    assertThat(eval(in("category", "art", "toys"), books)).isFalse();
    assertThat(eval(notEqual("category", "books"), books)).isTrue();
    assertThat(eval(startsWith("category", "co"), books)).isTrue();
    assertThat(eval(startsWith("category", "d"), books)).isFalse();
    assertThat(eval(startsWith("category", "a"), books)).isFalse();
    assertThat(eval(isNull("category"), books)).isFalse();
    assertThat(eval(notNull("category"), books)).isTrue();
    assertThat(eval(greaterThanOrEqual("ts", "2024-02-01T00:00:00"), books)).isFalse();
    assertThat(eval(lessThan("ts", "2024-01-01T00:00:00"), books)).isFalse();
    assertThat(eval(lessThan("ts", "2024-01-01T00:00:01"), books)).isTrue();
    assertThat(eval(greaterThan("score", 2.0), books)).isFalse();
    assertThat(eval(isNaN("score"), books)).isFalse();
    assertThat(eval(or(equal("category", "art"), greaterThan("score", 1.5)), books)).isTrue();
    assertThat(eval(and(equal("category", "books"), greaterThan("score", 2.5)), books)).isFalse();
    // an unpartitioned column says nothing
    assertThat(eval(equal("id", 5L), books)).isTrue();
  }

  @Test
  void manifestNullsAndNaN() {
    ManifestFile nulls = manifest(strings(true, null, null), days(0, 0), doubles(true, false, null, null));
    assertThat(eval(isNull("category"), nulls)).isTrue();
    assertThat(eval(notNull("category"), nulls)).isFalse();
    assertThat(eval(equal("category", "a"), nulls)).isFalse();
    assertThat(eval(notEqual("category", "a"), nulls)).isTrue();
    assertThat(eval(notStartsWith("category", "a"), nulls)).isTrue();
    assertThat(eval(notNull("score"), nulls)).isFalse();

    ManifestFile nans = manifest(strings(false, "a", "b"), days(0, 0), doubles(false, true, null, null));
    assertThat(eval(isNaN("score"), nans)).isTrue();
    assertThat(eval(notNaN("score"), nans)).isFalse();
    assertThat(eval(notNull("score"), nans)).isTrue();
    assertThat(eval(lessThan("score", 1.0), nans)).isFalse();
    // v1 manifests do not say whether there is NaN
    ManifestFile unknownNaN = manifest(strings(false, "a", "b"), days(0, 0), doubles(false, null, 1.0, 1.0));
    assertThat(eval(isNaN("score"), unknownNaN)).isTrue();
    assertThat(eval(notStartsWith("category", "a"), manifest(strings(false, "ab", "az"), days(0, 0), doubles(false, false, 1.0, 1.0))))
        .isFalse();
    // without summaries nothing can be pruned
    assertThat(eval(equal("category", "x"), manifest())).isTrue();
  }

  @Test
  void residualsDropWhatThePartitionDecides() {
    ResidualEvaluator residuals = ResidualEvaluator.of(SPEC,
        and(greaterThanOrEqual("ts", "2024-01-02T00:00:00"), equal("id", 5L)), true);
    Expression idIs5 = Binder.bind(SCHEMA.asStruct(), equal("id", 5L));
    // every row of a later day satisfies the ts predicate; none of an earlier day does
    assertThat(residuals.residualFor(PartitionData.of("a", day("2024-01-03"), 1.0))).isEqualTo(idIs5);
    assertThat(residuals.residualFor(PartitionData.of("a", day("2024-01-02"), 1.0))).isEqualTo(idIs5);
    assertThat(residuals.residualFor(PartitionData.of("a", day("2024-01-01"), 1.0))).isSameAs(Expressions.alwaysFalse());
    // a null day: the ts predicate is false for null ts
    assertThat(residuals.residualFor(PartitionData.of("a", null, 1.0))).isSameAs(Expressions.alwaysFalse());

    // a boundary inside a day leaves the ts predicate for that day only
    ResidualEvaluator midDay = ResidualEvaluator.of(SPEC, lessThan("ts", "2024-01-02T12:00:00"), true);
    assertThat(midDay.residualFor(PartitionData.of("a", day("2024-01-01"), 1.0))).isSameAs(Expressions.alwaysTrue());
    assertThat(midDay.residualFor(PartitionData.of("a", day("2024-01-02"), 1.0)))
        .isEqualTo(Binder.bind(SCHEMA.asStruct(), lessThan("ts", "2024-01-02T12:00:00")));
    assertThat(midDay.residualFor(PartitionData.of("a", day("2024-01-03"), 1.0))).isSameAs(Expressions.alwaysFalse());

    ResidualEvaluator identity = ResidualEvaluator.of(SPEC,
        or(equal("category", "books"), and(equal("Category", "art"), isNaN("score"))), false);
    assertThat(identity.residualFor(PartitionData.of("books", 0, 1.0))).isSameAs(Expressions.alwaysTrue());
    assertThat(identity.residualFor(PartitionData.of("toys", 0, 1.0))).isSameAs(Expressions.alwaysFalse());
    assertThat(identity.residualFor(PartitionData.of("art", 0, Double.NaN))).isSameAs(Expressions.alwaysTrue());
    assertThat(identity.residualFor(PartitionData.of("art", 0, 2.0))).isSameAs(Expressions.alwaysFalse());

    ResidualEvaluator unpartitioned = ResidualEvaluator.of(PartitionSpec.unpartitioned(), Expressions.alwaysTrue(), true);
    assertThat(unpartitioned.residualFor(PartitionData.empty())).isSameAs(Expressions.alwaysTrue());
    long micros = ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.of(2024, 1, 2, 12, 0));
    assertThat(((BoundPredicate) midDay.residualFor(PartitionData.of("a", day("2024-01-02"), 1.0))).literal()).isEqualTo(micros);
  }
}
