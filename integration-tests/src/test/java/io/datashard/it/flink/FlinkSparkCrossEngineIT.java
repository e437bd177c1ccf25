package io.datashard.it.flink;

import static io.datashard.testing.ChildJvm.property;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.testing.ChildJvm;
import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's cross-engine acceptance: Flink (a MiniCluster in this JVM, SQL connector {@code datashard})
 * writes a partitioned table that Spark reads with {@code format("datashard")}, and Spark writes a
 * partitioned table that Flink reads, with int, bigint, string, double, decimal, date, timestamp
 * (with and without zone), boolean and null values, compared row by row with rows computed here.
 *
 * <p>The Spark half is {@code src/it/java/SparkCrossEngine.java}, run once in a child JVM on stock Spark
 * plus Datashard's Spark runtime jar: Spark's Hadoop client clashes with this module's test classpath.
 * It dumps what it read and what it wrote in a canonical text form ({@link #canonical}).
 */
class FlinkSparkCrossEngineIT {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
  private static final String[] CATEGORIES = {"alpha", "beta", "gamma"};

  @TempDir
  static Path temp;

  private static TableEnvironment streaming;
  private static TableEnvironment batch;
  private static Path flinkTable;
  private static Path sparkTable;

  private static boolean prepared;
  private static Throwable preparationFailure;

  /**
   * Runs once, before the first test: MiniClusterExtension points {@code getExecutionEnvironment()} at
   * the shared cluster only around each test (in {@code @BeforeAll} it would start a cluster per job).
   */
  @BeforeEach
  void prepareOnce() throws Exception {
    if (!prepared) {
      prepared = true;
      try {
        flinkWritesThenSparkReadsAndWrites();
      } catch (Throwable t) {
        preparationFailure = t;
      }
    }
    if (preparationFailure != null) {
      throw new AssertionError("Flink's write or the Spark program failed", preparationFailure);
    }
  }

  private static void flinkWritesThenSparkReadsAndWrites() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    streaming = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    StreamExecutionEnvironment batchEnv = StreamExecutionEnvironment.getExecutionEnvironment();
    batchEnv.setParallelism(2);
    batch = StreamTableEnvironment.create(batchEnv, EnvironmentSettings.inBatchMode());

    flinkTable = temp.resolve("flink-written");
    sparkTable = temp.resolve("spark-written");
    streaming.executeSql("CREATE TABLE flink_written (id INT, big BIGINT, name STRING, ratio DOUBLE, "
        + "amount DECIMAL(10, 2), event_date DATE, event_ts TIMESTAMP(6), flag BOOLEAN, category STRING) "
        + "PARTITIONED BY (category) WITH ('connector' = 'datashard', 'path' = '" + flinkTable + "')");
    streaming.executeSql("INSERT INTO flink_written VALUES " + String.join(", ", flinkRows().stream()
        .map(FlinkSparkCrossEngineIT::sqlTuple).toList())).await();

    Path runtimeJar = Path.of(property("datashard.spark.runtime.jar"));
    assertThat(runtimeJar).as("Datashard's Spark runtime jar (built by spark-connector's package phase)").exists();
    List<String> classpath = new ArrayList<>(ChildJvm.stockSparkClasspath(temp));
    classpath.add(runtimeJar.toString());
    List<String> command = new ArrayList<>();
    command.add(ChildJvm.java());
    command.addAll(Arrays.asList(property("datashard.child.jvm.flags").trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + property("datashard.child.log4j2"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(Path.of(property("datashard.it.sources"), "SparkCrossEngine.java").toString());
    command.add(flinkTable.toString());
    command.add(sparkTable.toString());
    command.add(temp.toString());
    ChildJvm.Run spark = ChildJvm.run(command, temp.resolve("spark.log"), 600);
    if (spark.exitCode() != 0 || !spark.output().contains("CROSS ENGINE OK")) {
      fail("The Spark program failed (exit code " + spark.exitCode() + "):\n" + tail(spark.output()));
    }
  }

  /** Flink's rows (id, big, name, ratio, amount, event_date, event_ts, flag, category), built in Java. */
  private static List<List<Object>> flinkRows() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = -5; i < 25; i++) {
      rows.add(Arrays.asList(i, i * 3_000_000_019L, i % 9 == 0 ? null : "flink-" + i + "-\u00fc", i / 4.0 - 3,
          i % 7 == 3 ? null : new BigDecimal(i * 101 + ".05"), LocalDate.of(1969, 12, 20).plusDays(i * 5L),
          LocalDateTime.of(1969, 12, 31, 22, 0, 0).plus(i * 5_432_109_876L, ChronoUnit.MICROS), i % 2 == 0,
          CATEGORIES[Math.floorMod(i, CATEGORIES.length)]));
    }
    return rows;
  }

  /**
   * The rows SparkCrossEngine generates with Spark SQL (id over range(0, 40)), computed here from the
   * same formulas: (id, big, name, ratio, amount, event_date, event_ts, local_ts, flag, region).
   */
  private static List<List<Object>> sparkRows() {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 0; id < 40; id++) {
      rows.add(Arrays.asList((int) id - 20, id * 1_000_000_007L, id % 9 == 0 ? null : "spark-" + id + "-\u00e9",
          (id - 20) / 8.0, id % 7 == 3 ? null : BigDecimal.valueOf(id - 20).multiply(new BigDecimal("1.125")),
          LocalDate.of(1969, 12, 20).plusDays(id * 3), Instant.EPOCH.plus(1767225600000000L + id * 3661000123L,
              ChronoUnit.MICROS), LocalDateTime.ofInstant(Instant.EPOCH.plus(-86400000000L + id * 7200000001L,
              ChronoUnit.MICROS), ZoneOffset.UTC), id % 3 == 0, new String[] {"north", "south", "east"}[(int) (id % 3)]));
    }
    return rows;
  }

  private static String sqlTuple(List<Object> row) {
    List<String> values = new ArrayList<>();
    values.add("CAST(" + row.get(0) + " AS INT)");
    values.add("CAST(" + row.get(1) + " AS BIGINT)");
    values.add(row.get(2) == null ? "CAST(NULL AS STRING)" : "'" + row.get(2) + "'");
    values.add("CAST(" + row.get(3) + " AS DOUBLE)");
    values.add(row.get(4) == null ? "CAST(NULL AS DECIMAL(10, 2))"
        : "CAST(" + ((BigDecimal) row.get(4)).toPlainString() + " AS DECIMAL(10, 2))");
    values.add("DATE '" + row.get(5) + "'");
    values.add("TIMESTAMP '" + SQL_TIMESTAMP.format((LocalDateTime) row.get(6)) + "'");
    values.add(row.get(7).toString().toUpperCase(Locale.ROOT));
    values.add("'" + row.get(8) + "'");
    return "(" + String.join(", ", values) + ")";
  }

  @Test
  void sparkReadsTheRowsFlinkWrote() throws Exception {
    Table table = new PathTables().load(flinkTable.toString());
    assertThat(table.spec().fields()).as("Flink's table is partitioned by category").hasSize(1);
    assertThat(read(temp.resolve("spark-read.schema")))
        .as("Spark's types for Flink's columns")
        .containsExactly("id INT,big BIGINT,name STRING,ratio DOUBLE,amount DECIMAL(10,2),event_date DATE,"
            + "event_ts TIMESTAMP_NTZ,flag BOOLEAN,category STRING");
    assertThat(sorted(read(temp.resolve("spark-read.txt"))))
        .as("rows Spark read from the table Flink wrote at " + flinkTable)
        .isEqualTo(canonicalRows(flinkRows()));
  }

  @Test
  void flinkReadsTheRowsSparkWrote() throws Exception {
    List<String> expected = canonicalRows(sparkRows());
    assertThat(sorted(read(temp.resolve("spark-wrote.txt"))))
        .as("rows Spark generated (checks that this test computes the same values as Spark SQL)")
        .isEqualTo(expected);
    Table table = new PathTables().load(sparkTable.toString());
    assertThat(table.spec().fields()).as("Spark's table is partitioned by region").hasSize(1);

    batch.executeSql("CREATE TABLE spark_written (id INT, big BIGINT, name STRING, ratio DOUBLE, "
        + "amount DECIMAL(12, 3), event_date DATE, event_ts TIMESTAMP_LTZ(6), local_ts TIMESTAMP(6), flag BOOLEAN, "
        + "region STRING) WITH ('connector' = 'datashard', 'path' = '" + sparkTable + "')");
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterator<Row> result = batch.executeSql("SELECT * FROM spark_written").collect()) {
      while (result.hasNext()) {
        Row row = result.next();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.getArity(); i++) {
          values.add(row.getField(i));
        }
        rows.add(values);
      }
    }
    assertThat(canonicalRows(rows)).as("rows Flink read from the table Spark wrote at " + sparkTable)
        .isEqualTo(expected);
  }

  private static List<String> canonicalRows(List<List<Object>> rows) {
    return sorted(rows.stream().map(row -> String.join("\t", row.stream().map(FlinkSparkCrossEngineIT::canonical)
        .toList())).toList());
  }

  /** The text form SparkCrossEngine dumps: both engines' values must print the same. */
  private static String canonical(Object value) {
    if (value == null) {
      return "\\N";
    } else if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    } else if (value instanceof LocalDateTime local) {
      return MICROS.format(local);
    } else if (value instanceof Instant instant) {
      return MICROS.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)) + "Z";
    } else if (value instanceof LocalDate || value instanceof Number || value instanceof Boolean
        || value instanceof String) {
      return value.toString();
    }
    throw new IllegalArgumentException("No canonical form for " + value.getClass().getName() + " value " + value);
  }

  private static List<String> read(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  private static String tail(String text) {
    return text.length() <= 20_000 ? text : "...\n" + text.substring(text.length() - 20_000);
  }
}
