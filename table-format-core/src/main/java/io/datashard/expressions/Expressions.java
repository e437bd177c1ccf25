package io.datashard.expressions;

import io.datashard.expressions.Expression.Operation;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Factory for expressions, e.g. {@code and(equal("category", "books"), lessThan("price", 10L))}.
 * Columns are named by their full name ({@code "location.lat"} for a field of a struct). Literal
 * values use Datashard's Java value representation, or a string in ISO-8601 form for date, time and
 * timestamp columns, or a uuid or decimal string; {@link Binder} converts them to the column's type.
 * {@link #and}, {@link #or} and {@link #not} fold the constants {@link #alwaysTrue()} and
 * {@link #alwaysFalse()}.
 */
public final class Expressions {
  private Expressions() {}

  public static Expression alwaysTrue() {
    return True.INSTANCE;
  }

  public static Expression alwaysFalse() {
    return False.INSTANCE;
  }

  public static Expression and(Expression left, Expression right) {
    Objects.requireNonNull(left, "left is null");
    Objects.requireNonNull(right, "right is null");
    if (left.op() == Operation.FALSE || right.op() == Operation.FALSE) {
      return alwaysFalse();
    } else if (left.op() == Operation.TRUE) {
      return right;
    } else if (right.op() == Operation.TRUE) {
      return left;
    }
    return new And(left, right);
  }

  public static Expression and(Expression first, Expression second, Expression... more) {
    Expression result = and(first, second);
    for (Expression expression : more) {
      result = and(result, expression);
    }
    return result;
  }

  public static Expression or(Expression left, Expression right) {
    Objects.requireNonNull(left, "left is null");
    Objects.requireNonNull(right, "right is null");
    if (left.op() == Operation.TRUE || right.op() == Operation.TRUE) {
      return alwaysTrue();
    } else if (left.op() == Operation.FALSE) {
      return right;
    } else if (right.op() == Operation.FALSE) {
      return left;
    }
    return new Or(left, right);
  }

  public static Expression or(Expression first, Expression second, Expression... more) {
    Expression result = or(first, second);
    for (Expression expression : more) {
      result = or(result, expression);
    }
    return result;
  }

  public static Expression not(Expression child) {
    Objects.requireNonNull(child, "child is null");
    if (child.op() == Operation.TRUE) {
      return alwaysFalse();
    } else if (child.op() == Operation.FALSE) {
      return alwaysTrue();
    } else if (child.op() == Operation.NOT) {
      return ((Not) child).child();
    }
    return new Not(child);
  }

  public static Expression isNull(String name) {
    return predicate(Operation.IS_NULL, name);
  }

  public static Expression notNull(String name) {
    return predicate(Operation.NOT_NULL, name);
  }

  /** True for NaN values of a float or double column. */
  public static Expression isNaN(String name) {
    return predicate(Operation.IS_NAN, name);
  }

  public static Expression notNaN(String name) {
    return predicate(Operation.NOT_NAN, name);
  }

  public static Expression lessThan(String name, Object value) {
    return predicate(Operation.LT, name, value);
  }

  public static Expression lessThanOrEqual(String name, Object value) {
    return predicate(Operation.LT_EQ, name, value);
  }

  public static Expression greaterThan(String name, Object value) {
    return predicate(Operation.GT, name, value);
  }

  public static Expression greaterThanOrEqual(String name, Object value) {
    return predicate(Operation.GT_EQ, name, value);
  }

  public static Expression equal(String name, Object value) {
    return predicate(Operation.EQ, name, value);
  }

  public static Expression notEqual(String name, Object value) {
    return predicate(Operation.NOT_EQ, name, value);
  }

  public static Expression in(String name, Object... values) {
    return predicate(Operation.IN, name, Arrays.asList(values));
  }

  public static Expression in(String name, Collection<?> values) {
    return predicate(Operation.IN, name, values);
  }

  public static Expression notIn(String name, Object... values) {
    return predicate(Operation.NOT_IN, name, Arrays.asList(values));
  }

  public static Expression notIn(String name, Collection<?> values) {
    return predicate(Operation.NOT_IN, name, values);
  }

  /** True for values of a string column that start with {@code prefix}. */
  public static Expression startsWith(String name, String prefix) {
    return predicate(Operation.STARTS_WITH, name, prefix);
  }

  public static Expression notStartsWith(String name, String prefix) {
    return predicate(Operation.NOT_STARTS_WITH, name, prefix);
  }

  /** A predicate from its parts; {@code op} must be a predicate operation (not and/or/not/true/false). */
  public static UnboundPredicate predicate(Operation op, String name, Object value) {
    return new UnboundPredicate(op, name, Arrays.asList(value));
  }

  public static UnboundPredicate predicate(Operation op, String name, Collection<?> values) {
    Objects.requireNonNull(values, "values is null");
    return new UnboundPredicate(op, name, Arrays.asList(values.toArray()));
  }

  public static UnboundPredicate predicate(Operation op, String name) {
    checkPredicateOp(op);
    return new UnboundPredicate(op, name, List.of());
  }

  private static void checkPredicateOp(Operation op) {
    switch (op) {
      case TRUE:
      case FALSE:
      case AND:
      case OR:
      case NOT:
        throw new IllegalArgumentException(op + " is not a predicate operation");
      default:
        break;
    }
  }

  /**
   * Pushes every {@code not} down into the predicates, e.g. {@code not(a < 1 and b is null)} becomes
   * {@code a >= 1 or b is not null}. The result contains no {@link Not} node.
   */
  public static Expression rewriteNot(Expression expression) {
    switch (expression.op()) {
      case AND: {
        And and = (And) expression;
        return and(rewriteNot(and.left()), rewriteNot(and.right()));
      }
      case OR: {
        Or or = (Or) expression;
        return or(rewriteNot(or.left()), rewriteNot(or.right()));
      }
      case NOT:
        return rewriteNot(((Not) expression).child().negate());
      default:
        return expression;
    }
  }
}
