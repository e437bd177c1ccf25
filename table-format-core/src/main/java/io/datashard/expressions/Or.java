package io.datashard.expressions;

import java.util.Objects;

/** At least one child is true. Build with {@link Expressions#or}, which folds constants. */
public final class Or implements Expression {
  private static final long serialVersionUID = 1L;
  private final Expression left;
  private final Expression right;

  Or(Expression left, Expression right) {
    this.left = Objects.requireNonNull(left, "left is null");
    this.right = Objects.requireNonNull(right, "right is null");
  }

  public Expression left() {
    return left;
  }

  public Expression right() {
    return right;
  }

  @Override
  public Operation op() {
    return Operation.OR;
  }

  @Override
  public Expression negate() {
    return Expressions.and(left.negate(), right.negate());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Or && ((Or) other).left.equals(left) && ((Or) other).right.equals(right);
  }

  @Override
  public int hashCode() {
    return Objects.hash("or", left, right);
  }

  @Override
  public String toString() {
    return "(" + left + " or " + right + ")";
  }
}
