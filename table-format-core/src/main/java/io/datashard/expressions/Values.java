package io.datashard.expressions;

import io.datashard.types.Comparators;
import io.datashard.types.Type;
import java.nio.ByteBuffer;
import java.util.Comparator;

/** Ordering and NaN checks for data values as they come from rows, bounds and literals. */
final class Values {
  private Values() {}

  /** Coerces the Java forms a value of {@code type} may arrive in (e.g. an Integer of a promoted long column). */
  static Object normalize(Type.PrimitiveType type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return value instanceof Integer ? Long.valueOf((Integer) value) : value;
      case DOUBLE:
        return value instanceof Float ? Double.valueOf((Float) value) : value;
      case FIXED:
      case BINARY:
        return value instanceof byte[] ? ByteBuffer.wrap((byte[]) value) : value;
      default:
        return value;
    }
  }

  static int compare(Type.PrimitiveType type, Object left, Object right) {
    Comparator<Object> comparator = Comparators.forType(type);
    return comparator.compare(normalize(type, left), normalize(type, right));
  }

  static boolean isNaN(Object value) {
    return (value instanceof Double && ((Double) value).isNaN()) || (value instanceof Float && ((Float) value).isNaN());
  }

  static boolean isFloatingPoint(Type type) {
    return type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
  }

  static boolean startsWith(Object value, String prefix) {
    return value.toString().startsWith(prefix);
  }

  /** The first {@code codePoints} code points of a string (all of it when shorter). */
  static String truncate(String value, int codePoints) {
    if (value.length() <= codePoints || value.codePointCount(0, value.length()) <= codePoints) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, codePoints));
  }

  static int codePointLength(String value) {
    return value.codePointCount(0, value.length());
  }
}
