package io.datashard.scan;

import static io.datashard.expressions.Expressions.equal;
import static io.datashard.scan.ScanTestSupport.SCHEMA;
import static io.datashard.scan.ScanTestSupport.collect;
import static io.datashard.scan.ScanTestSupport.create;
import static io.datashard.scan.ScanTestSupport.dataFile;
import static io.datashard.scan.ScanTestSupport.deleteFile;
import static io.datashard.scan.ScanTestSupport.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DeleteFile;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitPackAndParallelPlanningTest {
  @TempDir
  Path dir;

  private static List<String> ranges(List<FileScanTask> tasks) {
    List<String> result = new ArrayList<>();
    for (FileScanTask task : tasks) {
      result.add(name(task.file().location()) + "@" + task.start() + "+" + task.length());
    }
    return result;
  }

  @Test
  void filesSplitOnTheirSplitOffsetsOrAtFixedSizes() {
    Table table = create(dir, PartitionSpec.unpartitioned());
    table.newFastAppend()
        .appendFile(dataFile(table, table.spec(), "row-groups", PartitionData.empty())
            .withSplitOffsets(List.of(4L, 300L, 600L, 900L)).build())
        .appendFile(dataFile(table, "plain", PartitionData.empty()))
        .appendFile(dataFile(table, table.spec(), "bad-offsets", PartitionData.empty())
            .withSplitOffsets(List.of(4L, 2000L)).build())
        .commit();

    List<FileScanTask> tasks = collect(table.newScan().option(Scan.SPLIT_SIZE, "600").option(Scan.SPLIT_LOOKBACK, "1")
        .planTasks()).stream().flatMap(task -> task.files().stream()).toList();

    // row groups are combined while the range stays within 600 bytes; the last one ends at the file size
    assertThat(ranges(tasks)).containsExactlyInAnyOrder(
        "row-groups@4+596", "row-groups@600+400",
        "plain@0+600", "plain@600+400",
        "bad-offsets@0+600", "bad-offsets@600+400");
  }

  @Test
  void splitsArePackedFirstFitWithOpenFileCost() {
    Table table = create(dir, PartitionSpec.unpartitioned(),
        Map.of(Scan.SPLIT_SIZE, "600", Scan.SPLIT_OPEN_FILE_COST, "100"), new LocalFileIO());
    table.newFastAppend()
        .appendFile(dataFile(table, table.spec(), "big", PartitionData.empty()).withSplitOffsets(List.of(4L, 300L, 600L)).build())
        .appendFile(dataFile(table, table.spec(), "s1", PartitionData.empty()).withFileSizeInBytes(50).build())
        .appendFile(dataFile(table, table.spec(), "s2", PartitionData.empty()).withFileSizeInBytes(50).build())
        .appendFile(dataFile(table, table.spec(), "s3", PartitionData.empty()).withFileSizeInBytes(50).build())
        .commit();
    TableScan scan = table.newScan();
    assertThat(scan.targetSplitSize()).isEqualTo(600);
    assertThat(scan.splitOpenFileCost()).isEqualTo(100);

    List<List<String>> packed = new ArrayList<>();
    for (CombinedScanTask task : collect(scan.planTasks())) {
      packed.add(ranges(task.files()));
    }
    // big splits into 4+596 (weight 596) and 600+400 (400); the small files weigh the open cost, 100 each
    assertThat(packed).containsExactly(
        List.of("big@4+596"),
        List.of("big@600+400", "s1@0+50", "s2@0+50"),
        List.of("s3@0+50"));

    assertThatThrownBy(() -> table.newScan().option(Scan.SPLIT_SIZE, "lots").planTasks())
        .isInstanceOf(ValidationException.class).hasMessageContaining(Scan.SPLIT_SIZE).hasMessageContaining("lots");
  }

  /** Each planned file with its deletes, as a comparable string. */
  private static Set<String> plan(TableScan scan) {
    Set<String> result = new TreeSet<>();
    for (FileScanTask task : collect(scan.planFiles())) {
      Set<String> deletes = new TreeSet<>();
      for (DeleteFile delete : task.deletes()) {
        deletes.add(name(delete.location()));
      }
      result.add(name(task.file().location()) + deletes);
    }
    return result;
  }

  @Test
  void planningOnAnExecutorGivesTheSameFilesAsSequentialPlanning() throws InterruptedException {
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).identity("category").build(),
        Map.of("format-version", "2"), new LocalFileIO());
    for (int commit = 0; commit < 12; commit += 1) {
      String category = commit % 2 == 0 ? "a" : "b";
      table.newFastAppend()
          .appendFile(dataFile(table, "f" + commit + "-1", PartitionData.of(category)))
          .appendFile(dataFile(table, "f" + commit + "-2", PartitionData.of(category)))
          .commit();
      if (commit % 4 == 1) {
        table.newRowDelta().addDeletes(deleteFile(table, table.spec(), "d" + commit, PartitionData.of(category)).build()).commit();
      }
    }

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Set<String> sequential = plan(table.newScan());
      assertThat(sequential).hasSize(24);
      assertThat(plan(table.newScan().planWith(pool))).isEqualTo(sequential);
      assertThat(plan(table.newScan().planWith(pool).filter(equal("category", "b"))))
          .isEqualTo(plan(table.newScan().filter(equal("category", "b"))))
          .hasSize(12);
      assertThat(collect(table.newScan().planWith(pool).planTasks())).isNotEmpty();

      // closing early stops the producers and leaves the pool usable
      try (CloseableIterator<FileScanTask> it = table.newScan().planWith(pool).planFiles().iterator()) {
        assertThat(it.hasNext()).isTrue();
        it.next();
      }
      assertThat(plan(table.newScan().planWith(pool))).isEqualTo(sequential);
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
