package io.datashard.spark.source;

import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts Spark V2 predicates into Datashard expressions, or tells that a predicate cannot be
 * converted exactly.
 *
 * <p>A converted expression is exact on rows where every referenced value is non-null: it is true
 * exactly when Spark's predicate is true. Where Spark's three-valued logic gives NULL, the
 * Datashard expression may be true or false; that is why the scan hands every predicate back to
 * Spark as a post-scan filter, and why NOT only wraps fully converted children. Literals are
 * converted from Spark's internal representation (UTF8String, Decimal, days, micros, byte[]) to the
 * Java representation of the column's Datashard type.
 */
public final class SparkFilters {

  private SparkFilters() {
  }

  /** The Datashard expression for {@code predicate} over {@code schema}, or empty if it cannot be converted exactly. */
  public static Optional<Expression> convert(Schema schema, Predicate predicate, boolean caseSensitive) {
    try {
      return Optional.ofNullable(convertPredicate(schema, predicate, caseSensitive));
    } catch (RuntimeException e) {
      // a literal that does not fit the column's type, for instance: Spark evaluates the predicate itself
      return Optional.empty();
    }
  }

  private static Expression convertPredicate(Schema schema, Predicate predicate, boolean caseSensitive) {
    String name = predicate.name().toUpperCase(Locale.ROOT);
    org.apache.spark.sql.connector.expressions.Expression[] children = predicate.children();
    switch (name) {
      case "ALWAYS_TRUE":
        return Expressions.alwaysTrue();
      case "ALWAYS_FALSE":
        return Expressions.alwaysFalse();
      case "AND": {
        Expression left = convertChild(schema, children[0], caseSensitive);
        Expression right = convertChild(schema, children[1], caseSensitive);
        return left == null || right == null ? null : Expressions.and(left, right);
      }
      case "OR": {
        Expression left = convertChild(schema, children[0], caseSensitive);
        Expression right = convertChild(schema, children[1], caseSensitive);
        return left == null || right == null ? null : Expressions.or(left, right);
      }
      case "NOT": {
        Expression child = convertChild(schema, children[0], caseSensitive);
        return child == null ? null : Expressions.not(child);
      }
      case "IS_NULL":
      case "IS_NOT_NULL": {
        Column column = column(schema, children[0], caseSensitive);
        if (column == null) {
          return null;
        }
        return name.equals("IS_NULL") ? Expressions.isNull(column.name) : Expressions.notNull(column.name);
      }
      case "=":
      case "<>":
      case "<":
      case "<=":
      case ">":
      case ">=":
      case "<=>":
        return comparison(schema, name, children, caseSensitive);
      case "IN":
        return in(schema, children, caseSensitive);
      case "STARTS_WITH": {
        Column column = column(schema, children[0], caseSensitive);
        if (column == null || column.type.typeId() != Type.TypeID.STRING || !(children[1] instanceof Literal<?> literal)
            || !(literal.value() instanceof UTF8String prefix)) {
          return null;
        }
        return Expressions.startsWith(column.name, prefix.toString());
      }
      default:
        return null;
    }
  }

  private static Expression convertChild(Schema schema, org.apache.spark.sql.connector.expressions.Expression child, boolean caseSensitive) {
    return child instanceof Predicate predicate ? convertPredicate(schema, predicate, caseSensitive) : null;
  }

  private static Expression comparison(Schema schema, String op, org.apache.spark.sql.connector.expressions.Expression[] children,
      boolean caseSensitive) {
    String operation = op;
    Column column = column(schema, children[0], caseSensitive);
    org.apache.spark.sql.connector.expressions.Expression other = children[1];
    if (column == null) {
      // literal on the left: flip the comparison
      column = column(schema, children[1], caseSensitive);
      other = children[0];
      operation = flip(op);
    }
    if (column == null || !(other instanceof Literal<?> literal)) {
      return null;
    }
    Object sparkValue = literal.value();
    if (sparkValue == null) {
      // col <=> NULL is an IS NULL test; any other comparison with NULL is never true
      return operation.equals("<=>") ? Expressions.isNull(column.name) : Expressions.alwaysFalse();
    }
    if (isNaN(sparkValue)) {
      return switch (operation) {
        case "=", "<=>" -> Expressions.isNaN(column.name);
        case "<>" -> Expressions.notNaN(column.name);
        default -> null; // Spark orders NaN above every number; not expressible exactly
      };
    }
    if (column.type.typeId() == Type.TypeID.UUID && !operation.equals("=") && !operation.equals("<=>") && !operation.equals("<>")) {
      return null; // Spark orders uuid columns as strings, Datashard as 128-bit numbers
    }
    Object value = toDatashardValue(column.type, sparkValue);
    if (value == null) {
      return null;
    }
    return switch (operation) {
      case "=", "<=>" -> Expressions.equal(column.name, value);
      case "<>" -> Expressions.notEqual(column.name, value);
      case "<" -> Expressions.lessThan(column.name, value);
      case "<=" -> Expressions.lessThanOrEqual(column.name, value);
      case ">" -> Expressions.greaterThan(column.name, value);
      case ">=" -> Expressions.greaterThanOrEqual(column.name, value);
      default -> null;
    };
  }

  private static Expression in(Schema schema, org.apache.spark.sql.connector.expressions.Expression[] children, boolean caseSensitive) {
    Column column = column(schema, children[0], caseSensitive);
    if (column == null) {
      return null;
    }
    List<Object> values = new ArrayList<>(children.length - 1);
    for (int i = 1; i < children.length; i++) {
      if (!(children[i] instanceof Literal<?> literal)) {
        return null;
      }
      Object sparkValue = literal.value();
      if (sparkValue == null) {
        continue; // x IN (.., NULL) is never true because of the NULL alone
      }
      if (isNaN(sparkValue)) {
        return null;
      }
      Object value = toDatashardValue(column.type, sparkValue);
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    return values.isEmpty() ? Expressions.alwaysFalse() : Expressions.in(column.name, values);
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }

  private static boolean isNaN(Object value) {
    return (value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN());
  }

  private record Column(String name, Type type) {
  }

  private static Column column(Schema schema, org.apache.spark.sql.connector.expressions.Expression expression, boolean caseSensitive) {
    if (!(expression instanceof NamedReference ref)) {
      return null;
    }
    String name = String.join(".", ref.fieldNames());
    Optional<Types.NestedField> field = caseSensitive ? schema.findField(name) : schema.caseInsensitiveFindField(name);
    if (field.isEmpty() || !field.get().type().isPrimitiveType()) {
      return null;
    }
    return new Column(name, field.get().type());
  }

  /**
   * A Spark internal literal value as the Java value of a Datashard column type, or null when the
   * conversion would not be exact (for instance a fractional literal compared with an int column).
   */
  static Object toDatashardValue(Type type, Object value) {
    switch (type.typeId()) {
      case BOOLEAN:
        return value instanceof Boolean ? value : null;
      case INTEGER:
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).intValue();
        }
        if (value instanceof Long l && l == (int) l.longValue()) {
          return (int) l.longValue();
        }
        return null;
      case LONG:
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).longValue();
        }
        return null;
      case FLOAT:
        if (value instanceof Float) {
          return value;
        }
        return null;
      case DOUBLE:
        if (value instanceof Double) {
          return value;
        }
        if (value instanceof Float f) {
          return (double) f;
        }
        return null;
      case DATE:
        return value instanceof Integer ? value : null;
      case TIMESTAMP:
        return value instanceof Long ? value : null;
      case TIMESTAMP_NANO:
        return value instanceof Long micros ? Math.multiplyExact(micros, 1000L) : null;
      case STRING:
        return value instanceof UTF8String s ? s.toString() : null;
      case UUID:
        return value instanceof UTF8String s ? UUID.fromString(s.toString()) : null;
      case BINARY:
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : null;
      case FIXED:
        if (value instanceof byte[] bytes && bytes.length == ((Types.FixedType) type).length()) {
          return ByteBuffer.wrap(bytes);
        }
        return null;
      case DECIMAL: {
        if (!(value instanceof Decimal decimal)) {
          return null;
        }
        BigDecimal big = decimal.toJavaBigDecimal();
        int scale = ((Types.DecimalType) type).scale();
        if (big.scale() > scale) {
          // a literal with more digits than the column: comparison is not expressible exactly at the column's scale
          return null;
        }
        return big.setScale(scale);
      }
      default:
        return null;
    }
  }
}
