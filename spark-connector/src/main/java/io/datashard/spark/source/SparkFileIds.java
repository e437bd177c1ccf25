package io.datashard.spark.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The {@code _file_id} metadata column: a 64-bit id of a data file, the first 8 bytes of the SHA-256
 * digest of its location. It depends on the location alone, so every scan of every statement gives a
 * file the same id, and Spark can match files by id between the scans of one operation (copy-on-write
 * runtime filtering finds the files to rewrite with a scan of its own).
 *
 * <p>Two locations share an id with a probability of about 2^-64 per pair. Where an id must name one
 * file (the deletes of a merge-on-read write) {@link #index} refuses such a pair with a clear error;
 * where it only narrows a set (runtime filtering) a shared id keeps one file too many, which is safe.
 */
final class SparkFileIds {
  private SparkFileIds() {
  }

  /** The {@code _file_id} of the data file at {@code location}. */
  static long of(String location) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot compute _file_id: this JVM has no SHA-256 digest", e);
    }
    byte[] digest = sha.digest(location.getBytes(StandardCharsets.UTF_8));
    long id = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      id = (id << 8) | (digest[i] & 0xFF);
    }
    return id;
  }

  /**
   * Indexes {@code files} by the id of their location.
   *
   * @throws IllegalStateException when two different locations have the same id
   */
  static <T> HashMap<Long, T> index(Iterable<T> files, Function<T, String> location, String operation) {
    return index(files, location, SparkFileIds::of, operation);
  }

  /** {@link #index(Iterable, Function, String)} with the ids {@code idOf} gives (tests force collisions). */
  static <T> HashMap<Long, T> index(Iterable<T> files, Function<T, String> location, ToLongFunction<String> idOf,
      String operation) {
    HashMap<Long, T> byId = new HashMap<>();
    Map<Long, String> locations = new HashMap<>();
    for (T file : files) {
      String where = location.apply(file);
      long id = idOf.applyAsLong(where);
      String previous = locations.putIfAbsent(id, where);
      if (previous == null) {
        byId.put(id, file);
      } else if (!previous.equals(where)) {
        throw new IllegalStateException("Cannot run " + operation + ": data files " + previous + " and " + where
            + " have the same _file_id " + id + " (a 2^-64 chance), so their row ids would be ambiguous. "
            + "Rewrite one of the two files (rewrite_data_files) and run the statement again");
      }
    }
    return byId;
  }
}
