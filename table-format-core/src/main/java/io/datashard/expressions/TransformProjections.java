package io.datashard.expressions;

import io.datashard.PartitionField;
import io.datashard.expressions.Expression.Operation;
import io.datashard.transforms.BucketTransform;
import io.datashard.transforms.TimeTransform;
import io.datashard.transforms.Transform;
import io.datashard.transforms.TruncateTransform;
import io.datashard.types.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Projection of one bound predicate through one partition transform. Truncate and the time
 * transforms are monotonic step functions f; for a discrete source type a strict {@code v < x} is
 * rewritten as {@code v <= x - 1} so that a partition's whole range is compared, which is what
 * keeps boundaries (e.g. {@code ts <= '2024-01-01T23:59:59.999999'} and pre-1970 values) exact.
 */
final class TransformProjections {
  private TransformProjections() {}

  static Expression inclusive(PartitionField field, BoundPredicate predicate) {
    try {
      return project(field, predicate, true);
    } catch (ArithmeticException e) {
      return Expressions.alwaysTrue(); // the transform overflows at this literal: no projection
    }
  }

  static Expression strict(PartitionField field, BoundPredicate predicate) {
    try {
      return project(field, predicate, false);
    } catch (ArithmeticException e) {
      return Expressions.alwaysFalse();
    }
  }

  private static Expression project(PartitionField field, BoundPredicate predicate, boolean inclusive) {
    Transform transform = field.transform();
    String name = field.name();
    Operation op = predicate.op();
    Expression none = inclusive ? Expressions.alwaysTrue() : Expressions.alwaysFalse();
    if (transform.isIdentity()) {
      return copy(op, name, predicate.literals());
    }
    if (transform.isVoid() || !transform.canTransform(predicate.ref().type())) {
      return none;
    }
    if (op == Operation.IS_NULL || op == Operation.NOT_NULL) {
      // every remaining transform maps null, and only null, to null
      return Expressions.predicate(op, name);
    }
    if (transform instanceof BucketTransform) {
      return bucket(transform, predicate, name, inclusive, none);
    } else if (transform instanceof TruncateTransform || transform instanceof TimeTransform) {
      return monotonic(transform, predicate, name, inclusive, none);
    }
    return none;
  }

  private static Expression copy(Operation op, String name, List<Object> literals) {
    if (op.isUnary()) {
      return Expressions.predicate(op, name);
    } else if (op.isSet()) {
      return Expressions.predicate(op, name, literals);
    }
    return Expressions.predicate(op, name, literals.get(0));
  }

  private static Expression bucket(Transform transform, BoundPredicate predicate, String name, boolean inclusive,
      Expression none) {
    Operation op = predicate.op();
    boolean projects = inclusive
        ? op == Operation.EQ || op == Operation.IN
        : op == Operation.NOT_EQ || op == Operation.NOT_IN;
    if (!projects) {
      return none;
    }
    return Expressions.predicate(op, name, applyAll(transform, predicate));
  }

  private static List<Object> applyAll(Transform transform, BoundPredicate predicate) {
    List<Object> result = new ArrayList<>(predicate.literals().size());
    for (Object literal : predicate.literals()) {
      result.add(transform.apply(predicate.ref().type(), literal));
    }
    return result;
  }

  private static Expression monotonic(Transform transform, BoundPredicate predicate, String name, boolean inclusive,
      Expression none) {
    Type.PrimitiveType type = predicate.ref().type();
    Operation op = predicate.op();
    if (op == Operation.STARTS_WITH || op == Operation.NOT_STARTS_WITH) {
      return transform instanceof TruncateTransform
          ? truncatePrefix((TruncateTransform) transform, op, (String) predicate.literal(), name, inclusive, none)
          : none;
    }
    if (op == Operation.IN || op == Operation.NOT_IN) {
      boolean projects = inclusive ? op == Operation.IN : op == Operation.NOT_IN;
      return projects ? Expressions.predicate(op, name, applyAll(transform, predicate)) : none;
    }
    if (op.isUnary()) {
      return none; // isNaN and notNaN: no transform but identity applies to floating point
    }
    Object x = predicate.literal();
    boolean discrete = isDiscrete(type);
    switch (op) {
      case EQ:
        return inclusive ? Expressions.predicate(Operation.EQ, name, transform.apply(type, x)) : none;
      case NOT_EQ:
        return inclusive ? none : Expressions.predicate(Operation.NOT_EQ, name, transform.apply(type, x));
      case LT:
        if (!discrete) {
          return Expressions.predicate(inclusive ? Operation.LT_EQ : Operation.LT, name, transform.apply(type, x));
        }
        Object before = step(type, x, -1);
        if (before == null) {
          return Expressions.alwaysFalse(); // nothing is below the type's minimum
        }
        return inclusive
            ? Expressions.predicate(Operation.LT_EQ, name, transform.apply(type, before))
            : Expressions.predicate(Operation.LT, name, transform.apply(type, x));
      case LT_EQ:
        if (inclusive || !discrete) {
          return Expressions.predicate(inclusive ? Operation.LT_EQ : Operation.LT, name, transform.apply(type, x));
        } else {
          Object after = step(type, x, 1);
          return after == null
              ? Expressions.predicate(Operation.NOT_NULL, name) // every value is <= the maximum
              : Expressions.predicate(Operation.LT, name, transform.apply(type, after));
        }
      case GT:
        if (!discrete) {
          return Expressions.predicate(inclusive ? Operation.GT_EQ : Operation.GT, name, transform.apply(type, x));
        }
        Object after = step(type, x, 1);
        if (after == null) {
          return Expressions.alwaysFalse();
        }
        return inclusive
            ? Expressions.predicate(Operation.GT_EQ, name, transform.apply(type, after))
            : Expressions.predicate(Operation.GT, name, transform.apply(type, x));
      case GT_EQ:
        if (inclusive || !discrete) {
          return Expressions.predicate(inclusive ? Operation.GT_EQ : Operation.GT, name, transform.apply(type, x));
        } else {
          Object previous = step(type, x, -1);
          return previous == null
              ? Expressions.predicate(Operation.NOT_NULL, name)
              : Expressions.predicate(Operation.GT, name, transform.apply(type, previous));
        }
      default:
        return none;
    }
  }

  /**
   * truncate[W] keeps a string's first W code points, so for a prefix of at most W code points
   * "starts with" holds for a value exactly when it holds for its truncation.
   */
  private static Expression truncatePrefix(TruncateTransform transform, Operation op, String prefix, String name,
      boolean inclusive, Expression none) {
    int width = transform.width();
    if (Values.codePointLength(prefix) <= width) {
      return Expressions.predicate(op, name, prefix);
    }
    String truncated = Values.truncate(prefix, width);
    if (op == Operation.STARTS_WITH) {
      return inclusive ? Expressions.predicate(Operation.EQ, name, truncated) : none;
    }
    return inclusive ? none : Expressions.predicate(Operation.NOT_STARTS_WITH, name, truncated);
  }

  private static boolean isDiscrete(Type.PrimitiveType type) {
    switch (type.typeId()) {
      case INTEGER:
      case DATE:
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
      case DECIMAL:
        return true;
      default:
        return false;
    }
  }

  /** The next (+1) or previous (-1) value of a discrete type, or null past its range. */
  private static Object step(Type.PrimitiveType type, Object value, int direction) {
    switch (type.typeId()) {
      case INTEGER:
      case DATE: {
        long next = (long) (Integer) value + direction;
        return next > Integer.MAX_VALUE || next < Integer.MIN_VALUE ? null : (Object) (int) next;
      }
      case DECIMAL: {
        BigDecimal decimal = (BigDecimal) value;
        return decimal.add(BigDecimal.valueOf(direction, decimal.scale()));
      }
      default: {
        long current = (Long) value;
        if ((direction > 0 && current == Long.MAX_VALUE) || (direction < 0 && current == Long.MIN_VALUE)) {
          return null;
        }
        return current + direction;
      }
    }
  }
}
