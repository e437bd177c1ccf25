package io.datashard.scan;

import static io.datashard.expressions.Expressions.greaterThan;
import static io.datashard.scan.ScanTestSupport.SCHEMA;
import static io.datashard.scan.ScanTestSupport.bound;
import static io.datashard.scan.ScanTestSupport.collect;
import static io.datashard.scan.ScanTestSupport.create;
import static io.datashard.scan.ScanTestSupport.dataFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unfiltered plans leave column statistics undecoded unless asked; filtered plans always prune with them. */
class ColumnStatsInPlansTest {
  @TempDir
  Path dir;

  @Test
  void statisticsAreSkippedOnlyWhenNothingNeedsThem() {
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).identity("category").build());
    DataFile withStats = dataFile(table, table.spec(), "a", PartitionData.of("a"))
        .withColumnSizes(Map.of(1, 80L))
        .withValueCounts(Map.of(1, 10L))
        .withNullValueCounts(Map.of(1, 0L))
        .withLowerBounds(bound(1, Types.LongType.get(), 5L))
        .withUpperBounds(bound(1, Types.LongType.get(), 9L))
        .withSplitOffsets(List.of(4L))
        .build();
    table.newFastAppend().appendFile(withStats).commit();

    DataFile plain = only(table.newScan());
    assertThat(plain.location()).isEqualTo(withStats.location());
    assertThat(plain.recordCount()).isEqualTo(10);
    assertThat(plain.partition()).isEqualTo(PartitionData.of("a"));
    assertThat(plain.splitOffsets()).contains(List.of(4L));
    assertThat(plain.valueCounts()).isEmpty();
    assertThat(plain.lowerBounds()).isEmpty();
    assertThat(plain.upperBounds()).isEmpty();
    assertThat(plain.columnSizes()).isEmpty();

    DataFile asked = only(table.newScan().includeColumnStats());
    assertThat(asked.valueCounts()).isEqualTo(withStats.valueCounts());
    assertThat(asked.lowerBounds()).isEqualTo(withStats.lowerBounds());
    assertThat(asked.upperBounds()).isEqualTo(withStats.upperBounds());
    assertThat(asked.columnSizes()).isEqualTo(withStats.columnSizes());

    // a filter needs the bounds: they prune, and the planned file carries them
    assertThat(collect(table.newScan().filter(greaterThan("id", 9L)).planFiles())).isEmpty();
    assertThat(only(table.newScan().filter(greaterThan("id", 8L))).upperBounds()).isEqualTo(withStats.upperBounds());
  }

  private static DataFile only(TableScan scan) {
    List<FileScanTask> tasks = collect(scan.planFiles());
    assertThat(tasks).hasSize(1);
    return tasks.get(0).file();
  }
}
