package io.datashard.spark.source;

import static io.datashard.spark.source.RowLevelTestSupport.deletesByDataFile;
import static io.datashard.spark.source.RowLevelTestSupport.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DeleteFile;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spark SQL DELETE, UPDATE and MERGE in copy-on-write and merge-on-read modes, format versions 2 and 3,
 * partitioned and not. Each result is compared with the same change computed by Spark over a plain
 * DataFrame holding the original rows, and the files each mode leaves are checked.
 */
class SparkRowLevelTest {
  @TempDir
  static Path warehouse;

  private static SparkSession spark;
  private static final PathTables TABLES = new PathTables();
  private static int tableCount = 0;

  @BeforeAll
  static void startSpark() {
    spark = RowLevelTestSupport.startSpark("SparkRowLevelTest", warehouse);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String mode : List.of("copy-on-write", "merge-on-read")) {
      for (int version : List.of(2, 3)) {
        for (boolean partitioned : List.of(false, true)) {
          cases.add(Arguments.of(mode, version, partitioned));
        }
      }
    }
    return cases.stream();
  }

  /** Creates a table, and a temp view {@code orig} holding a plain copy of its rows. */
  private static String newTable(String mode, int version, boolean partitioned) {
    tableCount += 1;
    String name = "t" + tableCount;
    RowLevelTestSupport.create(TABLES, warehouse + "/db/" + name, version, mode, partitioned, Map.of());
    String qualified = "testcat.db." + name;
    Dataset<Row> read = spark.table(qualified);
    List<Row> copy = new ArrayList<>();
    for (Row row : read.collectAsList()) {
      copy.add(RowFactory.create(row.getLong(0), row.getString(1), row.getString(2)));
    }
    StructType schema = read.schema();
    spark.createDataFrame(copy, schema).createOrReplaceTempView("orig");
    assertThat(copy).hasSize(40);
    return qualified;
  }

  private static Table load(String qualified) {
    return TABLES.load(warehouse + "/db/" + qualified.substring("testcat.db.".length()));
  }

  @ParameterizedTest(name = "{0} v{1} partitioned={2}")
  @MethodSource("cases")
  void deleteFrom(String mode, int version, boolean partitioned) {
    String table = newTable(mode, version, partitioned);
    spark.sql("DELETE FROM " + table + " WHERE id % 3 = 0");
    // a second delete hits data files that already have deletes (v3: their vector is merged)
    spark.sql("DELETE FROM " + table + " WHERE data IN ('d1', 'd2', 'd4') OR id > 37");

    Dataset<Row> expected = spark.sql("SELECT * FROM orig WHERE NOT (id % 3 = 0) AND NOT (data IN ('d1', 'd2', 'd4') OR id > 37)");
    assertThat(sorted(spark.table(table))).isEqualTo(sorted(expected));
    Table loaded = load(table);
    checkFiles(loaded, mode, version);
    if (mode.equals("merge-on-read") && version == 3) {
      // the second delete merged the vectors of the first into new ones and removed the old ones
      assertThat(loaded.currentSnapshot().orElseThrow().summary()).containsKey("removed-dvs");
    }
  }

  @ParameterizedTest(name = "{0} v{1} partitioned={2}")
  @MethodSource("cases")
  void update(String mode, int version, boolean partitioned) {
    String table = newTable(mode, version, partitioned);
    // row 5 also moves to another partition
    spark.sql("UPDATE " + table + " SET data = concat(data, '-u'), category = CASE WHEN id = 5 THEN 'z' ELSE category END"
        + " WHERE id % 4 = 1");

    Dataset<Row> expected = spark.sql("SELECT id, CASE WHEN id % 4 = 1 THEN concat(data, '-u') ELSE data END AS data,"
        + " CASE WHEN id = 5 THEN 'z' ELSE category END AS category FROM orig");
    assertThat(sorted(spark.table(table))).isEqualTo(sorted(expected));
    checkFiles(load(table), mode, version);
  }

  @ParameterizedTest(name = "{0} v{1} partitioned={2}")
  @MethodSource("cases")
  void merge(String mode, int version, boolean partitioned) {
    String table = newTable(mode, version, partitioned);
    spark.sql("SELECT id, concat('s', CAST(id AS STRING)) AS data, element_at(array('a', 'b', 'c', 'd'), CAST(id % 4 + 1 AS INT))"
        + " AS category FROM range(30, 50)").createOrReplaceTempView("src");
    spark.sql("MERGE INTO " + table + " t USING src s ON t.id = s.id"
        + " WHEN MATCHED AND s.id % 2 = 0 THEN DELETE"
        + " WHEN MATCHED THEN UPDATE SET t.data = s.data"
        + " WHEN NOT MATCHED THEN INSERT *"
        + " WHEN NOT MATCHED BY SOURCE AND t.id < 5 THEN DELETE");

    Dataset<Row> expected = spark.sql(
        "SELECT t.id, t.data, t.category FROM orig t LEFT ANTI JOIN src s ON t.id = s.id WHERE NOT (t.id < 5)"
            + " UNION ALL SELECT t.id, s.data, t.category FROM orig t JOIN src s ON t.id = s.id WHERE s.id % 2 <> 0"
            + " UNION ALL SELECT s.id, s.data, s.category FROM src s LEFT ANTI JOIN orig t ON t.id = s.id");
    assertThat(sorted(spark.table(table))).isEqualTo(sorted(expected));
    checkFiles(load(table), mode, version);
  }

  /** Copy-on-write leaves no delete files; merge-on-read position delete files (v2) or one vector per data file (v3). */
  private static void checkFiles(Table table, String mode, int version) {
    Map<String, String> summary = table.currentSnapshot().orElseThrow().summary();
    Map<String, List<DeleteFile>> deletes = deletesByDataFile(table);
    List<DeleteFile> all = new ArrayList<>();
    deletes.values().forEach(all::addAll);
    if (mode.equals("copy-on-write")) {
      assertThat(all).as("delete files after copy-on-write").isEmpty();
      assertThat(summary).as("last snapshot").containsKey("deleted-data-files").doesNotContainKey("added-delete-files");
      return;
    }
    assertThat(all).as("delete files after merge-on-read").isNotEmpty();
    assertThat(summary).as("last snapshot").containsKey("added-delete-files").doesNotContainKey("deleted-data-files");
    if (version == 2) {
      assertThat(all).allMatch(RowLevelTestSupport::isPositionDeleteFile);
    } else {
      for (Map.Entry<String, List<DeleteFile>> entry : deletes.entrySet()) {
        assertThat(entry.getValue()).as("deletes of " + entry.getKey()).hasSizeLessThanOrEqualTo(1)
            .allMatch(RowLevelTestSupport::isDeletionVector);
      }
    }
  }
}
