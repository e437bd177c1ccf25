package io.datashard.it.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 5's interop acceptance: one Spark session with Apache Iceberg's Spark runtime and
 * Datashard's runtime jar on stock Spark 4.1. Tables written by {@code format("datashard")} are read
 * by {@code format("iceberg").load(location)} with identical rows and the reverse (Iceberg's
 * {@code hadoop} catalog writes path tables that {@code format("datashard")} reads), partitioned,
 * and with Iceberg-written merge-on-read deletes (v2 position deletes, v3 deletion vectors).
 *
 * <p>The Spark program is {@code src/it/java/SparkIcebergInterop.java}, run once in a child JVM:
 * Iceberg's Spark runtime bundles Iceberg 1.12 classes, and Spark brings its own Hadoop client; both
 * clash with the Iceberg 1.10 and hadoop-common jars the core interop tests of this module use.
 */
class SparkIcebergInteropIT {
  private static final String OK = "INTEROP OK";

  @TempDir
  static Path temp;

  private static String output;
  private static int exitCode;

  @BeforeAll
  static void runInteropProgram() throws Exception {
    Path datashardRuntime = Path.of(property("datashard.spark.runtime.jar"));
    assertThat(datashardRuntime).as("Datashard's Spark runtime jar (built by spark-connector's package phase)").exists();
    Path icebergRuntime = Path.of(property("datashard.iceberg.spark.runtime.jar"));
    assertThat(icebergRuntime).as("Apache Iceberg's Spark runtime jar").exists();

    List<String> classpath = new ArrayList<>(stockSparkClasspath());
    classpath.add(icebergRuntime.toString());
    classpath.add(datashardRuntime.toString());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(property("datashard.child.jvm.flags").trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + property("datashard.child.log4j2"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(Path.of(property("datashard.it.sources"), "SparkIcebergInterop.java").toString());
    command.add(temp.resolve("tables").toString());

    Run run = run(command, temp.resolve("interop.log"), 900);
    exitCode = run.exitCode();
    output = run.output();
    output.lines().filter(line -> line.startsWith("ok: ") || line.startsWith("FAILED: ")).forEach(System.out::println);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "datashard-writes-unpartitioned-iceberg-reads",
      "datashard-writes-partitioned-iceberg-reads",
      "datashard-catalog-days-bucket-iceberg-reads",
      "iceberg-writes-partitioned-datashard-reads",
      "iceberg-appends-to-datashard-table",
      "iceberg-merge-on-read-deletes-v2-datashard-reads",
      "iceberg-merge-on-read-deletes-v3-datashard-reads"})
  void scenario(String name) {
    if (!output.contains("\nok: " + name + "\n") && !output.startsWith("ok: " + name + "\n")) {
      int failed = output.indexOf("FAILED: " + name);
      String detail = failed >= 0 ? output.substring(failed, Math.min(output.length(), failed + 6_000)) : tail(output);
      fail("Interop scenario " + name + " failed (child exit code " + exitCode + "):\n" + detail);
    }
  }

  @Test
  void sessionEndsCleanly() {
    if (exitCode != 0 || !output.contains(OK)) {
      fail("The interop Spark program failed (exit code " + exitCode + "):\n" + tail(output));
    }
  }

  private static String tail(String text) {
    return text.length() <= 20_000 ? text : "...\n" + text.substring(text.length() - 20_000);
  }

  /** spark-sql's own dependency closure (spark-connector/src/it/stock-spark/pom.xml), resolved once per build. */
  private static List<String> stockSparkClasspath() throws Exception {
    Path file = Path.of(property("datashard.stock.spark.classpath") + "-" + property("datashard.spark.version"));
    if (!Files.exists(file)) {
      String mavenHome = System.getProperty("datashard.maven.home", "");
      boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
      String maven = mavenHome.isEmpty() ? "mvn" : Path.of(mavenHome, "bin", windows ? "mvn.cmd" : "mvn").toString();
      List<String> command = new ArrayList<>(List.of(maven, "-B", "-q", "-f", property("datashard.stock.spark.pom"),
          "validate", "-Dspark.version=" + property("datashard.spark.version"),
          "-Dscala.binary.version=" + property("datashard.scala.binary.version"),
          "-Dstock.classpath.file=" + file));
      String repository = System.getProperty("datashard.maven.repo.local", "");
      if (!repository.isEmpty()) {
        command.add("-Dmaven.repo.local=" + repository);
      }
      // offline first (Spark's jars are usually in the local repository already), then online
      List<String> offline = new ArrayList<>(command);
      offline.add(1, "-o");
      Run run = run(offline, temp.resolve("stock-offline.log"), 600);
      if (run.exitCode() != 0) {
        run = run(command, temp.resolve("stock-online.log"), 600);
      }
      if (run.exitCode() != 0 || !Files.exists(file)) {
        fail("Could not resolve stock Spark's classpath with " + String.join(" ", command) + ":\n" + run.output());
      }
    }
    String classpath = Files.readString(file, StandardCharsets.UTF_8).trim();
    return Arrays.stream(classpath.split(File.pathSeparator)).filter(entry -> !entry.isBlank()).toList();
  }

  private record Run(int exitCode, String output) {}

  private static Run run(List<String> command, Path log, long timeoutSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      return new Run(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property " + name + " (set by integration-tests/pom.xml for Failsafe)").isNotBlank();
    return value;
  }
}
