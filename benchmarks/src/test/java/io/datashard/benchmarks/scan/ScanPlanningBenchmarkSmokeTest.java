package io.datashard.benchmarks.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark method of {@link ScanPlanningBenchmark} on a small fixture (20 manifests of
 * 10 files) for both implementations and checks what each plan returns, so {@code mvn verify}
 * proves the benchmark still works and that both sides plan the same files.
 */
class ScanPlanningBenchmarkSmokeTest {
  private static final int MANIFESTS = 20;
  private static final int FILES_PER_MANIFEST = 10;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"datashard", "iceberg"})
  void everyBenchmarkRunsAndPlansTheExpectedFiles(String implementation) throws Exception {
    System.setProperty("benchmark.dir", dir.toString());
    try {
      ScanPlanningBenchmark benchmark = new ScanPlanningBenchmark();
      ScanPlanningBenchmark.TableState state = newState(implementation);
      state.buildFixture();
      try {
        assertThat(state.fixture.manifestCount()).isEqualTo(MANIFESTS);
        long files = (long) MANIFESTS * FILES_PER_MANIFEST;
        for (int invocation = 0; invocation < 3; invocation++) {
          long planAll = benchmark.planAll(state);
          assertThat(planAll & 0xFFFF_FFFFL).isEqualTo(files);
          // both drop the column statistics from an unfiltered plan unless asked for them
          assertThat(planAll / ScanPlanningBenchmark.WITH_STATS).isZero();
          assertThat(benchmark.planAllWithStats(state)).isEqualTo(files * ScanPlanningBenchmark.WITH_STATS + files);
          assertThat(benchmark.planPartition(state) & 0xFFFF_FFFFL).isEqualTo(FILES_PER_MANIFEST);
          // 1% of 200 files: 2 files, by their id bounds
          assertThat(benchmark.planIdRange(state) & 0xFFFF_FFFFL).isEqualTo(state.expectedRangeFiles).isEqualTo(2);
        }
      } finally {
        state.closeFixture();
      }
      assertThat(Files.exists(dir.resolve("scan-" + implementation + "-20x10").resolve(ScanFixture.COMPLETE_MARKER)))
          .isTrue();

      // a second trial of the same run loads the kept fixture instead of building it again
      ScanPlanningBenchmark.TableState again = newState(implementation);
      again.buildFixture();
      try {
        assertThat(benchmark.planAll(again) & 0xFFFF_FFFFL).isEqualTo((long) MANIFESTS * FILES_PER_MANIFEST);
      } finally {
        again.closeFixture();
      }
    } finally {
      System.clearProperty("benchmark.dir");
    }
  }

  private static ScanPlanningBenchmark.TableState newState(String implementation) {
    ScanPlanningBenchmark.TableState state = new ScanPlanningBenchmark.TableState();
    state.implementation = implementation;
    state.manifests = MANIFESTS;
    state.filesPerManifest = FILES_PER_MANIFEST;
    return state;
  }
}
