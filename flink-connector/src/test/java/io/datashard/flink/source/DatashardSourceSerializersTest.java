package io.datashard.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Table;
import io.datashard.flink.TableLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Split and enumerator-state serializers: round trips keep tasks, positions and planning state. */
class DatashardSourceSerializersTest {
  @TempDir
  Path dir;

  private List<DatashardSourceSplit> plannedSplits() {
    String location = dir.resolve("t").toString();
    Table table = SourceTestTables.create(location);
    SourceTestTables.append(table, 0, 30);
    DatashardSource source = DatashardSource.forRowData(TableLoader.forLocation(location, Map.of()))
        .filter(io.datashard.expressions.Expressions.greaterThan("id", 3L)).option("read.split.target-size", "1").build();
    return new SplitPlanner(table, source.scanContext()).planBounded(0);
  }

  private static String describe(DatashardSourceSplit split) {
    StringBuilder text = new StringBuilder(split.toString()).append(split.watermarkMillis());
    split.tasks().forEach(task -> text.append(';').append(task.file().location()).append('@').append(task.start())
        .append('+').append(task.length()).append(' ').append(task.residual()).append(' ')
        .append(task.file().recordCount()));
    return text.toString();
  }

  @Test
  void splitRoundTripKeepsTasksAndPosition() throws IOException {
    List<DatashardSourceSplit> splits = plannedSplits();
    assertThat(splits).hasSizeGreaterThan(1);
    DatashardSourceSplit split = splits.get(1).withPosition(0, 7);
    DatashardSplitSerializer serializer = DatashardSplitSerializer.INSTANCE;
    DatashardSourceSplit copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
    assertThat(copy.splitId()).isEqualTo(split.splitId());
    assertThat(copy.fileOffset()).isZero();
    assertThat(copy.recordOffset()).isEqualTo(7);
    assertThat(copy.sequenceNumber()).isEqualTo(split.sequenceNumber());
    assertThat(describe(copy)).isEqualTo(describe(split));
    assertThat(copy.tasks().get(0).file()).isEqualTo(split.tasks().get(0).file());
  }

  @Test
  void enumeratorStateRoundTrip() throws IOException {
    List<DatashardSourceSplit> splits = plannedSplits();
    DatashardEnumeratorState state = new DatashardEnumeratorState(true, 42L, 17, splits);
    DatashardEnumeratorStateSerializer serializer = DatashardEnumeratorStateSerializer.INSTANCE;
    DatashardEnumeratorState copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
    assertThat(copy.started()).isTrue();
    assertThat(copy.lastPlannedSnapshotId()).isEqualTo(42L);
    assertThat(copy.nextOrdinal()).isEqualTo(17);
    assertThat(copy.pendingSplits()).extracting(DatashardSourceSerializersTest::describe)
        .containsExactlyElementsOf(splits.stream().map(DatashardSourceSerializersTest::describe).toList());

    DatashardEnumeratorState empty = new DatashardEnumeratorState(false, null, 0, List.of());
    DatashardEnumeratorState emptyCopy = serializer.deserialize(serializer.getVersion(), serializer.serialize(empty));
    assertThat(emptyCopy).isEqualTo(empty);
  }

  @Test
  void unknownVersionFailsClearly() {
    assertThatThrownBy(() -> DatashardSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
        .isInstanceOf(IOException.class).hasMessageContaining("version 99");
  }
}
