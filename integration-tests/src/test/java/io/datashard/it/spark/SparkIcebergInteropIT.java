package io.datashard.it.spark;

import static io.datashard.testing.ChildJvm.property;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.datashard.testing.ChildJvm;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * and with Iceberg-written merge-on-read deletes (v2 position deletes, v3 deletion vectors). Issue 7's:
 * after Datashard SQL DELETE, UPDATE and MERGE in copy-on-write and merge-on-read modes, format
 * versions 2 and 3, partitioned, Iceberg reads the same rows as Datashard and as the changes applied
 * to plain rows.
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

    List<String> classpath = new ArrayList<>(ChildJvm.stockSparkClasspath(temp));
    classpath.add(icebergRuntime.toString());
    classpath.add(datashardRuntime.toString());

    List<String> command = new ArrayList<>();
    command.add(ChildJvm.java());
    command.addAll(Arrays.asList(property("datashard.child.jvm.flags").trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + property("datashard.child.log4j2"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(Path.of(property("datashard.it.sources"), "SparkIcebergInterop.java").toString());
    command.add(temp.resolve("tables").toString());

    ChildJvm.Run run = ChildJvm.run(command, temp.resolve("interop.log"), 900);
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
      "iceberg-merge-on-read-deletes-v3-datashard-reads",
      "datashard-copy-on-write-dml-v2-iceberg-reads",
      "datashard-copy-on-write-dml-v3-iceberg-reads",
      "datashard-merge-on-read-dml-v2-iceberg-reads",
      "datashard-merge-on-read-dml-v3-iceberg-reads"})
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
}
