package io.datashard.benchmarks.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link SparkRowLevelBenchmark} on 5,000 rows, one round, every mode on both systems, in a child
 * JVM on {@code target/spark-benchmark.classpath} (as {@link SparkBenchmarkSmokeTest} does, for the same
 * reason). The benchmark checks every scan itself against values computed in Java (so the DELETE and
 * the MERGE too) and exits non-zero on a wrong one; this test also checks that every (mode, step,
 * system) triple was measured.
 */
class SparkRowLevelBenchmarkSmokeTest {
  @TempDir
  Path dir;

  @Test
  void everyStepRunsInEveryModeOnBothSystems() throws Exception {
    Path classes = Paths.get(SparkRowLevelBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path classpathFile = classes.getParent().resolve("spark-benchmark.classpath");
    assertThat(classpathFile).as("written by maven-dependency-plugin (generate-test-resources)").exists();
    String classpath = classes + File.pathSeparator + classes.getParent().resolve("spark-benchmark-lib") + "/*"
        + File.pathSeparator + Files.readString(classpathFile).trim();

    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // the module/opens flags Spark needs, as the test JVM got them from Surefire
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-") || flag.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || flag.startsWith("-Djdk.reflect") || flag.startsWith("-Dio.netty")) {
        command.add(flag);
      }
    }
    command.addAll(List.of("-cp", classpath, SparkRowLevelBenchmark.class.getName(), "--dir", dir.toString(),
        "--rows", "5000", "--rounds", "1", "--warmup-rows", "0", "--slices", "2", "--shuffle-partitions", "2"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    List<String> results = new ArrayList<>();
    StringBuilder output = new StringBuilder();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.append(line).append('\n');
        if (line.startsWith("RESULT ")) {
          results.add(line);
        }
      }
    }
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("benchmark output:%n%s", output).isZero();

    for (String mode : SparkRowLevelBenchmark.MODES) {
      for (SparkRowLevelReport.Step step : SparkRowLevelReport.Step.values()) {
        for (String system : List.of("iceberg", "datashard")) {
          assertThat(results).as("measured %s %s on %s; output:%n%s", mode, step.label(), system, output)
              .anyMatch(line -> line.startsWith("RESULT " + mode + " " + step.label() + " " + system + " 1 "));
        }
      }
    }
    assertThat(output.toString()).contains("ds/iceberg").contains("scan after / scan before");
  }
}
