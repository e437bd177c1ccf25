package io.datashard.expressions;

import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Converts a literal to the Java value of a column type, as Iceberg does: widening numbers,
 * parsing ISO-8601 strings for dates, times and timestamps, uuid and decimal strings. A number
 * outside the range of the column type converts to {@link #ABOVE_MAX} or {@link #BELOW_MIN}, so that
 * {@code id < 3000000000} on an int column can be decided without a comparison.
 */
final class Literals {
  /** A value greater than every value of the type. */
  static final Object ABOVE_MAX = new Object();
  /** A value less than every value of the type. */
  static final Object BELOW_MIN = new Object();

  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  private Literals() {}

  /**
   * The literal as a value of {@code type}, {@link #ABOVE_MAX}/{@link #BELOW_MIN} when it is out of
   * range, or null when the literal cannot be a value of the type.
   *
   * @throws IllegalArgumentException when a string does not parse as a value of the type
   */
  static Object convert(Object literal, Type.PrimitiveType type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return literal instanceof Boolean ? literal : null;
      case INTEGER:
        if (literal instanceof Integer) {
          return literal;
        } else if (literal instanceof Long) {
          long value = (Long) literal;
          return value > Integer.MAX_VALUE ? ABOVE_MAX : value < Integer.MIN_VALUE ? BELOW_MIN : (Object) (int) value;
        }
        return null;
      case LONG:
        return literal instanceof Integer || literal instanceof Long ? ((Number) literal).longValue() : null;
      case FLOAT:
        if (literal instanceof Float) {
          return literal;
        } else if (literal instanceof Double) {
          double value = (Double) literal;
          return value > Float.MAX_VALUE ? ABOVE_MAX : value < -Float.MAX_VALUE ? BELOW_MIN : (Object) (float) value;
        } else if (literal instanceof Integer || literal instanceof Long || literal instanceof BigDecimal) {
          return ((Number) literal).floatValue();
        }
        return null;
      case DOUBLE:
        if (literal instanceof Float || literal instanceof Double || literal instanceof Integer
            || literal instanceof Long || literal instanceof BigDecimal) {
          return ((Number) literal).doubleValue();
        }
        return null;
      case DECIMAL:
        return toDecimal(literal, (Types.DecimalType) type);
      case DATE:
        if (literal instanceof Integer) {
          return literal;
        } else if (literal instanceof LocalDate) {
          return Math.toIntExact(((LocalDate) literal).toEpochDay());
        } else if (literal instanceof String) {
          return Math.toIntExact(LocalDate.parse((String) literal).toEpochDay());
        }
        return null;
      case TIME:
        if (literal instanceof Long) {
          return literal;
        } else if (literal instanceof LocalTime) {
          return ((LocalTime) literal).toNanoOfDay() / 1000L;
        } else if (literal instanceof String) {
          return LocalTime.parse((String) literal).toNanoOfDay() / 1000L;
        }
        return null;
      case TIMESTAMP:
        return toTimestamp(literal, ((Types.TimestampType) type).shouldAdjustToUTC(), ChronoUnit.MICROS);
      case TIMESTAMP_NANO:
        return toTimestamp(literal, ((Types.TimestampNanoType) type).shouldAdjustToUTC(), ChronoUnit.NANOS);
      case STRING:
        return literal instanceof String ? literal : null;
      case UUID:
        if (literal instanceof UUID) {
          return literal;
        } else if (literal instanceof String) {
          return UUID.fromString((String) literal);
        }
        return null;
      case FIXED:
        if (literal instanceof ByteBuffer && ((ByteBuffer) literal).remaining() == ((Types.FixedType) type).length()) {
          return literal;
        }
        return null;
      case BINARY:
        return literal instanceof ByteBuffer ? literal : null;
      default:
        return null;
    }
  }

  private static Object toDecimal(Object literal, Types.DecimalType type) {
    BigDecimal value;
    if (literal instanceof BigDecimal) {
      value = (BigDecimal) literal;
    } else if (literal instanceof Integer || literal instanceof Long) {
      value = BigDecimal.valueOf(((Number) literal).longValue());
    } else if (literal instanceof String) {
      value = new BigDecimal((String) literal);
    } else {
      return null;
    }
    BigDecimal scaled;
    try {
      // a literal with more fractional digits than the column cannot be compared without rounding
      scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(value.toPlainString() + " has more than " + type.scale() + " fractional digits");
    }
    if (scaled.precision() > type.precision()) {
      return scaled.signum() > 0 ? ABOVE_MAX : BELOW_MIN;
    }
    return scaled;
  }

  private static Object toTimestamp(Object literal, boolean adjustToUtc, ChronoUnit unit) {
    if (literal instanceof Long) {
      return literal;
    }
    LocalDateTime utc;
    if (literal instanceof String) {
      String text = (String) literal;
      try {
        utc = adjustToUtc
            ? OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
            : LocalDateTime.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 timestamp"
            + (adjustToUtc ? " with a zone offset (e.g. 2024-01-01T10:00:00+00:00)" : " without a zone (e.g. 2024-01-01T10:00:00)"));
      }
    } else if (literal instanceof LocalDateTime && !adjustToUtc) {
      utc = (LocalDateTime) literal;
    } else if (literal instanceof OffsetDateTime && adjustToUtc) {
      utc = ((OffsetDateTime) literal).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } else if (literal instanceof Instant && adjustToUtc) {
      utc = LocalDateTime.ofInstant((Instant) literal, ZoneOffset.UTC);
    } else if (literal instanceof LocalDate) {
      utc = ((LocalDate) literal).atStartOfDay();
    } else {
      return null;
    }
    return unit.between(EPOCH, utc);
  }
}
