package io.datashard.transforms;

import io.datashard.types.Type;

/**
 * The {@code void} transform: always null. Used to drop a partition field from a v1 spec without
 * reordering or renumbering the remaining fields.
 */
public final class VoidTransform implements Transform {
  private static final long serialVersionUID = 1L;
  static final VoidTransform INSTANCE = new VoidTransform();

  private VoidTransform() {}

  @Override
  public Object apply(Type sourceType, Object value) {
    return null;
  }

  @Override
  public boolean canTransform(Type sourceType) {
    return true;
  }

  @Override
  public Type resultType(Type sourceType) {
    return sourceType;
  }

  @Override
  public String toHumanString(Type sourceType, Object transformedValue) {
    return "null";
  }

  @Override
  public boolean preservesOrder() {
    return false;
  }

  @Override
  public boolean isVoid() {
    return true;
  }

  @Override
  public String toString() {
    return "void";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VoidTransform;
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
