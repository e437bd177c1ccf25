package io.datashard.expressions;

import static io.datashard.expressions.Expressions.and;
import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.greaterThan;
import static io.datashard.expressions.Expressions.greaterThanOrEqual;
import static io.datashard.expressions.Expressions.in;
import static io.datashard.expressions.Expressions.isNaN;
import static io.datashard.expressions.Expressions.isNull;
import static io.datashard.expressions.Expressions.lessThan;
import static io.datashard.expressions.Expressions.lessThanOrEqual;
import static io.datashard.expressions.Expressions.not;
import static io.datashard.expressions.Expressions.notEqual;
import static io.datashard.expressions.Expressions.notIn;
import static io.datashard.expressions.Expressions.notNaN;
import static io.datashard.expressions.Expressions.notNull;
import static io.datashard.expressions.Expressions.notStartsWith;
import static io.datashard.expressions.Expressions.or;
import static io.datashard.expressions.Expressions.startsWith;
import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.PartitionData;
import io.datashard.StructLike;
import io.datashard.types.Types;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final Types.StructType STRUCT = Types.StructType.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "s", Types.StringType.get()),
      optional(3, "d", Types.DoubleType.get()),
      optional(4, "loc", Types.StructType.of(optional(5, "x", Types.IntegerType.get()))));

  private static StructLike row(Long id, String s, Double d, Integer x) {
    return PartitionData.of(id, s, d, x == null ? null : PartitionData.of(x));
  }

  private static boolean eval(Expression expression, StructLike row) {
    return new Evaluator(STRUCT, expression).eval(row);
  }

  @Test
  void comparisons() {
    StructLike row = row(5L, "abc", 1.5, 7);
    assertThat(eval(lessThan("id", 6), row)).isTrue();
    assertThat(eval(lessThan("id", 5), row)).isFalse();
    assertThat(eval(lessThanOrEqual("id", 5), row)).isTrue();
    assertThat(eval(greaterThan("id", 5), row)).isFalse();
    assertThat(eval(greaterThanOrEqual("id", 5), row)).isTrue();
    assertThat(eval(equal("id", 5), row)).isTrue();
    assertThat(eval(notEqual("id", 5), row)).isFalse();
    assertThat(eval(in("id", 1, 5, 9), row)).isTrue();
    assertThat(eval(in("id", 1, 9), row)).isFalse();
    assertThat(eval(notIn("id", 1, 9), row)).isTrue();
    assertThat(eval(startsWith("s", "ab"), row)).isTrue();
    assertThat(eval(startsWith("s", "abcd"), row)).isFalse();
    assertThat(eval(notStartsWith("s", "b"), row)).isTrue();
    assertThat(eval(equal("loc.x", 7), row)).isTrue();
    assertThat(eval(lessThan("d", 2), row)).isTrue();
  }

  @Test
  void nullsMatchOnlyNullChecksAndNegativePredicates() {
    StructLike row = row(1L, null, null, null);
    assertThat(eval(isNull("s"), row)).isTrue();
    assertThat(eval(notNull("s"), row)).isFalse();
    assertThat(eval(equal("s", "a"), row)).isFalse();
    assertThat(eval(lessThan("d", 1.0), row)).isFalse();
    assertThat(eval(greaterThanOrEqual("d", 1.0), row)).isFalse();
    assertThat(eval(in("s", "a", "b"), row)).isFalse();
    assertThat(eval(startsWith("s", "a"), row)).isFalse();
    assertThat(eval(notEqual("s", "a"), row)).isTrue();
    assertThat(eval(notIn("s", "a", "b"), row)).isTrue();
    assertThat(eval(notStartsWith("s", "a"), row)).isTrue();
    assertThat(eval(isNaN("d"), row)).isFalse();
    assertThat(eval(notNaN("d"), row)).isTrue();
    // a null struct makes its fields null
    assertThat(eval(isNull("loc.x"), row)).isTrue();
    // not() is pushed into the predicate: not(d < 1) is d >= 1, false for null
    assertThat(eval(not(lessThan("d", 1.0)), row)).isFalse();
  }

  @Test
  void nanMatchesOnlyNaNChecksAndNegativePredicates() {
    StructLike row = row(1L, "a", Double.NaN, 1);
    assertThat(eval(isNaN("d"), row)).isTrue();
    assertThat(eval(notNaN("d"), row)).isFalse();
    assertThat(eval(lessThan("d", 1.0), row)).isFalse();
    assertThat(eval(greaterThan("d", 1.0), row)).isFalse();
    assertThat(eval(equal("d", 1.0), row)).isFalse();
    assertThat(eval(notEqual("d", 1.0), row)).isTrue();
    assertThat(eval(in("d", 1.0, 2.0), row)).isFalse();
    assertThat(eval(notIn("d", 1.0, 2.0), row)).isTrue();
    assertThat(eval(isNull("d"), row)).isFalse();
  }

  @Test
  void andOrNot() {
    StructLike row = row(5L, "abc", 1.5, 7);
    assertThat(eval(and(equal("id", 5), startsWith("s", "a")), row)).isTrue();
    assertThat(eval(and(equal("id", 5), startsWith("s", "b")), row)).isFalse();
    assertThat(eval(or(equal("id", 4), startsWith("s", "a")), row)).isTrue();
    assertThat(eval(not(or(equal("id", 4), startsWith("s", "b"))), row)).isTrue();
    assertThat(eval(Expressions.alwaysFalse(), row)).isFalse();
  }

  @Test
  void caseInsensitiveAndPromotedValues() {
    // a row of a promoted int -> long column may still hold an Integer
    StructLike row = PartitionData.of(5, "A", 1.5f, null);
    assertThat(new Evaluator(STRUCT, equal("ID", 5L), false).eval(row)).isTrue();
    assertThat(new Evaluator(STRUCT, lessThan("d", 2.0), false).eval(row)).isTrue();
  }
}
