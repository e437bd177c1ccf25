package io.datashard.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.data.TableDeleter;
import io.datashard.expressions.Expressions;
import io.datashard.flink.TableLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enumerator with a fake context: planning, ordering, lag, state and restore, failures. */
class DatashardSplitEnumeratorTest {
  @TempDir
  Path dir;

  private String location;
  private Table table;

  @BeforeEach
  void table() {
    location = dir.resolve("t").toString();
    table = SourceTestTables.create(location);
  }

  private DatashardSource.Builder source() {
    // one split per file, so every snapshot yields several splits
    return DatashardSource.forRowData(TableLoader.forLocation(location, Map.of()))
        .option("read.split.target-size", "1").option("read.split.open-file-cost", "1");
  }

  private static DatashardSplitEnumerator enumerator(DatashardSource source, FakeEnumeratorContext context) {
    DatashardSplitEnumerator enumerator = (DatashardSplitEnumerator) source.createEnumerator(context);
    enumerator.start();
    return enumerator;
  }

  /** Requests splits from the readers in turn until no split is assigned in a full round. */
  private static void drain(DatashardSplitEnumerator enumerator, FakeEnumeratorContext context) {
    int before;
    do {
      before = context.assigned.size();
      for (int reader : context.readers.keySet()) {
        enumerator.handleSplitRequest(reader, "localhost");
      }
    } while (context.assigned.size() > before);
  }

  @Test
  void streamingAssignsSnapshotsInSequenceOrder() {
    for (int i = 0; i < 3; i++) {
      SourceTestTables.append(table, i * 30, i * 30 + 30);
    }
    FakeEnumeratorContext context = new FakeEnumeratorContext(2);
    DatashardSplitEnumerator enumerator = enumerator(source().streaming(true).streamingStart("earliest").build(), context);
    context.runAsync();
    assertThat(enumerator.snapshotsBehind()).isEqualTo(3);
    drain(enumerator, context);
    assertThat(enumerator.snapshotsBehind()).isZero();
    SourceTestTables.append(table, 90, 120);
    context.runAsync();
    assertThat(enumerator.snapshotsBehind()).isEqualTo(1);
    drain(enumerator, context);

    List<Snapshot> snapshots = table.refresh().snapshots();
    assertThat(context.assigned).hasSizeGreaterThan(snapshots.size());
    List<Long> sequence = new ArrayList<>();
    List<Long> ordinals = new ArrayList<>();
    for (DatashardSourceSplit split : context.assigned) {
      sequence.add(split.sequenceNumber());
      ordinals.add(split.ordinal());
      assertThat(table.snapshot(split.snapshotId()).get().sequenceNumber()).isEqualTo(split.sequenceNumber());
    }
    assertThat(sequence).isSorted();
    assertThat(ordinals).isSorted().doesNotHaveDuplicates();
    assertThat(new HashSet<>(sequence)).hasSize(snapshots.size());
    long rows = 0;
    for (DatashardSourceSplit split : context.assigned) {
      rows += split.fileRecordCount();
    }
    assertThat(rows).isEqualTo(120);
    assertThat(context.noMoreSplits).isEmpty();
  }

  @Test
  void restoredEnumeratorNeitherRepeatsNorSkipsSplits() throws Exception {
    SourceTestTables.append(table, 0, 30);
    SourceTestTables.append(table, 30, 60);
    DatashardSource source = source().streaming(true).streamingStart("earliest").build();
    FakeEnumeratorContext context = new FakeEnumeratorContext(1);
    DatashardSplitEnumerator enumerator = enumerator(source, context);
    context.runAsync();
    enumerator.handleSplitRequest(0, "localhost");
    enumerator.handleSplitRequest(0, "localhost");
    DatashardEnumeratorStateSerializer serializer = DatashardEnumeratorStateSerializer.INSTANCE;
    byte[] checkpoint = serializer.serialize(enumerator.snapshotState(1));
    List<String> beforeRestore = ids(context.assigned);

    SourceTestTables.append(table, 60, 90);
    FakeEnumeratorContext restoredContext = new FakeEnumeratorContext(1);
    DatashardSplitEnumerator restored = (DatashardSplitEnumerator) source.restoreEnumerator(restoredContext,
        serializer.deserialize(serializer.getVersion(), checkpoint));
    restored.start();
    restoredContext.runAsync();
    drain(restored, restoredContext);

    List<String> all = new ArrayList<>(beforeRestore);
    all.addAll(ids(restoredContext.assigned));
    assertThat(all).doesNotHaveDuplicates();
    long rows = 0;
    for (DatashardSourceSplit split : context.assigned) {
      rows += split.fileRecordCount();
    }
    for (DatashardSourceSplit split : restoredContext.assigned) {
      rows += split.fileRecordCount();
    }
    assertThat(rows).isEqualTo(90);
  }

  @Test
  void splitsAddedBackAreAssignedFirst() {
    SourceTestTables.append(table, 0, 30);
    SourceTestTables.append(table, 30, 60);
    FakeEnumeratorContext context = new FakeEnumeratorContext(1);
    DatashardSplitEnumerator enumerator = enumerator(source().streaming(true).streamingStart("earliest").build(), context);
    context.runAsync();
    enumerator.handleSplitRequest(0, "localhost");
    DatashardSourceSplit first = context.assigned.get(0);
    enumerator.addSplitsBack(List.of(first.withPosition(0, 3)), 0);
    enumerator.handleSplitRequest(0, "localhost");
    assertThat(context.assigned.get(1).splitId()).isEqualTo(first.splitId());
    assertThat(context.assigned.get(1).recordOffset()).isEqualTo(3);
  }

  @Test
  void boundedReadSignalsTheEnd() {
    SourceTestTables.append(table, 0, 30);
    FakeEnumeratorContext context = new FakeEnumeratorContext(2);
    DatashardSplitEnumerator enumerator = enumerator(source().build(), context);
    enumerator.handleSplitRequest(0, "localhost");
    assertThat(context.assigned).isEmpty();
    context.runAsync();
    drain(enumerator, context);
    assertThat(context.noMoreSplits).containsExactlyInAnyOrder(0, 1);
    assertThat(context.assigned.stream().mapToLong(DatashardSourceSplit::fileRecordCount).sum()).isEqualTo(30);
  }

  @Test
  void startPositions() {
    SourceTestTables.append(table, 0, 30);
    SourceTestTables.append(table, 30, 60);
    long second = table.refresh().currentSnapshot().get().snapshotId();
    SourceTestTables.append(table, 60, 90);

    assertThat(rowsPlanned(source().streaming(true).startSnapshotId(second).build())).isEqualTo(60);
    assertThat(rowsPlanned(source().streaming(true).streamingStart("latest").build())).isZero();
    assertThat(rowsPlanned(source().streaming(true).streamingStart("earliest").build())).isEqualTo(90);
    assertThat(rowsPlanned(source().streaming(true).build())).isEqualTo(90);
  }

  private long rowsPlanned(DatashardSource source) {
    FakeEnumeratorContext context = new FakeEnumeratorContext(1);
    DatashardSplitEnumerator enumerator = enumerator(source, context);
    context.runAsync();
    drain(enumerator, context);
    return context.assigned.stream().mapToLong(DatashardSourceSplit::fileRecordCount).sum();
  }

  @Test
  void streamingFailsOnSnapshotsThatAreNotAppends() {
    SourceTestTables.append(table, 0, 30);
    FakeEnumeratorContext context = new FakeEnumeratorContext(1);
    DatashardSplitEnumerator enumerator = enumerator(source().streaming(true).build(), context);
    context.runAsync();
    TableDeleter.delete(table.refresh(), Expressions.lessThan("id", 5L));
    long deleteSnapshot = table.refresh().currentSnapshot().get().snapshotId();
    assertThatThrownBy(context::runAsync)
        .hasMessageContaining("snapshot " + deleteSnapshot)
        .hasMessageContaining(table.currentSnapshot().get().operation())
        .hasMessageContaining("streaming read emits only appended rows");
  }

  @Test
  void streamingFromAnUnknownSnapshotFailsClearly() {
    SourceTestTables.append(table, 0, 30);
    FakeEnumeratorContext context = new FakeEnumeratorContext(1);
    enumerator(source().streaming(true).startSnapshotId(12345L).build(), context);
    assertThatThrownBy(context::runAsync).hasMessageContaining("start-snapshot-id 12345");
  }

  private static List<String> ids(List<DatashardSourceSplit> splits) {
    List<String> ids = new ArrayList<>();
    for (DatashardSourceSplit split : splits) {
      ids.add(split.splitId());
    }
    return ids;
  }
}
