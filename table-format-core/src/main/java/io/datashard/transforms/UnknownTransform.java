package io.datashard.transforms;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.Objects;

/**
 * A transform this version of Datashard does not implement, kept by name so that metadata written by
 * newer writers can be read and written back unchanged. The spec requires readers to ignore such
 * partition fields; it cannot be applied, so writers cannot use a spec that contains one.
 */
public final class UnknownTransform implements Transform {
  private static final long serialVersionUID = 1L;

  private final String name;

  UnknownTransform(String name) {
    this.name = Objects.requireNonNull(name, "name is null");
  }

  @Override
  public Object apply(Type sourceType, Object value) {
    throw new ValidationException("Cannot apply transform '" + name
        + "': this version of Datashard does not implement it. Upgrade Datashard to write to this table");
  }

  @Override
  public boolean canTransform(Type sourceType) {
    return false;
  }

  /** Unknown: the values are opaque to this version, and readers ignore the field. */
  @Override
  public Type resultType(Type sourceType) {
    return Types.UnknownType.get();
  }

  @Override
  public String toHumanString(Type sourceType, Object transformedValue) {
    return String.valueOf(transformedValue);
  }

  @Override
  public boolean preservesOrder() {
    return false;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnknownTransform && ((UnknownTransform) other).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
