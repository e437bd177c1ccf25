package io.datashard.benchmarks.spark;

import io.datashard.benchmarks.spark.SparkRowLevelReport.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;

/**
 * Spark row-level benchmark: Apache Iceberg 1.12 (its Spark runtime and SQL extensions, a hadoop
 * catalog) and Datashard (its Spark catalog) side by side in one JVM and one Spark session, on the rows
 * of the Spark benchmark ({@link BenchData}). For every mode, round and system a fresh table of the same
 * rows is written (untimed), then five steps are timed in order:
 *
 * <ol>
 *   <li>{@code scan-before}: the full-scan aggregation of {@link RowLevelExpected#aggregation()};
 *   <li>{@code delete}: {@code DELETE FROM t WHERE id % 100 = 0} (1 % of the rows, in every data file);
 *   <li>{@code scan-after-delete};
 *   <li>{@code merge}: {@code MERGE INTO t USING src ON t.id = src.id WHEN MATCHED THEN UPDATE SET amount,
 *       payload WHEN NOT MATCHED THEN INSERT *}, where {@code src} (a plain Parquet folder written once,
 *       untimed) holds 1 % of the ids, spread over every data file, with new amounts, and 1 % new ids;
 *   <li>{@code scan-after-merge}.
 * </ol>
 *
 * <p>Modes: {@code cow-v2} (copy-on-write, format version 2), {@code mor-v2} (merge-on-read, position
 * delete files), {@code mor-v3} (merge-on-read, format version 3: deletion vectors), chosen for both
 * systems by the same table properties ({@code format-version}, {@code write.delete.mode},
 * {@code write.update.mode}, {@code write.merge.mode}). Every scan is checked against answers computed
 * in Java (row count, id sum, payload characters, updated rows), so the DELETE and the MERGE are checked
 * too. The system order rotates from round to round and from mode to mode.
 *
 * <p>Run it like {@link SparkBenchmark}, on {@code target/spark-benchmark.classpath}
 * ({@code benchmarks/run-spark-rowlevel-benchmark.sh}).
 *
 * <pre>
 * --rows 10000000 --rounds 3 --warmup-rows 200000 --slices 8 --modes cow-v2,mor-v2,mor-v3
 * --systems iceberg,datashard --dir DIR --master local[2] --shuffle-partitions 8 --codec zstd --keep
 * </pre>
 */
public final class SparkRowLevelBenchmark {
  static final List<String> MODES = List.of("cow-v2", "mor-v2", "mor-v3");

  /** Settings of a run. */
  record Options(Path dir, long rows, int rounds, long warmupRows, int slices, List<String> modes,
      List<String> systems, String master, int shufflePartitions, String codec, boolean keep) {
    static Options parse(String[] args) {
      Map<String, String> defaults = new LinkedHashMap<>();
      defaults.put("dir", "benchmarks/target/spark-rowlevel-bench");
      defaults.put("rows", "10000000");
      defaults.put("rounds", "3");
      defaults.put("warmup-rows", "200000");
      defaults.put("slices", "8");
      defaults.put("modes", String.join(",", MODES));
      defaults.put("systems", "iceberg,datashard");
      defaults.put("master", "local[2]");
      defaults.put("shuffle-partitions", "8");
      defaults.put("codec", "zstd");
      BenchArgs values = BenchArgs.parse(args, defaults, List.of("keep"));
      return new Options(values.path("dir"), values.getLong("rows"), values.getInt("rounds"),
          values.getLong("warmup-rows"), values.getInt("slices"), values.list("modes", MODES, "mode"),
          values.list("systems", List.of("iceberg", "datashard"), "system"), values.get("master"),
          values.getInt("shuffle-partitions"), values.get("codec"), values.flag("keep"));
    }
  }

  private final Options options;
  private final List<BenchSystem> systems = new ArrayList<>();
  private final SparkRowLevelReport report = new SparkRowLevelReport();

  private SparkRowLevelBenchmark(Options options) {
    this.options = options;
    for (String name : options.systems()) {
      Path root = options.dir().resolve(name);
      systems.add(name.equals("iceberg")
          ? BenchSystem.catalog("iceberg", "iceberg_bench", "org.apache.iceberg.spark.SparkCatalog", "hadoop", root)
          : BenchSystem.catalog("datashard", "datashard_bench", "io.datashard.spark.SparkCatalog", "path", root));
    }
  }

  public static void main(String[] args) {
    Options options = Options.parse(args);
    SparkRowLevelReport report = run(options);
    System.out.println();
    System.out.printf(Locale.ROOT, "Spark row-level benchmark: %,d rows, %d rounds, %s, codec %s%n",
        options.rows(), options.rounds(), options.master(), options.codec());
    System.out.print(report.table(options.modes(), options.systems()));
  }

  /** Runs the benchmark and returns every measurement; throws if any system returned wrong rows. */
  static SparkRowLevelReport run(Options options) {
    SparkRowLevelBenchmark benchmark = new SparkRowLevelBenchmark(options);
    benchmark.deleteOwnFolders();
    SparkSession.Builder builder = BenchArgs.session("datashard-spark-rowlevel-benchmark", options.master(),
            options.shufflePartitions(), options.codec(), options.dir())
        // Iceberg's documented setup for row-level SQL; Datashard needs no extension (Spark's own rewrite)
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    benchmark.systems.forEach(system -> system.configure(builder));
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      for (BenchSystem system : benchmark.systems) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalogOf(system) + "." + BenchSystem.NAMESPACE);
      }
      if (options.warmupRows() > 0) {
        long warmupRows = Math.min(options.warmupRows(), options.rows());
        System.out.printf(Locale.ROOT, "warm-up: every mode once per system on %,d rows%n", warmupRows);
        benchmark.runAll(spark, "warm_", warmupRows, 1, false);
      }
      benchmark.runAll(spark, "", options.rows(), options.rounds(), true);
    } finally {
      spark.stop();
      if (!options.keep()) {
        benchmark.deleteOwnFolders();
      }
    }
    return benchmark.report;
  }

  /** Only the folders the benchmark creates, never the rest of {@code --dir}. */
  private void deleteOwnFolders() {
    for (String folder : List.of("iceberg", "datashard", "merge-source", "spark-local", "spark-warehouse")) {
      SparkBenchmark.deleteRecursively(options.dir().resolve(folder));
    }
  }

  private static String catalogOf(BenchSystem system) {
    return system.name().equals("iceberg") ? "iceberg_bench" : "datashard_bench";
  }

  private static String identifier(BenchSystem system, String table) {
    return catalogOf(system) + "." + BenchSystem.NAMESPACE + "." + table;
  }

  private void runAll(SparkSession spark, String prefix, long rows, int rounds, boolean record) {
    String source = writeMergeSource(spark, prefix, rows);
    for (int round = 1; round <= rounds; round++) {
      for (int m = 0; m < options.modes().size(); m++) {
        String mode = options.modes().get(m);
        for (int k = 0; k < systems.size(); k++) {
          // rotate the order, so that no system always runs first or right after the same one
          BenchSystem system = systems.get((k + round - 1 + m) % systems.size());
          String table = prefix + mode.replace('-', '_') + "_r" + round;
          runSteps(spark, system, mode, table, source, rows, round, record);
          SparkBenchmark.deleteRecursively(system.location(table));
        }
      }
    }
  }

  /** The MERGE's source as a plain Parquet folder (untimed, shared by both systems); returns its view name. */
  private String writeMergeSource(SparkSession spark, String prefix, long rows) {
    Path folder = options.dir().resolve("merge-source").resolve(prefix + "rows_" + rows);
    Dataset<Row> updates = BenchData.rows(spark, 0, rows, options.slices(), rows)
        .where("id % " + RowLevelExpected.DELETE_MODULUS + " = " + RowLevelExpected.UPDATE_REMAINDER)
        .selectExpr("id", "ts", "category", "amount + " + RowLevelExpected.UPDATE_AMOUNT_DELTA + " AS amount",
            "payload");
    Dataset<Row> inserts = BenchData.rows(spark, rows, RowLevelExpected.insertedRows(rows), 1, rows);
    updates.unionByName(inserts).coalesce(1).write().parquet(folder.toString());
    String view = prefix + "merge_source";
    spark.read().parquet(folder.toString()).createOrReplaceTempView(view);
    return view;
  }

  private void runSteps(SparkSession spark, BenchSystem system, String mode, String table, String source, long rows,
      int round, boolean record) {
    String id = identifier(system, table);
    create(spark, id, mode, rows);
    String what = system.name() + " " + mode + " round " + round;
    for (Step step : Step.values()) {
      long nanos = switch (step) {
        case SCAN_BEFORE -> scan(system, table, what + " scan before", RowLevelExpected.before(rows));
        case DELETE -> timed(() -> spark.sql("DELETE FROM " + id + " WHERE id % " + RowLevelExpected.DELETE_MODULUS
            + " = 0"));
        case SCAN_AFTER_DELETE -> scan(system, table, what + " scan after delete", RowLevelExpected.afterDelete(rows));
        case MERGE -> timed(() -> spark.sql("MERGE INTO " + id + " t USING " + source + " s ON t.id = s.id "
            + "WHEN MATCHED THEN UPDATE SET t.amount = s.amount, t.payload = s.payload "
            + "WHEN NOT MATCHED THEN INSERT *"));
        case SCAN_AFTER_MERGE -> scan(system, table, what + " scan after merge", RowLevelExpected.afterMerge(rows));
      };
      String label = (record ? "" : "warm-up ") + mode + " " + step.label();
      // the wall-clock end lets a profile (JFR) be cut into steps
      System.out.printf(Locale.ROOT, "round %d %-32s %-10s %8.3f s  ends %s%n", round, label, system.name(), nanos / 1e9,
          java.time.LocalTime.now(java.time.ZoneOffset.UTC));
      if (record) {
        SparkRowLevelReport.Measurement m = new SparkRowLevelReport.Measurement(mode, step, system.name(), round, nanos);
        report.add(m);
        System.out.println(m.line());
      }
    }
  }

  /** A fresh table of the benchmark rows with the mode's properties (untimed). */
  private void create(SparkSession spark, String id, String mode, long rows) {
    String writeMode = mode.startsWith("cow") ? "copy-on-write" : "merge-on-read";
    try {
      BenchData.rows(spark, 0, rows, options.slices(), rows).writeTo(id)
          .tableProperty("format-version", mode.substring(mode.length() - 1))
          .tableProperty("write.delete.mode", writeMode)
          .tableProperty("write.update.mode", writeMode)
          .tableProperty("write.merge.mode", writeMode)
          .create();
    } catch (TableAlreadyExistsException e) {
      throw new IllegalStateException("Table " + id + " is left from an earlier run; delete " + options.dir(), e);
    }
  }

  private long scan(BenchSystem system, String table, String what, RowLevelExpected expected) {
    long start = startClock();
    Row row = system.read(table).selectExpr(RowLevelExpected.aggregation()).collectAsList().get(0);
    long nanos = System.nanoTime() - start;
    expected.check(what, row);
    return nanos;
  }

  private static long timed(Runnable action) {
    long start = startClock();
    action.run();
    return System.nanoTime() - start;
  }

  /** Collects garbage first, so that one system's garbage is not paid for by the next. */
  private static long startClock() {
    System.gc();
    return System.nanoTime();
  }
}
