package io.datashard.flink.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.flink.TestRows;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code datashard} catalog: databases, tables, ALTER, partitions and statistics through SQL. */
class DatashardCatalogTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  @TempDir
  static Path warehouse;

  private static TableEnvironment env;

  @BeforeAll
  static void catalog() {
    StreamExecutionEnvironment streamEnv = StreamExecutionEnvironment.getExecutionEnvironment();
    streamEnv.setParallelism(2);
    env = StreamTableEnvironment.create(streamEnv, EnvironmentSettings.inBatchMode());
    env.executeSql("CREATE CATALOG lake WITH ('type' = 'datashard', 'warehouse' = '" + warehouse + "', "
        + "'catalog-type' = 'path')");
  }

  private static Catalog lake() {
    return env.getCatalog("lake").orElseThrow();
  }

  @Test
  void databasesAndTables() throws Exception {
    env.executeSql("CREATE DATABASE lake.sales COMMENT 'sales data'");
    assertThat(lake().listDatabases()).contains("default", "sales");
    assertThat(lake().getDatabase("sales").getComment()).isEqualTo("sales data");

    env.executeSql("CREATE TABLE lake.sales.orders (id BIGINT, region STRING, amount DOUBLE, PRIMARY KEY (id) NOT ENFORCED) "
        + "PARTITIONED BY (region) WITH ('write.parquet.compression-codec' = 'zstd')");
    assertThat(lake().listTables("sales")).containsExactly("orders");
    Table table = new PathTables().load(warehouse.resolve("sales/orders").toString());
    assertThat(table.schema().identifierFieldNames()).containsExactly("id");
    assertThat(table.properties()).containsEntry("write.parquet.compression-codec", "zstd");
    assertThat(table.spec().fields()).hasSize(1);

    env.executeSql("INSERT INTO lake.sales.orders VALUES (CAST(1 AS BIGINT), 'eu', 1.5), (CAST(2 AS BIGINT), 'us', 2.5), "
        + "(CAST(3 AS BIGINT), 'eu', 3.5)").await();
    assertThat(TestRows.read(table)).hasSize(3);

    ObjectPath orders = new ObjectPath("sales", "orders");
    List<Map<String, String>> partitions = new ArrayList<>();
    for (CatalogPartitionSpec spec : lake().listPartitions(orders)) {
      partitions.add(spec.getPartitionSpec());
    }
    assertThat(partitions).containsExactlyInAnyOrder(Map.of("region", "eu"), Map.of("region", "us"));
    assertThat(lake().listPartitions(orders, new CatalogPartitionSpec(Map.of("region", "us")))).hasSize(1);

    CatalogTableStatistics statistics = lake().getTableStatistics(orders);
    table.refresh();
    long size = 0;
    for (io.datashard.DataFile file : table.dataFiles(table.currentSnapshot().orElseThrow())) {
      size += file.fileSizeInBytes();
    }
    assertThat(statistics.getRowCount()).isEqualTo(3);
    assertThat(statistics.getFileCount()).isEqualTo(2);
    assertThat(statistics.getTotalSize()).isEqualTo(size);

    env.executeSql("ALTER TABLE lake.sales.orders ADD (note STRING COMMENT 'free text')");
    env.executeSql("ALTER TABLE lake.sales.orders SET ('write.target-file-size-bytes' = '1048576')");
    table.refresh();
    assertThat(table.schema().findField("note")).get().extracting(Types.NestedField::type)
        .isEqualTo(Types.StringType.get());
    assertThat(table.properties()).containsEntry("write.target-file-size-bytes", "1048576");
    env.executeSql("ALTER TABLE lake.sales.orders RESET ('write.target-file-size-bytes')");
    table.refresh();
    assertThat(table.properties()).doesNotContainKey("write.target-file-size-bytes");

    // the new column is written through the catalog table
    env.executeSql("INSERT INTO lake.sales.orders VALUES (CAST(4 AS BIGINT), 'us', 4.5, 'late')").await();
    List<List<Object>> rows = TestRows.read(table);
    assertThat(rows).hasSize(4).anyMatch(row -> row.equals(List.of(4L, "us", 4.5, "late")));

    env.executeSql("DROP TABLE lake.sales.orders");
    assertThat(lake().listTables("sales")).isEmpty();
    assertThat(new PathTables().exists(warehouse.resolve("sales/orders").toString())).isFalse();
    env.executeSql("DROP DATABASE lake.sales");
    assertThat(lake().listDatabases()).doesNotContain("sales");
  }

  @Test
  void selectThroughTheCatalog() throws Exception {
    env.executeSql("CREATE DATABASE IF NOT EXISTS lake.readdb");
    env.executeSql("CREATE TABLE lake.readdb.events (id BIGINT, name STRING)");
    env.executeSql("INSERT INTO lake.readdb.events VALUES (CAST(1 AS BIGINT), 'a'), (CAST(2 AS BIGINT), 'b')").await();
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<Row> result = env.executeSql("SELECT id, name FROM lake.readdb.events").collect()) {
      result.forEachRemaining(row -> rows.add(row.getField(0) + ":" + row.getField(1)));
    }
    assertThat(rows).containsExactlyInAnyOrder("1:a", "2:b");
  }

  @Test
  void unsupportedThingsFailClearly() {
    assertThatThrownBy(() -> env.executeSql("CREATE CATALOG bad WITH ('type' = 'datashard', 'warehouse' = '"
        + warehouse + "', 'catalog-type' = 'hive')")).hasStackTraceContaining("Unsupported 'catalog-type' = 'hive'");
    env.executeSql("CREATE TABLE lake.`default`.plain (id BIGINT)");
    assertThatThrownBy(() -> env.executeSql("ALTER TABLE lake.`default`.plain RENAME TO other"))
        .hasStackTraceContaining("path tables are named by their location");
  }
}
