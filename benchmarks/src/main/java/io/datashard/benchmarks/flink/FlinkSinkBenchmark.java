package io.datashard.benchmarks.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Sink throughput of Flink SQL in streaming mode with checkpoints: {@code INSERT INTO} a {@code
 * datashard} table and into Flink's own {@code filesystem} connector with the {@code parquet} format
 * (Apache Iceberg publishes no Flink 2.3 runtime, so Flink's Parquet writer is the peer), from the same
 * generated rows.
 *
 * <p>Rows (the shape of the Spark benchmark's): {@code id} BIGINT 0..rows-1, {@code ts} TIMESTAMP(6) =
 * 2026-01-01 plus a scrambled offset over 30 days, {@code category} = {@code cat_NN} with {@code NN = id *
 * 31 % 100} (100 values), {@code amount} DOUBLE = {@code (id * 7 % 10000) / 100.0}, {@code payload} = 50
 * hex characters of a SplitMix64 hash of the id (incompressible; cheaper to generate than the Spark
 * benchmark's MD5, so generation takes a smaller share of the measured time). A parallel {@code
 * fromSequence} source maps ids to rows, so both sinks get identical rows and the generator costs the same
 * for both.
 *
 * <p>Both sinks write Parquet with the same codec ({@code --codec}, zstd by default: Datashard's {@code
 * write.parquet.compression-codec}, Flink's {@code parquet.compression}), 128 MB row groups, 1 MB pages and
 * timestamps as INT64 micros (Flink's {@code parquet.write.int64.timestamp}; its default is INT96). Each
 * round writes a new table (Datashard) or directory (Flink) and is timed from job submission to job end,
 * which includes the final checkpoint that commits the last files. Every written table is read back
 * (untimed, batch mode) and checked: row count, {@code SUM(id)} and {@code SUM(CHAR_LENGTH(payload))}; a
 * mismatch exits non-zero. Written tables are deleted after the check.
 *
 * <p>Arguments: {@code --dir} (work folder), {@code --rows} (default 10,000,000), {@code --rounds}
 * (default 3), {@code --parallelism} (default 2), {@code --checkpoint-ms} (default 10,000), {@code
 * --codec} (default {@code zstd}; {@code snappy}, {@code gzip}, {@code lz4}, {@code uncompressed}),
 * {@code --systems} (default {@code parquet,datashard}). One untimed warm-up run per system (at most
 * 500,000 rows) comes first; within a round the systems run in an order that rotates from round to round.
 */
public final class FlinkSinkBenchmark {
  static final String COLUMNS = "id BIGINT NOT NULL, ts TIMESTAMP(6), category STRING, amount DOUBLE, payload STRING";
  static final int PAYLOAD_CHARS = 50;
  private static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long SPAN_MICROS = 30L * 24 * 3600 * 1_000_000;
  private static final long SCRAMBLE = 2_654_435_761L;

  private FlinkSinkBenchmark() {}

  /** One measured result: the median of the rounds, and the bytes of data files the last round wrote. */
  record Result(String system, long rows, double medianSeconds, double[] seconds, long dataBytes, int dataFiles) {
    double rowsPerSecond() {
      return rows / medianSeconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path dir = Paths.get(options.getOrDefault("dir", "benchmarks/target/flink-bench")).toAbsolutePath();
    long rows = Long.parseLong(options.getOrDefault("rows", "10000000"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "2"));
    long checkpointMillis = Long.parseLong(options.getOrDefault("checkpoint-ms", "10000"));
    String codec = options.getOrDefault("codec", "zstd");
    List<String> systems = List.of(options.getOrDefault("systems", "parquet,datashard").split(","));
    List<Result> results = run(dir, rows, rounds, parallelism, checkpointMillis, codec, systems,
        Math.min(rows, 500_000));
    print(results, codec, checkpointMillis, parallelism);
  }

  /**
   * Runs the benchmark on one MiniCluster; throws {@link IllegalStateException} when a system wrote
   * wrong rows. {@code warmUpRows} of 0 skips the warm-up.
   */
  static List<Result> run(Path dir, long rows, int rounds, int parallelism, long checkpointMillis, String codec,
      List<String> systems, long warmUpRows) throws Exception {
    Path work = dir.resolve("sink-" + rows);
    delete(work);
    Files.createDirectories(work);
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build())) {
      cluster.start();
      URI rest = cluster.getRestAddress().get();
      StreamExecutionEnvironment streaming = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(),
          rest.getPort(), new Configuration());
      streaming.setParallelism(parallelism);
      streaming.enableCheckpointing(checkpointMillis);
      StreamTableEnvironment writes = StreamTableEnvironment.create(streaming, EnvironmentSettings.inStreamingMode());
      StreamExecutionEnvironment batch = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(),
          rest.getPort(), new Configuration());
      batch.setParallelism(parallelism);
      TableEnvironment reads = StreamTableEnvironment.create(batch, EnvironmentSettings.inBatchMode());

      Map<String, double[]> seconds = new LinkedHashMap<>();
      Map<String, long[]> written = new LinkedHashMap<>();
      if (warmUpRows > 0) {
        defineSource(writes, streaming, warmUpRows);
        for (String system : systems) {
          write(writes, reads, work.resolve("warm-up-" + system), system, codec, warmUpRows);
        }
      }
      defineSource(writes, streaming, rows);
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < systems.size(); i++) {
          String system = systems.get((i + round) % systems.size());
          Path target = work.resolve(system + "-" + round);
          long start = System.nanoTime();
          long[] files = write(writes, reads, target, system, codec, rows);
          seconds.computeIfAbsent(system, s -> new double[rounds])[round] = files[2] / 1e9;
          written.put(system, files);
          System.out.printf(Locale.ROOT, "round %d %-10s %6.2f s (%,d bytes in %d data files; %.1f s with the check)%n",
              round, system, files[2] / 1e9, files[0], files[1], (System.nanoTime() - start) / 1e9);
        }
      }
      List<Result> results = new ArrayList<>();
      for (String system : systems) {
        double[] times = seconds.get(system).clone();
        Arrays.sort(times);
        results.add(new Result(system, rows, times[rounds / 2], seconds.get(system), written.get(system)[0],
            (int) written.get(system)[1]));
      }
      return results;
    } finally {
      delete(work);
    }
  }

  /** Registers view {@code generated}: rows 0 .. rows-1 from a parallel sequence source. */
  private static void defineSource(StreamTableEnvironment sql, StreamExecutionEnvironment env, long rows) {
    RowType type = RowType.of(new org.apache.flink.table.types.logical.LogicalType[] {
        new BigIntType(false), new TimestampType(6), VarCharType.STRING_TYPE, new DoubleType(), VarCharType.STRING_TYPE},
        new String[] {"id", "ts", "category", "amount", "payload"});
    DataStream<RowData> generated = env.fromSequence(0, rows - 1).map(new Generator(rows))
        .returns(InternalTypeInfo.of(type));
    sql.dropTemporaryView("generated");
    sql.createTemporaryView("generated", generated);
  }

  /**
   * Writes the generated rows to a new table of {@code system} at {@code target}, checks them, deletes
   * them; returns {bytes of data files, data files, nanoseconds of the write job}.
   */
  private static long[] write(StreamTableEnvironment writes, TableEnvironment reads, Path target, String system,
      String codec, long rows) throws Exception {
    String table = "sink_" + system;
    String with = switch (system) {
      case "datashard" -> "'connector' = 'datashard', 'path' = '" + target + "', 'write.parquet.compression-codec' = '"
          + codec + "'";
      case "parquet" -> "'connector' = 'filesystem', 'path' = '" + target.toUri() + "', 'format' = 'parquet',"
          + " 'parquet.compression' = '" + codec.toUpperCase(Locale.ROOT) + "', 'parquet.write.int64.timestamp' = 'true',"
          + " 'parquet.timestamp.time.unit' = 'micros'";
      default -> throw new IllegalArgumentException("Unknown system " + system + ": expected parquet or datashard");
    };
    for (TableEnvironment sql : List.of(writes, reads)) {
      sql.executeSql("DROP TABLE IF EXISTS " + table);
      sql.executeSql("CREATE TABLE " + table + " (" + COLUMNS + ") WITH (" + with + ")");
    }
    long start = System.nanoTime();
    writes.executeSql("INSERT INTO " + table + " SELECT * FROM generated").await();
    long nanos = System.nanoTime() - start;
    check(reads, table, system, rows);
    long[] files = dataFiles(system.equals("datashard") ? target.resolve("data") : target);
    delete(target);
    return new long[] {files[0], files[1], nanos};
  }

  /** Reads the table back: count, sum of ids and payload characters must match the generator. */
  private static void check(TableEnvironment sql, String table, String system, long rows) throws Exception {
    String expected = expected(rows);
    try (CloseableIterator<Row> result = sql.executeSql(
        "SELECT COUNT(*), SUM(id), SUM(CAST(CHAR_LENGTH(payload) AS BIGINT)) FROM " + table).collect()) {
      Row row = result.next();
      String got = row.getField(0) + "/" + row.getField(1) + "/" + row.getField(2);
      if (!got.equals(expected)) {
        throw new IllegalStateException("WRONG RESULT: " + system + " wrote rows that read back as count/sum(id)/chars "
            + got + ", expected " + expected);
      }
    }
  }

  /** count/sum(id)/payload characters of rows 0 .. rows-1. */
  static String expected(long rows) {
    return rows + "/" + (rows * (rows - 1) / 2) + "/" + rows * PAYLOAD_CHARS;
  }

  /** {bytes, count} of the Parquet data files under {@code dir} (not hidden, not metadata). */
  private static long[] dataFiles(Path dir) throws IOException {
    long[] result = new long[2];
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().startsWith("_"))
          .forEach(f -> {
            try {
              result[0] += Files.size(f);
              result[1] += 1;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return result;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static void print(List<Result> results, String codec, long checkpointMillis, int parallelism) {
    System.out.println();
    System.out.printf(Locale.ROOT, "sink: %,d rows, parallelism %d, checkpoint every %d ms, %s%n",
        results.get(0).rows(), parallelism, checkpointMillis, codec);
    System.out.printf(Locale.ROOT, "%-10s %10s %14s %14s %6s  %s%n", "system", "median s", "rows/s", "data bytes",
        "files", "rounds (s)");
    Map<String, Double> throughput = new LinkedHashMap<>();
    for (Result result : results) {
      System.out.printf(Locale.ROOT, "%-10s %10.2f %,14.0f %,14d %6d  %s%n", result.system(), result.medianSeconds(),
          result.rowsPerSecond(), result.dataBytes(), result.dataFiles(), Arrays.toString(result.seconds()));
      throughput.put(result.system(), result.rowsPerSecond());
    }
    if (throughput.containsKey("datashard") && throughput.containsKey("parquet")) {
      System.out.printf(Locale.ROOT, "sink       datashard / flink-parquet throughput: %.2fx%n",
          throughput.get("datashard") / throughput.get("parquet"));
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Usage: FlinkSinkBenchmark [--dir D] [--rows N] [--rounds R]"
            + " [--parallelism P] [--checkpoint-ms C] [--codec zstd] [--systems parquet,datashard]; got "
            + String.join(" ", args));
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  /** Maps an id to its row; deterministic, so every system gets the same rows. */
  static final class Generator implements MapFunction<Long, RowData> {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final StringData[] CATEGORIES = new StringData[100];

    static {
      for (int i = 0; i < CATEGORIES.length; i++) {
        CATEGORIES[i] = StringData.fromString(String.format(Locale.ROOT, "cat_%02d", i));
      }
    }

    private final long rows;
    private final long stepMicros;

    Generator(long rows) {
      this.rows = Math.max(1, rows);
      this.stepMicros = Math.max(1, SPAN_MICROS / this.rows);
    }

    @Override
    public RowData map(Long boxed) {
      long id = boxed;
      long micros = ((id * SCRAMBLE) % rows) * stepMicros;
      TimestampData ts = TimestampData.fromEpochMillis(START_MILLIS + micros / 1000, (int) (micros % 1000) * 1000);
      return GenericRowData.of(id, ts, CATEGORIES[(int) ((id * 31) % 100)], ((id * 7) % 10_000) / 100.0,
          StringData.fromBytes(payload(id)));
    }

    /** 50 hex characters from four SplitMix64 steps seeded by the id. */
    static byte[] payload(long id) {
      byte[] chars = new byte[PAYLOAD_CHARS];
      long state = id;
      int at = 0;
      while (at < PAYLOAD_CHARS) {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        for (int nibble = 0; nibble < 16 && at < PAYLOAD_CHARS; nibble++) {
          chars[at++] = HEX[(int) (z >>> (60 - 4 * nibble)) & 0xF];
        }
      }
      return chars;
    }
  }
}
