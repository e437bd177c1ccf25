package io.datashard.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.FileFormat;
import io.datashard.Table;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.flink.TableLoader;
import io.datashard.io.CloseableIterable;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split reader: every row of every type, exact resume from a position, limits, and the Avro row path. */
class DatashardSplitReaderTest {
  @TempDir
  Path dir;

  private record Read(List<String> rows, List<long[]> positions, List<String> finished) {}

  private static Read read(DatashardSource source, DatashardSourceSplit split, long limit) {
    ScanContext scan = source.scanContext();
    Table table = source.loader().load();
    Types.StructType output = Types.StructType.of(table.schema().columns());
    DatashardSplitReader reader = new DatashardSplitReader(
        () -> new TaskRows(table.io(), table.schema(), output, scan.filter, true), 7, limit, new SimpleCounter());
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
    List<String> rows = new ArrayList<>();
    List<long[]> positions = new ArrayList<>();
    List<String> finished = new ArrayList<>();
    while (finished.isEmpty()) {
      RecordsWithSplitIds<RowPosition> batch = reader.fetch();
      while (batch.nextSplit() != null) {
        RowPosition row;
        while ((row = batch.nextRecordFromSplit()) != null) {
          rows.add(Renders.rowData(row.row));
          positions.add(new long[] {row.fileOffset, row.recordOffset});
        }
      }
      finished.addAll(batch.finishedSplits());
    }
    reader.close();
    return new Read(rows, positions, finished);
  }

  private DatashardSourceSplit singleSplit(DatashardSource source) {
    Table table = source.loader().load();
    List<DatashardSourceSplit> splits = new SplitPlanner(table, source.scanContext()).planBounded(0);
    assertThat(splits).hasSize(1);
    return splits.get(0);
  }

  private static List<String> coreRows(Table table) {
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = TableReader.read(table.refresh())) {
      for (Record record : records) {
        rows.add(Renders.record(record));
      }
    }
    return rows;
  }

  @Test
  void readsEveryRowAndResumesExactlyAtAPosition() {
    String location = dir.resolve("t").toString();
    Table table = SourceTestTables.create(location);
    SourceTestTables.append(table, 0, 60);
    // everything in one split of three files (one per bucket)
    DatashardSource source = DatashardSource.forRowData(TableLoader.forLocation(location, Map.of())).build();
    DatashardSourceSplit split = singleSplit(source);
    assertThat(split.tasks()).hasSize(3);

    Read full = read(source, split, -1);
    assertThat(full.rows()).containsExactlyInAnyOrderElementsOf(Renders.records(SourceTestTables.rows(0, 60)));
    assertThat(full.finished()).containsExactly(split.splitId());

    // resume after the 5th row of the second file: the rest, exactly
    int firstFileRows = (int) split.tasks().get(0).file().recordCount();
    Read resumed = read(source, split.withPosition(1, 5), -1);
    assertThat(resumed.rows()).containsExactlyElementsOf(full.rows().subList(firstFileRows + 5, full.rows().size()));
    long[] firstPosition = resumed.positions().get(0);
    assertThat(firstPosition).containsExactly(1, 6);

    Read limited = read(source, split, 10);
    assertThat(limited.rows()).containsExactlyElementsOf(full.rows().subList(0, 10));
  }

  @Test
  void avroFilesGoThroughTheRowReader() {
    String location = dir.resolve("avro").toString();
    Table table = SourceTestTables.create(location);
    table.updateProperties().set("write.format.default", "avro").commit();
    SourceTestTables.append(table, 0, 25);
    DatashardSource source = DatashardSource.forRowData(TableLoader.forLocation(location, Map.of())).build();
    DatashardSourceSplit split = singleSplit(source);
    assertThat(split.tasks().get(0).file().format()).isEqualTo(FileFormat.AVRO);
    assertThat(read(source, split, -1).rows()).containsExactlyInAnyOrderElementsOf(coreRows(table));
  }
}
