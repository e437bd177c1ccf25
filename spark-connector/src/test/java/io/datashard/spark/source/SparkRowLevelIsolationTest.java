package io.datashard.spark.source;

import static io.datashard.spark.source.RowLevelTestSupport.deletesByDataFile;
import static io.datashard.spark.source.RowLevelTestSupport.sorted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metadata-only deletes, runtime file filtering of copy-on-write, and a MERGE racing a concurrent append
 * under the serializable and snapshot isolation levels. The append is committed through the core by a
 * UDF of the MERGE's source query, so it lands after Spark planned the MERGE's scan and before the
 * MERGE commits, every time.
 */
class SparkRowLevelIsolationTest {
  @TempDir
  static Path warehouse;

  private static SparkSession spark;
  private static final PathTables TABLES = new PathTables();
  private static int tableCount = 0;

  // the UDF runs in executor threads of this JVM (local mode): it reaches the test through statics
  private static volatile String appendLocation = null;
  private static final AtomicBoolean APPENDED = new AtomicBoolean(false);
  private static final AtomicLong APPENDED_SNAPSHOT = new AtomicLong(-1);

  @BeforeAll
  static void startSpark() {
    spark = RowLevelTestSupport.startSpark("SparkRowLevelIsolationTest", warehouse);
    UserDefinedFunction appendOnce = functions.udf((UDF1<Long, Boolean>) id -> {
      String location = appendLocation;
      if (location != null && APPENDED.compareAndSet(false, true)) {
        Table table = new PathTables().load(location);
        RowLevelTestSupport.append(table, 1000, 1001);
        APPENDED_SNAPSHOT.set(table.currentSnapshot().orElseThrow().snapshotId());
      }
      return true;
    }, DataTypes.BooleanType);
    // deterministic as far as Spark knows (MERGE refuses non-deterministic sources); the flag makes it append once
    spark.udf().register("append_once", appendOnce);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  private static String newTable(int version, String mode, boolean partitioned, Map<String, String> properties) {
    tableCount += 1;
    String name = "t" + tableCount;
    RowLevelTestSupport.create(TABLES, warehouse + "/db/" + name, version, mode, partitioned, properties);
    List<Row> copy = new ArrayList<>();
    for (Row row : spark.table("testcat.db." + name).collectAsList()) {
      copy.add(RowFactory.create(row.getLong(0), row.getString(1), row.getString(2)));
    }
    spark.createDataFrame(copy, spark.table("testcat.db." + name).schema()).createOrReplaceTempView("orig");
    return name;
  }

  private static Table load(String name) {
    return TABLES.load(warehouse + "/db/" + name);
  }

  @Test
  void deleteOfWholePartitionsOnlyRemovesFiles() {
    String name = newTable(2, "merge-on-read", true, Map.of());
    long before = load(name).currentSnapshot().orElseThrow().snapshotId();
    spark.sql("DELETE FROM testcat.db." + name + " WHERE category = 'a' OR category = 'c'");

    Snapshot snapshot = load(name).currentSnapshot().orElseThrow();
    assertThat(snapshot.parentId()).isEqualTo(before);
    assertThat(snapshot.operation()).isEqualTo("delete");
    assertThat(snapshot.summary()).containsEntry("deleted-data-files", "4")
        .doesNotContainKey("added-data-files").doesNotContainKey("added-delete-files");
    assertThat(deletesByDataFile(load(name)).values()).allMatch(List::isEmpty);
    assertThat(sorted(spark.table("testcat.db." + name)))
        .isEqualTo(sorted(spark.sql("SELECT * FROM orig WHERE NOT (category = 'a' OR category = 'c')")));
  }

  @Test
  void deleteCoveringWholeFilesByMetricsOnlyRemovesFiles() {
    String name = newTable(3, "merge-on-read", false, Map.of());
    spark.sql("DELETE FROM testcat.db." + name + " WHERE id >= 20");

    Snapshot snapshot = load(name).currentSnapshot().orElseThrow();
    assertThat(snapshot.operation()).isEqualTo("delete");
    assertThat(snapshot.summary()).containsEntry("deleted-data-files", "1").doesNotContainKey("added-delete-files");
    assertThat(sorted(spark.table("testcat.db." + name))).isEqualTo(sorted(spark.sql("SELECT * FROM orig WHERE id < 20")));
  }

  @Test
  void truncateRemovesEveryFile() {
    String name = newTable(2, "copy-on-write", true, Map.of());
    spark.sql("TRUNCATE TABLE testcat.db." + name);
    Snapshot snapshot = load(name).currentSnapshot().orElseThrow();
    assertThat(snapshot.operation()).isEqualTo("delete");
    assertThat(snapshot.summary()).containsEntry("deleted-data-files", "8").doesNotContainKey("added-data-files");
    assertThat(spark.table("testcat.db." + name).count()).isZero();
  }

  @Test
  void copyOnWriteRewritesOnlyFilesHoldingMatchingRows() {
    // 'd25' lies within the data column bounds of both files, but only the second holds it
    String name = newTable(2, "copy-on-write", false, Map.of());
    spark.sql("DELETE FROM testcat.db." + name + " WHERE data = 'd25' AND id > 0");

    Snapshot snapshot = load(name).currentSnapshot().orElseThrow();
    assertThat(snapshot.summary()).containsEntry("deleted-data-files", "1").containsEntry("added-data-files", "1")
        .containsEntry("deleted-records", "20").containsEntry("added-records", "19");
    assertThat(sorted(spark.table("testcat.db." + name))).isEqualTo(sorted(spark.sql("SELECT * FROM orig WHERE id <> 25")));
  }

  @Test
  void copyOnWriteMergeAndUpdateRewriteOnlyFilesHoldingMatchingRows() {
    // the files hold ids 0-19 and 20-39; Spark finds the matched files by _file_id with a join of its
    // own scan of the snapshot (which plans fewer files: Spark pushes the source's two ids into it), and
    // the operation's scan keeps only those
    String name = newTable(2, "copy-on-write", false, Map.of());
    spark.sql("SELECT 25L AS id, 'merged' AS data, 'z' AS category UNION ALL SELECT 100L, 'new', 'z'")
        .createOrReplaceTempView("cow_src");
    spark.sql("MERGE INTO testcat.db." + name + " t USING cow_src s ON t.id = s.id "
        + "WHEN MATCHED THEN UPDATE SET t.data = s.data WHEN NOT MATCHED THEN INSERT *");
    Snapshot merged = load(name).currentSnapshot().orElseThrow();
    assertThat(merged.summary()).containsEntry("deleted-data-files", "1").containsEntry("deleted-records", "20")
        .containsEntry("added-records", "21");

    spark.sql("UPDATE testcat.db." + name + " SET data = 'u' WHERE data = 'd7' AND id >= 0");
    Snapshot updated = load(name).currentSnapshot().orElseThrow();
    assertThat(updated.summary()).containsEntry("deleted-data-files", "1").containsEntry("deleted-records", "20");
    assertThat(sorted(spark.table("testcat.db." + name))).isEqualTo(sorted(spark.sql(
        "SELECT id, CASE id WHEN 25 THEN 'merged' WHEN 7 THEN 'u' ELSE data END AS data, category FROM orig "
            + "UNION ALL SELECT 100L, 'new', 'z'")));
  }

  @Test
  void metadataColumnsAreReadable() {
    String name = newTable(2, "copy-on-write", false, Map.of());
    List<Row> rows = spark.sql("SELECT id, _file, _pos, _spec_id FROM testcat.db." + name + " WHERE id IN (3, 27)")
        .orderBy("id").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getLong(2)).isEqualTo(3L);
    assertThat(rows.get(1).getLong(2)).isEqualTo(7L);
    assertThat(rows.get(0).getString(1)).isNotEqualTo(rows.get(1).getString(1)).endsWith(".parquet");
    assertThat(rows.get(0).getInt(3)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"copy-on-write", "merge-on-read"})
  void changesMatchingNothingCommitNothing(String mode) {
    String name = newTable(2, mode, true, Map.of());
    long before = load(name).currentSnapshot().orElseThrow().snapshotId();
    spark.sql("DELETE FROM testcat.db." + name + " WHERE category = 'zz'");           // metadata-only path
    spark.sql("DELETE FROM testcat.db." + name + " WHERE id % 1000 = 999");           // row-level path
    spark.sql("UPDATE testcat.db." + name + " SET data = 'x' WHERE id % 1000 = 999");
    assertThat(load(name).currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"copy-on-write", "merge-on-read"})
  void mergeIntoEmptyTableInserts(String mode) {
    tableCount += 1;
    String name = "t" + tableCount;
    TABLES.create(RowLevelTestSupport.SCHEMA, io.datashard.PartitionSpec.unpartitioned(),
        Map.of("format-version", "3", "write.merge.mode", mode), warehouse + "/db/" + name);
    spark.sql("SELECT id, 'n' AS data, 'a' AS category FROM range(0, 5)").createOrReplaceTempView("src");
    spark.sql("MERGE INTO testcat.db." + name + " t USING src s ON t.id = s.id"
        + " WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT *");
    assertThat(sorted(spark.table("testcat.db." + name))).isEqualTo(sorted(spark.table("src")));
  }

  @Test
  void mergeOnReadOnFormatVersion1FailsClearly() {
    tableCount += 1;
    String name = "t" + tableCount;
    Table table = TABLES.create(RowLevelTestSupport.SCHEMA, io.datashard.PartitionSpec.unpartitioned(),
        Map.of("format-version", "1", "write.delete.mode", "merge-on-read"), warehouse + "/db/" + name);
    RowLevelTestSupport.append(table, 0, 10);
    assertThatThrownBy(() -> spark.sql("DELETE FROM testcat.db." + name + " WHERE id % 2 = 0"))
        .hasMessageContaining("format version 1").hasMessageContaining("write.delete.mode=copy-on-write");
  }

  @ParameterizedTest(name = "{0} with a column {1} (required {2})")
  @CsvSource({"merge-on-read, _pos, false", "merge-on-read, _pos, true", "merge-on-read, _FILE_ID, true",
      "copy-on-write, _file_id, false"})
  void tableColumnHidingARowIdColumnFailsClearlyAndChangesNothing(String mode, String column, boolean required) {
    // Spark would resolve the row id (or the runtime file filter) to the table's own column: without
    // the check a required _pos column silently deletes by its values, a _file_id column makes a
    // copy-on-write DELETE find no file to rewrite, and an optional one fails with Spark's
    // NULLABLE_ROW_ID_ATTRIBUTES
    tableCount += 1;
    String name = "t" + tableCount;
    Schema schema = new Schema(List.of(Types.NestedField.required(1, "id", Types.LongType.get()),
        required ? Types.NestedField.required(2, column, Types.LongType.get())
            : Types.NestedField.optional(2, column, Types.LongType.get())));
    Table table = TABLES.create(schema, io.datashard.PartitionSpec.unpartitioned(),
        Map.of("format-version", "2", "write.delete.mode", mode, "write.merge.mode", mode), warehouse + "/db/" + name);
    spark.sql("INSERT INTO testcat.db." + name + " SELECT id, id * 10 FROM range(0, 10)");
    long snapshot = table.refresh().currentSnapshot().orElseThrow().snapshotId();

    assertThatThrownBy(() -> spark.sql("DELETE FROM testcat.db." + name + " WHERE id % 2 = 0"))
        .hasMessageContaining("its column " + column + " hides the metadata column")
        .hasMessageContaining("RENAME COLUMN");
    spark.sql("SELECT 3L AS id, 0L AS v").createOrReplaceTempView("hiding_src");
    assertThatThrownBy(() -> spark.sql("MERGE INTO testcat.db." + name + " t USING hiding_src s ON t.id = s.id "
        + "WHEN MATCHED THEN DELETE"))
        .hasMessageContaining("hides the metadata column");
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);
    assertThat(spark.table("testcat.db." + name).count()).isEqualTo(10);
  }

  static Stream<Arguments> isolationCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String mode : List.of("copy-on-write", "merge-on-read")) {
      for (String isolation : List.of("serializable", "snapshot")) {
        cases.add(Arguments.of(mode, isolation));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("isolationCases")
  void mergeRacingAnAppend(String mode, String isolation) {
    String name = newTable(3, mode, false, Map.of("write.merge.isolation-level", isolation));
    spark.sql("SELECT id, concat('s', CAST(id AS STRING)) AS data, 'b' AS category FROM range(10, 45)")
        .createOrReplaceTempView("src");
    String merge = "MERGE INTO testcat.db." + name + " t"
        + " USING (SELECT * FROM src WHERE append_once(id)) s ON t.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET t.data = s.data WHEN NOT MATCHED THEN INSERT *";
    long mergeBase = load(name).currentSnapshot().orElseThrow().snapshotId();
    APPENDED.set(false);
    APPENDED_SNAPSHOT.set(-1);
    appendLocation = warehouse + "/db/" + name;
    try {
      if (isolation.equals("serializable")) {
        assertThatThrownBy(() -> spark.sql(merge))
            .satisfies(e -> assertThat(messages(e)).contains("snapshot " + APPENDED_SNAPSHOT.get()));
        Table table = load(name);
        assertThat(table.currentSnapshot().orElseThrow().snapshotId()).isEqualTo(APPENDED_SNAPSHOT.get());
        assertThat(table.currentSnapshot().orElseThrow().parentId()).isEqualTo(mergeBase);
        assertThat(sorted(spark.table("testcat.db." + name))).isEqualTo(sorted(spark.sql(
            "SELECT * FROM orig UNION ALL SELECT 1000L, 'd1000', 'a'")));
      } else {
        spark.sql(merge);
        assertThat(APPENDED.get()).isTrue();
        Dataset<Row> expected = spark.sql(
            "SELECT t.id, coalesce(s.data, t.data), t.category FROM orig t LEFT JOIN src s ON t.id = s.id"
                + " UNION ALL SELECT s.id, s.data, s.category FROM src s LEFT ANTI JOIN orig t ON t.id = s.id"
                + " UNION ALL SELECT 1000L, 'd1000', 'a'");
        assertThat(sorted(spark.table("testcat.db." + name))).isEqualTo(sorted(expected));
      }
    } finally {
      appendLocation = null;
    }
  }

  private static String messages(Throwable error) {
    StringBuilder all = new StringBuilder();
    for (Throwable e = error; e != null; e = e.getCause()) {
      all.append(e.getMessage()).append('\n');
    }
    return all.toString();
  }
}
