package io.datashard;

import io.datashard.exceptions.ValidationException;
import io.datashard.transforms.Transform;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How rows are sorted within data files: an ordered list of {@link SortField}s. Order id 0 is
 * reserved for the unsorted order. Create one with {@link #builderFor(Schema)}, e.g.
 * {@code SortOrder.builderFor(schema).asc("ts").desc("id", NullOrder.NULLS_FIRST).build()}.
 */
public final class SortOrder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The id of the unsorted order. */
  public static final int UNSORTED_ORDER_ID = 0;
  /** The id a builder gives a non-empty order unless told otherwise. */
  public static final int INITIAL_ORDER_ID = 1;

  private static final SortOrder UNSORTED = new SortOrder(new Schema(List.of()), UNSORTED_ORDER_ID, List.of());

  private final Schema schema;
  private final int orderId;
  private final List<SortField> fields;

  private SortOrder(Schema schema, int orderId, List<SortField> fields) {
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.orderId = orderId;
    this.fields = List.copyOf(fields);
  }

  /** The unsorted order: id 0, no fields. */
  public static SortOrder unsorted() {
    return UNSORTED;
  }

  public static Builder builderFor(Schema schema) {
    return new Builder(schema);
  }

  public int orderId() {
    return orderId;
  }

  /** The schema this order was bound to. */
  public Schema schema() {
    return schema;
  }

  public List<SortField> fields() {
    return fields;
  }

  public boolean isUnsorted() {
    return fields.isEmpty();
  }

  /** Whether data sorted by this order is also sorted by {@code other}: other's fields are a prefix of ours. */
  public boolean satisfies(SortOrder other) {
    Objects.requireNonNull(other, "other is null");
    if (other.fields.size() > fields.size()) {
      return false;
    }
    return fields.subList(0, other.fields.size()).equals(other.fields);
  }

  /** Whether the two orders sort the same way; order ids are not compared. */
  public boolean sameOrder(SortOrder other) {
    Objects.requireNonNull(other, "other is null");
    return fields.equals(other.fields);
  }

  /** Orders are equal when their ids and fields are; the bound schema is not compared. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    } else if (!(other instanceof SortOrder)) {
      return false;
    }
    SortOrder that = (SortOrder) other;
    return orderId == that.orderId && fields.equals(that.fields);
  }

  @Override
  public int hashCode() {
    return 31 * orderId + fields.hashCode();
  }

  /** E.g. {@code SortOrder{id=1, fields=[identity(2) ASC NULLS_FIRST]}}. */
  @Override
  public String toString() {
    return "SortOrder{id=" + orderId + ", fields=" + fields + "}";
  }

  /** Builds a {@link SortOrder}; columns are named as in the schema, nested ones with dots. */
  public static final class Builder {
    private final Schema schema;
    private final List<SortField> fields = new ArrayList<>();
    private Integer orderId;
    private boolean caseSensitive = true;
    private boolean checkConflicts = true;

    private Builder(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema is null");
    }

    /** The order id; defaults to {@link SortOrder#INITIAL_ORDER_ID} for a non-empty order. */
    public Builder withOrderId(int newOrderId) {
      this.orderId = newOrderId;
      return this;
    }

    /** Whether column names match the schema's case-sensitively (default true). */
    public Builder caseSensitive(boolean sensitive) {
      this.caseSensitive = sensitive;
      return this;
    }

    /**
     * Whether fields added by source id are checked against the schema (default true). Metadata
     * parsers turn this off: orders of older table versions may use columns that were since dropped.
     */
    public Builder checkConflicts(boolean check) {
      this.checkConflicts = check;
      return this;
    }

    /** Ascending, nulls first. */
    public Builder asc(String sourceName) {
      return asc(sourceName, SortDirection.ASC.defaultNullOrder());
    }

    public Builder asc(String sourceName, NullOrder nullOrder) {
      return sortBy(Transforms.identity(), sourceName, SortDirection.ASC, nullOrder);
    }

    /** Descending, nulls last. */
    public Builder desc(String sourceName) {
      return desc(sourceName, SortDirection.DESC.defaultNullOrder());
    }

    public Builder desc(String sourceName, NullOrder nullOrder) {
      return sortBy(Transforms.identity(), sourceName, SortDirection.DESC, nullOrder);
    }

    /** Sorts by a transform of the named column. */
    public Builder sortBy(Transform transform, String sourceName, SortDirection direction, NullOrder nullOrder) {
      Objects.requireNonNull(transform, "transform is null");
      Objects.requireNonNull(sourceName, "sourceName is null");
      Optional<Types.NestedField> found = caseSensitive
          ? schema.findField(sourceName)
          : schema.caseInsensitiveFindField(sourceName);
      Types.NestedField source = found.orElseThrow(() -> new ValidationException(
          "Cannot sort by " + transform + " of column '" + sourceName + "': no such column in the schema"
              + (caseSensitive ? " (names are case-sensitive)" : "")));
      checkSource(sourceName, source, transform);
      fields.add(new SortField(transform, source.fieldId(), direction, nullOrder));
      return this;
    }

    /** Sorts by a transform of the column with id {@code sourceId}, as read from metadata. */
    public Builder sortBy(Transform transform, int sourceId, SortDirection direction, NullOrder nullOrder) {
      Objects.requireNonNull(transform, "transform is null");
      if (checkConflicts) {
        Types.NestedField source = schema.findField(sourceId).orElseThrow(() -> new ValidationException(
            "Cannot sort by " + transform + " of column id " + sourceId + ": no such column in the schema"));
        checkSource(schema.findColumnName(sourceId).orElse(source.name()), source, transform);
      }
      fields.add(new SortField(transform, sourceId, direction, nullOrder));
      return this;
    }

    /**
     * Builds the order. An empty order is the unsorted order and must have id 0; a non-empty one must
     * not use id 0.
     */
    public SortOrder build() {
      if (fields.isEmpty()) {
        if (orderId != null && orderId != UNSORTED_ORDER_ID) {
          throw new ValidationException("Invalid sort order id " + orderId
              + ": an order without fields is the unsorted order, whose id is " + UNSORTED_ORDER_ID);
        }
        return new SortOrder(schema, UNSORTED_ORDER_ID, List.of());
      }
      int id = orderId != null ? orderId : INITIAL_ORDER_ID;
      if (id == UNSORTED_ORDER_ID) {
        throw new ValidationException("Invalid sort order id 0 for order " + fields
            + ": id 0 is reserved for the unsorted order; use another id");
      }
      return new SortOrder(schema, id, fields);
    }

    private static void checkSource(String columnName, Types.NestedField source, Transform transform) {
      if (!transform.canTransform(source.type())) {
        throw new ValidationException("Cannot sort by " + transform + " of column '" + columnName + "' of type "
            + source.type() + ": the transform cannot be applied to that type");
      }
    }
  }
}
