package io.datashard.benchmarks.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Option parsing of the Spark benchmarks: defaults, overrides, switches and clear errors. */
class BenchArgsTest {
  @Test
  void rowLevelOptionsTakeDefaultsOverridesAndSwitches() {
    SparkRowLevelBenchmark.Options defaults = SparkRowLevelBenchmark.Options.parse(new String[0]);
    assertThat(defaults.rows()).isEqualTo(10_000_000L);
    assertThat(defaults.modes()).isEqualTo(SparkRowLevelBenchmark.MODES);
    assertThat(defaults.keep()).isFalse();

    SparkRowLevelBenchmark.Options options = SparkRowLevelBenchmark.Options.parse(
        new String[] {"--rows", "1000", "--modes", "mor-v3", "--keep", "--systems", "datashard"});
    assertThat(options.rows()).isEqualTo(1000L);
    assertThat(options.modes()).containsExactly("mor-v3");
    assertThat(options.systems()).containsExactly("datashard");
    assertThat(options.keep()).isTrue();
    assertThat(options.dir()).isAbsolute();
  }

  @Test
  void sparkOptionsTakeBothSwitches() {
    SparkBenchmark.Options options = SparkBenchmark.Options.parse(
        new String[] {"--explain", "--workloads", "full-scan", "--datashard-access", "path"});
    assertThat(options.explain()).isTrue();
    assertThat(options.keep()).isFalse();
    assertThat(options.datashardAccess()).isEqualTo("path");
    assertThat(options.workloads()).hasSize(1);
  }

  @Test
  void unknownOptionsAndValuesAreRefusedWithWhatIsKnown() {
    assertThatThrownBy(() -> SparkRowLevelBenchmark.Options.parse(new String[] {"--mode", "mor-v3"}))
        .hasMessageContaining("'--mode'").hasMessageContaining("--modes").hasMessageContaining("--keep");
    assertThatThrownBy(() -> SparkRowLevelBenchmark.Options.parse(new String[] {"--rows"}))
        .hasMessageContaining("incomplete argument '--rows'");
    assertThatThrownBy(() -> SparkRowLevelBenchmark.Options.parse(new String[] {"--modes", "mor-v4"}))
        .hasMessage("Unknown mode 'mor-v4'; known: cow-v2, mor-v2, mor-v3");
    assertThatThrownBy(() -> SparkBenchmark.Options.parse(new String[] {"--systems", "delta"}))
        .hasMessage("Unknown system 'delta'; known: parquet, iceberg, datashard");
    assertThat(BenchArgs.parse(new String[] {"--a", "2"}, java.util.Map.of("a", "1"), List.of()).getInt("a"))
        .isEqualTo(2);
  }
}
