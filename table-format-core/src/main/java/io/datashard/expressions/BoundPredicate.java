package io.datashard.expressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A predicate on a {@link BoundReference}, with literals converted to the column's type. For
 * {@code in} and {@code not in} the literals are sorted and distinct.
 */
public final class BoundPredicate implements Expression {
  private static final long serialVersionUID = 1L;
  private final Operation op;
  private final BoundReference ref;
  private final List<Object> literals;

  BoundPredicate(Operation op, BoundReference ref, List<Object> literals) {
    this.op = Objects.requireNonNull(op, "op is null");
    this.ref = Objects.requireNonNull(ref, "ref is null");
    if (op.isSet()) {
      List<Object> sorted = new ArrayList<>(literals);
      sorted.sort((a, b) -> Values.compare(ref.type(), a, b));
      List<Object> distinct = new ArrayList<>(sorted.size());
      for (Object value : sorted) {
        if (distinct.isEmpty() || Values.compare(ref.type(), distinct.get(distinct.size() - 1), value) != 0) {
          distinct.add(value);
        }
      }
      this.literals = List.copyOf(distinct);
    } else {
      this.literals = List.copyOf(literals);
    }
  }

  // ByteBuffer literals (binary, fixed) are not Serializable: the predicate travels as a proxy with
  // byte arrays, turned back into read-only buffers when read.
  private Object writeReplace() {
    List<Object> values = new ArrayList<>(literals.size());
    for (Object literal : literals) {
      values.add(literal instanceof java.nio.ByteBuffer buffer ? bytes(buffer) : literal);
    }
    return new SerializedPredicate(op, ref, values);
  }

  static byte[] bytes(java.nio.ByteBuffer buffer) {
    java.nio.ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  private record SerializedPredicate(Operation op, BoundReference ref, List<Object> literals) implements java.io.Serializable {
    private Object readResolve() {
      List<Object> values = new ArrayList<>(literals.size());
      for (Object literal : literals) {
        values.add(literal instanceof byte[] array ? java.nio.ByteBuffer.wrap(array).asReadOnlyBuffer() : literal);
      }
      return new BoundPredicate(op, ref, values);
    }
  }

  @Override
  public Operation op() {
    return op;
  }

  public BoundReference ref() {
    return ref;
  }

  public List<Object> literals() {
    return literals;
  }

  /** The single literal of a comparison or {@code startsWith}. */
  public Object literal() {
    if (literals.size() != 1 || op.isSet()) {
      throw new IllegalStateException("Predicate " + this + " has no single literal");
    }
    return literals.get(0);
  }

  boolean isUnary() {
    return op.isUnary();
  }

  @Override
  public Expression negate() {
    return new BoundPredicate(op.negate(), ref, literals);
  }

  /** Whether a value of the column satisfies this predicate (see {@link Expression} for null and NaN). */
  public boolean test(Object value) {
    switch (op) {
      case IS_NULL: return value == null;
      case NOT_NULL: return value != null;
      case IS_NAN: return Values.isNaN(value);
      case NOT_NAN: return !Values.isNaN(value);
      case NOT_EQ:
      case NOT_IN:
      case NOT_STARTS_WITH:
        return !((BoundPredicate) negate()).test(value);
      default:
        break;
    }
    if (value == null || Values.isNaN(value)) {
      return false;
    }
    switch (op) {
      case LT: return compareTo(value, 0) < 0;
      case LT_EQ: return compareTo(value, 0) <= 0;
      case GT: return compareTo(value, 0) > 0;
      case GT_EQ: return compareTo(value, 0) >= 0;
      case EQ: return compareTo(value, 0) == 0;
      case IN: return contains(value);
      case STARTS_WITH: return Values.startsWith(value, (String) literals.get(0));
      default: throw new IllegalStateException("Cannot test operation " + op);
    }
  }

  private int compareTo(Object value, int literalIndex) {
    return Values.compare(ref.type(), value, literals.get(literalIndex));
  }

  /** Binary search: the literals of a set predicate are sorted. */
  boolean contains(Object value) {
    int low = 0;
    int high = literals.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int cmp = Values.compare(ref.type(), literals.get(mid), value);
      if (cmp < 0) {
        low = mid + 1;
      } else if (cmp > 0) {
        high = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof BoundPredicate)) {
      return false;
    }
    BoundPredicate that = (BoundPredicate) other;
    return op == that.op && ref.equals(that.ref) && literals.equals(that.literals);
  }

  @Override
  public int hashCode() {
    return Objects.hash(op, ref, literals);
  }

  @Override
  public String toString() {
    return UnboundPredicate.describe(op, ref.name(), literals);
  }
}
