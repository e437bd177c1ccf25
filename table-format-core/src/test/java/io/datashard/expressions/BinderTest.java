package io.datashard.expressions;

import static io.datashard.expressions.Expressions.and;
import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.greaterThan;
import static io.datashard.expressions.Expressions.in;
import static io.datashard.expressions.Expressions.isNull;
import static io.datashard.expressions.Expressions.lessThan;
import static io.datashard.expressions.Expressions.notIn;
import static io.datashard.expressions.Expressions.notNull;
import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression.Operation;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BinderTest {
  static final Types.StructType STRUCT = Types.StructType.of(
      required(1, "id", Types.IntegerType.get()),
      optional(2, "data", Types.StringType.get()),
      optional(3, "big", Types.LongType.get()),
      optional(4, "day", Types.DateType.get()),
      optional(5, "ts", Types.TimestampType.withoutZone()),
      optional(6, "tstz", Types.TimestampType.withZone()),
      optional(7, "uid", Types.UUIDType.get()),
      optional(8, "price", Types.DecimalType.of(9, 2)),
      optional(9, "score", Types.DoubleType.get()),
      optional(10, "location", Types.StructType.of(
          required(11, "lat", Types.FloatType.get()),
          optional(12, "Name", Types.StringType.get()))),
      optional(13, "tags", Types.ListType.ofOptional(14, Types.StructType.of(optional(15, "t", Types.StringType.get())))),
      optional(16, "a.b", Types.IntegerType.get()),
      optional(17, "f", Types.FloatType.get()));

  private static BoundPredicate bindPredicate(Expression expression) {
    Expression bound = Binder.bind(STRUCT, expression);
    assertThat(bound).isInstanceOf(BoundPredicate.class);
    return (BoundPredicate) bound;
  }

  @Test
  void bindsToFieldIdsAndConvertsLiterals() {
    BoundPredicate big = bindPredicate(lessThan("big", 5));
    assertThat(big.ref().fieldId()).isEqualTo(3);
    assertThat(big.literal()).isEqualTo(5L); // int literal widened to long
    assertThat(bindPredicate(equal("day", "2024-03-01")).literal())
        .isEqualTo((int) LocalDate.of(2024, 3, 1).toEpochDay());
    assertThat(bindPredicate(equal("day", LocalDate.of(1969, 12, 31))).literal()).isEqualTo(-1);
    // 1970-01-02T00:00:01.5 is one day plus 1.5 seconds in micros
    assertThat(bindPredicate(equal("ts", "1970-01-02T00:00:01.5")).literal()).isEqualTo(86_400_000_000L + 1_500_000L);
    // an offset of +01:00 is one hour before the same wall time in UTC
    assertThat(bindPredicate(equal("tstz", "1970-01-01T01:00:00+01:00")).literal()).isEqualTo(0L);
    UUID uuid = UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7");
    assertThat(bindPredicate(equal("uid", uuid.toString())).literal()).isEqualTo(uuid);
    assertThat(bindPredicate(equal("price", "12.5")).literal()).isEqualTo(new BigDecimal("12.50"));
    assertThat(bindPredicate(equal("price", 3)).literal()).isEqualTo(new BigDecimal("3.00"));
    assertThat(bindPredicate(equal("score", 1)).literal()).isEqualTo(1.0d);
  }

  @Test
  void bindsNestedAndDottedNames() {
    BoundPredicate lat = bindPredicate(greaterThan("location.lat", 1.5f));
    assertThat(lat.ref().fieldId()).isEqualTo(11);
    assertThat(lat.ref().isOptional()).as("inside an optional struct").isTrue();
    assertThat(bindPredicate(equal("a.b", 1)).ref().fieldId()).isEqualTo(16);
  }

  @Test
  void caseSensitivity() {
    assertThatThrownBy(() -> Binder.bind(STRUCT, equal("ID", 1), true))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'ID'").hasMessageContaining("case-sensitive");
    Expression bound = Binder.bind(STRUCT, equal("ID", 1), false);
    assertThat(((BoundPredicate) bound).ref().fieldId()).isEqualTo(1);
    assertThat(((BoundPredicate) Binder.bind(STRUCT, isNull("LOCATION.name"), false)).ref().fieldId()).isEqualTo(12);
    assertThatThrownBy(() -> Binder.bind(STRUCT, isNull("location.name"), true)).isInstanceOf(ValidationException.class);
  }

  @Test
  void errorsNameTheColumn() {
    assertThatThrownBy(() -> Binder.bind(STRUCT, equal("missing", 1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'missing'");
    assertThatThrownBy(() -> Binder.bind(STRUCT, equal("id", "abc")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'id'").hasMessageContaining("int");
    assertThatThrownBy(() -> Binder.bind(STRUCT, equal("day", "2024-13-01")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'day'");
    assertThatThrownBy(() -> Binder.bind(STRUCT, equal("price", "1.234")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'price'");
    assertThatThrownBy(() -> Binder.bind(STRUCT, equal("tstz", "2024-01-01T00:00:00")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'tstz'");
    assertThatThrownBy(() -> Binder.bind(STRUCT, Expressions.isNaN("id")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'id'");
    assertThatThrownBy(() -> Binder.bind(STRUCT, Expressions.startsWith("id", "1")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("string");
    assertThatThrownBy(() -> Binder.bind(STRUCT, isNull("location")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("primitive");
    assertThatThrownBy(() -> Binder.bind(STRUCT, isNull("tags.t")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("list or map");
  }

  @Test
  void outOfRangeLiteralsDecideThePredicate() {
    // id is a required int: every value is below 3e9
    assertThat(Binder.bind(STRUCT, lessThan("id", 3_000_000_000L))).isSameAs(Expressions.alwaysTrue());
    assertThat(Binder.bind(STRUCT, greaterThan("id", 3_000_000_000L))).isSameAs(Expressions.alwaysFalse());
    assertThat(Binder.bind(STRUCT, equal("id", -3_000_000_000L))).isSameAs(Expressions.alwaysFalse());
    assertThat(Binder.bind(STRUCT, Expressions.notEqual("id", -3_000_000_000L))).isSameAs(Expressions.alwaysTrue());
    assertThat(Binder.bind(STRUCT, greaterThan("id", -3_000_000_000L))).isSameAs(Expressions.alwaysTrue());
    // a.b is optional: only non-null values are below the literal
    Expression optional = Binder.bind(STRUCT, lessThan("a.b", Long.MAX_VALUE));
    assertThat(optional.op()).isEqualTo(Operation.NOT_NULL);
    // float: non-null and not NaN
    assertThat(Binder.bind(STRUCT, lessThan("f", 1e300)).op()).isEqualTo(Operation.AND);
    assertThat(Binder.bind(STRUCT, lessThan("price", new BigDecimal("1e10"))).op()).isEqualTo(Operation.NOT_NULL);
    // in: values out of range are dropped
    BoundPredicate in = bindPredicate(in("id", 5, 3_000_000_000L, 1, 5));
    assertThat(in.op()).isEqualTo(Operation.IN);
    assertThat(in.literals()).containsExactly(1, 5);
    assertThat(Binder.bind(STRUCT, in("id", 3_000_000_000L))).isSameAs(Expressions.alwaysFalse());
    assertThat(Binder.bind(STRUCT, notIn("id", 3_000_000_000L))).isSameAs(Expressions.alwaysTrue());
    assertThat(bindPredicate(in("id", 7, 7L)).op()).isEqualTo(Operation.EQ);
  }

  @Test
  void nullChecksOnRequiredColumnsAreConstant() {
    assertThat(Binder.bind(STRUCT, isNull("id"))).isSameAs(Expressions.alwaysFalse());
    assertThat(Binder.bind(STRUCT, notNull("id"))).isSameAs(Expressions.alwaysTrue());
    assertThat(Binder.bind(STRUCT, and(notNull("id"), isNull("data"))).op()).isEqualTo(Operation.IS_NULL);
  }

  @Test
  void referencedFieldIdsAndIsBound() {
    Expression bound = Binder.bind(STRUCT, and(equal("id", 1), Expressions.or(isNull("data"), lessThan("location.lat", 2f))));
    assertThat(Binder.isBound(bound)).isTrue();
    assertThat(Binder.isBound(equal("id", 1))).isFalse();
    assertThat(Binder.referencedFieldIds(bound)).containsExactlyInAnyOrder(1, 2, 11);
    assertThat(Binder.bind(STRUCT, bound)).isEqualTo(bound);
    assertThat(List.of(bound.toString())).containsExactly("(id == 1 and (is_null(data) or location.lat < 2.0))");
  }
}
