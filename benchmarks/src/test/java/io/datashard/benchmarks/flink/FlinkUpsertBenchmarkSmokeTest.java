package io.datashard.benchmarks.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link FlinkUpsertBenchmark} on 20,000 rows with 2,000 upserts, one round: the upsert job
 * commits, and both tables read back with the generator's checksum (else run throws).
 */
class FlinkUpsertBenchmarkSmokeTest {
  @TempDir
  Path dir;

  @Test
  void upsertedAndCleanTablesReadTheSameRows() throws Exception {
    FlinkUpsertBenchmark.Report report = FlinkUpsertBenchmark.run(dir, 20_000, 2_000, 1, 2, 500, 1);
    assertThat(report.commits()).isPositive();
    assertThat(report.checksum()).isEqualTo(FlinkUpsertBenchmark.expectedChecksum(20_000, 2_000));
    assertThat(report.cleanFullScan()).isPositive();
    assertThat(report.upsertedAggregate()).isPositive();
  }

  @Test
  void upsertedIdsAreExactlyTheRequestedCount() {
    long count = 0;
    for (long id = 0; id < 20_000; id += 1) {
      if (FlinkUpsertBenchmark.upserted(id, 20_000, 2_000)) {
        count += 1;
      }
    }
    assertThat(count).isEqualTo(2_000);
  }
}
