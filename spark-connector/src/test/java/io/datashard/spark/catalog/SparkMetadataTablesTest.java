package io.datashard.spark.catalog;

import static io.datashard.spark.catalog.CatalogTestSupport.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.HistoryEntry;
import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.io.CloseableIterable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata tables through SQL and the path form, compared with what the core API reports. */
class SparkMetadataTablesTest {
  @TempDir
  static Path warehouse;
  private static SparkSession spark;
  private static Table table;

  @BeforeAll
  static void start() {
    spark = CatalogTestSupport.startSpark("SparkMetadataTablesTest", warehouse);
    spark.sql("CREATE NAMESPACE " + CATALOG + ".db");
    spark.sql("CREATE TABLE " + CATALOG + ".db.t (id BIGINT, category STRING) USING datashard PARTITIONED BY (category)");
    table = new PathTables().load(warehouse.resolve("db/t").toString());
    CatalogTestSupport.append(table, CatalogTestSupport.rows(0, 30, "a", "b", "c"));
    CatalogTestSupport.tick();
    CatalogTestSupport.append(table, CatalogTestSupport.rows(30, 40, "a", "d"));
    table.refresh();
    long first = table.snapshots().get(0).snapshotId();
    table.manageSnapshots().createTag("first", first).commit();
    table.manageSnapshots().createBranch("dev", first).commit();
    table.refresh();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> sql(String metadataTable) {
    return spark.sql("SELECT * FROM " + CATALOG + ".db.t." + metadataTable);
  }

  @Test
  void snapshotsAndHistory() {
    List<Row> snapshots = sql("snapshots").orderBy("committed_at").collectAsList();
    assertThat(snapshots).extracting(row -> row.getLong(1))
        .containsExactlyElementsOf(table.snapshots().stream().map(Snapshot::snapshotId).toList());
    Snapshot second = table.snapshots().get(1);
    Row secondRow = snapshots.get(1);
    assertThat(secondRow.getLong(2)).isEqualTo(second.parentId());
    assertThat(secondRow.getString(3)).isEqualTo(second.operation());
    assertThat(secondRow.getString(4)).isEqualTo(second.manifestListLocation());
    assertThat(secondRow.<String, String>getJavaMap(5)).isEqualTo(second.summary());
    assertThat(secondRow.getTimestamp(0).getTime()).isEqualTo(second.timestampMillis());

    List<Row> history = sql("history").collectAsList();
    assertThat(history).extracting(row -> row.getLong(1))
        .containsExactlyElementsOf(table.history().stream().map(HistoryEntry::snapshotId).toList());
    assertThat(history).extracting(row -> row.getBoolean(3)).containsOnly(true);
  }

  @Test
  void refs() {
    Map<String, String> types = new HashMap<>();
    Map<String, Long> ids = new HashMap<>();
    for (Row row : sql("refs").collectAsList()) {
      types.put(row.getString(0), row.getString(1));
      ids.put(row.getString(0), row.getLong(2));
    }
    assertThat(types).containsEntry("main", "BRANCH").containsEntry("dev", "BRANCH").containsEntry("first", "TAG");
    table.refs().forEach((name, ref) -> assertThat(ids).containsEntry(name, ref.snapshotId()));
  }

  @Test
  void filesManifestsAndPartitions() throws Exception {
    Snapshot current = table.currentSnapshot().orElseThrow();
    Map<String, Long> expectedCounts = new HashMap<>();
    Map<String, String> expectedPartition = new HashMap<>();
    try (CloseableIterable<DataFile> files = table.dataFiles(current)) {
      for (DataFile file : files) {
        expectedCounts.put(file.location(), file.recordCount());
        expectedPartition.put(file.location(), (String) file.partition().values()[0]);
      }
    }
    Map<String, Long> counts = new HashMap<>();
    Map<String, String> partitions = new HashMap<>();
    for (Row row : sql("files").select("file_path", "record_count", "partition.category", "content", "spec_id").collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
      partitions.put(row.getString(0), row.getString(2));
      assertThat(row.getInt(3)).isZero();
      assertThat(row.getInt(4)).isEqualTo(table.spec().specId());
    }
    assertThat(counts).isEqualTo(expectedCounts);
    assertThat(partitions).isEqualTo(expectedPartition);

    List<String> manifests = new ArrayList<>();
    for (ManifestFile manifest : table.manifests(current)) {
      manifests.add(manifest.location());
    }
    assertThat(sql("manifests").collectAsList()).extracting(row -> row.getString(1)).containsExactlyInAnyOrderElementsOf(manifests);

    Map<String, Long> perPartition = new HashMap<>();
    expectedPartition.forEach((file, category) -> perPartition.merge(category, expectedCounts.get(file), Long::sum));
    Map<String, Long> rows = new HashMap<>();
    for (Row row : sql("partitions").select("partition.category", "record_count").collectAsList()) {
      rows.put(row.getString(0), row.getLong(1));
    }
    assertThat(rows).isEqualTo(perPartition);
    assertThat(rows.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40L);
  }

  @Test
  void filesAtAnOlderSnapshotAndPathForm() {
    long first = table.snapshots().get(0).snapshotId();
    long firstFiles = spark.read().format("datashard").option("snapshot-id", first)
        .load(table.location() + "#files").count();
    long firstRecords = spark.read().format("datashard").option("tag", "first")
        .load(table.location() + "#files").agg(org.apache.spark.sql.functions.sum("record_count")).first().getLong(0);
    assertThat(firstRecords).isEqualTo(30L);
    assertThat(firstFiles).isLessThan(sql("files").count());
    assertThat(spark.sql("SELECT sum(record_count) FROM " + CATALOG + ".db.t.files VERSION AS OF 'first'").first().getLong(0))
        .isEqualTo(30L);
    assertThat(spark.read().format("datashard").load(table.location() + "#snapshots").count())
        .isEqualTo(table.snapshots().size());
    assertThat(spark.sql("SELECT * FROM " + CATALOG + ".`" + table.location() + "#history`").count())
        .isEqualTo(table.history().size());
  }

  @Test
  void deleteFilesAreListed() throws Exception {
    spark.sql("CREATE TABLE " + CATALOG + ".db.mor (id BIGINT, category STRING) USING datashard PARTITIONED BY (category) "
        + "TBLPROPERTIES ('write.delete.mode' = 'merge-on-read')");
    Table mor = new PathTables().load(warehouse.resolve("db/mor").toString());
    CatalogTestSupport.append(mor, CatalogTestSupport.rows(0, 12, "a", "b"));
    long deleted = io.datashard.data.TableDeleter.deleteUsingWriteMode(mor, io.datashard.expressions.Expressions.equal("id", 4L));
    assertThat(deleted).isEqualTo(1);
    Snapshot current = mor.refresh().currentSnapshot().orElseThrow();
    List<String> deleteFiles = new ArrayList<>();
    long deleteRecords = 0;
    try (CloseableIterable<io.datashard.DeleteFile> files = mor.deleteFiles(current)) {
      for (io.datashard.DeleteFile file : files) {
        deleteFiles.add(file.location());
        deleteRecords += file.recordCount();
      }
    }
    assertThat(deleteFiles).isNotEmpty();
    List<Row> listed = spark.sql("SELECT file_path, content FROM " + CATALOG + ".db.mor.files WHERE content > 0").collectAsList();
    assertThat(listed).extracting(row -> row.getString(0)).containsExactlyInAnyOrderElementsOf(deleteFiles);
    Row totals = spark.sql("SELECT sum(position_delete_record_count), sum(position_delete_file_count), sum(record_count) FROM "
        + CATALOG + ".db.mor.partitions").first();
    assertThat(totals.getLong(0)).isEqualTo(deleteRecords);
    assertThat(totals.getLong(1)).isEqualTo(deleteFiles.size());
    assertThat(totals.getLong(2)).isEqualTo(12L);
    assertThat(spark.sql("SELECT * FROM " + CATALOG + ".db.mor.manifests WHERE content = 1").count()).isPositive();
  }

  @Test
  void unknownMetadataTableFails() {
    assertThatThrownBy(() -> sql("no_such_metadata")).hasMessageContaining("no_such_metadata");
  }
}
