package io.datashard;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * An immutable partition tuple: one value per partition field, in spec order, using Datashard's Java
 * value representation (null for a null partition value). Serializable, so that it can travel to
 * executors with the file it describes.
 */
public final class PartitionData implements StructLike, Serializable {
  private static final long serialVersionUID = 1L;
  private static final PartitionData EMPTY = new PartitionData(new Object[0]);

  // fixed and binary values are held as byte[] copies: ByteBuffer is neither immutable nor Serializable
  private final Object[] values;

  private PartitionData(Object[] values) {
    this.values = values;
  }

  /** A tuple of the given values; fixed and binary values (ByteBuffer) are copied. */
  public static PartitionData of(Object... values) {
    Object[] copy = new Object[values.length];
    for (int i = 0; i < values.length; i += 1) {
      copy[i] = toInternal(values[i]);
    }
    return new PartitionData(copy);
  }

  /** The tuple of an unpartitioned spec. */
  public static PartitionData empty() {
    return EMPTY;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    return javaClass.cast(toExternal(values[pos]));
  }

  /** A copy of the values; fixed and binary values are returned as read-only ByteBuffers. */
  public Object[] values() {
    Object[] copy = new Object[values.length];
    for (int i = 0; i < values.length; i += 1) {
      copy[i] = toExternal(values[i]);
    }
    return copy;
  }

  private static Object toInternal(Object value) {
    if (value instanceof ByteBuffer) {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } else if (value instanceof byte[]) {
      return ((byte[]) value).clone();
    }
    return value;
  }

  private static Object toExternal(Object value) {
    if (value instanceof byte[]) {
      return ByteBuffer.wrap((byte[]) value).asReadOnlyBuffer();
    }
    return value;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof PartitionData && Arrays.deepEquals(values, ((PartitionData) other).values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(", ", "PartitionData{", "}");
    for (Object value : values) {
      joiner.add(value instanceof byte[] ? "0x" + HexFormat.of().formatHex((byte[]) value) : String.valueOf(value));
    }
    return joiner.toString();
  }
}
