package io.datashard.expressions;

/** The expression that is always false. */
public final class False implements Expression {
  private static final long serialVersionUID = 1L;
  static final False INSTANCE = new False();

  private False() {}

  @Override
  public Operation op() {
    return Operation.FALSE;
  }

  @Override
  public Expression negate() {
    return True.INSTANCE;
  }

  @Override
  public String toString() {
    return "false";
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
