package io.datashard.flink.it;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs in a JVM that has stock Flink plus the runtime jar only (started by {@link RuntimeJarIT}):
 * SQL DDL create, INSERT and SELECT through the {@code datashard} connector and catalog. Uses Flink
 * APIs only, so nothing of Datashard is on the classpath but the runtime jar.
 */
public final class RuntimeJarMain {
  private RuntimeJarMain() {}

  public static void main(String[] args) throws Exception {
    String dir = args[0];
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    env.executeSql("CREATE TABLE t (id BIGINT, name STRING, amount DECIMAL(10, 2), d DATE) PARTITIONED BY (d) "
        + "WITH ('connector' = 'datashard', 'path' = '" + dir + "/t', 'write.parquet.compression-codec' = 'zstd')");
    env.executeSql("INSERT INTO t VALUES (CAST(1 AS BIGINT), 'a', 1.50, DATE '2024-01-01'), "
        + "(CAST(2 AS BIGINT), 'b', 2.25, DATE '2024-01-02'), (CAST(3 AS BIGINT), 'c', 3.00, DATE '2024-01-01')").await();
    print("TABLE", env, "SELECT id, name, amount, d FROM t");

    env.executeSql("CREATE CATALOG lake WITH ('type' = 'datashard', 'warehouse' = '" + dir + "/warehouse')");
    env.executeSql("CREATE TABLE lake.`default`.c (id BIGINT, tag STRING)");
    env.executeSql("INSERT INTO lake.`default`.c VALUES (CAST(7 AS BIGINT), 'snappy-free')").await();
    print("CATALOG", env, "SELECT id, tag FROM lake.`default`.c");
  }

  private static void print(String label, TableEnvironment env, String query) throws Exception {
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<Row> result = env.executeSql(query).collect()) {
      result.forEachRemaining(row -> rows.add(row.toString()));
    }
    rows.sort(null);
    System.out.println(label + " " + rows);
  }
}
