package io.datashard.transforms;

import io.datashard.types.Type;
import java.io.Serializable;

/**
 * A partition or sort transform from the Iceberg spec: a function from a source column value to a
 * partition (or sort) value. Transforms are stateless and immutable; the source type is passed to
 * every call so one instance serves every column it can be applied to.
 *
 * <p>Values use Datashard's Java representation of data values: date as Integer days from epoch,
 * time as Long micros from midnight, timestamp as Long micros (timestamp_ns as Long nanos) from
 * epoch, decimal as BigDecimal, fixed and binary as ByteBuffer, uuid as UUID.
 */
public interface Transform extends Serializable {

  /**
   * Transforms a value of {@code sourceType}. Returns null for a null value.
   *
   * @throws IllegalArgumentException if the value's Java class does not match the source type
   * @throws io.datashard.exceptions.ValidationException if this transform cannot transform the type
   */
  Object apply(Type sourceType, Object value);

  /** Whether this transform can be applied to columns of {@code sourceType}. */
  boolean canTransform(Type sourceType);

  /** The type of the values this transform produces from a column of {@code sourceType}. */
  Type resultType(Type sourceType);

  /**
   * Formats a transformed value as it appears in partition paths, e.g. {@code 2024-01-01} for a day
   * or {@code 2024-01-01-10} for an hour; {@code "null"} for null.
   */
  String toHumanString(Type sourceType, Object transformedValue);

  /** Whether {@code a <= b} implies {@code apply(a) <= apply(b)}. */
  boolean preservesOrder();

  default boolean isIdentity() {
    return false;
  }

  default boolean isVoid() {
    return false;
  }

  /** The transform's name as written in metadata JSON, e.g. {@code bucket[16]}. */
  @Override
  String toString();
}
