package io.datashard.benchmarks.flink;

import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableWriter;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Bounded-scan throughput of Flink SQL (batch mode) over the same Parquet files: Datashard's
 * {@code datashard} connector reading the table, and Flink's own {@code filesystem} connector with the
 * {@code parquet} format reading the table's data directory (Apache Iceberg publishes no Flink 2.3
 * runtime, so Flink's Parquet reader is the peer). Both read the identical files, written once by
 * Datashard's writer.
 *
 * <p>Workloads: {@code full-scan} ({@code INSERT INTO blackhole SELECT *}: every column of every row
 * decoded and handed to a sink) and {@code aggregate} ({@code SELECT COUNT(*), SUM(amount), MAX(id)}:
 * two columns projected). Each is run {@code --rounds} times per system after one warm-up; the median
 * is reported. Results of the aggregate are checked to be equal between systems and to the generated
 * data; a mismatch exits non-zero.
 *
 * <p>Arguments: {@code --dir} (where the table goes), {@code --rows} (default 10,000,000), {@code
 * --rounds} (default 3), {@code --parallelism} (default 2), {@code --file-size-mb} (default 64),
 * {@code --workloads} (default {@code full-scan,aggregate}), {@code --systems} (default {@code parquet,datashard}).
 */
public final class FlinkScanBenchmark {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.StringType.get()),
      Types.NestedField.optional(3, "name", Types.StringType.get()),
      Types.NestedField.optional(4, "amount", Types.DoubleType.get()),
      Types.NestedField.optional(5, "qty", Types.IntegerType.get()),
      Types.NestedField.optional(6, "created", Types.LongType.get())));
  private static final String COLUMNS =
      "id BIGINT NOT NULL, category STRING, name STRING, amount DOUBLE, qty INT, created BIGINT";
  private static final String[] CATEGORIES = {"books", "music", "games", "garden", "tools", "toys", "food", "sports"};

  private static List<String> workloads = List.of("full-scan", "aggregate");
  private static List<String> systems = List.of("parquet", "datashard");

  private FlinkScanBenchmark() {}

  /** One measured result. */
  record Result(String workload, String system, long rows, double medianSeconds, String checksum) {
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
    long fileSizeMb = Long.parseLong(options.getOrDefault("file-size-mb", "64"));
    workloads = List.of(options.getOrDefault("workloads", "full-scan,aggregate").split(","));
    systems = List.of(options.getOrDefault("systems", "parquet,datashard").split(","));
    List<Result> results = run(dir, rows, rounds, parallelism, fileSizeMb);
    print(results);
    check(results, rows);
  }

  static List<Result> run(Path dir, long rows, int rounds, int parallelism, long fileSizeMb) throws Exception {
    String location = dir.resolve("table-" + rows).toString();
    if (!new PathTables().exists(location)) {
      long start = System.nanoTime();
      generate(location, rows, fileSizeMb);
      System.out.printf(Locale.ROOT, "generated %,d rows in %.1f s at %s%n", rows, (System.nanoTime() - start) / 1e9,
          location);
    }
    // one cluster for every job, so that cluster start-up is not part of any measurement
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build())) {
      cluster.start();
      URI rest = cluster.getRestAddress().get();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(),
          rest.getPort(), new Configuration());
      env.setParallelism(parallelism);
      return measure(StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode()), location, rows, rounds);
    }
  }

  private static List<Result> measure(TableEnvironment sql, String location, long rows, int rounds) throws Exception {
    sql.executeSql("CREATE TABLE datashard_t (" + COLUMNS + ") WITH ('connector' = 'datashard', 'path' = '"
        + location + "')");
    sql.executeSql("CREATE TABLE parquet_t (" + COLUMNS + ") WITH ('connector' = 'filesystem', 'path' = '"
        + Paths.get(location, "data").toUri() + "', 'format' = 'parquet')");
    sql.executeSql("CREATE TABLE sink_t (" + COLUMNS + ") WITH ('connector' = 'blackhole')");

    List<Result> results = new ArrayList<>();
    for (String workload : workloads) {
      for (String system : systems) {
        String table = system + "_t";
        String query = workload.equals("full-scan") ? "INSERT INTO sink_t SELECT * FROM " + table
            : "SELECT COUNT(*), SUM(amount), MAX(id) FROM " + table;
        String checksum = execute(sql, query, workload);
        double[] seconds = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          long start = System.nanoTime();
          checksum = execute(sql, query, workload);
          seconds[round] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        results.add(new Result(workload, system, rows, seconds[rounds / 2], checksum));
        System.out.printf(Locale.ROOT, "%-10s %-10s %s%n", workload, system, Arrays.toString(seconds));
      }
    }
    return results;
  }

  private static String execute(TableEnvironment sql, String query, String workload) throws Exception {
    if (workload.equals("full-scan")) {
      sql.executeSql(query).await();
      return "";
    }
    try (CloseableIterator<Row> rows = sql.executeSql(query).collect()) {
      Row row = rows.next();
      return row.getField(0) + "/" + String.format(Locale.ROOT, "%.2f", (Double) row.getField(1)) + "/" + row.getField(2);
    }
  }

  /** Writes the table with Datashard's writer: rows with a deterministic mix of values. */
  static void generate(String location, long rows, long fileSizeMb) throws Exception {
    Files.createDirectories(Paths.get(location).getParent());
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("write.target-file-size-bytes", Long.toString(fileSizeMb * 1024 * 1024));
    Table table = new PathTables().create(SCHEMA, PartitionSpec.unpartitioned(), properties, location);
    Record row = GenericRecord.create(SCHEMA);
    try (TableWriter writer = TableWriter.append(table)) {
      for (long id = 0; id < rows; id++) {
        row.set(0, id);
        row.set(1, CATEGORIES[(int) (id % CATEGORIES.length)]);
        row.set(2, id % 10 == 0 ? null : "customer-" + (id * 7919 % 1_000_003));
        row.set(3, amount(id));
        row.set(4, (int) (id % 100));
        row.set(5, 1_760_000_000_000L + id * 1000);
        writer.write(row);
      }
      writer.commit();
    }
  }

  static double amount(long id) {
    return (id % 10_000) / 100.0;
  }

  /** The aggregate's expected checksum, computed from the generator. */
  static String expectedChecksum(long rows) {
    double sum = 0;
    for (long id = 0; id < rows; id++) {
      sum += amount(id);
    }
    return rows + "/" + String.format(Locale.ROOT, "%.2f", sum) + "/" + (rows - 1);
  }

  private static void print(List<Result> results) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-10s %-10s %12s %14s%n", "workload", "system", "median s", "rows/s");
    Map<String, Double> parquet = new LinkedHashMap<>();
    for (Result result : results) {
      System.out.printf(Locale.ROOT, "%-10s %-10s %12.2f %,14.0f%n", result.workload(), result.system(),
          result.medianSeconds(), result.rowsPerSecond());
      if (result.system().equals("parquet")) {
        parquet.put(result.workload(), result.rowsPerSecond());
      }
    }
    for (Result result : results) {
      if (result.system().equals("datashard")) {
        System.out.printf(Locale.ROOT, "%-10s datashard / flink-parquet throughput: %.2fx%n", result.workload(),
            result.rowsPerSecond() / parquet.getOrDefault(result.workload(), Double.NaN));
      }
    }
  }

  /** Fails (exit 1) when a system's aggregate differs from the generated data. */
  static void check(List<Result> results, long rows) {
    String expected = expectedChecksum(rows);
    for (Result result : results) {
      if (result.workload().equals("aggregate") && !result.checksum().equals(expected)) {
        System.err.println("WRONG RESULT: " + result.system() + " returned " + result.checksum() + ", expected " + expected);
        System.exit(1);
      }
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Usage: FlinkScanBenchmark [--dir D] [--rows N] [--rounds R]"
            + " [--parallelism P] [--file-size-mb M]; got " + String.join(" ", args));
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
