package io.datashard.expressions;

import java.util.Objects;

/** Both children are true. Build with {@link Expressions#and}, which folds constants. */
public final class And implements Expression {
  private static final long serialVersionUID = 1L;
  private final Expression left;
  private final Expression right;

  And(Expression left, Expression right) {
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
    return Operation.AND;
  }

  @Override
  public Expression negate() {
    return Expressions.or(left.negate(), right.negate());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof And && ((And) other).left.equals(left) && ((And) other).right.equals(right);
  }

  @Override
  public int hashCode() {
    return Objects.hash("and", left, right);
  }

  @Override
  public String toString() {
    return "(" + left + " and " + right + ")";
  }
}
