package io.datashard.types;

import io.datashard.exceptions.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/** The natural ordering of values of each primitive type, as used for column bounds and pruning. */
public final class Comparators {
  private static final Comparator<Object> BOOLEANS = (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
  private static final Comparator<Object> INTS = (a, b) -> Integer.compare((Integer) a, (Integer) b);
  private static final Comparator<Object> LONGS = (a, b) -> Long.compare((Long) a, (Long) b);
  // Float.compare/Double.compare order -0.0 before 0.0 and NaN after every other value.
  private static final Comparator<Object> FLOATS = (a, b) -> Float.compare((Float) a, (Float) b);
  private static final Comparator<Object> DOUBLES = (a, b) -> Double.compare((Double) a, (Double) b);
  private static final Comparator<Object> DECIMALS = (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b);
  private static final Comparator<Object> STRINGS = (a, b) -> compareCodePoints((CharSequence) a, (CharSequence) b);
  private static final Comparator<Object> UUIDS = (a, b) -> compareUuids((UUID) a, (UUID) b);
  private static final Comparator<Object> BYTES = (a, b) -> compareUnsigned((ByteBuffer) a, (ByteBuffer) b);

  private Comparators() {}

  /**
   * The ordering for non-null values of the given type: numbers and dates numerically, strings by
   * Unicode code point (the same as comparing their UTF-8 bytes), binary, fixed and uuid values as
   * unsigned bytes (uuids in their big-endian form, as Parquet orders them; Apache Iceberg 1.10 and
   * earlier compare uuids as signed longs, so uuid bounds they wrote may be out of this order).
   *
   * @throws ValidationException for {@code unknown}, whose values are always null
   */
  public static Comparator<Object> forType(Type.PrimitiveType type) {
    Objects.requireNonNull(type, "type is null");
    switch (type.typeId()) {
      case BOOLEAN:
        return BOOLEANS;
      case INTEGER:
      case DATE:
        return INTS;
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return LONGS;
      case FLOAT:
        return FLOATS;
      case DOUBLE:
        return DOUBLES;
      case DECIMAL:
        return DECIMALS;
      case STRING:
        return STRINGS;
      case UUID:
        return UUIDS;
      case FIXED:
      case BINARY:
        return BYTES;
      default:
        throw new ValidationException("Values of type " + type + " have no ordering: they are always null");
    }
  }

  /** Compares by Unicode code point, which differs from {@link String#compareTo} for surrogate pairs. */
  public static int compareCodePoints(CharSequence left, CharSequence right) {
    if (left == right) {
      return 0; // metrics compare each value with the bound they kept, often the same instance (delete file paths)
    }
    int i = 0;
    int j = 0;
    while (i < left.length() && j < right.length()) {
      int l = Character.codePointAt(left, i);
      int r = Character.codePointAt(right, j);
      if (l != r) {
        return Integer.compare(l, r);
      }
      i += Character.charCount(l);
      j += Character.charCount(r);
    }
    return Boolean.compare(i < left.length(), j < right.length());
  }

  /** Compares the remaining bytes of both buffers as unsigned values; neither position moves. */
  public static int compareUnsigned(ByteBuffer left, ByteBuffer right) {
    int length = Math.min(left.remaining(), right.remaining());
    for (int k = 0; k < length; k++) {
      int cmp = Integer.compare(
          Byte.toUnsignedInt(left.get(left.position() + k)), Byte.toUnsignedInt(right.get(right.position() + k)));
      if (cmp != 0) {
        return cmp;
      }
    }
    return Integer.compare(left.remaining(), right.remaining());
  }

  private static int compareUuids(UUID left, UUID right) {
    // UUID.compareTo compares signed longs; the bytes of the big-endian form compare unsigned.
    int cmp = Long.compareUnsigned(left.getMostSignificantBits(), right.getMostSignificantBits());
    return cmp != 0 ? cmp : Long.compareUnsigned(left.getLeastSignificantBits(), right.getLeastSignificantBits());
  }
}
