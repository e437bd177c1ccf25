package io.datashard.expressions;

/** The expression that is always true. */
public final class True implements Expression {
  private static final long serialVersionUID = 1L;
  static final True INSTANCE = new True();

  private True() {}

  @Override
  public Operation op() {
    return Operation.TRUE;
  }

  @Override
  public Expression negate() {
    return False.INSTANCE;
  }

  @Override
  public String toString() {
    return "true";
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
