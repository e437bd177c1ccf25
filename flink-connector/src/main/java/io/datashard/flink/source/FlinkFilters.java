package io.datashard.flink.source;

import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;

/**
 * Converts Flink filter expressions into Datashard expressions: comparisons of a column with a
 * literal ({@code = <> < <= > >=}, either side), {@code IN}, {@code IS [NOT] NULL}, {@code LIKE
 * 'prefix%'} (as starts-with), and {@code AND}/{@code OR}/{@code NOT} of those. Anything else is
 * not converted and stays with Flink.
 */
final class FlinkFilters {
  private FlinkFilters() {}

  /** The Datashard form of the filter, or empty when it cannot be converted exactly. */
  static Optional<Expression> convert(ResolvedExpression expression) {
    if (!(expression instanceof CallExpression call)) {
      return Optional.empty();
    }
    FunctionDefinition function = call.getFunctionDefinition();
    List<ResolvedExpression> args = call.getResolvedChildren();
    if (function == BuiltInFunctionDefinitions.AND || function == BuiltInFunctionDefinitions.OR) {
      Expression result = null;
      for (ResolvedExpression arg : args) {
        Optional<Expression> converted = convert(arg);
        if (converted.isEmpty()) {
          return Optional.empty();
        }
        result = result == null ? converted.get()
            : function == BuiltInFunctionDefinitions.AND ? Expressions.and(result, converted.get())
                : Expressions.or(result, converted.get());
      }
      return Optional.ofNullable(result);
    }
    if (function == BuiltInFunctionDefinitions.NOT && args.size() == 1) {
      return convert(args.get(0)).map(Expressions::not);
    }
    if ((function == BuiltInFunctionDefinitions.IS_NULL || function == BuiltInFunctionDefinitions.IS_NOT_NULL)
        && args.size() == 1 && args.get(0) instanceof FieldReferenceExpression field) {
      return Optional.of(function == BuiltInFunctionDefinitions.IS_NULL
          ? Expressions.isNull(field.getName()) : Expressions.notNull(field.getName()));
    }
    if (function == BuiltInFunctionDefinitions.IN && args.size() >= 2
        && args.get(0) instanceof FieldReferenceExpression field) {
      List<Object> values = new ArrayList<>();
      for (ResolvedExpression arg : args.subList(1, args.size())) {
        Optional<Object> value = literal(arg);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        values.add(value.get());
      }
      return Optional.of(Expressions.in(field.getName(), values));
    }
    if (function == BuiltInFunctionDefinitions.LIKE && args.size() == 2
        && args.get(0) instanceof FieldReferenceExpression field) {
      return literal(args.get(1)).filter(String.class::isInstance).map(String.class::cast)
          .flatMap(FlinkFilters::likePrefix).map(prefix -> Expressions.startsWith(field.getName(), prefix));
    }
    if (args.size() == 2) {
      return comparison(function, args.get(0), args.get(1));
    }
    return Optional.empty();
  }

  private static Optional<Expression> comparison(FunctionDefinition function, ResolvedExpression left,
      ResolvedExpression right) {
    boolean flipped = false;
    FieldReferenceExpression field;
    Optional<Object> value;
    if (left instanceof FieldReferenceExpression leftField) {
      field = leftField;
      value = literal(right);
    } else if (right instanceof FieldReferenceExpression rightField) {
      field = rightField;
      value = literal(left);
      flipped = true;
    } else {
      return Optional.empty();
    }
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String name = field.getName();
    Object v = value.get();
    if (function == BuiltInFunctionDefinitions.EQUALS) {
      return Optional.of(Expressions.equal(name, v));
    } else if (function == BuiltInFunctionDefinitions.NOT_EQUALS) {
      return Optional.of(Expressions.notEqual(name, v));
    } else if (function == BuiltInFunctionDefinitions.LESS_THAN) {
      return Optional.of(flipped ? Expressions.greaterThan(name, v) : Expressions.lessThan(name, v));
    } else if (function == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) {
      return Optional.of(flipped ? Expressions.greaterThanOrEqual(name, v) : Expressions.lessThanOrEqual(name, v));
    } else if (function == BuiltInFunctionDefinitions.GREATER_THAN) {
      return Optional.of(flipped ? Expressions.lessThan(name, v) : Expressions.greaterThan(name, v));
    } else if (function == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) {
      return Optional.of(flipped ? Expressions.lessThanOrEqual(name, v) : Expressions.greaterThanOrEqual(name, v));
    }
    return Optional.empty();
  }

  /** The prefix of a pattern {@code prefix%} without other wildcards or escapes. */
  static Optional<String> likePrefix(String pattern) {
    if (pattern.length() < 2 || !pattern.endsWith("%")) {
      return Optional.empty();
    }
    String prefix = pattern.substring(0, pattern.length() - 1);
    if (prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0 || prefix.indexOf('\\') >= 0) {
      return Optional.empty();
    }
    return Optional.of(prefix);
  }

  /** A literal's value in a form the Datashard expression binder converts to the column's type. */
  private static Optional<Object> literal(ResolvedExpression expression) {
    if (!(expression instanceof ValueLiteralExpression literal) || literal.isNull()) {
      return Optional.empty();
    }
    Class<?> conversion = literal.getOutputDataType().getConversionClass();
    Optional<?> value = literal.getValueAs(conversion);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Object v = value.get();
    if (v instanceof Byte || v instanceof Short) {
      return Optional.of(((Number) v).intValue());
    } else if (v instanceof byte[] bytes) {
      return Optional.of(ByteBuffer.wrap(bytes));
    } else if (v instanceof Character) {
      return Optional.of(v.toString());
    }
    return Optional.of(v);
  }
}
