package io.datashard.spark.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The README's main job: a local Spark session with a Datashard catalog over a warehouse folder
 * creates a table partitioned by day, appends twice, reads with a filter, shows the table's history
 * and time-travels to the first snapshot.
 *
 * <p>Usage: {@code SparkQuickstart [warehouse] [master]}, defaults {@code ./warehouse} and
 * {@code local[*]}; the system properties {@value #WAREHOUSE_PROPERTY} and {@value #MASTER_PROPERTY}
 * do the same. Under {@code spark-submit} the master given there is kept. The table is dropped and
 * recreated on every run, so the output is the same each time (apart from snapshot ids and times).
 */
public final class SparkQuickstart {
  public static final String WAREHOUSE_PROPERTY = "datashard.quickstart.warehouse";
  public static final String MASTER_PROPERTY = "datashard.quickstart.master";
  public static final String CATALOG = "local";
  public static final String TABLE = CATALOG + ".quickstart.events";

  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("ts", DataTypes.TimestampType, true)
      .add("category", DataTypes.StringType, true)
      .add("amount", DataTypes.DoubleType, true);

  private static final Instant DAY_1 = LocalDate.of(2026, 11, 20).atStartOfDay(ZoneOffset.UTC).toInstant();
  private static final Instant DAY_2 = DAY_1.plusSeconds(86_400);

  /** One row of the example data. */
  public record Event(long id, Instant ts, String category, Double amount) {
    Row toRow() {
      return RowFactory.create(id, ts, category, amount);
    }

    static Event of(Row row) {
      return new Event(row.getLong(0), row.getAs(1), row.getString(2), row.isNullAt(3) ? null : row.getDouble(3));
    }
  }

  /** Rows of the first append: two on the first day, one on the second. */
  public static final List<Event> FIRST_APPEND = List.of(
      new Event(1, DAY_1.plusSeconds(60), "books", 12.5),
      new Event(2, DAY_1.plusSeconds(3_600), "games", 59.0),
      new Event(3, DAY_2.plusSeconds(120), "books", 8.25));

  /** Rows of the second append, both on the second day. */
  public static final List<Event> SECOND_APPEND = List.of(
      new Event(4, DAY_2.plusSeconds(7_200), null, 3.0),
      new Event(5, DAY_2.plusSeconds(9_000), "music", 17.75));

  /** The filter of the read step, as SQL. */
  public static final String FILTER = "ts >= TIMESTAMP '2026-11-21 00:00:00' AND category IS NOT NULL";

  /** What a run produced, for callers that check it (the test) rather than read it. */
  public record Result(long firstSnapshotId, long secondSnapshotId, List<Event> filtered, List<Event> firstVersion,
                       List<Event> current, List<Long> historySnapshotIds) {}

  private SparkQuickstart() {}

  public static void main(String[] args) {
    String warehouse = argument(args, 0, WAREHOUSE_PROPERTY, "warehouse");
    String master = argument(args, 1, MASTER_PROPERTY, null);
    run(warehouse, master, System.out);
  }

  private static String argument(String[] args, int position, String property, String fallback) {
    if (args.length > position && !args[position].isBlank()) {
      return args[position];
    }
    return System.getProperty(property, fallback);
  }

  /**
   * Runs the quickstart in a new Spark session (stopped at the end) against {@code warehouse},
   * printing each step to {@code out}. {@code master} may be null: then a master given to
   * spark-submit is kept, else {@code local[*]}.
   */
  public static Result run(String warehouse, String master, PrintStream out) {
    Objects.requireNonNull(warehouse, "warehouse is null");
    Objects.requireNonNull(out, "out is null");
    String root = Path.of(warehouse).toAbsolutePath().normalize().toString();
    SparkSession spark = session(root, master);
    try {
      return run(spark, root, out);
    } finally {
      spark.stop();
    }
  }

  private static SparkSession session(String warehouse, String master) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName("datashard-quickstart")
        .config("spark.sql.catalog." + CATALOG, "io.datashard.spark.SparkCatalog")
        .config("spark.sql.catalog." + CATALOG + ".type", "path")
        .config("spark.sql.catalog." + CATALOG + ".warehouse", warehouse)
        // readable, machine-independent output: days are UTC days, timestamps come back as Instants
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true");
    String effectiveMaster = master != null ? master : System.getProperty("spark.master", "local[*]");
    builder.master(effectiveMaster);
    if (effectiveMaster.startsWith("local")) {
      // a laptop on a VPN or with an odd hostname must not stop a local job: bind to loopback
      // unless the user chose otherwise
      setIfAbsent(builder, "spark.driver.host", "127.0.0.1");
      setIfAbsent(builder, "spark.driver.bindAddress", "127.0.0.1");
      setIfAbsent(builder, "spark.ui.enabled", "false");
    }
    return builder.getOrCreate();
  }

  private static void setIfAbsent(SparkSession.Builder builder, String key, String value) {
    if (System.getProperty(key) == null) {
      builder.config(key, value);
    }
  }

  static Result run(SparkSession spark, String warehouse, PrintStream out) {
    out.println("Datashard quickstart on Spark " + spark.version() + " (" + spark.sparkContext().master()
        + "), warehouse " + warehouse);

    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + CATALOG + ".quickstart");
    spark.sql("DROP TABLE IF EXISTS " + TABLE + " PURGE");
    spark.sql("CREATE TABLE " + TABLE + " (id BIGINT NOT NULL, ts TIMESTAMP, category STRING, amount DOUBLE) "
        + "USING datashard PARTITIONED BY (days(ts))");
    step(out, 1, "Created table " + TABLE + " at " + warehouse + "/quickstart/events, partitioned by days(ts)");

    try {
      spark.createDataFrame(rows(FIRST_APPEND), SCHEMA).writeTo(TABLE).append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Table " + TABLE + " was created above but cannot be found for the append", e);
    }
    long first = latestSnapshotId(spark);
    step(out, 2, "Appended " + FIRST_APPEND.size() + " rows with DataFrameWriterV2 (writeTo(...).append()): snapshot "
        + first);

    spark.createDataFrame(rows(SECOND_APPEND), SCHEMA).createOrReplaceTempView("new_events");
    spark.sql("INSERT INTO " + TABLE + " SELECT * FROM new_events");
    long second = latestSnapshotId(spark);
    step(out, 3, "Appended " + SECOND_APPEND.size() + " rows with SQL INSERT INTO: snapshot " + second);

    String filterQuery = "SELECT * FROM " + TABLE + " WHERE " + FILTER + " ORDER BY id";
    step(out, 4, "Read with a filter (files of other days are not opened): " + filterQuery);
    Dataset<Row> filtered = spark.sql(filterQuery);
    print(out, filtered);

    String historyQuery = "SELECT made_current_at, snapshot_id, parent_id, is_current_ancestor FROM " + TABLE
        + ".history ORDER BY made_current_at";
    step(out, 5, "History: " + historyQuery);
    Dataset<Row> history = spark.sql(historyQuery);
    print(out, history);
    String snapshotsQuery = "SELECT committed_at, snapshot_id, operation, summary['added-records'] AS added_records, "
        + "summary['total-records'] AS total_records FROM " + TABLE + ".snapshots ORDER BY committed_at";
    out.println("   and the snapshots: " + snapshotsQuery);
    print(out, spark.sql(snapshotsQuery));

    String travelQuery = "SELECT * FROM " + TABLE + " VERSION AS OF " + first + " ORDER BY id";
    step(out, 6, "Time travel to the first snapshot: " + travelQuery);
    Dataset<Row> firstVersion = spark.sql(travelQuery);
    print(out, firstVersion);

    List<Event> current = events(spark.sql("SELECT * FROM " + TABLE + " ORDER BY id"));
    out.println("Done: the current snapshot " + second + " has " + current.size() + " rows; snapshot " + first
        + " had " + FIRST_APPEND.size() + ".");
    List<Long> historyIds = new ArrayList<>();
    for (Row row : history.collectAsList()) {
      historyIds.add(row.getLong(1));
    }
    return new Result(first, second, events(filtered), events(firstVersion), current, historyIds);
  }

  private static void step(PrintStream out, int number, String text) {
    out.println();
    out.println("== " + number + ". " + text);
  }

  private static long latestSnapshotId(SparkSession spark) {
    return spark.sql("SELECT snapshot_id FROM " + TABLE + ".snapshots ORDER BY committed_at DESC, snapshot_id DESC LIMIT 1")
        .collectAsList().get(0).getLong(0);
  }

  private static List<Row> rows(List<Event> events) {
    List<Row> rows = new ArrayList<>(events.size());
    for (Event event : events) {
      rows.add(event.toRow());
    }
    return rows;
  }

  private static List<Event> events(Dataset<Row> frame) {
    List<Event> events = new ArrayList<>();
    for (Row row : frame.collectAsList()) {
      events.add(Event.of(row));
    }
    return events;
  }

  /** Prints a small result as an aligned text table (Dataset.show writes to System.out only). */
  private static void print(PrintStream out, Dataset<Row> frame) {
    String[] names = frame.columns();
    List<String[]> cells = new ArrayList<>();
    cells.add(names);
    for (Row row : frame.collectAsList()) {
      String[] line = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        line[i] = row.isNullAt(i) ? "null" : String.valueOf(row.get(i));
      }
      cells.add(line);
    }
    int[] widths = new int[names.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder("   |");
      for (int i = 0; i < line.length; i++) {
        text.append(' ').append(line[i]).append(" ".repeat(widths[i] - line[i].length())).append(" |");
      }
      out.println(text);
    }
    out.println("   (" + (cells.size() - 1) + (cells.size() == 2 ? " row)" : " rows)"));
  }
}
