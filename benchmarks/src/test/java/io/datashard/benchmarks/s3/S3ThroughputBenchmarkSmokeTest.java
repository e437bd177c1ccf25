package io.datashard.benchmarks.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.s3.S3FileIOProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@link S3ThroughputBenchmark} once on tiny sizes, one single-PUT and one multipart, so
 * {@code mvn verify} proves the benchmark still works without running it for real.
 */
class S3ThroughputBenchmarkSmokeTest {
  private static final int MiB = 1024 * 1024;

  @Test
  @Timeout(60)
  void runsBothSizesOnBothSidesAndPrintsTheRatios() throws Exception {
    S3ThroughputBenchmark.Settings settings = new S3ThroughputBenchmark.Settings(
        List.of(S3ThroughputBenchmark.Size.parse("16k:3"), S3ThroughputBenchmark.Size.parse("6m:1")), 1, 0,
        // the smallest part size S3 allows, so 6 MiB goes multipart (two parts)
        Map.of(S3FileIOProperties.MULTIPART_PART_SIZE, String.valueOf(5 * MiB)));
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    List<S3ThroughputBenchmark.Result> results =
        S3ThroughputBenchmark.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(results).extracting(S3ThroughputBenchmark.Result::multipart).containsExactly(false, true);
    for (S3ThroughputBenchmark.Result result : results) {
      for (double[] rates : List.of(result.fileIoWrite(), result.rawWrite(), result.rawConditionalWrite(),
          result.fileIoRead(), result.rawRead())) {
        assertThat(rates).hasSize(1);
        assertThat(rates[0]).isPositive().isFinite();
      }
    }

    ByteArrayOutputStream table = new ByteArrayOutputStream();
    S3ThroughputBenchmark.print(settings, results, new PrintStream(table, true, StandardCharsets.UTF_8));
    assertThat(table.toString(StandardCharsets.UTF_8))
        .contains("16 KiB x3", "6 MiB x1", "one PUT", "multipart", "S3FileIO/raw", "If-None-Match");
  }

  @Test
  void parsesArguments() {
    assertThat(S3ThroughputBenchmark.Size.parse("64k:200")).isEqualTo(new S3ThroughputBenchmark.Size(64 * 1024, 200));
    assertThat(S3ThroughputBenchmark.Size.parse("8M:8")).isEqualTo(new S3ThroughputBenchmark.Size(8 * MiB, 8));
    assertThat(S3ThroughputBenchmark.Size.parse("1000:1").label()).isEqualTo("1000 B x1");
    S3ThroughputBenchmark.Settings settings = S3ThroughputBenchmark.Settings.parse(
        new String[] {"--sizes", "1k:2,2m:1", "--rounds", "3", "-Ps3.multipart.parallelism=2"});
    assertThat(settings.sizes()).containsExactly(new S3ThroughputBenchmark.Size(1024, 2), new S3ThroughputBenchmark.Size(2 * MiB, 1));
    assertThat(settings.rounds()).isEqualTo(3);
    assertThat(settings.warmupRounds()).isEqualTo(5);
    assertThat(settings.fileIoProperties()).containsEntry(S3FileIOProperties.MULTIPART_PARALLELISM, "2");
    assertThat(S3ThroughputBenchmark.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(S3ThroughputBenchmark.ratio(new double[] {1, 4}, new double[] {2, 2})).isEqualTo(1.25);
  }
}
