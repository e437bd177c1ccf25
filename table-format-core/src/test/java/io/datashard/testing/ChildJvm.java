package io.datashard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Child processes for the engine integration tests that must run on a classpath of their own (stock
 * Spark plus a runtime jar): the nested Maven run that resolves stock Spark's classpath and the child
 * JVM itself. Shared through this module's test-jar by spark-connector and integration-tests, whose
 * poms set the {@code datashard.*} system properties read here for Failsafe.
 */
public final class ChildJvm {

  private ChildJvm() {
  }

  /** How a child process ended: its exit code (-1 on timeout) and everything it printed. */
  public record Run(int exitCode, String output) {}

  /** Runs {@code command} with stdout and stderr in {@code log}, killing it after {@code timeoutSeconds}. */
  public static Run run(List<String> command, Path log, long timeoutSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      return new Run(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The {@code java} executable of the JVM running the tests. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * spark-sql's own dependency closure (spark-connector/src/it/stock-spark/pom.xml, none of this
   * build's version pins), resolved once per build by a nested Maven run whose logs go to {@code logDir}.
   */
  public static List<String> stockSparkClasspath(Path logDir) throws Exception {
    Path file = Path.of(property("datashard.stock.spark.classpath") + "-" + property("datashard.spark.version"));
    if (!Files.exists(file)) {
      String mavenHome = System.getProperty("datashard.maven.home", "");
      boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
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
      Run run = run(offline, logDir.resolve("stock-offline.log"), 600);
      if (run.exitCode() != 0) {
        run = run(command, logDir.resolve("stock-online.log"), 600);
      }
      if (run.exitCode() != 0 || !Files.exists(file)) {
        fail("Could not resolve stock Spark's classpath with " + String.join(" ", command) + ":\n" + run.output());
      }
    }
    String classpath = Files.readString(file, StandardCharsets.UTF_8).trim();
    return Arrays.stream(classpath.split(File.pathSeparator)).filter(entry -> !entry.isBlank()).toList();
  }

  /** A system property the module's pom sets for Failsafe; fails the test when it is missing. */
  public static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property " + name + " (set by the module's pom.xml for Failsafe)").isNotBlank();
    return value;
  }
}
