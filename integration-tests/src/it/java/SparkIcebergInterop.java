import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One Spark session with Apache Iceberg's Spark runtime and Datashard's, the way a user has both
 * (stock Spark plus the two runtime jars). Run by SparkIcebergInteropIT as a single source file in a
 * child JVM, because Iceberg's Spark runtime bundles Iceberg classes that clash with the Iceberg
 * 1.10 jars this module's other tests use. Each scenario prints {@code ok: <name>}; a mismatch
 * throws, which exits non-zero.
 */
public final class SparkIcebergInterop {
  private static final String ROWS = "SELECT id, CAST(id % 4 AS INT) AS part, concat('name-', CAST(id AS STRING)) AS name, "
      + "TIMESTAMP '2026-11-18 00:00:00' + make_interval(0, 0, 0, CAST(id % 5 AS INT), CAST(id % 24 AS INT), 0, 0) AS ts, "
      + "CASE WHEN id % 7 = 0 THEN NULL ELSE id * 1.5D END AS amount FROM range(0, 300)";

  private static SparkSession spark;
  private static Path dir;
  private static final List<String> failures = new ArrayList<>();

  public static void main(String[] args) {
    dir = Path.of(args[0]);
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("datashard-iceberg-interop")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog.ice", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.ice.type", "hadoop")
        .config("spark.sql.catalog.ice.warehouse", dir.resolve("iceberg-warehouse").toString())
        // format("iceberg").load(path) goes through Iceberg's "default_iceberg" catalog, a Hive catalog
        // unless configured; without Hive on the classpath it must be a hadoop catalog
        .config("spark.sql.catalog.default_iceberg", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.default_iceberg.type", "hadoop")
        .config("spark.sql.catalog.default_iceberg.warehouse", dir.resolve("iceberg-default").toString())
        .config("spark.sql.catalog.ds", "io.datashard.spark.SparkCatalog")
        .config("spark.sql.catalog.ds.warehouse", dir.resolve("datashard-warehouse").toString())
        .getOrCreate();
    try {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS ice.db");
      spark.sql("CREATE NAMESPACE IF NOT EXISTS ds.db");
      scenario("datashard-writes-unpartitioned-iceberg-reads", SparkIcebergInterop::datashardWritesUnpartitioned);
      scenario("datashard-writes-partitioned-iceberg-reads", SparkIcebergInterop::datashardWritesPartitioned);
      scenario("datashard-catalog-days-bucket-iceberg-reads", SparkIcebergInterop::datashardCatalogTransforms);
      scenario("iceberg-writes-partitioned-datashard-reads", SparkIcebergInterop::icebergWritesPartitioned);
      scenario("iceberg-appends-to-datashard-table", SparkIcebergInterop::icebergAppendsToDatashardTable);
      scenario("iceberg-merge-on-read-deletes-v2-datashard-reads", () -> icebergMergeOnRead("2"));
      scenario("iceberg-merge-on-read-deletes-v3-datashard-reads", () -> icebergMergeOnRead("3"));
      for (String mode : List.of("copy-on-write", "merge-on-read")) {
        for (int version : List.of(2, 3)) {
          scenario("datashard-" + mode + "-dml-v" + version + "-iceberg-reads", () -> datashardRowLevelChanges(mode, version));
        }
      }
    } finally {
      spark.stop();
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " interop scenario(s) failed: " + failures);
    }
    System.out.println("INTEROP OK");
  }

  /** Runs a scenario; a failure is printed with its stack trace and the next scenario still runs. */
  private static void scenario(String name, Runnable body) {
    try {
      body.run();
      System.out.println("ok: " + name);
    } catch (Throwable t) {
      System.out.println("FAILED: " + name + ": " + t);
      t.printStackTrace(System.out);
      failures.add(name);
    }
  }

  private static Dataset<Row> source() {
    return spark.sql(ROWS);
  }

  private static void datashardWritesUnpartitioned() {
    String location = dir.resolve("ds-plain").toString();
    source().write().format("datashard").save(location);
    same("Iceberg reading Datashard table " + location, source(), spark.read().format("iceberg").load(location));
  }

  private static void datashardWritesPartitioned() {
    String location = dir.resolve("ds-partitioned").toString();
    source().write().format("datashard").partitionBy("part").save(location);
    source().where("id >= 250").write().format("datashard").mode("append").save(location);
    Dataset<Row> expected = source().union(source().where("id >= 250"));
    Dataset<Row> iceberg = spark.read().format("iceberg").load(location);
    same("Iceberg reading partitioned Datashard table " + location, expected, iceberg);
    same("Iceberg filtering partitioned Datashard table " + location, expected.where("part = 2 AND id > 100"),
        iceberg.where("part = 2 AND id > 100"));
  }

  private static void datashardCatalogTransforms() {
    spark.sql("CREATE TABLE ds.db.events (id BIGINT, part INT, name STRING, ts TIMESTAMP, amount DOUBLE) "
        + "USING datashard PARTITIONED BY (days(ts), bucket(8, id))");
    source().createOrReplaceTempView("source_rows");
    spark.sql("INSERT INTO ds.db.events SELECT * FROM source_rows");
    String location = dir.resolve("datashard-warehouse/db/events").toString();
    Dataset<Row> iceberg = spark.read().format("iceberg").load(location);
    same("Iceberg reading Datashard days/bucket table " + location, source(), iceberg);
    same("Iceberg filtering Datashard days/bucket table " + location,
        source().where("ts >= TIMESTAMP '2026-11-20 00:00:00' AND id = 42"),
        iceberg.where("ts >= TIMESTAMP '2026-11-20 00:00:00' AND id = 42"));
  }

  private static void icebergWritesPartitioned() {
    spark.sql("CREATE TABLE ice.db.events (id BIGINT, part INT, name STRING, ts TIMESTAMP, amount DOUBLE) "
        + "USING iceberg PARTITIONED BY (days(ts), part)");
    source().createOrReplaceTempView("source_rows");
    spark.sql("INSERT INTO ice.db.events SELECT * FROM source_rows WHERE id < 200");
    spark.sql("INSERT INTO ice.db.events SELECT * FROM source_rows WHERE id >= 200");
    String location = dir.resolve("iceberg-warehouse/db/events").toString();
    Dataset<Row> datashard = spark.read().format("datashard").load(location);
    same("Datashard reading Iceberg table " + location, spark.table("ice.db.events"), datashard);
    same("Datashard reading Iceberg table " + location + " against the source", source(), datashard);
    same("Datashard filtering Iceberg table " + location, source().where("part = 1 AND ts < TIMESTAMP '2026-11-20 00:00:00'"),
        datashard.where("part = 1 AND ts < TIMESTAMP '2026-11-20 00:00:00'"));
  }

  private static void icebergAppendsToDatashardTable() {
    String location = dir.resolve("ds-shared").toString();
    source().where("id < 100").write().format("datashard").partitionBy("part").save(location);
    source().where("id >= 100").write().format("iceberg").mode("append").save(location);
    same("Datashard reading its table after an Iceberg append " + location, source(),
        spark.read().format("datashard").load(location));
    same("Iceberg reading the same table " + location, source(), spark.read().format("iceberg").load(location));
  }

  private static void icebergMergeOnRead(String formatVersion) {
    String table = "ice.db.mor_v" + formatVersion;
    spark.sql("CREATE TABLE " + table + " (id BIGINT, part INT, name STRING, ts TIMESTAMP, amount DOUBLE) "
        + "USING iceberg PARTITIONED BY (part) TBLPROPERTIES ('format-version' = '" + formatVersion + "', "
        + "'write.delete.mode' = 'merge-on-read', 'write.update.mode' = 'merge-on-read')");
    source().createOrReplaceTempView("source_rows");
    spark.sql("INSERT INTO " + table + " SELECT * FROM source_rows");
    spark.sql("DELETE FROM " + table + " WHERE id % 5 = 0");
    spark.sql("UPDATE " + table + " SET name = concat(name, '-updated') WHERE id % 11 = 3");
    long deleteFiles = spark.sql("SELECT count(*) FROM " + table + ".delete_files").first().getLong(0);
    check(deleteFiles > 0, table + " has merge-on-read delete files (" + deleteFiles + ")");

    String location = dir.resolve("iceberg-warehouse/db/mor_v" + formatVersion).toString();
    Dataset<Row> expected = source().where("id % 5 != 0").selectExpr("id", "part",
        "CASE WHEN id % 11 = 3 THEN concat(name, '-updated') ELSE name END AS name", "ts", "amount");
    Dataset<Row> datashard = spark.read().format("datashard").load(location);
    same("Iceberg reading its merge-on-read table " + table, expected, spark.table(table));
    same("Datashard reading Iceberg merge-on-read table " + location, spark.table(table), datashard);
    same("Datashard filtering Iceberg merge-on-read table " + location, expected.where("part = 3"),
        datashard.where("part = 3"));
  }

  private static final StructType DML_SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("category", DataTypes.StringType, true)
      .add("name", DataTypes.StringType, true)
      .add("amount", DataTypes.DoubleType, true);

  /**
   * DELETE, UPDATE and MERGE through Datashard's catalog in one mode and format version, then Iceberg
   * and Datashard read the table. The expected rows are the same changes applied to a plain Java map,
   * so neither engine's SQL computes them. Version 2 is partitioned by identity, version 3 by bucket.
   */
  private static void datashardRowLevelChanges(String mode, int version) {
    String name = "dml_" + mode.replace('-', '_') + "_v" + version;
    String table = "ds.db." + name;
    String partitioning = version == 2 ? "category" : "bucket(4, id)";
    spark.sql("CREATE TABLE " + table + " (id BIGINT NOT NULL, category STRING, name STRING, amount DOUBLE) "
        + "USING datashard PARTITIONED BY (" + partitioning + ") TBLPROPERTIES ('format-version' = '" + version + "', "
        + "'write.delete.mode' = '" + mode + "', 'write.update.mode' = '" + mode + "', 'write.merge.mode' = '" + mode + "')");
    Map<Long, Row> expected = new TreeMap<>();
    for (long id = 0; id < 300; id++) {
      expected.put(id, RowFactory.create(id, category(id), "name-" + id, id % 7 == 0 ? null : id * 1.5));
    }
    spark.createDataFrame(new ArrayList<>(expected.values()), DML_SCHEMA).createOrReplaceTempView("dml_rows");
    spark.sql("INSERT INTO " + table + " SELECT * FROM dml_rows WHERE id < 150");
    spark.sql("INSERT INTO " + table + " SELECT * FROM dml_rows WHERE id >= 150");

    // row-level, not metadata-only: every file holds rows that stay
    spark.sql("DELETE FROM " + table + " WHERE id % 10 = 3");
    expected.keySet().removeIf(id -> id % 10 == 3);

    spark.sql("UPDATE " + table + " SET name = concat(name, '-updated'), amount = amount + 1 WHERE id % 9 = 4");
    expected.replaceAll((id, row) -> id % 9 != 4 ? row : RowFactory.create(id, row.get(1), row.getString(2) + "-updated",
        row.isNullAt(3) ? null : row.getDouble(3) + 1));

    // ids 260..339: matched ones (up to 299) are deleted when id % 4 = 0, else updated (moving to
    // partition 'c' / another bucket is fine); the rest are inserted
    List<Row> changes = new ArrayList<>();
    for (long id = 260; id < 340; id++) {
      changes.add(RowFactory.create(id, "c", "merged-" + id, id * 2.0, id % 4 == 0 ? "delete" : "upsert"));
    }
    spark.createDataFrame(changes, DML_SCHEMA.add("op", DataTypes.StringType, false)).createOrReplaceTempView("dml_changes");
    spark.sql("MERGE INTO " + table + " t USING dml_changes s ON t.id = s.id "
        + "WHEN MATCHED AND s.op = 'delete' THEN DELETE "
        + "WHEN MATCHED THEN UPDATE SET t.category = s.category, t.name = s.name, t.amount = s.amount "
        + "WHEN NOT MATCHED THEN INSERT (id, category, name, amount) VALUES (s.id, s.category, s.name, s.amount)");
    for (Row change : changes) {
      long id = change.getLong(0);
      if (expected.containsKey(id) && "delete".equals(change.getString(4))) {
        expected.remove(id);
      } else {
        expected.put(id, RowFactory.create(id, change.get(1), change.get(2), change.get(3)));
      }
    }

    String location = dir.resolve("datashard-warehouse/db/" + name).toString();
    // proves the statements ran in the table's mode (Datashard's row-level operations, not a rewrite
    // by Iceberg's extensions) and that Iceberg sees the delete files
    List<Row> deleteFiles = spark.read().format("iceberg").load(location + "#delete_files")
        .selectExpr("content", "upper(file_format)").collectAsList();
    if (mode.equals("copy-on-write")) {
      check(deleteFiles.isEmpty(), table + " (copy-on-write) has no delete files, found " + deleteFiles.size());
    } else {
      String format = version == 2 ? "PARQUET" : "PUFFIN";
      check(!deleteFiles.isEmpty() && deleteFiles.stream().allMatch(row -> row.getInt(0) == 1 && format.equals(row.getString(1))),
          table + " (merge-on-read v" + version + ") has " + format + " position deletes only, found " + deleteFiles);
    }

    Dataset<Row> plain = spark.createDataFrame(new ArrayList<>(expected.values()), DML_SCHEMA);
    Dataset<Row> iceberg = spark.read().format("iceberg").load(location);
    same("Datashard reading " + table + " after DELETE/UPDATE/MERGE", plain, spark.table(table));
    same("Datashard reading " + location + " by path", plain, spark.read().format("datashard").load(location));
    same("Iceberg reading " + location + " after Datashard " + mode + " DELETE/UPDATE/MERGE", plain, iceberg);
    same("Iceberg filtering " + location, plain.where("category = 'c' AND id > 200"), iceberg.where("category = 'c' AND id > 200"));
  }

  private static String category(long id) {
    return switch ((int) (id % 3)) {
      case 0 -> "a";
      case 1 -> "b";
      default -> "c";
    };
  }

  /** Same rows, duplicates included, in any order; the columns of {@code expected} in its order. */
  private static void same(String what, Dataset<Row> expected, Dataset<Row> actual) {
    Dataset<Row> projected = actual.selectExpr(expected.columns());
    long expectedCount = expected.count();
    long actualCount = projected.count();
    long missing = expected.exceptAll(projected).count();
    long extra = projected.exceptAll(expected).count();
    check(expectedCount == actualCount && missing == 0 && extra == 0, what + ": expected " + expectedCount
        + " rows, read " + actualCount + " (" + missing + " missing, " + extra + " unexpected)");
    check(expectedCount > 0, what + ": the comparison is not vacuous");
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
