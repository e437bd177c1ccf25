package io.datashard.transforms;

import io.datashard.types.Type;

/** The {@code identity} transform: the source value, unmodified. */
public final class IdentityTransform implements Transform {
  private static final long serialVersionUID = 1L;
  static final IdentityTransform INSTANCE = new IdentityTransform();

  private IdentityTransform() {}

  @Override
  public Object apply(Type sourceType, Object value) {
    return value;
  }

  @Override
  public boolean canTransform(Type sourceType) {
    // the spec excludes variant (and geometry/geography); unknown columns hold only nulls
    return sourceType.isPrimitiveType()
        && sourceType.typeId() != Type.TypeID.VARIANT
        && sourceType.typeId() != Type.TypeID.UNKNOWN;
  }

  @Override
  public Type resultType(Type sourceType) {
    return sourceType;
  }

  @Override
  public String toHumanString(Type sourceType, Object transformedValue) {
    return HumanStrings.value(sourceType, transformedValue);
  }

  @Override
  public boolean preservesOrder() {
    return true;
  }

  @Override
  public boolean isIdentity() {
    return true;
  }

  @Override
  public String toString() {
    return "identity";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdentityTransform;
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
