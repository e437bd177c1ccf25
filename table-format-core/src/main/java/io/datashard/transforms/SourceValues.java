package io.datashard.transforms;

import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Checked access to source values, so a value of the wrong Java class fails with a clear message. */
final class SourceValues {
  private SourceValues() {}

  static int asInt(Type type, Object value) {
    if (value instanceof Integer) {
      return (Integer) value;
    }
    throw mismatch(type, value, "Integer");
  }

  static long asLong(Type type, Object value) {
    // ints are accepted for long columns so that promoted int -> long columns keep working
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    throw mismatch(type, value, "Long");
  }

  static BigDecimal asDecimal(Type type, Object value) {
    if (value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    throw mismatch(type, value, "BigDecimal");
  }

  static CharSequence asString(Type type, Object value) {
    if (value instanceof CharSequence) {
      return (CharSequence) value;
    }
    throw mismatch(type, value, "String");
  }

  static UUID asUuid(Type type, Object value) {
    if (value instanceof UUID) {
      return (UUID) value;
    }
    throw mismatch(type, value, "UUID");
  }

  static ByteBuffer asBytes(Type type, Object value) {
    if (value instanceof ByteBuffer) {
      return (ByteBuffer) value;
    } else if (value instanceof byte[]) {
      return ByteBuffer.wrap((byte[]) value);
    }
    throw mismatch(type, value, "ByteBuffer");
  }

  static boolean isAdjustedToUtc(Type type) {
    if (type instanceof Types.TimestampType) {
      return ((Types.TimestampType) type).shouldAdjustToUTC();
    } else if (type instanceof Types.TimestampNanoType) {
      return ((Types.TimestampNanoType) type).shouldAdjustToUTC();
    }
    return false;
  }

  private static IllegalArgumentException mismatch(Type type, Object value, String expected) {
    return new IllegalArgumentException(String.format(
        "Invalid value for type %s: expected a %s but got %s (%s)",
        type, expected, value.getClass().getName(), value));
  }
}
