package io.datashard.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.flink.TableLoader;
import io.datashard.flink.TestRows;
import io.datashard.flink.data.FlinkTypes;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.FlatMapFunction;
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
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CDC stream of inserts, updates and deletes over 100,000 keys into a primary-key table ends in
 * exactly the state the same changes give a map, with no equality deletes; a failure after a
 * checkpoint and the restart from it duplicate nothing.
 */
class PrimaryKeyCdcTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  private static final int KEYS = 100_000;
  // shared with the operator instances of the job, which run in this JVM
  private static final AtomicBoolean CHECKPOINT_DONE = new AtomicBoolean(false);
  private static final AtomicBoolean FAILED = new AtomicBoolean(false);
  private static final AtomicBoolean FAIL_ONCE = new AtomicBoolean(false);
  private static final AtomicInteger COMMITS_BEFORE_FAILURE = new AtomicInteger(0);

  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "version", Types.IntegerType.get())), Set.of(1));
  private static final RowType ROW_TYPE = FlinkTypes.toRowType(SCHEMA);

  @TempDir
  Path dir;

  @BeforeEach
  void reset() {
    CHECKPOINT_DONE.set(false);
    FAILED.set(false);
    FAIL_ONCE.set(false);
  }

  /** The change script: sequence number → changes, in three passes over the keys. */
  static List<RowData> changes(long sequence, boolean upsert) {
    List<RowData> out = new ArrayList<>();
    long key = sequence % KEYS;
    int pass = (int) (sequence / KEYS);
    switch (pass) {
      case 0 -> out.add(row(RowKind.INSERT, key, 0));
      case 1 -> {
        if (key % 3 == 0) {
          if (!upsert) {
            out.add(row(RowKind.UPDATE_BEFORE, key, 0));
          }
          out.add(row(RowKind.UPDATE_AFTER, key, 1));
        } else if (key % 3 == 1) {
          out.add(row(RowKind.DELETE, key, 0));
        }
      }
      default -> {
        if (key % 3 == 1 && key % 2 == 0) {
          out.add(row(RowKind.INSERT, key, 2)); // a deleted key comes back
        } else if (key % 5 == 0 && key % 3 == 0) {
          if (!upsert) {
            out.add(row(RowKind.UPDATE_BEFORE, key, 1));
          }
          out.add(row(RowKind.UPDATE_AFTER, key, 3)); // updated twice
          if (!upsert) {
            out.add(row(RowKind.UPDATE_BEFORE, key, 3));
          }
          out.add(row(RowKind.UPDATE_AFTER, key, 4)); // and again, within the same checkpoint
        } else if (key % 7 == 2) {
          out.add(row(RowKind.DELETE, key, 0));
        }
      }
    }
    return out;
  }

  private static RowData row(RowKind kind, long key, int version) {
    GenericRowData row = GenericRowData.ofKind(kind, key, StringData.fromString("v" + version + "-" + key), version);
    return row;
  }

  /** The expected table: the script applied to a map, independently of the sink. */
  private static Map<Long, Integer> expected(boolean upsert) {
    Map<Long, Integer> state = new HashMap<>();
    for (long sequence = 0; sequence < 3L * KEYS; sequence += 1) {
      for (RowData change : changes(sequence, upsert)) {
        long key = change.getLong(0);
        switch (change.getRowKind()) {
          case INSERT, UPDATE_AFTER -> state.put(key, change.getInt(2));
          case UPDATE_BEFORE, DELETE -> state.remove(key);
          default -> throw new AssertionError(change.getRowKind());
        }
      }
    }
    return state;
  }

  /** Emits the changes of each sequence number; slows down so checkpoints fall mid-stream; fails once if asked. */
  static final class Script implements FlatMapFunction<Long, RowData>, CheckpointListener {
    private final boolean upsert;

    Script(boolean upsert) {
      this.upsert = upsert;
    }

    @Override
    public void flatMap(Long sequence, Collector<RowData> out) throws Exception {
      if (sequence % 2000 == 0) {
        Thread.sleep(5);
      }
      // fail in the second pass (updates and deletes), after at least one checkpoint committed
      if (FAIL_ONCE.get() && CHECKPOINT_DONE.get() && sequence > KEYS + KEYS / 2 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("Injected failure after a completed checkpoint");
      }
      changes(sequence, upsert).forEach(out::collect);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINT_DONE.set(true);
    }
  }

  private Table run(int formatVersion, boolean upsert, boolean failOnce) throws Exception {
    String path = dir.resolve("cdc_v" + formatVersion + (upsert ? "_upsert" : "_changelog")).toString();
    new PathTables().create(SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", Integer.toString(formatVersion)), path);
    FAIL_ONCE.set(failOnce);

    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    env.enableCheckpointing(300);

    DatashardSink sink = DatashardSink.forRowData(TableLoader.forLocation(path, Map.of()), ROW_TYPE)
        .primaryKey(List.of("id")).upsert(upsert).build();
    // one source subtask keeps each key's changes in order; keyBy keeps them in order per writer
    env.fromSequence(0, 3L * KEYS - 1).setParallelism(1)
        .flatMap(new Script(upsert)).setParallelism(1).returns(InternalTypeInfo.of(ROW_TYPE))
        .keyBy(sink.keySelector())
        .sinkTo(sink);
    env.execute("primary-key cdc");
    return new PathTables().load(path);
  }

  private static void assertState(Table table, Map<Long, Integer> expected) {
    Map<Long, Integer> actual = new HashMap<>();
    List<Long> duplicates = new ArrayList<>();
    for (List<Object> row : TestRows.read(table)) {
      long key = (Long) row.get(0);
      int version = (Integer) row.get(2);
      assertThat(row.get(1)).isEqualTo("v" + version + "-" + key);
      if (actual.put(key, version) != null) {
        duplicates.add(key);
      }
    }
    assertThat(duplicates).as("keys with more than one live row").isEmpty();
    assertThat(actual).hasSize(expected.size()).isEqualTo(expected);
  }

  /** Key files are spilled for the committer only: none is left once every checkpoint is committed. */
  private static void assertNoKeyFilesLeft(Table table) throws java.io.IOException {
    Path keys = Path.of(table.location().replaceFirst("^file:", ""), "data", "upsert-keys");
    if (java.nio.file.Files.exists(keys)) {
      try (var files = java.nio.file.Files.list(keys)) {
        assertThat(files).as("key files left in " + keys).isEmpty();
      }
    }
  }

  private static List<DeleteFile> liveDeletes(Table table) {
    List<DeleteFile> deletes = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        deletes.addAll(task.deletes());
      }
    }
    return deletes;
  }

  @Test
  void changelogWithFailureAndRestartEndsInExactState() throws Exception {
    Table table = run(3, false, true);
    assertThat(FAILED).as("the injected failure happened").isTrue();
    assertState(table, expected(false));
    List<DeleteFile> deletes = liveDeletes(table);
    assertThat(deletes).isNotEmpty().allMatch(file -> file.content() == FileContent.POSITION_DELETES);
    // v3: deletion vectors (Puffin), at most one per data file
    assertThat(deletes).allMatch(file -> file.location().endsWith(".puffin"));
    assertThat(table.snapshots()).hasSizeGreaterThan(2);
    // key files are not checked here: like data files, those handed over for a checkpoint that the
    // failure kept from completing are orphans (not part of the table; orphan-file removal deletes them)
  }

  @Test
  void upsertsOnFormatV2EndInExactStateWithPositionDeletesOnly() throws Exception {
    Table table = run(2, true, false);
    assertState(table, expected(true));
    assertThat(liveDeletes(table)).isNotEmpty()
        .allMatch(file -> file.content() == FileContent.POSITION_DELETES && !file.location().endsWith(".puffin"));
    assertNoKeyFilesLeft(table);
  }
}
