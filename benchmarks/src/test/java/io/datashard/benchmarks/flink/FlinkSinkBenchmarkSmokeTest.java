package io.datashard.benchmarks.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link FlinkSinkBenchmark} on 20,000 rows, one round, no warm-up: both sinks write, and each
 * table reads back with the generator's count, sum of ids and payload characters (else run throws).
 */
class FlinkSinkBenchmarkSmokeTest {
  @TempDir
  Path dir;

  @Test
  void bothSinksWriteTheGeneratedRows() throws Exception {
    List<FlinkSinkBenchmark.Result> results =
        FlinkSinkBenchmark.run(dir, 20_000, 1, 2, 1_000, "zstd", List.of("parquet", "datashard"), 0);
    assertThat(results).extracting(FlinkSinkBenchmark.Result::system).containsExactly("parquet", "datashard");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.medianSeconds()).isPositive();
      assertThat(r.dataFiles()).isPositive();
      assertThat(r.dataBytes()).isPositive();
    });
  }

  @Test
  void payloadsAreFiftyHexCharactersThatDifferFromRowToRow() {
    String first = new String(FlinkSinkBenchmark.Generator.payload(0), java.nio.charset.StandardCharsets.US_ASCII);
    String second = new String(FlinkSinkBenchmark.Generator.payload(1), java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(first).hasSize(FlinkSinkBenchmark.PAYLOAD_CHARS).matches("[0-9a-f]+").isNotEqualTo(second);
  }
}
