package io.datashard.data;

import io.datashard.StructLike;
import io.datashard.types.Types;

/**
 * A mutable row of a struct type, with values in Datashard's Java representation: boolean as
 * Boolean, int as Integer, long as Long, float as Float, double as Double, date as Integer days
 * from 1970-01-01, time as Long micros from midnight, timestamp and timestamptz as Long micros from
 * the epoch, timestamp_ns and timestamptz_ns as Long nanos from the epoch, string as String, uuid as
 * {@link java.util.UUID}, fixed and binary as {@link java.nio.ByteBuffer}, decimal as
 * {@link java.math.BigDecimal} with the type's scale, a nested struct as a {@link Record}, a list
 * as a {@link java.util.List} and a map as a {@link java.util.Map}. Values of type {@code unknown}
 * are always null. A null value is a null reference.
 *
 * <p>Records are not thread-safe. Readers may hand out a new record per row; keep one beyond the
 * next call only if the reader says so, or {@link #copy()} it.
 */
public interface Record extends StructLike {

  /** The type of this record: its fields in position order. */
  Types.StructType struct();

  /** The value at {@code pos}, or null. */
  Object get(int pos);

  /**
   * The value of the field with the given name (case-sensitive), or null.
   *
   * @throws io.datashard.exceptions.ValidationException if the struct has no field with that name
   */
  Object get(String name);

  /** Sets the value at {@code pos}; null clears it. */
  void set(int pos, Object value);

  /**
   * Sets the value of the field with the given name (case-sensitive).
   *
   * @throws io.datashard.exceptions.ValidationException if the struct has no field with that name
   */
  void set(String name, Object value);

  /** A deep copy: nested records, lists and maps are copied; immutable values are shared. */
  Record copy();

  @Override
  default <T> T get(int pos, Class<T> javaClass) {
    return javaClass.cast(get(pos));
  }
}
