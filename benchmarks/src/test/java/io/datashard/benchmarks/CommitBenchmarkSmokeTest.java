package io.datashard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark method of {@link CommitBenchmark} a few times on a small fixture, for both
 * implementations, so {@code mvn verify} proves the benchmark still works without running it.
 */
class CommitBenchmarkSmokeTest {
  private static final int SNAPSHOTS = 20;
  private static final int FILES_PER_SNAPSHOT = 3;

  @TempDir
  java.nio.file.Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"datashard", "iceberg"})
  void everyBenchmarkRuns(String implementation) throws Exception {
    System.setProperty("benchmark.dir", dir.toString());
    CommitBenchmark benchmark = new CommitBenchmark();
    CommitBenchmark.TableState state = new CommitBenchmark.TableState();
    state.implementation = implementation;
    state.snapshots = SNAPSHOTS;
    state.filesPerSnapshot = FILES_PER_SNAPSHOT;
    state.buildFixture();
    try {
      assertThat(state.table.snapshotCount()).isEqualTo(SNAPSHOTS);
      assertThat(state.table.liveDataFileCount()).isEqualTo((long) SNAPSHOTS * FILES_PER_SNAPSHOT);

      CommitBenchmark.FreshFixturePerIteration fresh = new CommitBenchmark.FreshFixturePerIteration();
      for (int iteration = 0; iteration < 2; iteration++) {
        fresh.reset(state);
        assertThat(state.table.snapshotCount()).isEqualTo(SNAPSHOTS);
        benchmark.commitOneFileAppend(state, fresh);
        benchmark.commitOneFileAppend(state, fresh);
        assertThat(state.table.snapshotCount()).isEqualTo(SNAPSHOTS + 2);
        assertThat(state.table.liveDataFileCount()).isEqualTo((long) SNAPSHOTS * FILES_PER_SNAPSHOT + 2);
      }

      assertThat(benchmark.loadTable(state)).isNotNull();

      CommitBenchmark.ExternalCommitPerInvocation external = new CommitBenchmark.ExternalCommitPerInvocation();
      for (int invocation = 1; invocation <= 2; invocation++) {
        external.commit(state);
        assertThat(benchmark.refreshTable(state, external)).isNotEqualTo(-1L);
        assertThat(state.table.readerExternalCommitProperty()).isEqualTo(Integer.toString(invocation));
      }
    } finally {
      state.deleteFixture();
      System.clearProperty("benchmark.dir");
    }
  }
}
