package io.datashard.transforms;

import io.datashard.exceptions.ValidationException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Factory for the spec's partition and sort transforms. */
public final class Transforms {
  static final String BUCKET_TYPES = "bucket supports int, long, decimal, date, time, timestamp, "
      + "timestamptz, timestamp_ns, timestamptz_ns, string, uuid, fixed and binary";
  static final String TRUNCATE_TYPES = "truncate supports int, long, decimal, string and binary";
  static final String DATE_TIME_TYPES =
      "year, month and day support date, timestamp, timestamptz, timestamp_ns and timestamptz_ns";
  static final String HOUR_TYPES = "hour supports timestamp, timestamptz, timestamp_ns and timestamptz_ns";
  static final String IDENTITY_TYPES =
      "identity supports every primitive type except unknown and variant";

  private static final Pattern WITH_ARGUMENT = Pattern.compile("(\\w+)\\[(.*)\\]");

  private Transforms() {}

  public static Transform identity() {
    return IdentityTransform.INSTANCE;
  }

  /** {@code bucket[numBuckets]}; {@code numBuckets} must be positive. */
  public static Transform bucket(int numBuckets) {
    return new BucketTransform(numBuckets);
  }

  /** {@code truncate[width]}; {@code width} must be positive. */
  public static Transform truncate(int width) {
    return new TruncateTransform(width);
  }

  public static Transform year() {
    return TimeTransform.YEAR;
  }

  public static Transform month() {
    return TimeTransform.MONTH;
  }

  public static Transform day() {
    return TimeTransform.DAY;
  }

  public static Transform hour() {
    return TimeTransform.HOUR;
  }

  /** The {@code void} transform, which always produces null. */
  public static Transform alwaysNull() {
    return VoidTransform.INSTANCE;
  }

  /**
   * Parses a transform as written in metadata JSON ({@code identity}, {@code bucket[16]},
   * {@code truncate[10]}, {@code year}, {@code month}, {@code day}, {@code hour}, {@code void}).
   *
   * @throws ValidationException if the string is not a transform this version implements
   */
  public static Transform fromString(String transform) {
    Transform parsed = parse(transform);
    if (parsed == null) {
      throw new ValidationException("Unknown transform '" + transform
          + "': expected identity, bucket[N], truncate[W], year, month, day, hour or void");
    }
    return parsed;
  }

  /**
   * Like {@link #fromString}, but returns an {@link UnknownTransform} for a transform name this version
   * does not implement, as the spec requires of readers of metadata written by newer writers. A known
   * transform with an invalid argument (e.g. {@code bucket[0]}) is still an error.
   */
  public static Transform fromStringAllowingUnknown(String transform) {
    Transform parsed = parse(transform);
    return parsed != null ? parsed : new UnknownTransform(transform);
  }

  private static Transform parse(String transform) {
    Objects.requireNonNull(transform, "transform is null");
    String normalized = transform.trim().toLowerCase(Locale.ROOT);
    switch (normalized) {
      case "identity":
        return identity();
      case "year":
        return year();
      case "month":
        return month();
      case "day":
        return day();
      case "hour":
        return hour();
      case "void":
        return alwaysNull();
      default:
        break;
    }

    Matcher matcher = WITH_ARGUMENT.matcher(normalized);
    if (matcher.matches()) {
      String name = matcher.group(1);
      if (name.equals("bucket")) {
        return bucket(parseArgument(transform, matcher.group(2)));
      } else if (name.equals("truncate")) {
        return truncate(parseArgument(transform, matcher.group(2)));
      }
    } else if (normalized.equals("bucket") || normalized.equals("truncate")) {
      throw new ValidationException("Invalid transform '" + transform + "': " + normalized
          + " needs an argument, e.g. " + normalized + "[16]");
    }
    return null;
  }

  private static int parseArgument(String transform, String argument) {
    try {
      int value = Integer.parseInt(argument.trim());
      if (value <= 0) {
        throw new ValidationException(
            "Invalid transform '" + transform + "': the argument must be a positive integer");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ValidationException(
          "Invalid transform '" + transform + "': the argument must be a positive integer", e);
    }
  }
}
