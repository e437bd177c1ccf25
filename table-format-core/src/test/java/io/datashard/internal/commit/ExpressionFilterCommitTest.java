package io.datashard.internal.commit;

import static io.datashard.expressions.Expressions.and;
import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.greaterThanOrEqual;
import static io.datashard.expressions.Expressions.lessThan;
import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Conversions;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row-filter forms of delete and overwrite: whole files by partition and column metrics. */
class ExpressionFilterCommitTest {
  @TempDir
  Path dir;

  private Table table;
  private DataFile a1;
  private DataFile a2;
  private DataFile b1;

  /** A file whose id column (field 1, no nulls) lies in [minId, maxId]. */
  private DataFile withIds(String category, String name, long records, long minId, long maxId) {
    return dataFile(table, category, name, records).toBuilder()
        .withValueCounts(Map.of(1, records))
        .withNullValueCounts(Map.of(1, 0L))
        .withLowerBounds(Map.of(1, Conversions.toByteBuffer(Types.LongType.get(), minId)))
        .withUpperBounds(Map.of(1, Conversions.toByteBuffer(Types.LongType.get(), maxId)))
        .build();
  }

  @BeforeEach
  void setUp() {
    table = create(dir);
    a1 = withIds("a", "a1", 10, 0, 9);
    a2 = withIds("a", "a2", 20, 100, 119);
    b1 = withIds("b", "b1", 40, 0, 39);
    table.newFastAppend().appendFile(a1).appendFile(a2).commit();
    table.newFastAppend().appendFile(b1).commit();
  }

  @Test
  void deleteByPartitionFilterRemovesTheWholePartition() {
    table.newDelete().deleteFromRowFilter(equal("category", "a")).commit();

    Snapshot after = current(table);
    assertThat(after.operation()).isEqualTo(DataOperations.DELETE);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(b1));
    assertThat(liveDataLocations(load(table))).isEqualTo(locationsOf(b1));
  }

  @Test
  void deleteByMetricsRemovesFilesAllOfWhoseRowsMatch() {
    // a1 and b1 hold ids below 50 only; a2 none
    table.newDelete().deleteFromRowFilter(lessThan("id", 50L)).commit();
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a2));
  }

  @Test
  void deleteCombiningPartitionAndMetrics() {
    table.newDelete().deleteFromRowFilter(and(equal("category", "b"), lessThan("id", 40L))).commit();
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1, a2));
  }

  @Test
  void deleteFailsForAFileThatMatchesOnlyPartly() {
    Snapshot before = current(table);
    // b1 has ids 0..39: some below 20, some not
    assertThatThrownBy(() -> table.newDelete().deleteFromRowFilter(lessThan("id", 20L)).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(b1.location())
        .hasMessageContaining("some, but not all");
    assertThat(current(table.refresh()).snapshotId()).isEqualTo(before.snapshotId());
  }

  @Test
  void deleteMatchingNothingKeepsEveryFile() {
    table.newDelete().deleteFromRowFilter(equal("category", "c")).commit();
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1, a2, b1));
  }

  @Test
  void rowFiltersBindToTheTableSchema() {
    assertThatThrownBy(() -> table.newDelete().deleteFromRowFilter(equal("nope", 1)).commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> table.newDelete().deleteFromRowFilter(equal("CATEGORY", "a")).commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("'CATEGORY'");
    table.newDelete().caseSensitive(false).deleteFromRowFilter(equal("CATEGORY", "a")).commit();
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(b1));
  }

  @Test
  void overwriteByRowFilterReplacesMatchingFiles() {
    DataFile a3 = withIds("a", "a3", 5, 0, 4);
    table.newOverwrite().overwriteByRowFilter(equal("category", "a")).addFile(a3).commit();

    Snapshot after = current(table);
    assertThat(after.operation()).isEqualTo(DataOperations.OVERWRITE);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(b1, a3));
    assertThatThrownBy(() -> table.newOverwrite().overwriteByRowFilter(greaterThanOrEqual("id", 20L)).commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining(b1.location());
  }

  @Test
  void conflictDetectionByRowFilter() {
    Snapshot read = current(table);
    Table other = load(table);
    DataFile concurrentB = withIds("b", "concurrent-b", 3, 0, 2);
    other.newFastAppend().appendFile(concurrentB).commit();

    // a concurrent file in partition b does not conflict with an overwrite of partition a
    DataFile a3 = withIds("a", "a3", 5, 0, 4);
    table.newOverwrite()
        .overwriteByRowFilter(equal("category", "a"))
        .addFile(a3)
        .validateFromSnapshot(read.snapshotId())
        .conflictDetectionFilter(equal("category", "a"))
        .validateNoConflictingData()
        .commit();
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(b1, concurrentB, a3));

    // a concurrent file in partition b whose ids may match conflicts with a replacement of b's low ids
    Snapshot read2 = current(table.refresh());
    DataFile concurrentB2 = withIds("b", "concurrent-b2", 3, 5, 7);
    load(table).newFastAppend().appendFile(concurrentB2).commit();
    assertThatThrownBy(() -> table.newOverwrite()
        .deleteFile(concurrentB)
        .validateFromSnapshot(read2.snapshotId())
        .conflictDetectionFilter(and(equal("category", "b"), lessThan("id", 10L)))
        .validateNoConflictingData()
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(concurrentB2.location());

    // but not when its metrics rule the filter out
    Snapshot read3 = current(table.refresh());
    load(table).newFastAppend().appendFile(withIds("b", "concurrent-b3", 3, 50, 60)).commit();
    table.newOverwrite()
        .deleteFile(concurrentB)
        .validateFromSnapshot(read3.snapshotId())
        .conflictDetectionFilter(and(equal("category", "b"), lessThan("id", 10L)))
        .validateNoConflictingData()
        .commit();
    assertThat(liveDataLocations(table)).doesNotContain(concurrentB.location()).contains(concurrentB2.location());
  }
}
