package io.datashard.spark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.io.CloseableIterable;
import io.datashard.spark.examples.SparkQuickstart.Event;
import io.datashard.spark.examples.SparkQuickstart.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, run the way the README runs it (through {@code main}), twice against the
 * same warehouse: the second run must succeed too and leave a fresh table behind. The quickstart
 * owns its Spark session (it starts and stops one per run), so this class has no shared session.
 */
class SparkQuickstartTest {
  private static final Map<String, String> SPARK_DEFAULTS = Map.of(
      "spark.sql.shuffle.partitions", "4",
      "spark.ui.enabled", "false");

  @TempDir
  static Path warehouse;

  @BeforeAll
  static void smallLocalSpark() {
    // SparkConf reads spark.* system properties: keeps the job's own session small in tests
    SPARK_DEFAULTS.forEach(System::setProperty);
  }

  @AfterAll
  static void clearProperties() {
    SPARK_DEFAULTS.keySet().forEach(System::clearProperty);
  }

  @Test
  void mainCreatesAppendsFiltersShowsHistoryAndTimeTravelsAndCanRunAgain() {
    String printed = runMain(warehouse.toString(), "local[2]");
    assertThat(printed)
        .contains("== 1. Created table local.quickstart.events")
        .contains("== 2. Appended 3 rows")
        .contains("== 3. Appended 2 rows")
        .contains("== 4. Read with a filter")
        .contains("== 5. History")
        .contains("== 6. Time travel to the first snapshot")
        .contains("Done: the current snapshot");

    // the second run drops and recreates the table, so it ends in the same state
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Result result;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      result = SparkQuickstart.run(warehouse.toString(), "local[2]", out);
    }

    List<Event> all = new ArrayList<>(SparkQuickstart.FIRST_APPEND);
    all.addAll(SparkQuickstart.SECOND_APPEND);
    Instant secondDay = Instant.parse("2026-11-21T00:00:00Z");
    List<Event> expectedFiltered = all.stream()
        .filter(event -> !event.ts().isBefore(secondDay) && event.category() != null)
        .sorted(Comparator.comparingLong(Event::id))
        .toList();
    assertThat(expectedFiltered).isNotEmpty().hasSizeLessThan(all.size());
    assertThat(result.filtered()).containsExactlyElementsOf(expectedFiltered);
    assertThat(result.firstVersion()).containsExactlyElementsOf(SparkQuickstart.FIRST_APPEND);
    assertThat(result.current()).containsExactlyElementsOf(all);
    assertThat(result.historySnapshotIds()).containsExactly(result.firstSnapshotId(), result.secondSnapshotId());

    // the table on disk, read by the core without Spark
    Table table = new PathTables().load(warehouse.resolve("quickstart/events").toString());
    assertThat(table.spec().fields()).hasSize(1);
    assertThat(table.spec().fields().get(0).transform().toString()).isEqualTo("day");
    List<Long> snapshotIds = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      snapshotIds.add(snapshot.snapshotId());
    }
    assertThat(snapshotIds).containsExactly(result.firstSnapshotId(), result.secondSnapshotId());
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> records = TableReader.read(table).build()) {
      for (Record record : records) {
        ids.add((Long) record.get("id"));
      }
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(all.stream().map(Event::id).toList());
  }

  private static String runMain(String warehousePath, String master) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      SparkQuickstart.main(new String[] {warehousePath, master});
    } finally {
      System.setOut(original);
    }
    String printed = buffer.toString(StandardCharsets.UTF_8);
    original.print(printed);
    return printed;
  }
}
