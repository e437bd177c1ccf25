package io.datashard.spark.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime jar as a user gets it (issue 5 item 7): stock Spark plus
 * {@code datashard-spark-runtime-*.jar} alone. Runs in Failsafe after {@code package}. The stock
 * classpath is resolved from {@code src/it/stock-spark/pom.xml} (spark-sql alone, none of this
 * build's version pins), and {@code src/it/java/RuntimeJarProbe.java} runs in a child JVM on it.
 */
class SparkRuntimeJarIT {
  private static final String OK = "DATASHARD RUNTIME JAR OK";
  // every class in the jar is Datashard's, relocated under io.datashard.shaded, or the AWS SDK (which
  // keeps its names: it finds interceptors and HTTP services by class name)
  private static final List<String> ALLOWED_CLASS_PREFIXES =
      List.of("io/datashard/", "software/amazon/awssdk/", "software/amazon/eventstream/");

  @TempDir
  Path temp;

  @Test
  void runtimeJarHoldsDatashardAndRelocatedDependenciesOnly() throws IOException {
    try (JarFile jar = new JarFile(runtimeJar().toFile())) {
      TreeSet<String> foreign = new TreeSet<>();
      for (Enumeration<java.util.jar.JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        String name = entries.nextElement().getName();
        // a class under META-INF/versions/N/ would keep its original package: the shade plugin does
        // not relocate multi-release variants, so they must not be in the jar at all
        if (name.endsWith(".class") && ALLOWED_CLASS_PREFIXES.stream().noneMatch(name::startsWith)) {
          foreign.add(name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : name);
        }
      }
      assertThat(foreign).as("packages bundled without relocation").isEmpty();

      for (String shaded : List.of("io/datashard/shaded/com/fasterxml/jackson/core/JsonFactory.class",
          "io/datashard/shaded/com/fasterxml/jackson/databind/ObjectMapper.class",
          "io/datashard/shaded/org/apache/avro/Schema.class",
          "io/datashard/shaded/org/roaringbitmap/RoaringBitmap.class",
          "io/datashard/Table.class", "io/datashard/s3/S3FileIO.class",
          "io/datashard/spark/examples/SparkQuickstart.class")) {
        assertThat(jar.getEntry(shaded)).as(shaded).isNotNull();
      }
      assertThat(text(jar, "META-INF/services/io.datashard.io.FileIOProvider")).contains(
          "io.datashard.internal.io.LocalFileIOProvider", "io.datashard.s3.S3FileIOProvider");
      assertThat(text(jar, "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister"))
          .contains("io.datashard.spark.");
    }
  }

  @Test
  void stockSparkWithOnlyTheRuntimeJarWritesAndReads() throws Exception {
    List<String> stock = stockSparkClasspath();
    assertThat(stock).as("stock Spark classpath").isNotEmpty()
        .noneMatch(entry -> entry.contains("datashard"))
        .anyMatch(entry -> entry.contains("spark-sql_"));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(property("datashard.child.jvm.flags").trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + Path.of(property("datashard.stock.spark.pom"))
        .getParent().getParent().getParent().resolve("main/config/quickstart-log4j2.properties"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, stock) + File.pathSeparator + runtimeJar());
    command.add(Path.of(property("datashard.it.sources"), "RuntimeJarProbe.java").toString());
    command.add(temp.resolve("probe").toString());

    Run run = run(command, temp.resolve("probe.log"), 600);
    if (run.exitCode() != 0 || !run.output().contains(OK)) {
      fail("Stock Spark with only the runtime jar failed (exit code " + run.exitCode() + ").\nCommand: "
          + String.join(" ", command) + "\nOutput:\n" + run.output());
    }
    run.output().lines().filter(line -> line.startsWith("ok: ")).forEach(System.out::println);
  }

  private static Path runtimeJar() {
    Path jar = Path.of(property("datashard.runtime.jar"));
    assertThat(jar).as("the runtime jar; run `mvn -pl spark-connector package` first").exists();
    return jar;
  }

  /** spark-sql's own dependency closure, resolved once per build by a nested Maven run. */
  private List<String> stockSparkClasspath() throws Exception {
    Path file = Path.of(property("datashard.stock.spark.classpath") + "-" + property("datashard.spark.version"));
    if (!Files.exists(file)) {
      String mavenHome = System.getProperty("datashard.maven.home", "");
      String maven = mavenHome.isEmpty() ? "mvn" : Path.of(mavenHome, "bin", isWindows() ? "mvn.cmd" : "mvn").toString();
      List<String> command = new ArrayList<>(List.of(maven, "-B", "-q", "-f", property("datashard.stock.spark.pom"),
          "validate", "-Dspark.version=" + property("datashard.spark.version"),
          "-Dscala.binary.version=" + property("datashard.scala.binary.version"),
          "-Dstock.classpath.file=" + file));
      String repository = System.getProperty("datashard.maven.repo.local", "");
      if (!repository.isEmpty()) {
        command.add("-Dmaven.repo.local=" + repository);
      }
      // offline first (everything Spark needs is usually in the local repository already), then online
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

  private static String text(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property " + name + " (set by spark-connector/pom.xml for Failsafe)").isNotBlank();
    return value;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
  }
}
