package io.datashard.flink.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.flink.TestRows;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Flink SQL into tables with a PRIMARY KEY: upserts and changelogs, read back by the core and by Flink. */
class DatashardSqlUpsertTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  @TempDir
  static Path dir;

  private static TableEnvironment streaming;
  private static TableEnvironment batch;

  @BeforeAll
  static void environments() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    streaming = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    StreamExecutionEnvironment batchEnv = StreamExecutionEnvironment.getExecutionEnvironment();
    batchEnv.setParallelism(2);
    batch = StreamTableEnvironment.create(batchEnv, EnvironmentSettings.inBatchMode());
  }

  private static Map<Long, List<Object>> byId(List<List<Object>> rows) {
    Map<Long, List<Object>> result = new TreeMap<>();
    for (List<Object> row : rows) {
      assertThat(result.put((Long) row.get(0), row)).as("a second live row for id " + row.get(0)).isNull();
    }
    return result;
  }

  private static List<DeleteFile> liveDeletes(Table table) {
    List<DeleteFile> deletes = new ArrayList<>();
    table.refresh();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        deletes.addAll(task.deletes());
      }
    }
    return deletes;
  }

  private static List<Row> collect(TableEnvironment env, String query) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = env.executeSql(query).collect()) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void upsertsReplaceRowsByKeyAcrossPartitionsWithDeletionVectors() throws Exception {
    String path = dir.resolve("upserts").toString();
    String ddl = "CREATE TABLE upserts (id BIGINT, name STRING, category STRING, PRIMARY KEY (id) NOT ENFORCED)"
        + " PARTITIONED BY (category) WITH ('connector' = 'datashard', 'path' = '" + path + "',"
        + " 'format-version' = '3', 'write.upsert.enabled' = 'true')";
    streaming.executeSql(ddl);
    batch.executeSql(ddl);
    Map<Long, List<Object>> expected = new TreeMap<>();
    StringBuilder first = new StringBuilder();
    for (long id = 1; id <= 20; id += 1) {
      String category = id % 2 == 0 ? "even" : "odd";
      expected.put(id, List.of(id, "first-" + id, category));
      first.append(first.length() == 0 ? "" : ", ").append("(CAST(").append(id).append(" AS BIGINT), 'first-")
          .append(id).append("', '").append(category).append("')");
    }
    streaming.executeSql("INSERT INTO upserts VALUES " + first).await();

    // replace some keys (one moves to another partition), add new ones; one key twice in one statement
    streaming.executeSql("INSERT INTO upserts VALUES (CAST(3 AS BIGINT), 'second-3', 'odd'),"
        + " (CAST(4 AS BIGINT), 'second-4', 'odd'), (CAST(21 AS BIGINT), 'second-21', 'odd'),"
        + " (CAST(7 AS BIGINT), 'second-7', 'odd'), (CAST(7 AS BIGINT), 'third-7', 'seven')").await();
    expected.put(3L, List.of(3L, "second-3", "odd"));
    expected.put(4L, List.of(4L, "second-4", "odd"));
    expected.put(21L, List.of(21L, "second-21", "odd"));
    expected.put(7L, List.of(7L, "third-7", "seven"));

    Table table = new PathTables().load(path);
    assertThat(byId(TestRows.read(table))).isEqualTo(expected);
    List<DeleteFile> deletes = liveDeletes(table);
    assertThat(deletes).isNotEmpty().allMatch(file -> file.content() == FileContent.POSITION_DELETES
        && file.location().endsWith(".puffin"));

    // the Flink source applies the deletion vectors too
    Map<Long, List<Object>> read = new HashMap<>();
    for (Row row : collect(batch, "SELECT id, name, category FROM upserts")) {
      read.put((Long) row.getField(0), List.of(row.getField(0), row.getField(1), row.getField(2)));
    }
    assertThat(read).isEqualTo(expected);
  }

  @Test
  void changelogOfAnAggregationKeepsOneRowPerKey() throws Exception {
    String path = dir.resolve("counts").toString();
    streaming.executeSql("CREATE TABLE counts (category STRING, n BIGINT, total BIGINT,"
        + " PRIMARY KEY (category) NOT ENFORCED) WITH ('connector' = 'datashard', 'path' = '" + path + "',"
        + " 'format-version' = '2')");
    List<String> values = new ArrayList<>();
    Map<String, long[]> expected = new TreeMap<>();
    for (int i = 0; i < 60; i += 1) {
      String category = "c" + (i % 7);
      values.add("('" + category + "', " + i + ")");
      long[] counts = expected.computeIfAbsent(category, c -> new long[2]);
      counts[0] += 1;
      counts[1] += i;
    }
    streaming.executeSql("CREATE TEMPORARY VIEW events AS SELECT * FROM (VALUES " + String.join(", ", values)
        + ") AS t(category, amount)");
    // a streaming GROUP BY emits a retract changelog: -U/+U for every change of a category's counts
    streaming.executeSql("INSERT INTO counts SELECT category, COUNT(*), CAST(SUM(amount) AS BIGINT) FROM events"
        + " GROUP BY category").await();

    Table table = new PathTables().load(path);
    Map<String, List<Object>> actual = new TreeMap<>();
    for (List<Object> row : TestRows.read(table)) {
      assertThat(actual.put((String) row.get(0), row)).as("a second live row for " + row.get(0)).isNull();
    }
    Map<String, List<Object>> wanted = new TreeMap<>();
    expected.forEach((category, counts) -> wanted.put(category, List.of(category, counts[0], counts[1])));
    assertThat(actual).isEqualTo(wanted);
    assertThat(liveDeletes(table)).allMatch(file -> file.content() == FileContent.POSITION_DELETES);
  }

  @Test
  void upsertWithoutPrimaryKeyFailsClearly() {
    String path = dir.resolve("no_key").toString();
    streaming.executeSql("CREATE TABLE no_key (id BIGINT, name STRING) WITH ('connector' = 'datashard',"
        + " 'path' = '" + path + "', 'write.upsert.enabled' = 'true')");
    assertThatThrownBy(() -> streaming.executeSql("INSERT INTO no_key VALUES (CAST(1 AS BIGINT), 'a')").await())
        .hasStackTraceContaining("has no primary key; declare PRIMARY KEY (...) NOT ENFORCED");
  }

  @Test
  void primaryKeyOnFormatVersionOneFailsClearly() {
    String path = dir.resolve("v1_key").toString();
    streaming.executeSql("CREATE TABLE v1_key (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED)"
        + " WITH ('connector' = 'datashard', 'path' = '" + path + "', 'format-version' = '1')");
    assertThatThrownBy(() -> streaming.executeSql("INSERT INTO v1_key VALUES (CAST(1 AS BIGINT), 'a')").await())
        .hasStackTraceContaining("format version 1, which has no row-level deletes; create it with 'format-version'");
  }

  @Test
  void streamingReadOfAnUpsertedTableFailsInsteadOfDroppingChanges() throws Exception {
    String path = dir.resolve("streamed").toString();
    streaming.executeSql("CREATE TABLE streamed (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED)"
        + " WITH ('connector' = 'datashard', 'path' = '" + path + "', 'format-version' = '2',"
        + " 'write.upsert.enabled' = 'true')");
    streaming.executeSql("INSERT INTO streamed VALUES (CAST(1 AS BIGINT), 'a'), (CAST(2 AS BIGINT), 'b')").await();
    streaming.executeSql("INSERT INTO streamed VALUES (CAST(1 AS BIGINT), 'c')").await();
    assertThatThrownBy(() -> collect(streaming, "SELECT * FROM streamed /*+ OPTIONS('streaming' = 'true',"
        + " 'streaming-start' = 'earliest', 'monitor-interval' = '100ms') */"))
        .hasStackTraceContaining("changelog reads of overwrites and deletes are not supported");
    // asking for a changelog read fails up front rather than streaming appends only
    assertThatThrownBy(() -> collect(streaming, "SELECT * FROM streamed /*+ OPTIONS('streaming' = 'true',"
        + " 'streaming-read.changelog' = 'true') */"))
        .hasStackTraceContaining("'streaming-read.changelog' = 'true': changelog streaming reads are not supported");
  }
}
