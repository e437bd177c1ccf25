package io.datashard.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.expressions.Expressions;
import io.datashard.flink.TableLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bounded DataStream reads of the current snapshot, a snapshot id, a branch, a tag and a time. */
class DatashardSourceBoundedTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir
  static Path dir;

  private static String location;
  private static Snapshot first;
  private static Snapshot second;

  /** Three appends: ids [0, 40), [40, 80), [80, 120); a branch and a tag at the first, the second as a time. */
  @BeforeAll
  static void table() throws InterruptedException {
    location = dir.resolve("events").toString();
    Table table = SourceTestTables.create(location);
    SourceTestTables.append(table, 0, 40);
    first = table.refresh().currentSnapshot().get();
    Thread.sleep(5);
    SourceTestTables.append(table, 40, 80);
    second = table.refresh().currentSnapshot().get();
    Thread.sleep(5);
    SourceTestTables.append(table, 80, 120);
    table.manageSnapshots().createBranch("audit", first.snapshotId()).createTag("v1", first.snapshotId()).commit();
  }

  private static DatashardSource.Builder source() {
    return DatashardSource.forRowData(TableLoader.forLocation(location, Map.of()));
  }

  private static List<String> collect(DatashardSource source) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    List<String> rows = new ArrayList<>();
    try (var iterator = env.fromSource(source, WatermarkStrategy.noWatermarks(), "datashard").executeAndCollect()) {
      iterator.forEachRemaining(row -> rows.add(Renders.rowData(row)));
    }
    return rows;
  }

  private static List<String> expected(long from, long to) {
    return Renders.records(SourceTestTables.rows(from, to));
  }

  @Test
  void readsTheCurrentSnapshot() throws Exception {
    assertThat(collect(source().build())).containsExactlyInAnyOrderElementsOf(expected(0, 120));
  }

  @Test
  void readsASnapshotABranchATagAndATime() throws Exception {
    assertThat(collect(source().snapshotId(first.snapshotId()).build())).containsExactlyInAnyOrderElementsOf(expected(0, 40));
    assertThat(collect(source().branch("audit").build())).containsExactlyInAnyOrderElementsOf(expected(0, 40));
    assertThat(collect(source().tag("v1").build())).containsExactlyInAnyOrderElementsOf(expected(0, 40));
    assertThat(collect(source().asOfTimestamp(second.timestampMillis()).build()))
        .containsExactlyInAnyOrderElementsOf(expected(0, 80));
  }

  @Test
  void projectsAndFiltersRows() throws Exception {
    DatashardSource source = source().select("name", "id").filter(Expressions.greaterThanOrEqual("id", 100L)).build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    List<String> rows = new ArrayList<>();
    try (var iterator = env.fromSource(source, WatermarkStrategy.noWatermarks(), "datashard").executeAndCollect()) {
      iterator.forEachRemaining(row -> rows.add((row.isNullAt(0) ? null : row.getString(0).toString()) + "/" + row.getLong(1)));
    }
    List<String> expected = new ArrayList<>();
    for (var record : SourceTestTables.rows(0, 120)) {
      if ((Long) record.get("id") >= 100) {
        expected.add(record.get("name") + "/" + record.get("id"));
      }
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void rowsCarryTheWatermarkColumnAsEventTime() throws Exception {
    DatashardSource source = source().watermarkColumn("ts").select("id", "ts").build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DataStream<String> times = env.fromSource(source, WatermarkStrategy.noWatermarks(), "datashard")
        .process(new ProcessFunction<RowData, String>() {
          @Override
          public void processElement(RowData row, Context context, Collector<String> out) {
            out.collect(row.getLong(0) + "@" + context.timestamp());
          }
        });
    List<String> rows = new ArrayList<>();
    try (var iterator = times.executeAndCollect()) {
      iterator.forEachRemaining(rows::add);
    }
    List<String> expected = new ArrayList<>();
    for (long id = 0; id < 120; id++) {
      expected.add(id + "@" + (SourceTestTables.BASE_MICROS / 1000 + id * 60_000L));
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
  }
}
