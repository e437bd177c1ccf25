package io.datashard.expressions;

import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression.Operation;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Binds expressions to a struct type: resolves column names to field ids, converts literals to the
 * columns' types and simplifies what the type already decides (a null check on a required column,
 * a literal outside the type's range). Bound expressions are what the evaluators take.
 */
public final class Binder {
  private Binder() {}

  /** Binds case-sensitively. */
  public static Expression bind(Types.StructType struct, Expression expression) {
    return bind(struct, expression, true);
  }

  /**
   * Binds every predicate of {@code expression} to a column of {@code struct}; predicates already
   * bound are kept.
   *
   * @throws ValidationException naming the column when it does not exist, is not a primitive column
   *     outside lists and maps, or a literal cannot be converted to its type
   */
  public static Expression bind(Types.StructType struct, Expression expression, boolean caseSensitive) {
    Objects.requireNonNull(struct, "struct is null");
    Objects.requireNonNull(expression, "expression is null");
    switch (expression.op()) {
      case TRUE:
      case FALSE:
        return expression;
      case AND:
        return Expressions.and(bind(struct, ((And) expression).left(), caseSensitive),
            bind(struct, ((And) expression).right(), caseSensitive));
      case OR:
        return Expressions.or(bind(struct, ((Or) expression).left(), caseSensitive),
            bind(struct, ((Or) expression).right(), caseSensitive));
      case NOT:
        return Expressions.not(bind(struct, ((Not) expression).child(), caseSensitive));
      default:
        if (expression instanceof BoundPredicate) {
          return expression;
        }
        return bindPredicate(struct, (UnboundPredicate) expression, caseSensitive);
    }
  }

  /** Whether the expression has no unbound predicate. */
  public static boolean isBound(Expression expression) {
    switch (expression.op()) {
      case TRUE:
      case FALSE:
        return true;
      case AND:
        return isBound(((And) expression).left()) && isBound(((And) expression).right());
      case OR:
        return isBound(((Or) expression).left()) && isBound(((Or) expression).right());
      case NOT:
        return isBound(((Not) expression).child());
      default:
        return expression instanceof BoundPredicate;
    }
  }

  /** The field ids a bound expression references. */
  public static Set<Integer> referencedFieldIds(Expression bound) {
    Set<Integer> ids = new HashSet<>();
    collectIds(bound, ids);
    return ids;
  }

  private static void collectIds(Expression expression, Set<Integer> ids) {
    switch (expression.op()) {
      case TRUE:
      case FALSE:
        return;
      case AND:
        collectIds(((And) expression).left(), ids);
        collectIds(((And) expression).right(), ids);
        return;
      case OR:
        collectIds(((Or) expression).left(), ids);
        collectIds(((Or) expression).right(), ids);
        return;
      case NOT:
        collectIds(((Not) expression).child(), ids);
        return;
      default:
        if (!(expression instanceof BoundPredicate)) {
          throw new IllegalArgumentException("Expression is not bound: " + expression);
        }
        ids.add(((BoundPredicate) expression).ref().fieldId());
    }
  }

  private static Expression bindPredicate(Types.StructType struct, UnboundPredicate predicate, boolean caseSensitive) {
    String name = predicate.name();
    BoundReference ref = resolve(struct, name, caseSensitive);
    Type.PrimitiveType type = ref.type();
    Operation op = predicate.op();
    switch (op) {
      case IS_NULL:
        return ref.isOptional() ? new BoundPredicate(op, ref, List.of()) : Expressions.alwaysFalse();
      case NOT_NULL:
        return ref.isOptional() ? new BoundPredicate(op, ref, List.of()) : Expressions.alwaysTrue();
      case IS_NAN:
      case NOT_NAN:
        if (!Values.isFloatingPoint(type)) {
          throw new ValidationException("Cannot bind " + predicate + ": column '" + name + "' has type " + type
              + "; isNaN and notNaN apply only to float and double columns");
        }
        return new BoundPredicate(op, ref, List.of());
      case STARTS_WITH:
      case NOT_STARTS_WITH:
        if (type.typeId() != Type.TypeID.STRING) {
          throw new ValidationException("Cannot bind " + predicate + ": column '" + name + "' has type " + type
              + "; startsWith and notStartsWith apply only to string columns");
        }
        break;
      default:
        break;
    }
    if (type.typeId() == Type.TypeID.UNKNOWN) {
      throw new ValidationException("Cannot bind " + predicate + ": column '" + name
          + "' has type unknown, whose values are always null; only isNull and notNull apply");
    }

    List<Object> values = new ArrayList<>();
    boolean aboveMax = false;
    boolean belowMin = false;
    for (Object literal : predicate.literals()) {
      Object converted = convert(predicate, ref, literal);
      if (converted == Literals.ABOVE_MAX) {
        aboveMax = true;
      } else if (converted == Literals.BELOW_MIN) {
        belowMin = true;
      } else {
        values.add(converted);
      }
    }

    if (op.isSet()) {
      if (values.isEmpty()) {
        // no value of the column can be in the set
        return op == Operation.IN ? Expressions.alwaysFalse() : Expressions.alwaysTrue();
      }
      BoundPredicate set = new BoundPredicate(op, ref, values); // sorts and removes duplicates
      if (set.literals().size() == 1) {
        return new BoundPredicate(op == Operation.IN ? Operation.EQ : Operation.NOT_EQ, ref, set.literals());
      }
      return set;
    }
    if (aboveMax || belowMin) {
      return outOfRange(op, ref, aboveMax);
    }
    return new BoundPredicate(op, ref, values);
  }

  /** A comparison with a literal beyond every value of the column is decided by nullness alone. */
  private static Expression outOfRange(Operation op, BoundReference ref, boolean aboveMax) {
    boolean trueForEveryValue;
    switch (op) {
      case LT:
      case LT_EQ:
        trueForEveryValue = aboveMax;
        break;
      case GT:
      case GT_EQ:
        trueForEveryValue = !aboveMax;
        break;
      case EQ:
        return Expressions.alwaysFalse();
      case NOT_EQ:
        return Expressions.alwaysTrue();
      default:
        throw new IllegalStateException("Unexpected operation " + op);
    }
    if (!trueForEveryValue) {
      return Expressions.alwaysFalse();
    }
    // comparisons are false for null (and NaN), so "every value" means every non-null, non-NaN value
    Expression notNull = ref.isOptional() ? new BoundPredicate(Operation.NOT_NULL, ref, List.of()) : Expressions.alwaysTrue();
    if (Values.isFloatingPoint(ref.type())) {
      return Expressions.and(notNull, new BoundPredicate(Operation.NOT_NAN, ref, List.of()));
    }
    return notNull;
  }

  private static Object convert(UnboundPredicate predicate, BoundReference ref, Object literal) {
    Object converted;
    try {
      converted = Literals.convert(literal, ref.type());
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new ValidationException("Cannot bind " + predicate + ": value '" + literal + "' is not a valid "
          + ref.type() + " for column '" + ref.name() + "': " + e.getMessage(), e);
    }
    if (converted == null) {
      throw new ValidationException("Cannot bind " + predicate + ": column '" + ref.name() + "' has type " + ref.type()
          + " and cannot be compared with " + literal + " (" + literal.getClass().getSimpleName()
          + "); use a value of the column's type");
    }
    return converted;
  }

  /**
   * Finds a column by full name. Field names may themselves contain dots, so a direct field whose
   * name is the whole remaining name wins over a path through a struct.
   */
  static BoundReference resolve(Types.StructType struct, String name, boolean caseSensitive) {
    BoundReference ref = resolve(struct, name, name, caseSensitive, new ArrayList<>(), false);
    if (ref == null) {
      throw new ValidationException("Cannot find column '" + name + "' in " + struct
          + (caseSensitive ? " (names are case-sensitive)" : "") + ": check the column name");
    }
    return ref;
  }

  private static BoundReference resolve(Types.StructType struct, String fullName, String name, boolean caseSensitive,
      List<Integer> path, boolean optionalPath) {
    Types.NestedField direct = find(struct, name, caseSensitive, fullName);
    if (direct != null) {
      return reference(struct, fullName, direct, path, optionalPath);
    }
    for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
      Types.NestedField parent = find(struct, name.substring(0, dot), caseSensitive, fullName);
      if (parent == null) {
        continue;
      }
      if (parent.type().isListType() || parent.type().isMapType()) {
        throw new ValidationException("Cannot filter on column '" + fullName + "': it is inside list or map '"
            + parent.name() + "'; only columns of the row and of nested structs can be filtered");
      }
      if (parent.type().isStructType()) {
        List<Integer> childPath = new ArrayList<>(path);
        childPath.add(struct.fields().indexOf(parent));
        BoundReference ref = resolve(parent.type().asStructType(), fullName, name.substring(dot + 1), caseSensitive,
            childPath, optionalPath || parent.isOptional());
        if (ref != null) {
          return ref;
        }
      }
    }
    return null;
  }

  private static BoundReference reference(Types.StructType struct, String fullName, Types.NestedField field,
      List<Integer> path, boolean optionalPath) {
    if (!field.type().isPrimitiveType()) {
      throw new ValidationException("Cannot filter on column '" + fullName + "' of type " + field.type()
          + ": predicates apply only to primitive columns");
    }
    int[] positions = new int[path.size() + 1];
    for (int i = 0; i < path.size(); i += 1) {
      positions[i] = path.get(i);
    }
    positions[path.size()] = struct.fields().indexOf(field);
    return new BoundReference(field.fieldId(), fullName, field.type().asPrimitiveType(),
        optionalPath || field.isOptional(), positions);
  }

  private static Types.NestedField find(Types.StructType struct, String name, boolean caseSensitive, String fullName) {
    if (caseSensitive) {
      return struct.findField(name).orElse(null);
    }
    Types.NestedField found = null;
    String lower = name.toLowerCase(Locale.ROOT);
    for (Types.NestedField field : struct.fields()) {
      if (field.name().toLowerCase(Locale.ROOT).equals(lower)) {
        if (found != null) {
          throw new ValidationException("Column name '" + fullName + "' is ambiguous ignoring case: both '"
              + found.name() + "' and '" + field.name() + "' match; use case-sensitive binding");
        }
        found = field;
      }
    }
    return found;
  }
}
