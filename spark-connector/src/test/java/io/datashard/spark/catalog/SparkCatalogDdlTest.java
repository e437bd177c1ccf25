package io.datashard.spark.catalog;

import static io.datashard.spark.catalog.CatalogTestSupport.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.PartitionField;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.spark.SparkCatalog;
import io.datashard.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DDL through the path catalog, checked against the tables the core loads from the warehouse. */
class SparkCatalogDdlTest {
  @TempDir
  static Path warehouse;
  private static SparkSession spark;
  private static final PathTables TABLES = new PathTables();

  @BeforeAll
  static void start() {
    spark = CatalogTestSupport.startSpark("SparkCatalogDdlTest", warehouse);
    spark.sql("CREATE NAMESPACE " + CATALOG + ".db");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Table load(String name) {
    return TABLES.load(warehouse.resolve("db").resolve(name).toString());
  }

  @Test
  void namespacesAreFolders() {
    spark.sql("CREATE NAMESPACE " + CATALOG + ".ns1");
    spark.sql("CREATE NAMESPACE " + CATALOG + ".ns1.inner");
    assertThat(Files.isDirectory(warehouse.resolve("ns1/inner"))).isTrue();
    List<String> top = spark.sql("SHOW NAMESPACES IN " + CATALOG).collectAsList().stream()
        .map(row -> row.getString(0)).toList();
    assertThat(top).contains("db", "ns1");
    assertThat(spark.sql("SHOW NAMESPACES IN " + CATALOG + ".ns1").collectAsList())
        .extracting(row -> row.getString(0)).containsExactly("ns1.inner");
    assertThatThrownBy(() -> spark.sql("CREATE NAMESPACE " + CATALOG + ".ns1"))
        .hasMessageContaining("ns1");
    spark.sql("CREATE TABLE " + CATALOG + ".ns1.inner.t (id BIGINT) USING datashard");
    assertThatThrownBy(() -> spark.sql("DROP NAMESPACE " + CATALOG + ".ns1.inner"))
        .hasMessageContaining("inner");
    spark.sql("DROP NAMESPACE " + CATALOG + ".ns1 CASCADE");
    assertThat(Files.exists(warehouse.resolve("ns1"))).isFalse();
    assertThat(spark.sql("SHOW NAMESPACES IN " + CATALOG).collectAsList())
        .extracting(row -> row.getString(0)).doesNotContain("ns1");
  }

  @Test
  void createPartitionedTableWithProperties() {
    spark.sql("CREATE TABLE " + CATALOG + ".db.events (id BIGINT NOT NULL, ts TIMESTAMP, category STRING, "
        + "data STRING COMMENT 'payload') USING datashard "
        + "PARTITIONED BY (days(ts), bucket(16, id), truncate(category, 4), data) "
        + "TBLPROPERTIES ('format-version' = '3', 'write.target-file-size-bytes' = '1048576')");
    Table table = load("events");
    assertThat(table.formatVersion()).isEqualTo(3);
    assertThat(table.properties()).containsEntry("write.target-file-size-bytes", "1048576")
        .doesNotContainKeys("provider", "format-version");
    assertThat(table.schema().columns()).extracting(Types.NestedField::name).containsExactly("id", "ts", "category", "data");
    assertThat(table.schema().findField("id").orElseThrow().isOptional()).isFalse();
    assertThat(table.schema().findField("data").orElseThrow().doc()).contains("payload");
    assertThat(table.spec().fields()).extracting(field -> field.transform().toString())
        .containsExactly("day", "bucket[16]", "truncate[4]", "identity");
    assertThat(table.spec().fields()).extracting(PartitionField::sourceId).containsExactly(
        table.schema().findField("ts").orElseThrow().fieldId(), table.schema().findField("id").orElseThrow().fieldId(),
        table.schema().findField("category").orElseThrow().fieldId(), table.schema().findField("data").orElseThrow().fieldId());

    assertThat(spark.sql("SHOW TABLES IN " + CATALOG + ".db").collectAsList())
        .extracting(row -> row.getString(1)).contains("events");
    String described = CatalogTestSupport.text(spark.sql("DESCRIBE TABLE EXTENDED " + CATALOG + ".db.events"));
    assertThat(described).contains("days(ts)", "bucket(16, id)", "data", "write.target-file-size-bytes",
        warehouse.resolve("db/events").toString());

    assertThatThrownBy(() -> spark.sql("CREATE TABLE " + CATALOG + ".db.events (id BIGINT) USING datashard"))
        .hasMessageContaining("events");
    spark.sql("CREATE TABLE IF NOT EXISTS " + CATALOG + ".db.events (id BIGINT) USING datashard");
    assertThat(load("events").schema().columns()).hasSize(4);
  }

  @Test
  void badTransformFailsClearly() {
    assertThatThrownBy(() -> spark.sql("CREATE TABLE " + CATALOG + ".db.bad (id BIGINT, s STRING) USING datashard "
        + "PARTITIONED BY (bucket(16, nosuchcolumn))")).hasMessageContaining("nosuchcolumn");
    assertThat(TABLES.exists(warehouse.resolve("db/bad").toString())).isFalse();
  }

  @Test
  void alterColumnsAndProperties() {
    spark.sql("CREATE TABLE " + CATALOG + ".db.alter_me (id INT NOT NULL, name STRING, price FLOAT, "
        + "old STRING) USING datashard");
    int idField = load("alter_me").schema().findField("id").orElseThrow().fieldId();
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me ADD COLUMN note STRING COMMENT 'free text'");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me ADD COLUMNS (first_col INT FIRST)");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me RENAME COLUMN name TO title");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me ALTER COLUMN id TYPE BIGINT");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me ALTER COLUMN price TYPE DOUBLE");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me ALTER COLUMN id DROP NOT NULL");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me ALTER COLUMN title COMMENT 'the title'");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me DROP COLUMN old");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me SET TBLPROPERTIES ('commit.retry.num-retries' = '7', 'k' = 'v')");
    spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me UNSET TBLPROPERTIES ('k')");

    Table table = load("alter_me");
    assertThat(table.schema().columns()).extracting(Types.NestedField::name)
        .containsExactly("first_col", "id", "title", "price", "note");
    Types.NestedField id = table.schema().findField("id").orElseThrow();
    assertThat(id.fieldId()).isEqualTo(idField);
    assertThat(id.type()).isEqualTo(Types.LongType.get());
    assertThat(id.isOptional()).isTrue();
    assertThat(table.schema().findField("price").orElseThrow().type()).isEqualTo(Types.DoubleType.get());
    assertThat(table.schema().findField("title").orElseThrow().doc()).contains("the title");
    assertThat(table.schema().findField("note").orElseThrow().doc()).contains("free text");
    assertThat(table.properties()).containsEntry("commit.retry.num-retries", "7").doesNotContainKey("k");

    List<String> columns = Stream.of(spark.table(CATALOG + ".db.alter_me").schema().fieldNames()).toList();
    assertThat(columns).containsExactly("first_col", "id", "title", "price", "note");
    assertThatThrownBy(() -> spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me ALTER COLUMN price TYPE FLOAT"))
        .hasMessageContaining("price");
    assertThatThrownBy(() -> spark.sql("ALTER TABLE " + CATALOG + ".db.alter_me ALTER COLUMN title TYPE INT"))
        .hasMessageContaining("title");
  }

  @Test
  void replaceTableKeepsHistory() {
    spark.sql("CREATE TABLE " + CATALOG + ".db.replaced (id BIGINT, category STRING) USING datashard PARTITIONED BY (category)");
    Table table = load("replaced");
    CatalogTestSupport.append(table, CatalogTestSupport.rows(0, 10, "a", "b"));
    long oldSnapshot = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    int idField = table.schema().findField("id").orElseThrow().fieldId();

    spark.sql("REPLACE TABLE " + CATALOG + ".db.replaced (label STRING, id BIGINT) USING datashard "
        + "PARTITIONED BY (bucket(4, id)) TBLPROPERTIES ('replaced' = 'yes')");
    Table replaced = load("replaced");
    assertThat(replaced.currentSnapshot()).isEmpty();
    assertThat(replaced.snapshot(oldSnapshot)).isPresent();
    assertThat(replaced.schema().columns()).extracting(Types.NestedField::name).containsExactly("label", "id");
    assertThat(replaced.schema().findField("id").orElseThrow().fieldId()).isEqualTo(idField);
    assertThat(replaced.schema().findField("label").orElseThrow().fieldId()).isGreaterThan(idField + 1);
    assertThat(replaced.schemas()).hasSize(2);
    assertThat(replaced.spec().fields()).extracting(field -> field.transform().toString()).containsExactly("bucket[4]");
    assertThat(replaced.properties()).containsEntry("replaced", "yes");
    assertThat(spark.table(CATALOG + ".db.replaced").count()).isZero();

    assertThatThrownBy(() -> spark.sql("REPLACE TABLE " + CATALOG + ".db.never_created (id BIGINT) USING datashard"))
        .hasMessageContaining("never_created");
    spark.sql("CREATE OR REPLACE TABLE " + CATALOG + ".db.created_by_replace (id BIGINT) USING datashard");
    assertThat(load("created_by_replace").schema().columns()).hasSize(1);
  }

  @Test
  void dropKeepsDataAndPurgeDeletesEverything() {
    spark.sql("CREATE TABLE " + CATALOG + ".db.dropped (id BIGINT, category STRING) USING datashard");
    spark.sql("CREATE TABLE " + CATALOG + ".db.purged (id BIGINT, category STRING) USING datashard");
    String dataFile = CatalogTestSupport.append(load("dropped"), CatalogTestSupport.rows(0, 5, "x")).get(0).location();
    CatalogTestSupport.append(load("purged"), CatalogTestSupport.rows(0, 5, "x"));

    spark.sql("DROP TABLE " + CATALOG + ".db.dropped");
    Path dropped = warehouse.resolve("db/dropped");
    assertThat(TABLES.exists(dropped.toString())).isFalse();
    assertThat(Files.exists(dropped.resolve("metadata"))
        && listFiles(dropped.resolve("metadata")).stream().anyMatch(f -> f.endsWith(".metadata.json"))).isFalse();
    assertThat(Files.exists(Path.of(dataFile.replaceFirst("^file:", "")))).isTrue();

    spark.sql("DROP TABLE " + CATALOG + ".db.purged PURGE");
    assertThat(listFiles(warehouse.resolve("db/purged"))).isEmpty();
    assertThat(spark.sql("SHOW TABLES IN " + CATALOG + ".db").collectAsList())
        .extracting(row -> row.getString(1)).doesNotContain("dropped", "purged");
    assertThatThrownBy(() -> spark.sql("DROP TABLE " + CATALOG + ".db.purged")).hasMessageContaining("purged");
    spark.sql("DROP TABLE IF EXISTS " + CATALOG + ".db.purged");
  }

  @Test
  void unknownTableAndBadCatalogOptionsFailClearly() {
    assertThatThrownBy(() -> spark.sql("SELECT * FROM " + CATALOG + ".db.no_such_table"))
        .hasMessageContaining("no_such_table");
    assertThatThrownBy(() -> new SparkCatalog().initialize("bad",
        new CaseInsensitiveStringMap(Map.of("type", "jdbc", "warehouse", warehouse.toString()))))
        .hasMessageContaining("jdbc").hasMessageContaining("type=path");
    assertThatThrownBy(() -> spark.sql("ALTER TABLE " + CATALOG + ".db.no_such_table ADD COLUMN x INT"))
        .hasMessageContaining("no_such_table");
    assertThatThrownBy(() -> spark.sql("ALTER TABLE " + CATALOG + ".db.x RENAME TO " + CATALOG + ".db.y"))
        .hasMessageContaining("x");
  }

  @Test
  void sqlInsertAndCtasRoundTrip() {
    spark.sql("CREATE TABLE " + CATALOG + ".db.source (id BIGINT, category STRING) USING datashard");
    CatalogTestSupport.append(load("source"), CatalogTestSupport.rows(0, 20, "a", "b", "c"));
    spark.sql("CREATE TABLE " + CATALOG + ".db.ctas USING datashard PARTITIONED BY (category) "
        + "TBLPROPERTIES ('k' = 'v') AS SELECT * FROM " + CATALOG + ".db.source WHERE id < 12");
    Table ctas = load("ctas");
    assertThat(ctas.spec().fields()).extracting(PartitionField::name).containsExactly("category");
    assertThat(ctas.properties()).containsEntry("k", "v");
    assertThat(CatalogTestSupport.ids(spark.table(CATALOG + ".db.ctas").select("id")))
        .isEqualTo(CatalogTestSupport.ids(CatalogTestSupport.rows(0, 12, "a")));

    spark.sql("REPLACE TABLE " + CATALOG + ".db.ctas USING datashard AS SELECT id FROM " + CATALOG + ".db.source WHERE id >= 15");
    Table rtas = load("ctas");
    assertThat(rtas.snapshots()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(CatalogTestSupport.ids(spark.table(CATALOG + ".db.ctas")))
        .isEqualTo(CatalogTestSupport.ids(CatalogTestSupport.rows(15, 20, "a")));

    spark.sql("INSERT INTO " + CATALOG + ".db.ctas VALUES (100), (101)");
    assertThat(spark.table(CATALOG + ".db.ctas").count()).isEqualTo(7);
  }

  @Test
  void failedCtasAndRtasAreUndone() {
    assertThatThrownBy(() -> spark.sql("CREATE TABLE " + CATALOG + ".db.failed_ctas USING datashard AS "
        + "SELECT id, 10 / (id - 3) AS ratio FROM range(0, 5)").collect()).hasMessageContaining("DIVIDE_BY_ZERO");
    assertThat(TABLES.exists(warehouse.resolve("db/failed_ctas").toString())).isFalse();

    spark.sql("CREATE TABLE " + CATALOG + ".db.kept (id BIGINT, category STRING) USING datashard PARTITIONED BY (category) "
        + "TBLPROPERTIES ('keep' = 'me')");
    Table before = load("kept");
    CatalogTestSupport.append(before, CatalogTestSupport.rows(0, 6, "a", "b"));
    long snapshot = before.refresh().currentSnapshot().orElseThrow().snapshotId();
    assertThatThrownBy(() -> spark.sql("REPLACE TABLE " + CATALOG + ".db.kept USING datashard AS "
        + "SELECT id, 10 / (id - 3) AS ratio FROM range(0, 5)").collect()).hasMessageContaining("DIVIDE_BY_ZERO");
    Table after = load("kept");
    assertThat(after.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);
    assertThat(after.schema().sameSchema(before.schema())).isTrue();
    assertThat(after.spec().fields()).isEqualTo(before.spec().fields());
    assertThat(after.properties()).containsEntry("keep", "me");
    assertThat(spark.table(CATALOG + ".db.kept").count()).isEqualTo(6);
  }

  private static List<String> listFiles(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toList());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Row first(org.apache.spark.sql.Dataset<Row> frame) {
    return frame.collectAsList().get(0);
  }
}
