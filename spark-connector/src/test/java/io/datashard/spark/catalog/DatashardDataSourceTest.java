package io.datashard.spark.catalog;

import static io.datashard.spark.catalog.CatalogTestSupport.CATALOG;
import static org.apache.spark.sql.functions.bucket;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.days;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Table;
import io.datashard.catalog.PathTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code format("datashard")} save modes and DataFrameWriterV2 create through the catalog. */
class DatashardDataSourceTest {
  @TempDir
  static Path warehouse;
  @TempDir
  static Path paths;
  private static SparkSession spark;
  private static final PathTables TABLES = new PathTables();

  @BeforeAll
  static void start() {
    spark = CatalogTestSupport.startSpark("DatashardDataSourceTest", warehouse);
    spark.sql("CREATE NAMESPACE " + CATALOG + ".db");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> frame(long from, long to) {
    return spark.range(from, to).selectExpr("id", "concat('c', cast(id % 3 as string)) AS category");
  }

  private static Set<Long> read(String location) {
    return CatalogTestSupport.ids(spark.read().format("datashard").load(location).select("id"));
  }

  @Test
  void errorIfExistsCreatesPartitionedTableThenFails() {
    String location = paths.resolve("default_mode").toString();
    frame(0, 10).write().format("datashard").partitionBy("category").save(location);
    Table table = TABLES.load(location);
    assertThat(table.spec().fields()).extracting(field -> field.name()).containsExactly("category");
    assertThat(table.schema().findField("id").orElseThrow().isOptional()).isTrue();
    assertThat(read(location)).isEqualTo(CatalogTestSupport.ids(frame(0, 10)));
    assertThatThrownBy(() -> frame(0, 10).write().format("datashard").save(location)).hasMessageContaining(location);
  }

  @Test
  void appendAndOverwriteCreateOnFirstWrite() {
    String appended = paths.resolve("append_mode").toString();
    frame(0, 5).write().format("datashard").mode("append").save(appended);
    frame(5, 8).write().format("datashard").mode("append").save(appended);
    assertThat(read(appended)).isEqualTo(CatalogTestSupport.ids(frame(0, 8)));
    assertThat(TABLES.load(appended).snapshots()).hasSize(2);

    String overwritten = paths.resolve("overwrite_mode").toString();
    frame(0, 5).write().format("datashard").mode(SaveMode.Overwrite).save(overwritten);
    frame(100, 103).write().format("datashard").mode(SaveMode.Overwrite).save(overwritten);
    assertThat(read(overwritten)).isEqualTo(CatalogTestSupport.ids(frame(100, 103)));
  }

  @Test
  void ignoreModeLeavesAnExistingTable() {
    String location = paths.resolve("ignore_mode").toString();
    frame(0, 4).write().format("datashard").mode("ignore").save(location);
    frame(50, 60).write().format("datashard").mode("ignore").save(location);
    assertThat(read(location)).isEqualTo(CatalogTestSupport.ids(frame(0, 4)));
  }

  @Test
  void dataFrameWriterV2CreateAppendOverwrite() throws Exception {
    Dataset<Row> events = spark.range(0, 20).selectExpr("id", "timestamp_seconds(1700000000 + id * 86400) AS ts");
    events.writeTo(CATALOG + ".db.v2").using("datashard").partitionedBy(days(col("ts")), bucket(16, col("id"))).create();
    Table table = TABLES.load(warehouse.resolve("db/v2").toString());
    assertThat(table.spec().fields()).extracting(field -> field.transform().toString()).containsExactly("day", "bucket[16]");
    assertThat(spark.table(CATALOG + ".db.v2").count()).isEqualTo(20);

    spark.range(20, 25).selectExpr("id", "timestamp_seconds(1700000000 + id * 86400) AS ts").writeTo(CATALOG + ".db.v2").append();
    assertThat(spark.table(CATALOG + ".db.v2").count()).isEqualTo(25);
    spark.range(0, 3).selectExpr("id", "timestamp_seconds(1700000000 + id * 86400) AS ts").writeTo(CATALOG + ".db.v2")
        .overwrite(col("id").lt(10));
    assertThat(CatalogTestSupport.ids(spark.table(CATALOG + ".db.v2").select("id"))).hasSize(18).contains(0L, 1L, 2L, 10L, 24L)
        .doesNotContain(5L);
    assertThatThrownBy(() -> events.writeTo(CATALOG + ".db.v2").using("datashard").create()).hasMessageContaining("v2");
    events.writeTo(CATALOG + ".db.v2").using("datashard").createOrReplace();
    assertThat(spark.table(CATALOG + ".db.v2").count()).isEqualTo(20);
    assertThat(TABLES.load(warehouse.resolve("db/v2").toString()).spec().fields()).isEmpty();
  }

  @Test
  void pathTablesInSqlThroughThePathCatalog() {
    String location = paths.resolve("sql_path").toString();
    frame(0, 6).write().format("datashard").save(location);
    List<Row> rows = spark.sql("SELECT count(*) FROM datashard_path.`" + location + "`").collectAsList();
    assertThat(rows.get(0).getLong(0)).isEqualTo(6);
    assertThat(spark.sql("SELECT count(*) FROM " + CATALOG + ".`" + location + "`").collectAsList().get(0).getLong(0))
        .isEqualTo(6);
  }
}
