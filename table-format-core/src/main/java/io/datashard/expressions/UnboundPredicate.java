package io.datashard.expressions;

import io.datashard.exceptions.ValidationException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A predicate on a column named by its full name ({@code a.b} for field {@code b} of struct {@code a}),
 * with literal values in their Java form. {@link Binder} resolves the name and converts the literals
 * to the column's type.
 */
public final class UnboundPredicate implements Expression {
  private static final long serialVersionUID = 1L;
  private final Operation op;
  private final String name;
  private final List<Object> literals;

  UnboundPredicate(Operation op, String name, List<?> literals) {
    this.op = Objects.requireNonNull(op, "op is null");
    this.name = Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(literals, "literals is null");
    if (op.isUnary() && !literals.isEmpty()) {
      throw new IllegalArgumentException("Predicate " + op + " on '" + name + "' takes no value");
    }
    if (!op.isUnary() && !op.isSet() && literals.size() != 1) {
      throw new IllegalArgumentException("Predicate " + op + " on '" + name + "' takes exactly one value");
    }
    List<Object> values = new ArrayList<>(literals.size());
    for (Object literal : literals) {
      values.add(checkLiteral(op, name, literal));
    }
    this.literals = List.copyOf(values);
  }

  // ByteBuffer literals (binary, fixed) are not Serializable: the predicate travels as a proxy with
  // byte arrays, which the constructor turns back into read-only buffers.
  private Object writeReplace() {
    List<Object> values = new ArrayList<>(literals.size());
    for (Object literal : literals) {
      values.add(literal instanceof ByteBuffer buffer ? BoundPredicate.bytes(buffer) : literal);
    }
    return new SerializedPredicate(op, name, values);
  }

  private record SerializedPredicate(Operation op, String name, List<Object> literals) implements java.io.Serializable {
    private Object readResolve() {
      return new UnboundPredicate(op, name, literals);
    }
  }

  private static Object checkLiteral(Operation op, String name, Object literal) {
    if (literal == null) {
      throw new ValidationException("Invalid value null in predicate " + op + " on column '" + name
          + "': comparisons with null are never true; use isNull or notNull");
    }
    if ((literal instanceof Double && ((Double) literal).isNaN()) || (literal instanceof Float && ((Float) literal).isNaN())) {
      throw new ValidationException("Invalid value NaN in predicate " + op + " on column '" + name
          + "': comparisons with NaN are never true; use isNaN or notNaN");
    }
    if (literal instanceof byte[]) {
      return ByteBuffer.wrap(((byte[]) literal).clone()).asReadOnlyBuffer();
    } else if (literal instanceof ByteBuffer) {
      ByteBuffer copy = ByteBuffer.allocate(((ByteBuffer) literal).remaining());
      copy.put(((ByteBuffer) literal).duplicate()).flip();
      return copy.asReadOnlyBuffer();
    } else if (literal instanceof CharSequence) {
      return literal.toString();
    }
    return literal;
  }

  /** The column's full name as given. */
  public String name() {
    return name;
  }

  @Override
  public Operation op() {
    return op;
  }

  /** The literal values: none for unary predicates, one for comparisons, any number for {@code in}. */
  public List<Object> literals() {
    return literals;
  }

  /** The single literal of a comparison. */
  public Object literal() {
    if (literals.size() != 1 || op.isSet()) {
      throw new IllegalStateException("Predicate " + this + " has no single literal");
    }
    return literals.get(0);
  }

  @Override
  public Expression negate() {
    return new UnboundPredicate(op.negate(), name, literals);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof UnboundPredicate)) {
      return false;
    }
    UnboundPredicate that = (UnboundPredicate) other;
    return op == that.op && name.equals(that.name) && literals.equals(that.literals);
  }

  @Override
  public int hashCode() {
    return Objects.hash(op, name, literals);
  }

  @Override
  public String toString() {
    return describe(op, name, literals);
  }

  static String describe(Operation op, String name, List<Object> literals) {
    switch (op) {
      case IS_NULL: return "is_null(" + name + ")";
      case NOT_NULL: return "not_null(" + name + ")";
      case IS_NAN: return "is_nan(" + name + ")";
      case NOT_NAN: return "not_nan(" + name + ")";
      case LT: return name + " < " + show(literals.get(0));
      case LT_EQ: return name + " <= " + show(literals.get(0));
      case GT: return name + " > " + show(literals.get(0));
      case GT_EQ: return name + " >= " + show(literals.get(0));
      case EQ: return name + " == " + show(literals.get(0));
      case NOT_EQ: return name + " != " + show(literals.get(0));
      case STARTS_WITH: return name + " startsWith " + show(literals.get(0));
      case NOT_STARTS_WITH: return name + " notStartsWith " + show(literals.get(0));
      case IN:
      case NOT_IN: {
        StringJoiner joiner = new StringJoiner(", ", name + (op == Operation.IN ? " in (" : " not in ("), ")");
        for (Object literal : literals) {
          joiner.add(show(literal));
        }
        return joiner.toString();
      }
      default:
        return op + "(" + name + ")";
    }
  }

  private static String show(Object literal) {
    if (literal instanceof CharSequence) {
      return "\"" + literal + "\"";
    } else if (literal instanceof ByteBuffer) {
      ByteBuffer buffer = ((ByteBuffer) literal).duplicate();
      StringBuilder hex = new StringBuilder("X'");
      while (buffer.hasRemaining()) {
        hex.append(String.format("%02X", buffer.get()));
      }
      return hex.append("'").toString();
    }
    return String.valueOf(literal);
  }
}
