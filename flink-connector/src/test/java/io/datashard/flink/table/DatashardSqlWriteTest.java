package io.datashard.flink.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.flink.TestRows;
import io.datashard.flink.sink.DatashardCommitter;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SQL DDL, INSERT and INSERT OVERWRITE through the {@code datashard} connector, read back with the core reader. */
class DatashardSqlWriteTest {
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

  /** Rows (id, name, amount, day, category) built in Java; the SQL VALUES are generated from them. */
  private static List<List<Object>> rows(int from, int to, String... categories) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(List.of((long) i, "name-" + i, new BigDecimal(i + ".25"), (int) LocalDate.of(2024, 1, 1).plusDays(i).toEpochDay(),
          categories[i % categories.length]));
    }
    return rows;
  }

  private static String values(List<List<Object>> rows) {
    List<String> tuples = new ArrayList<>();
    for (List<Object> row : rows) {
      tuples.add(String.format("(CAST(%d AS BIGINT), '%s', CAST(%s AS DECIMAL(10, 2)), DATE '%s', '%s')", row.get(0),
          row.get(1), row.get(2), LocalDate.ofEpochDay((Integer) row.get(3)), row.get(4)));
    }
    return String.join(", ", tuples);
  }

  private static String ddl(String name, String path, String partitioned, String extra) {
    return "CREATE TABLE " + name + " (id BIGINT, name STRING, amount DECIMAL(10, 2), d DATE, category STRING) "
        + partitioned + " WITH ('connector' = 'datashard', 'path' = '" + path + "'" + extra + ")";
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparingLong(row -> (Long) row.get(0)));
    return copy;
  }

  @Test
  void createInsertAndReadBack() throws Exception {
    String path = dir.resolve("events").toString();
    streaming.executeSql(ddl("events", path, "PARTITIONED BY (category)", ", 'write.parquet.compression-codec' = 'snappy'"));
    List<List<Object>> expected = rows(0, 20, "a", "b", "c");
    streaming.executeSql("INSERT INTO events VALUES " + values(expected)).await();

    Table table = new PathTables().load(path);
    assertThat(table.schema().columns()).extracting(Types.NestedField::name)
        .containsExactly("id", "name", "amount", "d", "category");
    assertThat(table.spec().fields()).hasSize(1);
    assertThat(table.properties()).containsEntry("write.parquet.compression-codec", "snappy");
    assertThat(sorted(TestRows.read(table))).isEqualTo(expected);
    assertThat(table.snapshots()).hasSize(1);
    Snapshot snapshot = table.currentSnapshot().orElseThrow();
    assertThat(snapshot.summary()).containsKeys(DatashardCommitter.JOB_ID, DatashardCommitter.CHECKPOINT_ID);

    // a second DDL over the same path (a new session) validates and appends
    streaming.executeSql(ddl("events_again", path, "", ""));
    List<List<Object>> more = rows(20, 25, "d");
    streaming.executeSql("INSERT INTO events_again VALUES " + values(more)).await();
    List<List<Object>> all = new ArrayList<>(expected);
    all.addAll(more);
    assertThat(sorted(TestRows.read(table))).isEqualTo(all);
  }

  @Test
  void ddlMismatchNamesTheColumn() {
    String path = dir.resolve("existing").toString();
    Schema schema = new Schema(List.of(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get())));
    new PathTables().create(schema, PartitionSpec.unpartitioned(), path);

    streaming.executeSql("CREATE TABLE wrong_type (id BIGINT, name INT) WITH ('connector' = 'datashard', 'path' = '"
        + path + "')");
    assertThatThrownBy(() -> streaming.executeSql("INSERT INTO wrong_type VALUES (CAST(1 AS BIGINT), 2)").await())
        .hasStackTraceContaining("column name has type INT in the DDL but string in the table");

    streaming.executeSql("CREATE TABLE wrong_column (id BIGINT, nickname STRING) WITH ('connector' = 'datashard', "
        + "'path' = '" + path + "')");
    assertThatThrownBy(() -> streaming.executeSql("INSERT INTO wrong_column VALUES (CAST(1 AS BIGINT), 'x')").await())
        .hasStackTraceContaining("column nickname is not in the table");
  }

  @Test
  void hashDistributionRollsFilesAndCommitsOneSnapshot() throws Exception {
    String path = dir.resolve("rolled").toString();
    streaming.executeSql(ddl("rolled", path, "PARTITIONED BY (category)",
        ", 'write.distribution-mode' = 'hash', 'write.target-file-size-bytes' = '1', "
            + "'write.parquet.row-group-check-min-record-count' = '1', 'write.parquet.row-group-check-max-record-count' = '1'"));
    List<List<Object>> expected = rows(0, 12, "x", "y");
    streaming.executeSql("INSERT INTO rolled VALUES " + values(expected)).await();

    Table table = new PathTables().load(path);
    assertThat(sorted(TestRows.read(table))).isEqualTo(expected);
    assertThat(table.snapshots()).hasSize(1);
    // a one-byte target closes a file after every row
    assertThat(table.currentSnapshot().orElseThrow().summary()).containsEntry("added-data-files", "12");
  }

  @Test
  void insertOverwriteInBatchReplacesWrittenPartitions() throws Exception {
    String path = dir.resolve("overwrite").toString();
    batch.executeSql(ddl("ow", path, "PARTITIONED BY (category)", ""));
    List<List<Object>> initial = rows(0, 10, "a", "b");
    batch.executeSql("INSERT INTO ow VALUES " + values(initial)).await();
    List<List<Object>> replacement = rows(100, 103, "a");
    batch.executeSql("INSERT OVERWRITE ow VALUES " + values(replacement)).await();

    List<List<Object>> expected = new ArrayList<>(replacement);
    initial.stream().filter(row -> row.get(4).equals("b")).forEach(expected::add);
    Table table = new PathTables().load(path);
    assertThat(sorted(TestRows.read(table))).isEqualTo(sorted(expected));
    assertThat(table.currentSnapshot().orElseThrow().operation()).isEqualTo("overwrite");

    String flat = dir.resolve("overwrite_flat").toString();
    batch.executeSql(ddl("ow_flat", flat, "", ""));
    batch.executeSql("INSERT INTO ow_flat VALUES " + values(initial)).await();
    batch.executeSql("INSERT OVERWRITE ow_flat VALUES " + values(replacement)).await();
    assertThat(sorted(TestRows.read(new PathTables().load(flat)))).isEqualTo(replacement);
  }

  @Test
  void insertOverwriteInStreamingFailsClearly() {
    String path = dir.resolve("streaming_overwrite").toString();
    streaming.executeSql(ddl("sow", path, "", ""));
    assertThatThrownBy(() -> streaming.executeSql("INSERT OVERWRITE sow VALUES " + values(rows(0, 1, "a"))).await())
        .hasStackTraceContaining("batch mode");
  }

}
