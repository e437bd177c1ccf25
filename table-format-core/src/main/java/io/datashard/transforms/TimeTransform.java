package io.datashard.transforms;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The {@code year}, {@code month}, {@code day} and {@code hour} transforms: the number of whole
 * years, months, days or hours between 1970-01-01T00:00 UTC and the value, rounded towards negative
 * infinity so that pre-1970 values land in the period that contains them.
 */
public final class TimeTransform implements Transform {
  private static final long serialVersionUID = 1L;
  private static final int EPOCH_YEAR = 1970;
  private static final long MICROS_PER_HOUR = 3_600_000_000L;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
  private static final long NANOS_PER_HOUR = 1000L * MICROS_PER_HOUR;
  private static final long NANOS_PER_DAY = 1000L * MICROS_PER_DAY;

  static final TimeTransform YEAR = new TimeTransform(ChronoUnit.YEARS);
  static final TimeTransform MONTH = new TimeTransform(ChronoUnit.MONTHS);
  static final TimeTransform DAY = new TimeTransform(ChronoUnit.DAYS);
  static final TimeTransform HOUR = new TimeTransform(ChronoUnit.HOURS);

  private final ChronoUnit granularity;

  private TimeTransform(ChronoUnit granularity) {
    this.granularity = Objects.requireNonNull(granularity, "granularity is null");
  }

  /** {@link ChronoUnit#YEARS}, {@link ChronoUnit#MONTHS}, {@link ChronoUnit#DAYS} or {@link ChronoUnit#HOURS}. */
  public ChronoUnit granularity() {
    return granularity;
  }

  @Override
  public Object apply(Type sourceType, Object value) {
    if (value == null) {
      return null;
    }
    switch (sourceType.typeId()) {
      case DATE:
        if (granularity == ChronoUnit.HOURS) {
          throw incompatible(sourceType);
        }
        return fromEpochDay(SourceValues.asInt(sourceType, value));
      case TIMESTAMP:
        return fromTimestamp(SourceValues.asLong(sourceType, value), MICROS_PER_HOUR, MICROS_PER_DAY);
      case TIMESTAMP_NANO:
        return fromTimestamp(SourceValues.asLong(sourceType, value), NANOS_PER_HOUR, NANOS_PER_DAY);
      default:
        throw incompatible(sourceType);
    }
  }

  private int fromTimestamp(long value, long unitsPerHour, long unitsPerDay) {
    if (granularity == ChronoUnit.HOURS) {
      return Math.toIntExact(Math.floorDiv(value, unitsPerHour));
    }
    return fromEpochDay(Math.toIntExact(Math.floorDiv(value, unitsPerDay)));
  }

  private int fromEpochDay(int epochDay) {
    switch (granularity) {
      case DAYS:
        return epochDay;
      case MONTHS: {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        return (date.getYear() - EPOCH_YEAR) * 12 + date.getMonthValue() - 1;
      }
      case YEARS:
        return LocalDate.ofEpochDay(epochDay).getYear() - EPOCH_YEAR;
      default:
        throw new IllegalStateException("Unsupported granularity: " + granularity);
    }
  }

  @Override
  public boolean canTransform(Type sourceType) {
    switch (sourceType.typeId()) {
      case DATE:
        return granularity != ChronoUnit.HOURS;
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return true;
      default:
        return false;
    }
  }

  @Override
  public Type resultType(Type sourceType) {
    return granularity == ChronoUnit.DAYS ? Types.DateType.get() : Types.IntegerType.get();
  }

  @Override
  public String toHumanString(Type sourceType, Object transformedValue) {
    if (transformedValue == null) {
      return "null";
    }
    int ordinal = ((Number) transformedValue).intValue();
    switch (granularity) {
      case YEARS:
        return HumanStrings.year(ordinal);
      case MONTHS:
        return HumanStrings.month(ordinal);
      case DAYS:
        return HumanStrings.day(ordinal);
      case HOURS:
        return HumanStrings.hour(ordinal);
      default:
        throw new IllegalStateException("Unsupported granularity: " + granularity);
    }
  }

  @Override
  public boolean preservesOrder() {
    return true;
  }

  private ValidationException incompatible(Type sourceType) {
    return new ValidationException("Cannot apply " + this + " to a value of type " + sourceType + ": "
        + (granularity == ChronoUnit.HOURS ? Transforms.HOUR_TYPES : Transforms.DATE_TIME_TYPES));
  }

  @Override
  public String toString() {
    switch (granularity) {
      case YEARS:
        return "year";
      case MONTHS:
        return "month";
      case DAYS:
        return "day";
      default:
        return "hour";
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TimeTransform && ((TimeTransform) other).granularity == granularity;
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  private Object readResolve() {
    switch (granularity) {
      case YEARS:
        return YEAR;
      case MONTHS:
        return MONTH;
      case DAYS:
        return DAY;
      default:
        return HOUR;
    }
  }
}
