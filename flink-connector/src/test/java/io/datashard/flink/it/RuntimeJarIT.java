package io.datashard.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime jar works on its own: a child JVM gets Flink's own dependency closure (no Datashard
 * artifact, no Parquet/Avro/Hadoop) plus {@code datashard-flink-runtime-*.jar}, and runs SQL DDL,
 * INSERT and SELECT through the connector and the catalog.
 */
class RuntimeJarIT {
  @TempDir
  Path dir;

  @Test
  void stockFlinkWithTheRuntimeJarOnly() throws Exception {
    Path jar = Paths.get(System.getProperty("runtime.jar"));
    assertThat(jar).exists();
    try (JarFile runtime = new JarFile(jar.toFile())) {
      assertThat(runtime.getEntry("io/datashard/flink/table/DatashardDynamicTableFactory.class")).isNotNull();
      assertThat(runtime.getEntry("io/datashard/shaded/org/apache/parquet/hadoop/ParquetWriter.class")).isNotNull();
      assertThat(runtime.getEntry("org/apache/parquet/hadoop/ParquetWriter.class")).isNull();
      String services = new String(runtime.getInputStream(
          runtime.getEntry("META-INF/services/org.apache.flink.table.factories.Factory")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(services).contains("DatashardDynamicTableFactory", "DatashardCatalogFactory");
    }

    List<String> flink = Arrays.asList(Files.readString(Paths.get(System.getProperty("flink.classpath.file")))
        .trim().split(File.pathSeparator));
    assertThat(flink).isNotEmpty().noneMatch(entry -> entry.contains("/io/datashard/")
        || entry.contains("/org/apache/parquet/") || entry.contains("/org/apache/avro/")
        || entry.contains("/org/apache/hadoop/") || entry.contains("/com/fasterxml/jackson/"));
    List<String> classpath = new ArrayList<>(flink);
    classpath.add(jar.toString());
    classpath.add(System.getProperty("test.classes"));

    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String module : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
        "java.nio", "java.text", "java.time", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
        "java.util.concurrent.locks", "sun.nio.ch")) {
      command.add("--add-opens=java.base/" + module + "=ALL-UNNAMED");
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(RuntimeJarMain.class.getName());
    command.add(dir.toString());
    Path log = dir.resolve("child.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(300, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(finished).as("child JVM finished in time; output:\n%s", output).isTrue();
    assertThat(process.exitValue()).as("child JVM exit code; output:\n%s", output).isZero();
    assertThat(output).contains("TABLE [+I[1, a, 1.50, 2024-01-01], +I[2, b, 2.25, 2024-01-02], +I[3, c, 3.00, 2024-01-01]]");
    assertThat(output).contains("CATALOG [+I[7, snappy-free]]");
  }
}
