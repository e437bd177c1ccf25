package io.datashard.spark.catalog;

import static io.datashard.spark.catalog.CatalogTestSupport.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VERSION AS OF, TIMESTAMP AS OF and the read options, compared with the rows written at each point. */
class SparkTimeTravelTest {
  @TempDir
  static Path warehouse;
  private static SparkSession spark;
  private static Table table;
  private static final List<Set<Long>> IDS_AT = new ArrayList<>();
  private static final List<Snapshot> SNAPSHOTS = new ArrayList<>();
  private static final String NAME = CATALOG + ".db.tt";

  @BeforeAll
  static void start() {
    spark = CatalogTestSupport.startSpark("SparkTimeTravelTest", warehouse);
    spark.sql("CREATE NAMESPACE " + CATALOG + ".db");
    spark.sql("CREATE TABLE " + NAME + " (id BIGINT, category STRING) USING datashard");
    table = new PathTables().load(warehouse.resolve("db/tt").toString());
    List<Object[]> written = new ArrayList<>();
    for (int step = 0; step < 3; step++) {
      List<Object[]> rows = CatalogTestSupport.rows(step * 10L, step * 10L + 10, "x", "y");
      CatalogTestSupport.append(table, rows);
      written.addAll(rows);
      IDS_AT.add(CatalogTestSupport.ids(written));
      SNAPSHOTS.add(table.refresh().currentSnapshot().orElseThrow());
      CatalogTestSupport.tick();
    }
    table.manageSnapshots().createTag("v1", SNAPSHOTS.get(0).snapshotId()).commit();
    table.manageSnapshots().createBranch("audit", SNAPSHOTS.get(1).snapshotId()).commit();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void versionAsOfSnapshotIdBranchAndTag() {
    for (int i = 0; i < SNAPSHOTS.size(); i++) {
      assertThat(CatalogTestSupport.ids(spark.sql("SELECT id FROM " + NAME + " VERSION AS OF " + SNAPSHOTS.get(i).snapshotId())))
          .isEqualTo(IDS_AT.get(i));
    }
    assertThat(CatalogTestSupport.ids(spark.sql("SELECT id FROM " + NAME + " VERSION AS OF 'v1'"))).isEqualTo(IDS_AT.get(0));
    assertThat(CatalogTestSupport.ids(spark.sql("SELECT id FROM " + NAME + " VERSION AS OF 'audit'"))).isEqualTo(IDS_AT.get(1));
  }

  @Test
  void timestampAsOf() {
    for (int i = 0; i < SNAPSHOTS.size(); i++) {
      long millis = SNAPSHOTS.get(i).timestampMillis();
      assertThat(CatalogTestSupport.ids(spark.sql("SELECT id FROM " + NAME + " TIMESTAMP AS OF timestamp_millis(" + millis + ")")))
          .isEqualTo(IDS_AT.get(i));
    }
  }

  @Test
  void dataFrameOptions() {
    String location = table.location();
    assertThat(CatalogTestSupport.ids(spark.read().format("datashard").option("snapshot-id", SNAPSHOTS.get(1).snapshotId())
        .load(location).select("id"))).isEqualTo(IDS_AT.get(1));
    assertThat(CatalogTestSupport.ids(spark.read().format("datashard").option("as-of-timestamp", SNAPSHOTS.get(0).timestampMillis())
        .load(location).select("id"))).isEqualTo(IDS_AT.get(0));
    assertThat(CatalogTestSupport.ids(spark.read().format("datashard").option("tag", "v1").load(location).select("id")))
        .isEqualTo(IDS_AT.get(0));
    assertThat(CatalogTestSupport.ids(spark.read().format("datashard").option("branch", "audit").load(location).select("id")))
        .isEqualTo(IDS_AT.get(1));
    assertThat(CatalogTestSupport.ids(spark.read().format("datashard").load(location).select("id"))).isEqualTo(IDS_AT.get(2));
  }

  @Test
  void badVersionsFailClearly() {
    assertThatThrownBy(() -> spark.sql("SELECT * FROM " + NAME + " VERSION AS OF 12345").collect())
        .hasMessageContaining("12345");
    assertThatThrownBy(() -> spark.sql("SELECT * FROM " + NAME + " VERSION AS OF 'nope'").collect())
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> spark.sql("SELECT * FROM " + NAME + " TIMESTAMP AS OF timestamp_millis(1000)").collect())
        .hasMessageContaining("no snapshot that old");
    String location = table.location();
    assertThatThrownBy(() -> spark.read().format("datashard").option("snapshot-id", 1L).option("tag", "v1").load(location))
        .hasMessageContaining("at most one");
    assertThatThrownBy(() -> spark.read().format("datashard").option("as-of-timestamp", "yesterday").load(location))
        .hasMessageContaining("as-of-timestamp");
    assertThatThrownBy(() -> spark.read().format("datashard").option("branch", "nope").load(location))
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> spark.read().format("datashard").load(warehouse.resolve("missing").toString()))
        .hasMessageContaining(warehouse.resolve("missing").toString());
  }
}
