package io.datashard.spark.source;

import static io.datashard.spark.source.ReadTestSupport.append;
import static io.datashard.spark.source.ReadTestSupport.batchScans;
import static io.datashard.spark.source.ReadTestSupport.datashardScan;
import static io.datashard.spark.source.ReadTestSupport.read;
import static io.datashard.spark.source.ReadTestSupport.sparkRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.Record;
import io.datashard.deletes.PositionDeleteWriter;
import io.datashard.spark.SparkTypes;
import io.datashard.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.LocalTableScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** Filter, limit and aggregate push-down, runtime filtering and scan metrics, checked against plain DataFrames. */
class SparkPushdownTest {
  private static final Schema SCHEMA = SparkReadTest.FLAT;

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static Table unpartitioned;
  private static Table partitioned;
  private static List<Record> rows;
  private static Dataset<Row> reference;
  private static int tables = 0;

  @BeforeAll
  static void setUp() {
    spark = ReadTestSupport.startSpark("SparkPushdownTest");
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    rows = SparkReadTest.flatRows(0, 400);
    // four files with disjoint id ranges, so metrics prune on id
    unpartitioned = create(PartitionSpec.unpartitioned());
    for (int i = 0; i < 4; i++) {
      append(unpartitioned, rows.subList(i * 100, (i + 1) * 100));
    }
    // one file per category (and one for null categories)
    partitioned = create(PartitionSpec.builderFor(SCHEMA).identity("category").build());
    append(partitioned, rows);
    // the same rows as a plain DataFrame, read back by Spark from the Datashard table with push-down off
    List<Row> plain = read(spark, unpartitioned).collectAsList();
    reference = spark.createDataFrame(plain, SparkTypes.toSparkType(SCHEMA));
    reference.createOrReplaceTempView("reference");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  private static Table create(PartitionSpec spec) {
    tables++;
    return new PathTables().create(SCHEMA, spec, Map.of("format-version", "2"), dir.resolve("t" + tables).toString());
  }

  @Test
  void everyPredicateKindReturnsWhatSparkComputes() {
    List<String> predicates = List.of(
        "id = 17", "id <> 17", "id < 120", "id <= 120", "id > 350", "id >= 350", "120 > id",
        "id IN (1, 5, 250, 999)", "category IN ('c1', 'c3')", "category IS NULL", "category IS NOT NULL",
        "category LIKE 'c1%'", "NOT (category = 'c1')", "NOT (id < 300)", "category = 'c1' OR id > 390",
        "category <=> 'c2'", "category <=> NULL", "NOT (category <=> 'c2')", "amount > 100.5", "amount = 0",
        "price >= 2.5", "day = DATE '2022-01-05'", "ts > TIMESTAMP '2023-11-16 00:00:00'", "flag", "NOT flag",
        "f < 10", "u = '" + ReadTestSupport.uuid(5) + "'", "n IN (1, NULL)", "bin = X'050102'",
        "category = 'c2' AND (id < 100 OR id >= 300) AND amount IS NOT NULL");
    for (int i = 0; i < predicates.size(); i++) {
      String predicate = predicates.get(i);
      Dataset<Row> actual = read(spark, unpartitioned).where(predicate);
      Dataset<Row> expected = reference.where(predicate);
      assertThat(sparkRows(actual)).as(predicate).containsExactlyInAnyOrderElementsOf(sparkRows(expected));
      if (i % 3 != 0) {
        continue; // the row reader on a third of them: vectorized and row reads are compared in SparkReadTest too
      }
      Dataset<Row> vectorOff = spark.read().format(ReadTestSupport.PROVIDER).option("vectorization-enabled", "false")
          .load(unpartitioned.location()).where(predicate);
      assertThat(sparkRows(vectorOff)).as(predicate).containsExactlyInAnyOrderElementsOf(sparkRows(expected));
    }
  }

  @Test
  void pushedFiltersPruneFilesByMetricsAndPartitions() {
    Dataset<Row> byId = read(spark, unpartitioned).where("id >= 120 AND id < 180");
    assertThat(byId.count()).isEqualTo(60);
    Dataset<Row> byIdRows = read(spark, unpartitioned).where("id >= 120 AND id < 180").select("id", "amount");
    byIdRows.collectAsList();
    SparkScan scan = datashardScan(byIdRows);
    assertThat(scan.filesScanned()).isEqualTo(1);
    assertThat(scan.filesSkipped()).isEqualTo(3);
    assertThat(scan.description()).contains("id >= 120").contains("columns=[id, amount]");
    BatchScanExec exec = batchScans(byIdRows).get(0);
    assertThat(exec.metrics().get(SparkReadMetrics.FILES_SCANNED).get().value()).isEqualTo(1);
    assertThat(exec.metrics().get(SparkReadMetrics.FILES_SKIPPED).get().value()).isEqualTo(3);

    Dataset<Row> byPartition = read(spark, partitioned).where("category = 'c1'");
    List<List<Object>> actual = sparkRows(byPartition);
    assertThat(actual).containsExactlyInAnyOrderElementsOf(sparkRows(reference.where("category = 'c1'")));
    SparkScan partitionScan = datashardScan(byPartition);
    assertThat(partitionScan.filesScanned()).isEqualTo(1);
    assertThat(partitionScan.filesSkipped()).isEqualTo(4); // c0, c2, c3 and the null partition
  }

  @Test
  void limitStopsPlanningEarlyAndSparkStillLimits() {
    Dataset<Row> limited = read(spark, unpartitioned).limit(5);
    assertThat(limited.collectAsList()).hasSize(5);
    assertThat(datashardScan(limited).filesScanned()).isEqualTo(1);
    Dataset<Row> filteredLimit = read(spark, unpartitioned).where("id >= 250").limit(120);
    assertThat(filteredLimit.collectAsList()).hasSize(120);
  }

  @Test
  void aggregatesComeFromMetadataOnlyWhenExact() {
    String query = "SELECT count(*), min(id), max(id), min(amount), max(price), count(category), min(day), max(ts) FROM %s";
    read(spark, unpartitioned).createOrReplaceTempView("ds_agg");
    Dataset<Row> pushed = spark.sql(String.format(query, "ds_agg"));
    assertThat(pushed.collectAsList()).isEqualTo(spark.sql(String.format(query, "reference")).collectAsList());
    assertThat(leaves(pushed)).anyMatch(plan -> plan instanceof LocalTableScanExec);
    assertThat(batchScans(pushed)).isEmpty();

    // a string min has truncated bounds: declined, computed by Spark from the rows
    read(spark, unpartitioned).createOrReplaceTempView("ds_agg2");
    Dataset<Row> declined = spark.sql("SELECT min(category), count(*) FROM ds_agg2");
    assertThat(declined.collectAsList()).isEqualTo(spark.sql("SELECT min(category), count(*) FROM reference").collectAsList());
    assertThat(batchScans(declined)).isNotEmpty();

    // after a position delete, counts are not exact from metadata anymore
    Table table = create(PartitionSpec.unpartitioned());
    DataFile file = append(table, rows.subList(0, 50)).get(0);
    PositionDeleteWriter deletes = PositionDeleteWriter.builder(table.io().newOutputFile(table.location() + "/data/pos-" + UUID.randomUUID() + ".parquet")).build();
    deletes.delete(file, 0).delete(file, 49);
    deletes.close();
    table.newRowDelta().addDeletes(deletes.toDeleteFile()).commit();
    read(spark, table).createOrReplaceTempView("ds_deleted");
    Dataset<Row> withDeletes = spark.sql("SELECT count(*), min(id), max(id) FROM ds_deleted");
    Row row = withDeletes.collectAsList().get(0);
    assertThat(row.getLong(0)).isEqualTo(48);
    assertThat(row.getLong(1)).isEqualTo(1);
    assertThat(row.getLong(2)).isEqualTo(48);
    assertThat(batchScans(withDeletes)).isNotEmpty();
  }

  @Test
  void runtimeFilteringPrunesPartitionsInAJoin() {
    List<Row> dim = List.of(
        org.apache.spark.sql.RowFactory.create("c1", "north"),
        org.apache.spark.sql.RowFactory.create("c2", "south"),
        org.apache.spark.sql.RowFactory.create("c3", "south"));
    String dimPath = dir.resolve("dim").toString();
    spark.createDataFrame(dim, new org.apache.spark.sql.types.StructType().add("category", "string").add("region", "string"))
        .write().parquet(dimPath);
    spark.read().parquet(dimPath).createOrReplaceTempView("dim");
    read(spark, partitioned).createOrReplaceTempView("fact");
    String join = "SELECT f.id, f.category FROM %s f JOIN dim d ON f.category = d.category WHERE d.region = 'north'";
    Dataset<Row> joined = spark.sql(String.format(join, "fact"));
    List<List<Object>> actual = sparkRows(joined);
    assertThat(actual).isNotEmpty().containsExactlyInAnyOrderElementsOf(sparkRows(spark.sql(String.format(join, "reference"))));
    SparkScan scan = datashardScan(joined);
    assertThat(scan.description()).contains("runtimeFilters");
    assertThat(scan.filesScanned()).isEqualTo(1);
  }

  @Test
  void joinOnAColumnOtherThanThePartitionSourceWorks() {
    // dynamic partition pruning resolves the scan's filter attributes against its pruned output:
    // a partition source column (category) the query does not read must not be reported
    read(spark, partitioned).createOrReplaceTempView("fact_by_category");
    spark.range(90, 110).selectExpr("id", "id % 2 = 0 AS even").createOrReplaceTempView("keys");
    String join = "SELECT f.id FROM %s f JOIN keys k ON f.id = k.id WHERE k.even";
    List<List<Object>> actual = sparkRows(spark.sql(String.format(join, "fact_by_category")));
    assertThat(actual).hasSize(10).containsExactlyInAnyOrderElementsOf(sparkRows(spark.sql(String.format(join, "reference"))));
  }

  private static List<SparkPlan> leaves(Dataset<Row> df) {
    return new ArrayList<>(CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves()));
  }
}
