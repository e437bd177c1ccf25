package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetMetricsAndSplitsTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "name", Types.StringType.get()),
      optional(3, "score", Types.DoubleType.get()),
      optional(4, "tags", Types.ListType.ofOptional(5, Types.IntegerType.get()))));
  private static final String LONG_LOW = "aaaaaaaaaaaaaaaaaaaaaaaa-low";
  private static final String LONG_HIGH = "zzzzzzzzzzzzzzzzzzzzzzzz-high";

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  private static List<Record> rows() {
    List<Record> rows = new ArrayList<>();
    Object[][] values = {
        {1L, LONG_LOW, 2.0, List.of(7)},
        {3L, null, Double.NaN, null},
        {2L, LONG_HIGH, -3.5, List.of(5, 6)}};
    for (Object[] row : values) {
      GenericRecord record = GenericRecord.create(SCHEMA);
      for (int i = 0; i < row.length; i += 1) {
        record.set(i, row[i]);
      }
      rows.add(record);
    }
    return rows;
  }

  private DataFile write(String name, Map<String, String> properties, List<Record> rows) {
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve(name).toString()))
        .schema(SCHEMA).properties(properties).build();
    try (writer) {
      rows.forEach(writer::write);
    }
    return writer.toDataFile();
  }

  private static Object bound(Map<Integer, ByteBuffer> bounds, int id) {
    Type type = SCHEMA.findType(id);
    return Conversions.fromByteBuffer(type, bounds.get(id));
  }

  @Test
  void defaultModeKeepsCountsAndTruncatedBounds() {
    DataFile file = write("default.parquet", Map.of(), rows());
    assertThat(file.valueCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 3L, 2, 3L, 3, 3L, 5, 4L));
    assertThat(file.nullValueCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 0L, 2, 1L, 3, 0L, 5, 1L));
    assertThat(file.nanValueCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(3, 1L));
    assertThat(bound(file.lowerBounds(), 1)).isEqualTo(1L);
    assertThat(bound(file.upperBounds(), 1)).isEqualTo(3L);
    assertThat(bound(file.lowerBounds(), 3)).isEqualTo(-3.5);
    assertThat(bound(file.upperBounds(), 3)).isEqualTo(2.0);
    assertThat(bound(file.lowerBounds(), 5)).isEqualTo(5);
    assertThat(bound(file.upperBounds(), 5)).isEqualTo(7);
    assertThat(bound(file.lowerBounds(), 2)).isEqualTo(LONG_LOW.substring(0, 16));
    String upper = (String) bound(file.upperBounds(), 2);
    assertThat(upper).hasSize(16).isGreaterThanOrEqualTo(LONG_HIGH.substring(0, 16));
    assertThat(upper.compareTo(LONG_HIGH)).isPositive();
    assertThat(file.columnSizes().keySet()).containsExactlyInAnyOrder(1, 2, 3, 5);
    assertThat(file.columnSizes().values()).allSatisfy(size -> assertThat(size).isPositive());
  }

  @Test
  void modesFromTableProperties() {
    DataFile file = write("modes.parquet", Map.of(
        "write.metadata.metrics.default", "counts",
        "write.metadata.metrics.column.id", "none",
        "write.metadata.metrics.column.name", "full"), rows());
    assertThat(file.valueCounts()).doesNotContainKey(1).containsEntry(2, 3L).containsEntry(3, 3L);
    assertThat(file.nullValueCounts()).doesNotContainKey(1);
    assertThat(file.columnSizes()).doesNotContainKey(1);
    assertThat(file.lowerBounds().keySet()).containsExactly(2);
    assertThat(bound(file.lowerBounds(), 2)).isEqualTo(LONG_LOW);
    assertThat(bound(file.upperBounds(), 2)).isEqualTo(LONG_HIGH);

    DataFile none = write("none.parquet", Map.of("write.metadata.metrics.default", "none"), rows());
    assertThat(none.valueCounts()).isEmpty();
    assertThat(none.nullValueCounts()).isEmpty();
    assertThat(none.nanValueCounts()).isEmpty();
    assertThat(none.lowerBounds()).isEmpty();
    assertThat(none.upperBounds()).isEmpty();
    assertThat(none.recordCount()).isEqualTo(3);
  }

  private static List<Record> manyRows(int count) {
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i += 1) {
      GenericRecord record = GenericRecord.create(SCHEMA);
      record.set(0, (long) i);
      record.set(1, "name-" + i + "-" + Integer.toHexString(i * 7919));
      record.set(2, i * 0.5);
      record.set(3, i % 4 == 0 ? null : List.of(i, i + 1));
      rows.add(record);
    }
    return rows;
  }

  @Test
  void splitOffsetsAreRowGroupStartsAndSplitsReadEveryRowOnce() throws Exception {
    List<Record> rows = manyRows(2000);
    DataFile file = write("groups.parquet", Map.of(
        ParquetDataWriter.ROW_GROUP_SIZE_PROPERTY, "4096",
        ParquetDataWriter.ROW_GROUP_CHECK_MIN_PROPERTY, "10",
        ParquetDataWriter.ROW_GROUP_CHECK_MAX_PROPERTY, "50",
        ParquetDataWriter.COMPRESSION_PROPERTY, "uncompressed"), rows);

    List<Long> offsets = file.splitOffsets().orElseThrow();
    assertThat(offsets.size()).isGreaterThan(3);
    assertThat(offsets).isSorted();
    List<Long> starts = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetIO.input(io.newInputFile(file.location())))) {
      for (BlockMetaData block : reader.getRowGroups()) {
        starts.add(block.getStartingPos());
      }
    }
    assertThat(offsets).isEqualTo(starts);
    assertThat(offsets.get(0)).isEqualTo(4L);

    // splits on the offsets, and splits on arbitrary boundaries, each read every row exactly once
    List<List<long[]>> splittings = new ArrayList<>();
    List<long[]> onOffsets = new ArrayList<>();
    for (int i = 0; i < offsets.size(); i += 1) {
      long end = i + 1 < offsets.size() ? offsets.get(i + 1) : file.fileSizeInBytes();
      onOffsets.add(new long[] {offsets.get(i), end - offsets.get(i)});
    }
    splittings.add(onOffsets);
    List<long[]> fixed = new ArrayList<>();
    for (long start = 0; start < file.fileSizeInBytes(); start += 3000) {
      fixed.add(new long[] {start, 3000});
    }
    splittings.add(fixed);
    for (List<long[]> splits : splittings) {
      List<Record> read = new ArrayList<>();
      int nonEmpty = 0;
      for (long[] split : splits) {
        try (CloseableIterable<Record> records = ParquetDataReader.builder(io.newInputFile(file.location()))
            .project(SCHEMA).split(split[0], split[1]).build()) {
          int before = read.size();
          records.forEach(read::add);
          nonEmpty += read.size() > before ? 1 : 0;
        }
      }
      assertThat(nonEmpty).isGreaterThan(1);
      assertThat(read).containsExactlyInAnyOrderElementsOf(rows);
    }
    assertThat(ParquetRoundTripTest.read(io, file.location(), SCHEMA)).containsExactlyElementsOf(rows);
  }
}
