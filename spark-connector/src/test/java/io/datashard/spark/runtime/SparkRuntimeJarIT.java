package io.datashard.spark.runtime;

import static io.datashard.testing.ChildJvm.property;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.datashard.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
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
    List<String> stock = ChildJvm.stockSparkClasspath(temp);
    assertThat(stock).as("stock Spark classpath").isNotEmpty()
        .noneMatch(entry -> entry.contains("datashard"))
        .anyMatch(entry -> entry.contains("spark-sql_"));

    List<String> command = new ArrayList<>();
    command.add(ChildJvm.java());
    command.addAll(Arrays.asList(property("datashard.child.jvm.flags").trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + Path.of(property("datashard.stock.spark.pom"))
        .getParent().getParent().getParent().resolve("main/config/quickstart-log4j2.properties"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, stock) + File.pathSeparator + runtimeJar());
    command.add(Path.of(property("datashard.it.sources"), "RuntimeJarProbe.java").toString());
    command.add(temp.resolve("probe").toString());

    ChildJvm.Run run = ChildJvm.run(command, temp.resolve("probe.log"), 600);
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

  private static String text(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
