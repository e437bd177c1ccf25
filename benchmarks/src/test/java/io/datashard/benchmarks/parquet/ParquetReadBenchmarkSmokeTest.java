package io.datashard.benchmarks.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ParquetReadBenchmark} on 1,000 rows in 2 files with one warm-up and one measured
 * round: both sides write, read every row and agree on the checksum of the values (the benchmark
 * fails otherwise).
 */
class ParquetReadBenchmarkSmokeTest {
  @TempDir
  Path dir;

  @Test
  void bothSidesWriteAndReadTheSameRows() throws Exception {
    ParquetReadBenchmark.Summary summary = ParquetReadBenchmark.run(dir, 1_000, 2, 1, 1, false);
    assertThat(summary.rows()).isEqualTo(1_000);
    assertThat(summary.datashardRowsPerSecond()).isPositive();
    assertThat(summary.icebergRowsPerSecond()).isPositive();
    assertThat(summary.timeRatio()).isPositive();
  }
}
