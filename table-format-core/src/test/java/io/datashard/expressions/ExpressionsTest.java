package io.datashard.expressions;

import static io.datashard.expressions.Expressions.alwaysFalse;
import static io.datashard.expressions.Expressions.alwaysTrue;
import static io.datashard.expressions.Expressions.and;
import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.greaterThanOrEqual;
import static io.datashard.expressions.Expressions.in;
import static io.datashard.expressions.Expressions.isNull;
import static io.datashard.expressions.Expressions.lessThan;
import static io.datashard.expressions.Expressions.not;
import static io.datashard.expressions.Expressions.notEqual;
import static io.datashard.expressions.Expressions.notIn;
import static io.datashard.expressions.Expressions.notNull;
import static io.datashard.expressions.Expressions.notStartsWith;
import static io.datashard.expressions.Expressions.or;
import static io.datashard.expressions.Expressions.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression.Operation;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
  private final Expression a = lessThan("a", 1);
  private final Expression b = isNull("b");

  @Test
  void andOrNotFoldConstants() {
    assertThat(and(alwaysTrue(), a)).isEqualTo(a);
    assertThat(and(a, alwaysTrue())).isEqualTo(a);
    assertThat(and(a, alwaysFalse())).isSameAs(alwaysFalse());
    assertThat(or(alwaysFalse(), a)).isEqualTo(a);
    assertThat(or(a, alwaysTrue())).isSameAs(alwaysTrue());
    assertThat(not(alwaysTrue())).isSameAs(alwaysFalse());
    assertThat(not(not(a))).isEqualTo(a);
    assertThat(and(a, b, alwaysTrue())).isEqualTo(and(a, b));
    assertThat(and(a, b).op()).isEqualTo(Operation.AND);
  }

  @Test
  void negateEveryPredicateOperation() {
    assertThat(lessThan("a", 1).negate()).isEqualTo(greaterThanOrEqual("a", 1));
    assertThat(equal("a", 1).negate()).isEqualTo(notEqual("a", 1));
    assertThat(in("a", 1, 2).negate()).isEqualTo(notIn("a", 1, 2));
    assertThat(isNull("a").negate()).isEqualTo(notNull("a"));
    assertThat(startsWith("s", "x").negate()).isEqualTo(notStartsWith("s", "x"));
    assertThat(Expressions.isNaN("d").negate()).isEqualTo(Expressions.notNaN("d"));
    for (Operation op : Operation.values()) {
      if (op != Operation.AND && op != Operation.OR && op != Operation.NOT) {
        assertThat(op.negate().negate()).isEqualTo(op);
      }
    }
    assertThat(Operation.LT.flipLR()).isEqualTo(Operation.GT);
    assertThat(Operation.GT_EQ.flipLR()).isEqualTo(Operation.LT_EQ);
  }

  @Test
  void rewriteNotPushesNegationIntoPredicates() {
    // not(a < 1 and b is null) = a >= 1 or b is not null (De Morgan)
    assertThat(Expressions.rewriteNot(not(and(a, b)))).isEqualTo(or(greaterThanOrEqual("a", 1), notNull("b")));
    assertThat(Expressions.rewriteNot(not(or(a, not(b))))).isEqualTo(and(greaterThanOrEqual("a", 1), b));
    assertThat(Expressions.rewriteNot(and(not(a), alwaysTrue()))).isEqualTo(greaterThanOrEqual("a", 1));
  }

  @Test
  void nullAndNaNLiteralsAreRejectedWithAHint() {
    assertThatThrownBy(() -> equal("x", null)).isInstanceOf(ValidationException.class).hasMessageContaining("isNull");
    assertThatThrownBy(() -> lessThan("d", Double.NaN)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("'d'").hasMessageContaining("isNaN");
    assertThatThrownBy(() -> in("d", 1.0f, Float.NaN)).isInstanceOf(ValidationException.class);
  }

  @Test
  void literalsAreCopiedAndPrinted() {
    byte[] bytes = {1, 2};
    Expression predicate = equal("bin", bytes);
    bytes[0] = 9;
    assertThat(((UnboundPredicate) predicate).literal()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(predicate.toString()).isEqualTo("bin == X'0102'");
    assertThat(and(lessThan("a", 1), in("s", "x", "y")).toString()).isEqualTo("(a < 1 and s in (\"x\", \"y\"))");
    assertThat(not(isNull("b")).toString()).isEqualTo("not(is_null(b))");
  }
}
