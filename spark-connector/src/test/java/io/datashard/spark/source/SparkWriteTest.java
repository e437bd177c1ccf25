package io.datashard.spark.source;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.io.CloseableIterable;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark batch writes through the DataSource V2 write path, checked by reading the table with the core reader. */
class SparkWriteTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "category", Types.StringType.get()),
      Types.NestedField.optional(4, "amount", Types.DoubleType.get())));

  @TempDir
  static Path warehouse;

  private static SparkSession spark;
  private static final PathTables TABLES = new PathTables();
  private static int tableCount = 0;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("SparkWriteTest")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.catalog.testcat", "io.datashard.spark.testing.WriteTestCatalog")
        .config("spark.sql.catalog.testcat.warehouse", warehouse.toString())
        .getOrCreate();
    spark.udf().register("fail_on_77", (UDF1<Long, Long>) id -> {
      if (id == 77L) {
        throw new IllegalStateException("injected failure for id 77");
      }
      return id;
    }, DataTypes.LongType);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  /** A new table db.t<N> in the test catalog, returning its catalog name. */
  private static String createTable(PartitionSpec spec, Map<String, String> properties) {
    tableCount += 1;
    String name = "t" + tableCount;
    TABLES.create(SCHEMA, spec, properties, warehouse + "/db/" + name);
    return "testcat.db." + name;
  }

  private static Table load(String name) {
    return TABLES.load(warehouse + "/db/" + name.substring(name.lastIndexOf('.') + 1));
  }

  private static Dataset<Row> rows(long from, long to) {
    return spark.range(from, to).selectExpr("id", "concat('row-', id) AS data",
        "concat('c', cast(id % 5 AS string)) AS category", "id * 1.5 AS amount");
  }

  private static List<String> expected(Dataset<Row> df) {
    List<String> result = new ArrayList<>();
    for (Row row : df.collectAsList()) {
      result.add(row.get(0) + "|" + row.get(1) + "|" + row.get(2) + "|" + row.get(3));
    }
    return result;
  }

  private static List<String> tableRows(Table table) {
    table.refresh();
    List<String> result = new ArrayList<>();
    try (CloseableIterable<Record> records = TableReader.read(table).build()) {
      for (Record record : records) {
        result.add(record.get(0) + "|" + record.get(1) + "|" + record.get(2) + "|" + record.get(3));
      }
    }
    return result;
  }

  private static List<DataFile> dataFiles(Table table) {
    table.refresh();
    List<DataFile> files = new ArrayList<>();
    Snapshot current = table.currentSnapshot().orElseThrow();
    try (CloseableIterable<DataFile> live = table.dataFiles(current)) {
      live.forEach(files::add);
    }
    return files;
  }

  private static void awaitFiles(Path folder, List<Path> expected) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !new java.util.HashSet<>(filesUnder(folder)).equals(new java.util.HashSet<>(expected))) {
      Thread.sleep(100);
    }
    assertThat(filesUnder(folder)).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static List<Path> filesUnder(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }

  @Test
  void appendTwiceReadsBackBothWritesAsTwoSnapshots() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of());
    Dataset<Row> first = rows(0, 100);
    Dataset<Row> second = rows(100, 150);
    first.writeTo(name).append();
    second.writeTo(name).append();

    Table table = load(name);
    List<String> expected = expected(first);
    expected.addAll(expected(second));
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected);
    List<Snapshot> snapshots = table.snapshots();
    assertThat(snapshots).hasSize(2);
    for (Snapshot snapshot : snapshots) {
      assertThat(snapshot.operation()).isEqualTo("append");
      assertThat(snapshot.summary()).containsEntry("spark.app.id", spark.sparkContext().applicationId());
      assertThat(snapshot.summary()).containsKey("spark.query-id");
    }
  }

  @Test
  void intColumnIsWidenedToTheLongTableColumn() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of());
    Dataset<Row> df = spark.range(0, 10).selectExpr("cast(id AS int) AS id", "'x' AS data", "'c' AS category",
        "cast(id AS double) AS amount");
    df.writeTo(name).append();
    assertThat(tableRows(load(name))).containsExactlyInAnyOrderElementsOf(expected(df.selectExpr("cast(id AS long)",
        "data", "category", "amount")));
  }

  @Test
  void nullInRequiredColumnFailsNamingTheColumn() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of());
    Dataset<Row> df = spark.range(0, 3).selectExpr("if(id = 1, null, id) AS id", "'x' AS data", "'c' AS category",
        "1.0D AS amount");
    assertThatThrownBy(() -> df.writeTo(name).append()).hasStackTraceContaining("id");
    assertThat(load(name).currentSnapshot()).isEmpty();
  }

  @Test
  void overwriteByFilterReplacesMatchingPartitions() throws Exception {
    String name = createTable(PartitionSpec.builderFor(SCHEMA).identity("category").build(), Map.of());
    Dataset<Row> initial = rows(0, 50);
    initial.writeTo(name).append();
    Dataset<Row> replacement = spark.range(1000, 1010).selectExpr("id", "concat('new-', id) AS data", "'c1' AS category",
        "0.5D AS amount");
    replacement.writeTo(name).overwrite(col("category").equalTo("c1"));

    Table table = load(name);
    List<String> expected = expected(initial.filter(col("category").notEqual("c1")));
    expected.addAll(expected(replacement));
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(table.currentSnapshot().orElseThrow().operation()).isEqualTo("overwrite");
    assertThat(table.snapshots()).hasSize(2);
  }

  @Test
  void overwriteByFilterThatSplitsAFileFailsAndLeavesNoFiles() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of());
    rows(0, 20).coalesce(1).writeTo(name).append();
    Table table = load(name);
    Path data = Path.of(table.location(), "data");
    List<Path> before = filesUnder(data);
    List<String> rowsBefore = tableRows(table);

    assertThatThrownBy(() -> rows(100, 105).writeTo(name).overwrite(col("id").lt(5)))
        .hasStackTraceContaining("some, but not all, of its rows may match");
    assertThat(filesUnder(data)).containsExactlyInAnyOrderElementsOf(before);
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(rowsBefore);
    assertThat(table.snapshots()).hasSize(1);
  }

  @Test
  void insertOverwriteWithoutPartitionsTruncates() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of());
    rows(0, 30).writeTo(name).append();
    rows(500, 510).createOrReplaceTempView("replacement");
    spark.sql("INSERT OVERWRITE " + name + " SELECT * FROM replacement");
    Table table = load(name);
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected(rows(500, 510)));
    assertThat(table.snapshots()).hasSize(2);
  }

  @Test
  void overwritePartitionsReplacesOnlyWrittenPartitions() throws Exception {
    String name = createTable(PartitionSpec.builderFor(SCHEMA).identity("category").build(), Map.of());
    Dataset<Row> initial = rows(0, 50);
    initial.writeTo(name).append();
    Dataset<Row> replacement = spark.range(2000, 2020).selectExpr("id", "'replaced' AS data",
        "if(id % 2 = 0, 'c2', 'c3') AS category", "0.0D AS amount");
    replacement.writeTo(name).overwritePartitions();

    List<String> expected = expected(initial.filter(col("category").isin("c2", "c3").unary_$bang()));
    expected.addAll(expected(replacement));
    Table table = load(name);
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(table.snapshots()).hasSize(2);
  }

  @Test
  void dynamicPartitionOverwriteModeAppliesToInsertOverwrite() throws Exception {
    String name = createTable(PartitionSpec.builderFor(SCHEMA).identity("category").build(), Map.of());
    Dataset<Row> initial = rows(0, 50);
    initial.writeTo(name).append();
    Dataset<Row> replacement = spark.range(3000, 3005).selectExpr("id", "'dyn' AS data", "'c4' AS category", "1.0D AS amount");
    replacement.createOrReplaceTempView("dynamic_rows");
    spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
    try {
      spark.sql("INSERT OVERWRITE " + name + " SELECT * FROM dynamic_rows");
    } finally {
      spark.conf().unset("spark.sql.sources.partitionOverwriteMode");
    }
    List<String> expected = expected(initial.filter(col("category").notEqual("c4")));
    expected.addAll(expected(replacement));
    assertThat(tableRows(load(name))).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void hashDistributionWritesOneFilePerPartitionPerTask() throws Exception {
    String name = createTable(PartitionSpec.builderFor(SCHEMA).identity("category").build(), Map.of());
    // four input partitions, each with rows of every category
    rows(0, 400).repartition(4).writeTo(name).append();
    Table table = load(name);
    Map<Object, Integer> filesPerPartition = new HashMap<>();
    for (DataFile file : dataFiles(table)) {
      filesPerPartition.merge(file.partition().get(0, Object.class), 1, Integer::sum);
    }
    assertThat(filesPerPartition).hasSize(5);
    assertThat(filesPerPartition.values()).allMatch(count -> count == 1);
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected(rows(0, 400)));

    // without a distribution, every task writes a file for every partition it sees
    String none = createTable(PartitionSpec.builderFor(SCHEMA).identity("category").build(),
        Map.of("write.distribution-mode", "none"));
    rows(0, 400).repartition(4).writeTo(none).append();
    assertThat(dataFiles(load(none))).hasSizeGreaterThan(5);
    assertThat(tableRows(load(none))).containsExactlyInAnyOrderElementsOf(expected(rows(0, 400)));
  }

  @Test
  void dayPartitionedTableIsWrittenWithoutAFunctionCatalog() throws Exception {
    Schema schema = new Schema(List.of(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "ts", Types.TimestampType.withZone())));
    tableCount += 1;
    String location = warehouse + "/db/t" + tableCount;
    TABLES.create(schema, PartitionSpec.builderFor(schema).day("ts").bucket("id", 4).build(), location);
    Dataset<Row> df = spark.range(0, 200).selectExpr("id",
        "timestamp_seconds(1700000000 + id * 7200) AS ts").repartition(3);
    df.writeTo("testcat.db.t" + tableCount).append();
    Table table = TABLES.load(location);
    List<String> actual = new ArrayList<>();
    try (CloseableIterable<Record> records = TableReader.read(table).build()) {
      for (Record record : records) {
        actual.add(record.get(0) + "|" + record.get(1));
      }
    }
    List<String> expected = new ArrayList<>();
    for (Row row : df.selectExpr("id", "unix_micros(ts)").collectAsList()) {
      expected.add(row.get(0) + "|" + row.get(1));
    }
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void filesRollAtTheTargetSize() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of("write.target-file-size-bytes", "1"));
    Dataset<Row> df = rows(0, 2000).coalesce(1);
    df.writeTo(name).append();
    Table table = load(name);
    List<DataFile> files = dataFiles(table);
    assertThat(files).hasSizeGreaterThan(3);
    assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(2000);
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected(df));
  }

  @Test
  void failedJobDeletesItsFilesAndLeavesTheTableUnchanged() throws Exception {
    // unpartitioned: no shuffle before the write, so the failure happens inside a write task while
    // other write tasks succeed and report files that the driver must delete
    String name = createTable(PartitionSpec.unpartitioned(), Map.of());
    rows(0, 10).writeTo(name).append();
    Table table = load(name);
    Path data = Path.of(table.location(), "data");
    List<Path> before = filesUnder(data);
    long snapshotBefore = table.currentSnapshot().orElseThrow().snapshotId();

    Dataset<Row> failing = rows(0, 400).repartition(4)
        .selectExpr("fail_on_77(id) AS id", "data", "category", "amount");
    assertThatThrownBy(() -> failing.writeTo(name).append()).hasStackTraceContaining("injected failure for id 77");

    // Tasks still running when the job fails delete their files in their own abort, and a task that
    // was allowed to commit but finishes after the driver's abort sees the abort marker and deletes
    // its files (AbortedWrites); both can finish after the job's error reached the driver.
    awaitFiles(data, before);
    table.refresh();
    assertThat(table.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshotBefore);
  }

  @Test
  void avroTablesAreWrittenInAvro() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of("write.format.default", "avro"));
    Dataset<Row> df = rows(0, 40);
    df.writeTo(name).append();
    Table table = load(name);
    assertThat(dataFiles(table)).allMatch(file -> file.location().endsWith(".avro"));
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected(df));
  }

  @Test
  void branchOptionCommitsToTheBranchOnly() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of());
    rows(0, 10).writeTo(name).append();
    Table table = load(name);
    table.manageSnapshots().createBranch("dev").commit();
    rows(10, 20).writeTo(name).option("branch", "dev").append();

    table.refresh();
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected(rows(0, 10)));
    List<String> branchRows = new ArrayList<>();
    try (CloseableIterable<Record> records = TableReader.read(table).useRef("dev").build()) {
      for (Record record : records) {
        branchRows.add(record.get(0) + "|" + record.get(1) + "|" + record.get(2) + "|" + record.get(3));
      }
    }
    assertThat(branchRows).containsExactlyInAnyOrderElementsOf(expected(rows(0, 20)));
  }

  @Test
  void pathWritesAppendAndOverwriteThroughTheDataSource() throws Exception {
    String name = createTable(PartitionSpec.unpartitioned(), Map.of());
    Table table = load(name);
    rows(0, 20).write().format("datashard").mode("append").save(table.location());
    rows(20, 30).write().format("datashard").mode("append").save(table.location());
    List<String> expected = expected(rows(0, 20));
    expected.addAll(expected(rows(20, 30)));
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected);

    rows(40, 45).write().format("datashard").mode("overwrite").save(table.location());
    assertThat(tableRows(table)).containsExactlyInAnyOrderElementsOf(expected(rows(40, 45)));
    assertThat(table.snapshots()).hasSize(3);
  }
}
