package io.datashard.s3;

import io.datashard.exceptions.ValidationException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed {@code s3://bucket/key} location ({@code s3a://} and {@code s3n://} too). The key is the
 * text after the bucket's slash, used as is: no percent-decoding, so locations read back unchanged.
 */
record S3Location(String scheme, String bucket, String key) {
  static final Set<String> SCHEMES = Set.of("s3", "s3a", "s3n");

  S3Location {
    Objects.requireNonNull(scheme, "scheme is null");
    Objects.requireNonNull(bucket, "bucket is null");
    Objects.requireNonNull(key, "key is null");
  }

  /** Parses a file location: it must name a bucket and a non-empty key. */
  static S3Location parse(String location) {
    S3Location parsed = parsePrefix(location);
    if (parsed.key().isEmpty() || parsed.key().endsWith("/")) {
      throw new ValidationException("Invalid S3 location '" + location
          + "': it names no object; expected s3://bucket/path/to/file");
    }
    return parsed;
  }

  /** Parses a location that may name only a bucket ({@code s3://bucket} or {@code s3://bucket/}). */
  static S3Location parsePrefix(String location) {
    Objects.requireNonNull(location, "location is null");
    int separator = location.indexOf("://");
    String scheme = separator < 0 ? "" : location.substring(0, separator).toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new ValidationException("Invalid S3 location '" + location
          + "': expected s3://bucket/path (schemes s3, s3a and s3n are accepted)");
    }
    String rest = location.substring(separator + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new ValidationException("Invalid S3 location '" + location + "': it names no bucket");
    }
    return new S3Location(scheme, bucket, key);
  }

  /** The location of another key in the same bucket, written with the same scheme. */
  String locationOf(String otherKey) {
    return scheme + "://" + bucket + "/" + otherKey;
  }

  @Override
  public String toString() {
    return locationOf(key);
  }
}
