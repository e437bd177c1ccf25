package io.datashard.spark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The numbering behind {@code _file_id}: one id per planned data file, refused by another scan's write. */
class SparkScanFilesTest {
  @TempDir
  Path warehouse;

  private List<CombinedScanTask> tasksOf(Table table) throws IOException {
    List<CombinedScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<CombinedScanTask> planned = table.newScan().planTasks()) {
      planned.forEach(tasks::add);
    }
    return tasks;
  }

  private Table tableWithFiles(String name, int appends) {
    Table table = RowLevelTestSupport.create(new PathTables(), warehouse + "/" + name, 2, "merge-on-read", true, Map.of());
    for (int i = 0; i < appends; i++) {
      RowLevelTestSupport.append(table, 100 + 10L * i, 110 + 10L * i);
    }
    return table;
  }

  @Test
  void numbersEachPlannedFileOnceWhateverTheTaskOrder() throws IOException {
    List<CombinedScanTask> tasks = tasksOf(tableWithFiles("t", 3));
    SparkScanFiles files = SparkScanFiles.of(tasks);
    Set<String> locations = new HashSet<>();
    Set<Long> ids = new HashSet<>();
    for (CombinedScanTask task : tasks) {
      for (FileScanTask file : task.files()) {
        locations.add(file.file().location());
        long id = files.id(file.file().location());
        ids.add(id);
        int index = files.index(id, "t");
        assertThat(files.location(index)).isEqualTo(file.file().location());
        assertThat(files.indexOf(file.file().location())).isEqualTo(index);
      }
    }
    assertThat(locations).hasSizeGreaterThan(4);
    assertThat(files.size()).isEqualTo(locations.size());
    assertThat(ids).hasSameSizeAs(locations);

    // planning order does not matter: equal scans number alike
    List<CombinedScanTask> reversed = new ArrayList<>(tasks);
    Collections.reverse(reversed);
    SparkScanFiles again = SparkScanFiles.of(reversed);
    for (String location : locations) {
      assertThat(again.id(location)).isEqualTo(files.id(location));
    }
  }

  @Test
  void refusesIdsOfAnotherScanAndUnplannedFiles() throws IOException {
    SparkScanFiles files = SparkScanFiles.of(tasksOf(tableWithFiles("a", 1)));
    SparkScanFiles other = SparkScanFiles.of(tasksOf(tableWithFiles("b", 2)));
    String location = files.location(0);
    long foreign = other.id(other.location(0));

    assertThatThrownBy(() -> files.index(foreign, "db.a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("db.a")
        .hasMessageContaining("_file_id=" + foreign)
        .hasMessageContaining("not produced by this operation's scan");
    long salt = files.id(location) & 0xFFFFFFFF00000000L;
    assertThatThrownBy(() -> files.index(salt | files.size(), "db.a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> files.index(salt | 0xFFFFFFFFL, "db.a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> files.id(other.location(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not plan it");
  }
}
