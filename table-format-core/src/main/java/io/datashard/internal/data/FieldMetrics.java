package io.datashard.internal.data;

import io.datashard.types.Comparators;
import io.datashard.types.Type;
import java.nio.ByteBuffer;
import java.util.Comparator;

/**
 * Counts and bounds of the values written to one leaf column of a file, in Datashard's Java value
 * representation. NaN is counted but never a bound; nulls are counted as values and as nulls.
 */
public final class FieldMetrics {
  private final int fieldId;
  private final Type.PrimitiveType type;
  private final Comparator<Object> comparator;
  private final boolean floating;
  private long valueCount = 0;
  private long nullCount = 0;
  private long nanCount = 0;
  private Object lower = null;
  private Object upper = null;

  public FieldMetrics(int fieldId, Type.PrimitiveType type) {
    this.fieldId = fieldId;
    this.type = type;
    this.comparator = type.typeId() == Type.TypeID.UNKNOWN ? null : Comparators.forType(type);
    this.floating = type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
  }

  public int fieldId() {
    return fieldId;
  }

  public Type.PrimitiveType type() {
    return type;
  }

  public void addNull() {
    valueCount += 1;
    nullCount += 1;
  }

  /** Records a non-null value; ByteBuffers are copied only when they become a bound. */
  public void add(Object value) {
    valueCount += 1;
    if (floating && isNaN(value)) {
      nanCount += 1;
      return;
    }
    if (comparator == null) {
      return;
    }
    if (lower == null || comparator.compare(value, lower) < 0) {
      lower = keep(value);
    }
    if (upper == null || comparator.compare(value, upper) > 0) {
      upper = keep(value);
    }
  }

  private static boolean isNaN(Object value) {
    return value instanceof Float ? ((Float) value).isNaN() : ((Double) value).isNaN();
  }

  private static Object keep(Object value) {
    if (value instanceof ByteBuffer) {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return ByteBuffer.wrap(bytes);
    }
    return value;
  }

  public boolean isFloatingPoint() {
    return floating;
  }

  public long valueCount() {
    return valueCount;
  }

  public long nullCount() {
    return nullCount;
  }

  public long nanCount() {
    return nanCount;
  }

  /** The smallest non-null, non-NaN value, or null if there was none. */
  public Object lower() {
    return lower;
  }

  /** The largest non-null, non-NaN value, or null if there was none. */
  public Object upper() {
    return upper;
  }
}
