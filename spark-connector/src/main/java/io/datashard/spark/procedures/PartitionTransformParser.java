package io.datashard.spark.procedures;

import io.datashard.transforms.Transform;
import io.datashard.transforms.Transforms;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the partition transforms procedures take, in Spark SQL's spelling:
 * {@code col}, {@code identity(col)}, {@code years|months|days|hours(col)} (singular too),
 * {@code bucket(16, col)} and {@code truncate(col, 4)} or {@code truncate(4, col)}.
 */
final class PartitionTransformParser {
  private static final Pattern CALL = Pattern.compile("\\s*(\\w+)\\s*\\(\\s*([^,()]+?)\\s*(?:,\\s*([^,()]+?)\\s*)?\\)\\s*");
  private static final Pattern NAME = Pattern.compile("\\s*`?([\\w.]+)`?\\s*");

  record Parsed(String sourceColumn, Transform transform) {
  }

  private PartitionTransformParser() {
  }

  static Parsed parse(String text) {
    Matcher name = NAME.matcher(text);
    if (name.matches()) {
      return new Parsed(name.group(1), Transforms.identity());
    }
    Matcher call = CALL.matcher(text);
    if (!call.matches()) {
      throw error(text, "it is not a column name or a transform call");
    }
    String function = call.group(1).toLowerCase(Locale.ROOT);
    String first = unquote(call.group(2));
    String second = call.group(3) == null ? null : unquote(call.group(3));
    return switch (function) {
      case "identity" -> single(text, function, first, second, Transforms.identity());
      case "year", "years" -> single(text, function, first, second, Transforms.year());
      case "month", "months" -> single(text, function, first, second, Transforms.month());
      case "day", "days", "date" -> single(text, function, first, second, Transforms.day());
      case "hour", "hours", "date_hour" -> single(text, function, first, second, Transforms.hour());
      case "bucket" -> withWidth(text, first, second, Transforms::bucket);
      case "truncate" -> withWidth(text, first, second, Transforms::truncate);
      default -> throw error(text, "unknown transform '" + function + "'");
    };
  }

  private static Parsed single(String text, String function, String column, String extra, Transform transform) {
    if (extra != null) {
      throw error(text, function + " takes one column");
    }
    return new Parsed(column, transform);
  }

  private static Parsed withWidth(String text, String first, String second, java.util.function.IntFunction<Transform> factory) {
    if (second == null) {
      throw error(text, "bucket and truncate take a number and a column");
    }
    boolean firstIsNumber = first.matches("\\d+");
    boolean secondIsNumber = second.matches("\\d+");
    if (firstIsNumber == secondIsNumber) {
      throw error(text, "expected one number and one column");
    }
    int width = Integer.parseInt(firstIsNumber ? first : second);
    if (width <= 0) {
      throw error(text, "the number must be positive");
    }
    return new Parsed(firstIsNumber ? second : first, factory.apply(width));
  }

  private static String unquote(String part) {
    String trimmed = part.trim();
    return trimmed.startsWith("`") && trimmed.endsWith("`") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
  }

  private static IllegalArgumentException error(String text, String why) {
    return new IllegalArgumentException("Cannot parse partition transform '" + text + "': " + why
        + ". Use a column name, identity(col), years/months/days/hours(col), bucket(N, col) or truncate(col, W)");
  }
}
