import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark half of FlinkSparkCrossEngineIT, run as a single source file in a child JVM on stock
 * Spark plus Datashard's Spark runtime jar (Spark's Hadoop client clashes with this module's test
 * classpath). Arguments: the table Flink wrote, the location of the table to write, and the directory
 * for the dumps. It reads Flink's table with {@code format("datashard")} into {@code spark-read.txt},
 * then writes its own generated rows with {@code format("datashard")} and dumps them into
 * {@code spark-wrote.txt}: one line per row, values separated by tabs, in the canonical form the test
 * also produces ({@code \N} for null, decimals in plain notation, timestamps with six fractional
 * digits, {@code Z} after instants).
 */
public final class SparkCrossEngine {
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  /** Flink's table, in the test's column order. */
  private static final String[] FLINK_COLUMNS = {"id", "big", "name", "ratio", "amount", "event_date", "event_ts", "flag",
      "category"};

  /**
   * Spark's own rows; FlinkSparkCrossEngineIT computes the same values in Java from the same
   * formulas. Every column is nullable or not as Spark derives it; the session time zone is UTC.
   */
  private static final String SPARK_ROWS = "SELECT CAST(id AS INT) - 20 AS id, id * 1000000007 AS big, "
      + "CASE WHEN id % 9 = 0 THEN NULL ELSE concat('spark-', CAST(id AS STRING), '-\u00e9') END AS name, "
      + "CAST(id - 20 AS DOUBLE) / 8 AS ratio, "
      + "CASE WHEN id % 7 = 3 THEN NULL ELSE CAST((id - 20) * 1.125 AS DECIMAL(12, 3)) END AS amount, "
      + "date_add(DATE '1969-12-20', CAST(id AS INT) * 3) AS event_date, "
      + "timestamp_micros(1767225600000000 + id * 3661000123) AS event_ts, "
      + "CAST(timestamp_micros(-86400000000 + id * 7200000001) AS TIMESTAMP_NTZ) AS local_ts, "
      + "id % 3 = 0 AS flag, "
      + "CASE id % 3 WHEN 0 THEN 'north' WHEN 1 THEN 'south' ELSE 'east' END AS region "
      + "FROM range(0, 40)";

  public static void main(String[] args) throws IOException {
    String flinkTable = args[0];
    String sparkTable = args[1];
    Path out = Path.of(args[2]);
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("datashard-flink-spark-cross-engine")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        // dates as LocalDate and TIMESTAMP as Instant, so the dump never depends on the JVM's zone
        .config("spark.sql.datetime.java8API.enabled", "true")
        .getOrCreate();
    try {
      Dataset<Row> read = spark.read().format("datashard").load(flinkTable).selectExpr(FLINK_COLUMNS);
      Files.writeString(out.resolve("spark-read.schema"), read.schema().toDDL() + "\n", StandardCharsets.UTF_8);
      dump(read, out.resolve("spark-read.txt"));
      System.out.println("ok: spark read " + flinkTable);

      Dataset<Row> rows = spark.sql(SPARK_ROWS);
      rows.write().format("datashard").partitionBy("region").save(sparkTable);
      dump(rows, out.resolve("spark-wrote.txt"));
      System.out.println("ok: spark wrote " + sparkTable);
    } finally {
      spark.stop();
    }
    System.out.println("CROSS ENGINE OK");
  }

  private static void dump(Dataset<Row> rows, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        values.add(canonical(row.get(i)));
      }
      lines.add(String.join("\t", values));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

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
}
