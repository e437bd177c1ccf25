package io.datashard.expressions;

import java.util.Objects;

/** The child is false. Build with {@link Expressions#not}, which folds constants and double negation. */
public final class Not implements Expression {
  private static final long serialVersionUID = 1L;
  private final Expression child;

  Not(Expression child) {
    this.child = Objects.requireNonNull(child, "child is null");
  }

  public Expression child() {
    return child;
  }

  @Override
  public Operation op() {
    return Operation.NOT;
  }

  @Override
  public Expression negate() {
    return child;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Not && ((Not) other).child.equals(child);
  }

  @Override
  public int hashCode() {
    return Objects.hash("not", child);
  }

  @Override
  public String toString() {
    return "not(" + child + ")";
  }
}
