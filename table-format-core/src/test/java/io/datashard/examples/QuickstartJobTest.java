package io.datashard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.FileFormat;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.TableReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartJobTest {
  @TempDir
  Path warehouse;

  @Test
  void runsTwiceReadsWithAFilterAndTimeTravels() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    QuickstartJob.run(warehouse.toString(), out);
    // a second run replaces the table rather than failing or appending to it
    Table table = QuickstartJob.run(warehouse.toString(), out);
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(printed).contains("Dropped the previous quickstart table");
    Table loaded = new PathTables().load(table.location());
    List<Snapshot> snapshots = loaded.snapshots();
    assertThat(snapshots).hasSize(2);
    assertThat(QuickstartJob.read(TableReader.read(loaded).useSnapshot(snapshots.get(0).snapshotId()))).hasSize(3);
    assertThat(QuickstartJob.read(TableReader.read(loaded))).hasSize(5);
    assertThat(loaded.currentSnapshot().orElseThrow().summary())
        .containsEntry("total-records", "5")
        .containsEntry("total-data-files", "3");
    assertThat(loaded.newScan().planFiles()).allSatisfy(task -> assertThat(task.file().format()).isEqualTo(FileFormat.PARQUET));
    // the filtered read: day 2 rows with a category, i.e. ids 3 and 5
    String filtered = printed.substring(printed.lastIndexOf("Rows with"), printed.lastIndexOf("History:"));
    assertThat(filtered).contains("Row[id=3,").contains("Row[id=5,").doesNotContain("Row[id=1,").doesNotContain("Row[id=4,");
    assertThat(printed).contains("Row[id=3, ts=2026-11-21T00:02:00Z, category=books]");
  }
}
