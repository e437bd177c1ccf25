package io.datashard.spark.catalog;

import static io.datashard.spark.catalog.CatalogTestSupport.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partition evolution and snapshot management through {@code CALL lake.system.*}. */
class SparkProceduresTest {
  @TempDir
  static Path warehouse;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = CatalogTestSupport.startSpark("SparkProceduresTest", warehouse);
    spark.sql("CREATE NAMESPACE " + CATALOG + ".db");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Table load(String name) {
    return new PathTables().load(warehouse.resolve("db").resolve(name).toString());
  }

  @Test
  void partitionEvolutionThenWritesAndReadsAcrossSpecs() {
    spark.sql("CREATE TABLE " + CATALOG + ".db.evolve (id BIGINT, category STRING) USING datashard PARTITIONED BY (category)");
    spark.sql("INSERT INTO " + CATALOG + ".db.evolve VALUES (1, 'a'), (2, 'b'), (3, 'a')");

    List<Row> added = spark.sql("CALL " + CATALOG + ".system.add_partition_field(table => 'db.evolve', transform => 'bucket(8, id)')")
        .collectAsList();
    Table table = load("evolve");
    assertThat(table.spec().fields()).extracting(field -> field.transform().toString()).containsExactly("identity", "bucket[8]");
    assertThat(added).hasSize(1);
    assertThat(added.get(0).getInt(0)).isEqualTo(table.spec().specId());

    spark.sql("INSERT INTO " + CATALOG + ".db.evolve VALUES (10, 'a'), (11, 'c')");
    spark.sql("CALL " + CATALOG + ".system.drop_partition_field(table => '" + CATALOG + ".db.evolve', transform => 'category')");
    assertThat(load("evolve").spec().fields()).extracting(field -> field.transform().toString()).containsExactly("bucket[8]");
    spark.sql("INSERT INTO " + CATALOG + ".db.evolve VALUES (20, 'd')");

    Set<Long> ids = new TreeSet<>();
    for (Row row : spark.table(CATALOG + ".db.evolve").collectAsList()) {
      ids.add(row.getLong(0));
    }
    assertThat(ids).containsExactly(1L, 2L, 3L, 10L, 11L, 20L);
    assertThat(spark.sql("SELECT id FROM " + CATALOG + ".db.evolve WHERE category = 'a'").count()).isEqualTo(3);
    Set<Integer> specIds = new TreeSet<>();
    for (Row row : spark.sql("SELECT spec_id FROM " + CATALOG + ".db.evolve.files").collectAsList()) {
      specIds.add(row.getInt(0));
    }
    assertThat(specIds).hasSize(3);
  }

  @Test
  void namedFieldAndBadTransforms() {
    spark.sql("CREATE TABLE " + CATALOG + ".db.named (id BIGINT, name STRING) USING datashard");
    spark.sql("CALL " + CATALOG + ".system.add_partition_field(table => 'db.named', transform => 'truncate(name, 2)', name => 'prefix')");
    assertThat(load("named").spec().fields()).extracting(field -> field.name()).containsExactly("prefix");
    spark.sql("CALL " + CATALOG + ".system.drop_partition_field(table => 'db.named', transform => 'prefix')");
    assertThat(load("named").spec().fields()).isEmpty();

    assertThatThrownBy(() -> spark.sql("CALL " + CATALOG + ".system.add_partition_field(table => 'db.named', transform => 'wobble(id)')"))
        .hasMessageContaining("wobble");
    assertThatThrownBy(() -> spark.sql("CALL " + CATALOG + ".system.add_partition_field(table => 'db.named', transform => 'bucket(id)')"))
        .hasMessageContaining("bucket(id)");
    assertThatThrownBy(() -> spark.sql("CALL " + CATALOG + ".system.add_partition_field(table => 'db.named', transform => 'bucket(4, nope)')"))
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> spark.sql("CALL " + CATALOG + ".system.add_partition_field(table => 'db.missing', transform => 'id')"))
        .hasMessageContaining("db.missing");
    assertThatThrownBy(() -> spark.sql("CALL " + CATALOG + ".system.no_such_procedure(table => 'db.named')"))
        .hasMessageContaining("no_such_procedure");
  }

  @Test
  void rollbackAndSetCurrentSnapshot() {
    spark.sql("CREATE TABLE " + CATALOG + ".db.snaps (id BIGINT, category STRING) USING datashard");
    Table table = load("snaps");
    CatalogTestSupport.append(table, CatalogTestSupport.rows(0, 5, "a"));
    long first = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    CatalogTestSupport.append(table, CatalogTestSupport.rows(5, 10, "a"));
    long second = table.refresh().currentSnapshot().orElseThrow().snapshotId();

    Row rolledBack = spark.sql("CALL " + CATALOG + ".system.rollback_to_snapshot(table => 'db.snaps', snapshot_id => " + first + ")")
        .collectAsList().get(0);
    assertThat(rolledBack.getLong(0)).isEqualTo(second);
    assertThat(rolledBack.getLong(1)).isEqualTo(first);
    assertThat(load("snaps").currentSnapshot().map(Snapshot::snapshotId)).contains(first);
    assertThat(spark.table(CATALOG + ".db.snaps").count()).isEqualTo(5);

    spark.sql("CALL " + CATALOG + ".system.set_current_snapshot(table => 'db.snaps', snapshot_id => " + second + ")");
    assertThat(load("snaps").currentSnapshot().map(Snapshot::snapshotId)).contains(second);
    assertThat(spark.table(CATALOG + ".db.snaps").count()).isEqualTo(10);
    assertThatThrownBy(() -> spark.sql("CALL " + CATALOG + ".system.set_current_snapshot(table => 'db.snaps', snapshot_id => 42)"))
        .hasMessageContaining("42");
  }
}
