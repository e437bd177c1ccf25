package io.datashard.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.flink.TableLoader;
import io.datashard.flink.TestRows;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A sink job that fails after a completed checkpoint and restarts commits every row exactly once. */
class ExactlyOnceSinkTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  private static final int ROWS = 3000;
  // shared with the operator instances of the job, which run in this JVM
  private static final AtomicBoolean CHECKPOINT_DONE = new AtomicBoolean(false);
  private static final AtomicBoolean FAILED = new AtomicBoolean(false);
  private static final AtomicInteger ATTEMPTS_AFTER_FAILURE = new AtomicInteger(0);

  @TempDir
  Path dir;

  /** Slows the rows down so checkpoints happen mid-stream, and throws once after a checkpoint completed. */
  static final class FailOnce extends RichMapFunction<Long, RowData> implements CheckpointListener {
    @Override
    public RowData map(Long value) throws Exception {
      Thread.sleep(1);
      if (CHECKPOINT_DONE.get() && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("Injected failure after a completed checkpoint");
      }
      if (FAILED.get()) {
        ATTEMPTS_AFTER_FAILURE.incrementAndGet();
      }
      return GenericRowData.of(value, StringData.fromString("row-" + value));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINT_DONE.set(true);
    }
  }

  @Test
  void failureAfterCheckpointCommitsEveryRowOnce() throws Exception {
    String path = dir.resolve("exactly_once").toString();
    Schema schema = new Schema(List.of(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "data", Types.StringType.get())));
    new PathTables().create(schema, PartitionSpec.unpartitioned(), path);
    RowType rowType = io.datashard.flink.data.FlinkTypes.toRowType(schema);

    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    env.enableCheckpointing(200);

    env.fromSequence(1, ROWS)
        .map(new FailOnce()).returns(InternalTypeInfo.of(rowType))
        .sinkTo(DatashardSink.forRowData(TableLoader.forLocation(path, Map.of()), rowType).build());
    JobExecutionResult result = env.execute("exactly-once sink");

    assertThat(FAILED).isTrue();
    assertThat(ATTEMPTS_AFTER_FAILURE.get()).isPositive();
    Table table = new PathTables().load(path);
    List<List<Object>> rows = TestRows.read(table);
    Set<Long> ids = new HashSet<>();
    List<Long> duplicates = new ArrayList<>();
    for (List<Object> row : rows) {
      long id = (Long) row.get(0);
      if (!ids.add(id)) {
        duplicates.add(id);
      }
      assertThat(row.get(1)).isEqualTo("row-" + id);
    }
    assertThat(duplicates).isEmpty();
    assertThat(rows).hasSize(ROWS);
    assertThat(ids).hasSize(ROWS).allMatch(id -> id >= 1 && id <= ROWS);

    // one snapshot per checkpoint, each naming the job and a distinct checkpoint
    Set<String> checkpoints = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      assertThat(snapshot.summary()).containsEntry(DatashardCommitter.JOB_ID, result.getJobID().toString());
      assertThat(checkpoints.add(snapshot.summary().get(DatashardCommitter.CHECKPOINT_ID))).isTrue();
    }
    assertThat(table.snapshots()).hasSizeGreaterThan(1);
  }
}
