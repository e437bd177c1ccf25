package io.datashard.scan;

import static io.datashard.expressions.Expressions.and;
import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.greaterThan;
import static io.datashard.expressions.Expressions.greaterThanOrEqual;
import static io.datashard.expressions.Expressions.startsWith;
import static io.datashard.scan.ScanTestSupport.SCHEMA;
import static io.datashard.scan.ScanTestSupport.bound;
import static io.datashard.scan.ScanTestSupport.collect;
import static io.datashard.scan.ScanTestSupport.create;
import static io.datashard.scan.ScanTestSupport.dataFile;
import static io.datashard.scan.ScanTestSupport.fileNames;
import static io.datashard.scan.ScanTestSupport.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.ManifestFile;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.BoundPredicate;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.transforms.Transforms;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableScanPruningTest {
  private static final long JAN_1 = micros("2024-01-01T10:00:00Z");
  private static final long JAN_2_MIDNIGHT = micros("2024-01-02T00:00:00Z");
  private static final long JAN_3 = micros("2024-01-03T10:00:00Z");

  @TempDir
  Path dir;

  private static long micros(String instant) {
    Instant parsed = Instant.parse(instant);
    return parsed.getEpochSecond() * 1_000_000L + parsed.getNano() / 1000;
  }

  private static int day(long micros) {
    return (Integer) Transforms.day().apply(Types.TimestampType.withZone(), micros);
  }

  @Test
  void emptyTablePlansNothing() {
    Table table = create(dir, PartitionSpec.unpartitioned());
    assertThat(table.newScan().snapshot()).isEmpty();
    assertThat(collect(table.newScan().planFiles())).isEmpty();
    assertThat(collect(table.newScan().planTasks())).isEmpty();
  }

  @Test
  void identityPartitionsArePruned() {
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).identity("category").build());
    table.newFastAppend()
        .appendFile(dataFile(table, "a1", PartitionData.of("a")))
        .appendFile(dataFile(table, "b1", PartitionData.of("b")))
        .appendFile(dataFile(table, "null1", PartitionData.of((Object) null)))
        .commit();

    assertThat(fileNames(table.newScan())).containsExactly("a1", "b1", "null1");
    assertThat(fileNames(table.newScan().filter(equal("category", "a")))).containsExactly("a1");
    assertThat(fileNames(table.newScan().filter(Expressions.isNull("category")))).containsExactly("null1");
    assertThat(fileNames(table.newScan().filter(Expressions.in("category", "b", "c")))).containsExactly("b1");
  }

  @Test
  void bucketPartitionsArePruned() {
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).bucket("id", 16).build());
    int bucketOf1 = (Integer) Transforms.bucket(16).apply(Types.LongType.get(), 1L);
    long other = 2L;
    while ((Integer) Transforms.bucket(16).apply(Types.LongType.get(), other) == bucketOf1) {
      other += 1;
    }
    int bucketOfOther = (Integer) Transforms.bucket(16).apply(Types.LongType.get(), other);
    table.newFastAppend()
        .appendFile(dataFile(table, "one", PartitionData.of(bucketOf1)))
        .appendFile(dataFile(table, "other", PartitionData.of(bucketOfOther)))
        .commit();

    assertThat(fileNames(table.newScan().filter(equal("id", 1L)))).containsExactly("one");
    assertThat(fileNames(table.newScan().filter(equal("id", other)))).containsExactly("other");
    // a range cannot be projected through a hash: nothing is pruned
    assertThat(fileNames(table.newScan().filter(greaterThan("id", 1L)))).containsExactly("one", "other");
  }

  @Test
  void dayPartitionsArePrunedAndLeaveResiduals() {
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).day("ts").build());
    table.newFastAppend()
        .appendFile(dataFile(table, "jan1", PartitionData.of(day(JAN_1))))
        .appendFile(dataFile(table, "jan3", PartitionData.of(day(JAN_3))))
        .commit();

    Expression filter = and(greaterThanOrEqual("ts", JAN_2_MIDNIGHT), equal("id", 5L));
    List<FileScanTask> tasks = collect(table.newScan().filter(filter).planFiles());

    assertThat(tasks).hasSize(1);
    FileScanTask task = tasks.get(0);
    assertThat(name(task.file().location())).isEqualTo("jan3");
    // every row of 2024-01-03 is after the bound: only the id predicate is left to apply
    assertThat(task.residual()).isInstanceOf(BoundPredicate.class);
    BoundPredicate residual = (BoundPredicate) task.residual();
    assertThat(residual.op()).isEqualTo(Expression.Operation.EQ);
    assertThat(residual.ref().fieldId()).isEqualTo(1);
    assertThat(residual.literal()).isEqualTo(5L);

    FileScanTask unfiltered = collect(table.newScan().filter(greaterThanOrEqual("ts", JAN_2_MIDNIGHT)).planFiles()).get(0);
    assertThat(unfiltered.residual().op()).isEqualTo(Expression.Operation.TRUE);
    assertThat(unfiltered.spec()).isEqualTo(table.spec());
  }

  @Test
  void truncatePartitionsArePruned() {
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).truncate("data", 3).build());
    String apple = (String) Transforms.truncate(3).apply(Types.StringType.get(), "apple");
    String banana = (String) Transforms.truncate(3).apply(Types.StringType.get(), "banana");
    table.newFastAppend()
        .appendFile(dataFile(table, "apple", PartitionData.of(apple)))
        .appendFile(dataFile(table, "banana", PartitionData.of(banana)))
        .commit();

    assertThat(fileNames(table.newScan().filter(equal("data", "applesauce")))).containsExactly("apple");
    assertThat(fileNames(table.newScan().filter(startsWith("data", "ban")))).containsExactly("banana");
  }

  @Test
  void pruningFollowsEachFilesSpecAcrossSpecEvolution() {
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).identity("category").build());
    PartitionSpec byCategory = table.spec();
    table.newFastAppend()
        .appendFile(dataFile(table, "old-a", PartitionData.of("a")))
        .appendFile(dataFile(table, "old-b", PartitionData.of("b")))
        .commit();
    table.updateSpec().addField("ts", Transforms.day()).commit();
    PartitionSpec byCategoryAndDay = table.spec();
    assertThat(byCategoryAndDay.specId()).isNotEqualTo(byCategory.specId());
    table.newFastAppend()
        .appendFile(dataFile(table, "new-a-jan1", PartitionData.of("a", day(JAN_1))))
        .appendFile(dataFile(table, "new-a-jan3", PartitionData.of("a", day(JAN_3))))
        .appendFile(dataFile(table, "new-b-jan3", PartitionData.of("b", day(JAN_3))))
        .commit();

    Expression filter = and(equal("category", "a"), greaterThanOrEqual("ts", JAN_2_MIDNIGHT));
    List<FileScanTask> tasks = collect(table.newScan().filter(filter).planFiles());

    // the old spec cannot rule out the day, so old-a stays; the new spec prunes by both fields
    assertThat(fileNames(table.newScan().filter(filter))).containsExactly("new-a-jan3", "old-a");
    for (FileScanTask task : tasks) {
      int expectedSpec = name(task.file().location()).startsWith("old") ? byCategory.specId() : byCategoryAndDay.specId();
      assertThat(task.spec().specId()).isEqualTo(expectedSpec);
    }
  }

  @Test
  void columnMetricsPruneFiles() {
    Table table = create(dir, PartitionSpec.unpartitioned());
    table.newFastAppend()
        .appendFile(withIdRange(table, "ids0-9", 0, 9))
        .appendFile(withIdRange(table, "ids10-19", 10, 19))
        .appendFile(withIdRange(table, "ids20-29", 20, 29))
        .appendFile(dataFile(table, "no-metrics", PartitionData.empty()))
        .commit();

    assertThat(fileNames(table.newScan().filter(greaterThan("id", 15L))))
        .containsExactly("ids10-19", "ids20-29", "no-metrics");
    assertThat(fileNames(table.newScan().filter(equal("id", 25L)))).containsExactly("ids20-29", "no-metrics");
    assertThat(fileNames(table.newScan().filter(equal("id", 100L)))).containsExactly("no-metrics");
  }

  private static DataFile withIdRange(Table table, String name, long lower, long upper) {
    return dataFile(table, table.spec(), name, PartitionData.empty())
        .withValueCounts(Map.of(1, 10L))
        .withNullValueCounts(Map.of(1, 0L))
        .withLowerBounds(bound(1, Types.LongType.get(), lower))
        .withUpperBounds(bound(1, Types.LongType.get(), upper))
        .build();
  }

  @Test
  void prunedManifestsAreNeverOpened() {
    ScanTestSupport.CountingFileIO io = new ScanTestSupport.CountingFileIO();
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).identity("category").build(), Map.of(), io);
    table.newFastAppend().appendFile(dataFile(table, "a1", PartitionData.of("a"))).commit();
    long firstId = table.currentSnapshot().orElseThrow().snapshotId();
    table.newFastAppend().appendFile(dataFile(table, "b1", PartitionData.of("b"))).commit();
    Snapshot snapshot = table.currentSnapshot().orElseThrow();
    List<ManifestFile> manifests = table.manifests(snapshot);
    assertThat(manifests).hasSize(2);
    String aManifest = manifests.stream().filter(m -> m.addedSnapshotId() == firstId).findFirst().orElseThrow().location();
    String bManifest = manifests.stream().filter(m -> m.addedSnapshotId() != firstId).findFirst().orElseThrow().location();

    io.reset();
    assertThat(fileNames(table.newScan().filter(equal("category", "a")))).containsExactly("a1");
    assertThat(io.opened(aManifest)).isEqualTo(1);
    assertThat(io.opened(bManifest)).isZero();

    io.reset();
    assertThat(fileNames(table.newScan().filter(equal("category", "c")))).isEmpty();
    assertThat(io.opened(aManifest)).isZero();
    assertThat(io.opened(bManifest)).isZero();
  }

  @Test
  void filtersAreAndedAndBoundWithCaseSensitivity() {
    Table table = create(dir, PartitionSpec.builderFor(SCHEMA).identity("category").build());
    table.newFastAppend()
        .appendFile(dataFile(table, "a1", PartitionData.of("a")))
        .appendFile(dataFile(table, "b1", PartitionData.of("b")))
        .commit();

    TableScan scan = table.newScan().filter(equal("category", "a"));
    TableScan narrower = scan.filter(equal("category", "b"));
    assertThat(fileNames(scan)).containsExactly("a1");
    assertThat(fileNames(narrower)).isEmpty();
    assertThat(narrower.filter().op()).isEqualTo(Expression.Operation.AND);

    assertThatThrownBy(() -> table.newScan().filter(equal("CATEGORY", "a")).planFiles())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("CATEGORY");
    assertThat(fileNames(table.newScan().caseSensitive(false).filter(equal("CATEGORY", "a")))).containsExactly("a1");
    assertThatThrownBy(() -> table.newScan().filter(equal("id", "not a number")).planFiles())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("id");
  }

  @Test
  void selectAndProjectShapeTheSchema() {
    Table table = create(dir, PartitionSpec.unpartitioned());
    assertThat(table.newScan().schema().asStruct()).isEqualTo(SCHEMA.asStruct());
    assertThat(table.newScan().select("id", "data").schema().columns())
        .extracting(Types.NestedField::name).containsExactly("id", "data");
    assertThat(table.newScan().caseSensitive(false).select("ID").schema().columns())
        .extracting(Types.NestedField::fieldId).containsExactly(1);
    assertThatThrownBy(() -> table.newScan().select("ID").schema())
        .isInstanceOf(ValidationException.class).hasMessageContaining("ID");
    assertThat(table.newScan().project(SCHEMA.select("ts")).schema().columns())
        .extracting(Types.NestedField::fieldId).containsExactly(3);
    // refinements never change the scan they are called on
    TableScan scan = table.newScan();
    scan.select("id").filter(equal("id", 1L)).caseSensitive(false);
    assertThat(scan.schema().columns()).hasSize(4);
    assertThat(scan.filter().op()).isEqualTo(Expression.Operation.TRUE);
    assertThat(scan.isCaseSensitive()).isTrue();
    assertThat(Set.of(scan.targetSplitSize(), scan.splitOpenFileCost()))
        .containsExactlyInAnyOrder(Scan.SPLIT_SIZE_DEFAULT, Scan.SPLIT_OPEN_FILE_COST_DEFAULT);
  }
}
