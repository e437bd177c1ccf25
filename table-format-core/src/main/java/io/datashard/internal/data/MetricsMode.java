package io.datashard.internal.data;

import io.datashard.exceptions.ValidationException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column metrics a writer keeps for a column, from {@code write.metadata.metrics.*}:
 * {@code none}, {@code counts} (value, null and NaN counts), {@code truncate(N)} (counts and bounds
 * with strings and binary values truncated to N characters or bytes) or {@code full}.
 *
 * @param kind the mode
 * @param length the truncation length for {@link Kind#TRUNCATE}, 0 otherwise
 */
public record MetricsMode(Kind kind, int length) {
  private static final Pattern TRUNCATE = Pattern.compile("truncate\\((\\d+)\\)");

  /** The mode kinds. */
  public enum Kind { NONE, COUNTS, TRUNCATE, FULL }

  public static final MetricsMode NONE = new MetricsMode(Kind.NONE, 0);
  public static final MetricsMode COUNTS = new MetricsMode(Kind.COUNTS, 0);
  public static final MetricsMode FULL = new MetricsMode(Kind.FULL, 0);
  public static final MetricsMode DEFAULT = new MetricsMode(Kind.TRUNCATE, 16);

  public MetricsMode {
    if (kind == Kind.TRUNCATE && length <= 0) {
      throw new ValidationException("Invalid metrics mode truncate(" + length + "): the length must be positive");
    }
  }

  /**
   * Parses a mode as written in table properties.
   *
   * @throws ValidationException if the text is not a mode
   */
  public static MetricsMode parse(String text) {
    String mode = text.trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "none":
        return NONE;
      case "counts":
        return COUNTS;
      case "full":
        return FULL;
      default:
        Matcher matcher = TRUNCATE.matcher(mode);
        if (matcher.matches()) {
          int length;
          try {
            length = Integer.parseInt(matcher.group(1));
          } catch (NumberFormatException e) {
            length = -1;
          }
          return new MetricsMode(Kind.TRUNCATE, length);
        }
        throw new ValidationException("Invalid metrics mode '" + text
            + "': expected none, counts, truncate(N) with N > 0, or full");
    }
  }

  public boolean keepsCounts() {
    return kind != Kind.NONE;
  }

  public boolean keepsBounds() {
    return kind == Kind.TRUNCATE || kind == Kind.FULL;
  }

  @Override
  public String toString() {
    return kind == Kind.TRUNCATE ? "truncate(" + length + ")" : kind.name().toLowerCase(Locale.ROOT);
  }
}
