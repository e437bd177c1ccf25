package io.datashard.internal.data;

import io.datashard.types.Comparators;
import io.datashard.types.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Counts and bounds of the values written to one leaf column of a file, in Datashard's Java value
 * representation. NaN is counted but never a bound; nulls are counted as values and as nulls.
 *
 * <p>Writers with unboxed values may use the primitive adders ({@link #addLong}, {@link #addDouble},
 * ..., {@link #addUtf8} for strings as UTF-8 bytes): they keep their bounds unboxed (strings as
 * bytes, whose unsigned order is the code point order of {@link Comparators}) and are merged with
 * the bounds of {@link #add} when {@link #lower()} and {@link #upper()} are read, so both ways may
 * be mixed and report the same metrics.
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
  // bounds of the primitive adders: integral types (and boolean as 0/1) in longs, float and double in doubles
  private final char primitive;
  private boolean hasPrimitive = false;
  private long lowerLong;
  private long upperLong;
  private double lowerDouble;
  private double upperDouble;
  private byte[] lowerUtf8 = null;
  private byte[] upperUtf8 = null;

  public FieldMetrics(int fieldId, Type.PrimitiveType type) {
    this.fieldId = fieldId;
    this.type = type;
    this.comparator = type.typeId() == Type.TypeID.UNKNOWN ? null : Comparators.forType(type);
    this.floating = type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
    this.primitive = primitiveKind(type);
  }

  /** 'L' for types whose primitive adder is {@link #addLong}-like, 'D' for float and double, 'S' for string. */
  private static char primitiveKind(Type.PrimitiveType type) {
    switch (type.typeId()) {
      case BOOLEAN:
      case INTEGER:
      case DATE:
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return 'L';
      case FLOAT:
      case DOUBLE:
        return 'D';
      case STRING:
        return 'S';
      default:
        return '-';
    }
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

  /** Records a non-null boolean value of a boolean column. */
  public void addBoolean(boolean value) {
    check(Type.TypeID.BOOLEAN == type.typeId());
    addIntegral(value ? 1 : 0);
  }

  /** Records a non-null value of an int or date column. */
  public void addInt(int value) {
    check(type.typeId() == Type.TypeID.INTEGER || type.typeId() == Type.TypeID.DATE);
    addIntegral(value);
  }

  /** Records a non-null value of a long, time or timestamp column, in the type's unit. */
  public void addLong(long value) {
    check(primitive == 'L' && type.typeId() != Type.TypeID.BOOLEAN
        && type.typeId() != Type.TypeID.INTEGER && type.typeId() != Type.TypeID.DATE);
    addIntegral(value);
  }

  private void addIntegral(long value) {
    valueCount += 1;
    if (!hasPrimitive) {
      hasPrimitive = true;
      lowerLong = value;
      upperLong = value;
    } else if (value < lowerLong) {
      lowerLong = value;
    } else if (value > upperLong) {
      upperLong = value;
    }
  }

  /** Records a non-null value of a float column. */
  public void addFloat(float value) {
    check(type.typeId() == Type.TypeID.FLOAT);
    // widening keeps Float.compare's order (-0.0 before 0.0), which Double.compare then applies
    addFloating(value);
  }

  /** Records a non-null value of a double column. */
  public void addDouble(double value) {
    check(type.typeId() == Type.TypeID.DOUBLE);
    addFloating(value);
  }

  private void addFloating(double value) {
    valueCount += 1;
    if (Double.isNaN(value)) {
      nanCount += 1;
    } else if (!hasPrimitive) {
      hasPrimitive = true;
      lowerDouble = value;
      upperDouble = value;
    } else if (Double.compare(value, lowerDouble) < 0) {
      lowerDouble = value;
    } else if (Double.compare(value, upperDouble) > 0) {
      upperDouble = value;
    }
  }

  /**
   * Records a non-null value of a string column given as its UTF-8 bytes (the buffer's remaining
   * bytes; its position does not move). The bytes are copied only when they become a bound.
   */
  public void addUtf8(ByteBuffer utf8) {
    check(primitive == 'S');
    valueCount += 1;
    byte[] array;
    int from;
    int length = utf8.remaining();
    if (utf8.hasArray()) {
      array = utf8.array();
      from = utf8.arrayOffset() + utf8.position();
    } else {
      array = new byte[length];
      utf8.duplicate().get(array);
      from = 0;
    }
    int to = from + length;
    if (lowerUtf8 == null) {
      lowerUtf8 = Arrays.copyOfRange(array, from, to);
      upperUtf8 = lowerUtf8;
    } else if (Arrays.compareUnsigned(array, from, to, lowerUtf8, 0, lowerUtf8.length) < 0) {
      lowerUtf8 = Arrays.copyOfRange(array, from, to);
    } else if (Arrays.compareUnsigned(array, from, to, upperUtf8, 0, upperUtf8.length) > 0) {
      upperUtf8 = Arrays.copyOfRange(array, from, to);
    }
  }

  /**
   * Counts a non-null value of a string column without comparing it: the writer adds the column's
   * bounds afterwards with {@link #addUtf8Bounds} (from statistics it has over the same values).
   */
  public void countUtf8() {
    check(primitive == 'S');
    valueCount += 1;
  }

  /** Widens the string bounds to {@code lower} and {@code upper}, given as UTF-8 bytes (copied). */
  public void addUtf8Bounds(byte[] lower, byte[] upper) {
    check(primitive == 'S');
    if (lowerUtf8 == null || Arrays.compareUnsigned(lower, lowerUtf8) < 0) {
      lowerUtf8 = lower.clone();
    }
    if (upperUtf8 == null || Arrays.compareUnsigned(upper, upperUtf8) > 0) {
      upperUtf8 = upper.clone();
    }
  }

  private void check(boolean matches) {
    if (!matches) {
      throw new IllegalStateException("Cannot add this kind of value to the metrics of field id " + fieldId
          + " of type " + type + ": use the adder of the column's type");
    }
  }

  /** The smaller (or larger, when {@code upper}) of the bounds of {@link #add} and of the primitive adders. */
  private Object merged(Object boxedBound, boolean upper) {
    Object primitiveBound = primitiveBound(upper);
    if (primitiveBound == null) {
      return boxedBound;
    }
    if (boxedBound == null) {
      return primitiveBound;
    }
    int cmp = comparator.compare(primitiveBound, boxedBound);
    return (upper ? cmp > 0 : cmp < 0) ? primitiveBound : boxedBound;
  }

  private Object primitiveBound(boolean upper) {
    if (primitive == 'S') {
      byte[] utf8 = upper ? upperUtf8 : lowerUtf8;
      return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }
    if (!hasPrimitive) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return (upper ? upperLong : lowerLong) != 0;
      case INTEGER:
      case DATE:
        return (int) (upper ? upperLong : lowerLong);
      case FLOAT:
        return (float) (upper ? upperDouble : lowerDouble);
      case DOUBLE:
        return upper ? upperDouble : lowerDouble;
      default:
        return upper ? upperLong : lowerLong;
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
    return merged(lower, false);
  }

  /** The largest non-null, non-NaN value, or null if there was none. */
  public Object upper() {
    return merged(upper, true);
  }
}
