package io.datashard.expressions;

import io.datashard.StructLike;
import io.datashard.types.Type;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A primitive column resolved by {@link Binder}: its field id, full name, type, whether it may be
 * null, and the positions that lead to it through nested structs of the bound struct type.
 */
public final class BoundReference implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int fieldId;
  private final String name;
  private final Type.PrimitiveType type;
  private final boolean optional;
  private final int[] positions;

  BoundReference(int fieldId, String name, Type.PrimitiveType type, boolean optional, int[] positions) {
    this.fieldId = fieldId;
    this.name = Objects.requireNonNull(name, "name is null");
    this.type = Objects.requireNonNull(type, "type is null");
    this.optional = optional;
    this.positions = positions.clone();
  }

  public int fieldId() {
    return fieldId;
  }

  /** The full name in the bound struct, e.g. {@code location.lat}. */
  public String name() {
    return name;
  }

  public Type.PrimitiveType type() {
    return type;
  }

  /** Whether the column (or any struct on its path) is optional, so that its value may be null. */
  public boolean isOptional() {
    return optional;
  }

  /** The position of a top-level column in its struct, or of the outermost struct on its path. */
  public int topLevelPosition() {
    return positions[0];
  }

  /** Whether the column is a top-level column of the bound struct (not inside a nested struct). */
  public boolean isTopLevel() {
    return positions.length == 1;
  }

  /** The column's value in a row of the bound struct type; null when it or a struct on its path is null. */
  public Object get(StructLike row) {
    StructLike struct = row;
    for (int i = 0; i < positions.length - 1; i += 1) {
      struct = struct.get(positions[i], StructLike.class);
      if (struct == null) {
        return null;
      }
    }
    return struct.get(positions[positions.length - 1], Object.class);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof BoundReference)) {
      return false;
    }
    BoundReference that = (BoundReference) other;
    return fieldId == that.fieldId && type.equals(that.type) && Arrays.equals(positions, that.positions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fieldId, type, Arrays.hashCode(positions));
  }

  @Override
  public String toString() {
    return name;
  }
}
