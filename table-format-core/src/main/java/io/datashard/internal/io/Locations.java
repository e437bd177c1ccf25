package io.datashard.internal.io;

import java.util.Locale;
import java.util.Optional;

/** Parses the scheme of a location string. Locations are not required to be valid URIs. */
public final class Locations {
  private Locations() {
  }

  /**
   * The lower-case URI scheme of {@code location} ({@code "s3"} for {@code s3://b/k}), or empty for
   * a plain path. A single letter before a colon is a Windows drive ({@code C:\data}), not a scheme.
   */
  public static Optional<String> scheme(String location) {
    int colon = location.indexOf(':');
    if (colon < 2) {
      return Optional.empty();
    }
    if (!isAsciiLetter(location.charAt(0))) {
      return Optional.empty();
    }
    // RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    for (int i = 1; i < colon; i++) {
      char c = location.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
        return Optional.empty();
      }
    }
    return Optional.of(location.substring(0, colon).toLowerCase(Locale.ROOT));
  }

  /** {@code prefix} ending in a slash: the files under the prefix are the locations starting with it. */
  static String directoryPrefix(String prefix) {
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
