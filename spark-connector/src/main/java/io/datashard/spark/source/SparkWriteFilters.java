package io.datashard.spark.source;

import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts the V2 predicates of an overwrite ({@code INSERT OVERWRITE ... WHERE}, {@code
 * DataFrameWriterV2.overwrite(condition)}) to a Datashard row filter. A predicate that cannot be
 * converted exactly makes the whole conversion fail, because overwriting a different set of rows
 * than the user asked for would lose or keep data silently.
 */
final class SparkWriteFilters {
  private SparkWriteFilters() {}

  /** The conjunction of the predicates, or empty if one of them cannot be converted exactly. */
  static Optional<Expression> convert(Schema schema, Predicate[] predicates) {
    Expression result = Expressions.alwaysTrue();
    for (Predicate predicate : predicates) {
      Expression converted = convert(schema, predicate);
      if (converted == null) {
        return Optional.empty();
      }
      result = Expressions.and(result, converted);
    }
    return Optional.of(result);
  }

  private static Expression convert(Schema schema, Predicate predicate) {
    org.apache.spark.sql.connector.expressions.Expression[] children = predicate.children();
    switch (predicate.name()) {
      case "ALWAYS_TRUE":
        return Expressions.alwaysTrue();
      case "ALWAYS_FALSE":
        return Expressions.alwaysFalse();
      case "AND": {
        Expression left = convert(schema, (Predicate) children[0]);
        Expression right = convert(schema, (Predicate) children[1]);
        return left == null || right == null ? null : Expressions.and(left, right);
      }
      case "OR": {
        Expression left = convert(schema, (Predicate) children[0]);
        Expression right = convert(schema, (Predicate) children[1]);
        return left == null || right == null ? null : Expressions.or(left, right);
      }
      case "NOT": {
        Expression child = convert(schema, (Predicate) children[0]);
        return child == null ? null : Expressions.not(child);
      }
      case "IS_NULL": {
        String column = column(schema, children[0]);
        return column == null ? null : Expressions.isNull(column);
      }
      case "IS_NOT_NULL": {
        String column = column(schema, children[0]);
        return column == null ? null : Expressions.notNull(column);
      }
      case "IN": {
        String column = column(schema, children[0]);
        if (column == null) {
          return null;
        }
        List<Object> values = new ArrayList<>(children.length - 1);
        for (int i = 1; i < children.length; i += 1) {
          if (!(children[i] instanceof Literal<?> literal)) {
            return null;
          }
          Object value = value(literal);
          // a null in an IN list never matches, so it can be dropped
          if (value != null) {
            values.add(value);
          }
        }
        return values.isEmpty() ? Expressions.alwaysFalse() : Expressions.in(column, values);
      }
      case "=":
      case "<=>":
      case "<>":
      case "<":
      case "<=":
      case ">":
      case ">=":
      case "STARTS_WITH":
        return comparison(schema, predicate.name(), children);
      default:
        return null;
    }
  }

  private static Expression comparison(Schema schema, String op, org.apache.spark.sql.connector.expressions.Expression[] children) {
    boolean flipped;
    String column;
    Literal<?> literal;
    if (children[0] instanceof NamedReference && children[1] instanceof Literal<?> right) {
      column = column(schema, children[0]);
      literal = right;
      flipped = false;
    } else if (children[1] instanceof NamedReference && children[0] instanceof Literal<?> left) {
      column = column(schema, children[1]);
      literal = left;
      flipped = true;
    } else {
      return null;
    }
    if (column == null) {
      return null;
    }
    Object value = value(literal);
    if (value == null) {
      // SQL comparisons with null are never true; only null-safe equality matches nulls
      return op.equals("<=>") ? Expressions.isNull(column) : Expressions.alwaysFalse();
    }
    switch (op) {
      case "=":
      case "<=>":
        return Expressions.equal(column, value);
      case "<>":
        return Expressions.notEqual(column, value);
      case "<":
        return flipped ? Expressions.greaterThan(column, value) : Expressions.lessThan(column, value);
      case "<=":
        return flipped ? Expressions.greaterThanOrEqual(column, value) : Expressions.lessThanOrEqual(column, value);
      case ">":
        return flipped ? Expressions.lessThan(column, value) : Expressions.greaterThan(column, value);
      case ">=":
        return flipped ? Expressions.lessThanOrEqual(column, value) : Expressions.greaterThanOrEqual(column, value);
      case "STARTS_WITH":
        return !flipped && value instanceof String prefix ? Expressions.startsWith(column, prefix) : null;
      default:
        return null;
    }
  }

  /** The dotted column name of a reference to a table column, or null. */
  private static String column(Schema schema, org.apache.spark.sql.connector.expressions.Expression expression) {
    if (!(expression instanceof NamedReference reference)) {
      return null;
    }
    String name = String.join(".", reference.fieldNames());
    return schema.findField(name).isPresent() || schema.caseInsensitiveFindField(name).isPresent() ? name : null;
  }

  /** A Spark literal (Catalyst's internal representation) as a Java value the expressions accept. */
  private static Object value(Literal<?> literal) {
    Object value = literal.value();
    if (value instanceof UTF8String string) {
      return string.toString();
    } else if (value instanceof Decimal decimal) {
      return decimal.toJavaBigDecimal();
    } else if (value instanceof byte[] bytes) {
      return java.nio.ByteBuffer.wrap(bytes);
    }
    return value;
  }
}
