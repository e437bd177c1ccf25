package io.datashard.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Table;
import io.datashard.data.TableDeleter;
import io.datashard.expressions.Expressions;
import io.datashard.flink.TableLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Unbounded reads: rows appended while the job runs, exactly-once restore from a savepoint, non-append snapshots. */
class DatashardStreamingReadTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  private static final ExecutorService APPENDER = Executors.newSingleThreadExecutor();
  /** What {@link CollectingSink} received, across restarts of a job. */
  static final ConcurrentLinkedQueue<String> COLLECTED = new ConcurrentLinkedQueue<>();

  @TempDir
  static Path dir;

  @AfterAll
  static void stopAppender() {
    APPENDER.shutdownNow();
  }

  private static DatashardSource.Builder streaming(String location) {
    return DatashardSource.forRowData(TableLoader.forLocation(location, Map.of()))
        .streaming(true).monitorInterval(Duration.ofMillis(100));
  }

  private static StreamExecutionEnvironment environment() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    return env;
  }

  @Test
  void keepsReturningRowsWhileAnotherThreadAppends() throws Exception {
    String location = dir.resolve("appending").toString();
    Table table = SourceTestTables.create(location);
    SourceTestTables.append(table, 0, 20);
    StreamExecutionEnvironment env = environment();
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<RowData> iterator = env.fromSource(streaming(location).build(),
        WatermarkStrategy.noWatermarks(), "datashard").executeAndCollect()) {
      Future<?> appends = APPENDER.submit(() -> {
        for (int batch = 1; batch < 5; batch++) {
          SourceTestTables.append(table, batch * 20, batch * 20 + 20);
          sleep(150);
        }
      });
      Future<?> reading = Executors.newSingleThreadExecutor().submit(() -> {
        while (rows.size() < 100 && iterator.hasNext()) {
          rows.add(Renders.rowData(iterator.next()));
        }
      });
      reading.get(60, TimeUnit.SECONDS);
      appends.get(10, TimeUnit.SECONDS);
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(Renders.records(SourceTestTables.rows(0, 100)));
  }

  @Test
  void restoredFromASavepointReturnsEveryRowExactlyOnce() throws Exception {
    String location = dir.resolve("restored").toString();
    Table table = SourceTestTables.create(location);
    SourceTestTables.append(table, 0, 30);
    SourceTestTables.append(table, 30, 60);
    COLLECTED.clear();

    StreamExecutionEnvironment env = environment();
    env.fromSource(streaming(location).streamingStart("earliest").option("read.split.target-size", "1").build(),
            WatermarkStrategy.noWatermarks(), "datashard").uid("source")
        .sinkTo(new CollectingSink()).uid("sink");
    StreamGraph firstGraph = env.getStreamGraph();
    JobClient first = env.executeAsync(firstGraph);
    waitFor(() -> COLLECTED.size() >= 60);
    // more rows arrive while the first job is still running, then it stops with a savepoint
    SourceTestTables.append(table, 60, 90);
    String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
        SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
    SourceTestTables.append(table, 90, 120);

    StreamExecutionEnvironment restoredEnv = environment();
    restoredEnv.fromSource(streaming(location).streamingStart("earliest").option("read.split.target-size", "1").build(),
            WatermarkStrategy.noWatermarks(), "datashard").uid("source")
        .sinkTo(new CollectingSink()).uid("sink");
    StreamGraph graph = restoredEnv.getStreamGraph();
    graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    JobClient second = restoredEnv.executeAsync(graph);
    try {
      waitFor(() -> COLLECTED.size() >= 120);
      SourceTestTables.append(table, 120, 130);
      waitFor(() -> COLLECTED.size() >= 130);
      Thread.sleep(500);
    } finally {
      second.cancel().get(30, TimeUnit.SECONDS);
    }
    assertThat(new ArrayList<>(COLLECTED)).containsExactlyInAnyOrderElementsOf(
        Renders.records(SourceTestTables.rows(0, 130)));
  }

  @Test
  void failsClearlyOnASnapshotThatIsNotAnAppend() throws Exception {
    String location = dir.resolve("deleted").toString();
    Table table = SourceTestTables.create(location);
    SourceTestTables.append(table, 0, 20);
    COLLECTED.clear();
    StreamExecutionEnvironment env = environment();
    env.fromSource(streaming(location).build(), WatermarkStrategy.noWatermarks(), "datashard")
        .sinkTo(new CollectingSink());
    JobClient job = env.executeAsync();
    waitFor(() -> COLLECTED.size() >= 20);
    TableDeleter.delete(table.refresh(), Expressions.lessThan("id", 3L));
    assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
        .rootCause().hasMessageContaining("streaming read emits only appended rows");
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FAILED);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out; collected " + COLLECTED.size() + " rows");
      }
      Thread.sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds every row it receives to {@link #COLLECTED}. */
  static final class CollectingSink implements Sink<RowData> {
    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(RowData row, Context context) {
          COLLECTED.add(Renders.rowData(row));
        }

        @Override
        public void flush(boolean endOfInput) {
        }

        @Override
        public void close() {
        }
      };
    }
  }
}
