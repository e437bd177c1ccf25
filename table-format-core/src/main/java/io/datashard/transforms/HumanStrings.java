package io.datashard.transforms;

import io.datashard.types.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Formats values the way Iceberg writes them into partition paths, so that a Datashard table's
 * directory layout matches what Iceberg would produce for the same data.
 */
final class HumanStrings {
  private static final int EPOCH_YEAR = 1970;
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private HumanStrings() {}

  /** Formats a value of {@code type} in its own representation (identity and truncate results). */
  static String value(Type type, Object value) {
    if (value == null) {
      return "null";
    }
    switch (type.typeId()) {
      case DATE:
        return day(((Number) value).intValue());
      case TIME:
        return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1000L).toString();
      case TIMESTAMP:
        return timestamp(((Number) value).longValue(), MICROS_PER_SECOND, SourceValues.isAdjustedToUtc(type));
      case TIMESTAMP_NANO:
        return timestamp(((Number) value).longValue(), NANOS_PER_SECOND, SourceValues.isAdjustedToUtc(type));
      case FIXED:
      case BINARY:
        return base64(value);
      default:
        return value.toString();
    }
  }

  static String year(int yearOrdinal) {
    return String.format("%04d", EPOCH_YEAR + yearOrdinal);
  }

  static String month(int monthOrdinal) {
    int year = EPOCH_YEAR + Math.floorDiv(monthOrdinal, 12);
    int month = 1 + Math.floorMod(monthOrdinal, 12);
    return String.format("%04d-%02d", year, month);
  }

  static String day(int dayOrdinal) {
    LocalDate date = LocalDate.ofEpochDay(dayOrdinal);
    return String.format("%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
  }

  static String hour(int hourOrdinal) {
    LocalDateTime time = LocalDateTime.ofEpochSecond(hourOrdinal * 3600L, 0, ZoneOffset.UTC);
    return String.format("%04d-%02d-%02d-%02d",
        time.getYear(), time.getMonthValue(), time.getDayOfMonth(), time.getHour());
  }

  private static String timestamp(long value, long unitsPerSecond, boolean adjustedToUtc) {
    long seconds = Math.floorDiv(value, unitsPerSecond);
    long nanos = Math.floorMod(value, unitsPerSecond) * (NANOS_PER_SECOND / unitsPerSecond);
    OffsetDateTime utc = Instant.ofEpochSecond(seconds, nanos).atOffset(ZoneOffset.UTC);
    // java.time prints the shortest ISO-8601 form (seconds and fractions only when non-zero), which is
    // also what Iceberg writes, so paths stay identical between the two.
    return adjustedToUtc ? utc.toString() : utc.toLocalDateTime().toString();
  }

  private static String base64(Object value) {
    ByteBuffer buffer;
    if (value instanceof ByteBuffer) {
      buffer = ((ByteBuffer) value).duplicate();
    } else if (value instanceof byte[]) {
      buffer = ByteBuffer.wrap((byte[]) value);
    } else {
      throw new IllegalArgumentException(
          "Expected a ByteBuffer for a fixed or binary value, got " + value.getClass().getName());
    }
    return StandardCharsets.ISO_8859_1.decode(Base64.getEncoder().encode(buffer)).toString();
  }
}
