package io.datashard;

import io.datashard.transforms.Transform;
import java.io.Serializable;
import java.util.Objects;

/** One field of a partition spec: a transform of a source column, with a partition field id and name. */
public final class PartitionField implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int sourceId;
  private final int fieldId;
  private final String name;
  private final Transform transform;

  public PartitionField(int sourceId, int fieldId, String name, Transform transform) {
    this.sourceId = sourceId;
    this.fieldId = fieldId;
    this.name = Objects.requireNonNull(name, "name is null");
    this.transform = Objects.requireNonNull(transform, "transform is null");
  }

  /** The id of the source column in the table schema. */
  public int sourceId() {
    return sourceId;
  }

  /** The id of this field in the partition tuple; unique across a table's specs in v2. */
  public int fieldId() {
    return fieldId;
  }

  public String name() {
    return name;
  }

  public Transform transform() {
    return transform;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    } else if (!(other instanceof PartitionField)) {
      return false;
    }
    PartitionField that = (PartitionField) other;
    return sourceId == that.sourceId
        && fieldId == that.fieldId
        && name.equals(that.name)
        && transform.equals(that.transform);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceId, fieldId, name, transform);
  }

  /** E.g. {@code 1000: ts_day: day(4)}. */
  @Override
  public String toString() {
    return fieldId + ": " + name + ": " + transform + "(" + sourceId + ")";
  }
}
