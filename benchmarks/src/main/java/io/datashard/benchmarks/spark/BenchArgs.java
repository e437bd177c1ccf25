package io.datashard.benchmarks.spark;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;

/**
 * What the Spark benchmarks share: {@code --name value} options over defaults plus {@code --flag}
 * switches, and the local Spark session they run in.
 */
final class BenchArgs {
  private final Map<String, String> values;
  private final Set<String> flags;

  private BenchArgs(Map<String, String> values, Set<String> flags) {
    this.values = values;
    this.flags = flags;
  }

  /**
   * Parses {@code args} over {@code defaults} (every option a run knows, in the order the usage lists
   * them) and the switches in {@code knownFlags}.
   *
   * @throws IllegalArgumentException for an unknown option, or an option without a value
   */
  static BenchArgs parse(String[] args, Map<String, String> defaults, List<String> knownFlags) {
    Map<String, String> values = new LinkedHashMap<>(defaults);
    Set<String> flags = new TreeSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2) : arg;
      if (arg.startsWith("--") && knownFlags.contains(name)) {
        flags.add(name);
      } else if (arg.startsWith("--") && values.containsKey(name) && i + 1 < args.length) {
        values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("Unknown or incomplete argument '" + arg + "'; known: --"
            + String.join(" --", values.keySet()) + (knownFlags.isEmpty() ? "" : " --" + String.join(" --", knownFlags)));
      }
    }
    return new BenchArgs(values, flags);
  }

  String get(String name) {
    return values.get(name);
  }

  long getLong(String name) {
    return Long.parseLong(values.get(name));
  }

  int getInt(String name) {
    return Integer.parseInt(values.get(name));
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  Path path(String name) {
    return Paths.get(values.get(name)).toAbsolutePath();
  }

  /**
   * A comma-separated option whose every item is one of {@code known}.
   *
   * @throws IllegalArgumentException naming the unknown item and the known ones
   */
  List<String> list(String name, List<String> known, String what) {
    List<String> items = List.of(values.get(name).split(","));
    for (String item : items) {
      if (!known.contains(item)) {
        throw new IllegalArgumentException("Unknown " + what + " '" + item + "'; known: " + String.join(", ", known));
      }
    }
    return items;
  }

  /**
   * A local session as both benchmarks configure it: no UI, loopback driver, UTC, the given shuffle
   * partitions and Parquet codec, and Spark's scratch and warehouse folders under {@code dir}.
   */
  static SparkSession.Builder session(String appName, String master, int shufflePartitions, String codec, Path dir) {
    return SparkSession.builder()
        .master(master)
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.compression.codec", codec)
        .config("spark.local.dir", dir.resolve("spark-local").toString())
        .config("spark.sql.warehouse.dir", dir.resolve("spark-warehouse").toUri().toString());
  }
}
