package io.datashard;

import io.datashard.transforms.Transform;
import java.io.Serializable;
import java.util.Objects;

/** One field of a sort order: a transform of a source column, a direction and a null order. */
public final class SortField implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Transform transform;
  private final int sourceId;
  private final SortDirection direction;
  private final NullOrder nullOrder;

  public SortField(Transform transform, int sourceId, SortDirection direction, NullOrder nullOrder) {
    this.transform = Objects.requireNonNull(transform, "transform is null");
    this.sourceId = sourceId;
    this.direction = Objects.requireNonNull(direction, "direction is null");
    this.nullOrder = Objects.requireNonNull(nullOrder, "nullOrder is null");
  }

  public Transform transform() {
    return transform;
  }

  /** The id of the source column in the table schema. */
  public int sourceId() {
    return sourceId;
  }

  public SortDirection direction() {
    return direction;
  }

  public NullOrder nullOrder() {
    return nullOrder;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    } else if (!(other instanceof SortField)) {
      return false;
    }
    SortField that = (SortField) other;
    return sourceId == that.sourceId
        && transform.equals(that.transform)
        && direction == that.direction
        && nullOrder == that.nullOrder;
  }

  @Override
  public int hashCode() {
    return Objects.hash(transform, sourceId, direction, nullOrder);
  }

  /** E.g. {@code bucket[4](3) DESC NULLS_LAST}. */
  @Override
  public String toString() {
    return transform + "(" + sourceId + ") " + direction + " " + nullOrder;
  }
}
