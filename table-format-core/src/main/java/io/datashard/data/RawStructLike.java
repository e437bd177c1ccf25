package io.datashard.data;

import io.datashard.StructLike;
import java.nio.ByteBuffer;

/**
 * A {@link StructLike} that can also hand out its primitive values unboxed and its strings as UTF-8
 * bytes, so a data file writer need not box numbers nor decode and re-encode strings. An engine's
 * row adapter implements it when its rows already hold such values (Spark's {@code InternalRow} with
 * {@code UTF8String}, Flink's {@code RowData} with {@code StringData}); writers check for it and fall
 * back to {@link #get} otherwise, and still use {@link #get} for the other types (decimal, uuid,
 * fixed, binary, nested values).
 *
 * <p>Each accessor must agree with {@link #get}: it is only called for a position whose field has
 * the matching type and that {@link #isNull} says is not null, and returns the value {@code get}
 * would return, in the same unit (for example nanoseconds for a {@code timestamp_ns} field).
 */
public interface RawStructLike extends StructLike {
  /** Whether the value at {@code pos} is null. */
  boolean isNull(int pos);

  /** The value of a boolean field. */
  boolean getBoolean(int pos);

  /** The value of an int field, or of a date field as days from 1970-01-01. */
  int getInt(int pos);

  /** The value of a long, time or timestamp field, in the field type's unit. */
  long getLong(int pos);

  float getFloat(int pos);

  double getDouble(int pos);

  /**
   * The value of a string field as UTF-8 bytes: the buffer's remaining bytes. It may be a view of the
   * row's own memory, valid only until the row changes; callers neither modify it nor keep it (they
   * copy what they keep).
   */
  ByteBuffer getUtf8(int pos);
}
