package io.datashard.benchmarks.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link FlinkScanBenchmark} on 20,000 rows, one round: both systems, both workloads, equal results. */
class FlinkScanBenchmarkSmokeTest {
  @TempDir
  Path dir;

  @Test
  void bothSystemsRunEveryWorkloadWithTheSameResult() throws Exception {
    List<FlinkScanBenchmark.Result> results = FlinkScanBenchmark.run(dir, 20_000, 1, 2, 1);
    assertThat(results).extracting(r -> r.workload() + ":" + r.system()).containsExactly(
        "full-scan:parquet", "full-scan:datashard", "aggregate:parquet", "aggregate:datashard");
    String expected = FlinkScanBenchmark.expectedChecksum(20_000);
    assertThat(results).filteredOn(r -> r.workload().equals("aggregate"))
        .allSatisfy(r -> assertThat(r.checksum()).isEqualTo(expected));
    assertThat(results).allSatisfy(r -> assertThat(r.medianSeconds()).isPositive());
  }
}
