package io.datashard.data;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TableWriter#clustered()}: one data file open at a time, and a clear error for unclustered input. */
class ClusteredTableWriterTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "category", Types.StringType.get())));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

  @TempDir
  Path dir;

  private final CountingFileIO io = new CountingFileIO();

  private Table create(Map<String, String> properties) {
    return new PathTables(io).create(SCHEMA, SPEC, properties, dir.resolve("table").toString());
  }

  private static Record row(long id, String category) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.set("id", id);
    row.set("category", category);
    return row;
  }

  /** {@code perPartition} rows for each category, either grouped by category or interleaved. */
  private static List<Record> rows(List<String> categories, int perPartition, boolean grouped) {
    List<Record> rows = new ArrayList<>();
    long id = 0;
    if (grouped) {
      for (String category : categories) {
        for (int i = 0; i < perPartition; i++) {
          rows.add(row(id++, category));
        }
      }
    } else {
      for (int i = 0; i < perPartition; i++) {
        for (String category : categories) {
          rows.add(row(id++, category));
        }
      }
    }
    return rows;
  }

  private static List<Long> readIds(Table table) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> records = TableReader.read(table).build()) {
      for (Record record : records) {
        ids.add((Long) record.get(0));
      }
    }
    ids.sort(null);
    return ids;
  }

  private static List<Long> ids(List<Record> rows) {
    List<Long> ids = new ArrayList<>();
    for (Record row : rows) {
      ids.add((Long) row.get(0));
    }
    ids.sort(null);
    return ids;
  }

  @Test
  void clusteredWriterKeepsOneDataFileOpen() {
    List<String> categories = Arrays.asList("a", "b", null, "c");
    List<Record> rows = rows(categories, 50, true);
    Table table = create(Map.of());
    List<DataFile> files;
    try (TableWriter writer = TableWriter.append(table).clustered()) {
      writer.writeAll(rows);
      files = writer.commit();
    }

    assertThat(io.maxOpenDataStreams.get()).isEqualTo(1);
    assertThat(io.openDataStreams.get()).isZero();
    assertThat(files).hasSize(categories.size());
    assertThat(readIds(table)).isEqualTo(ids(rows));
  }

  @Test
  void fanoutWriterKeepsOneDataFilePerPartitionOpen() {
    // the same count for the default writer proves that the counting sees concurrent files
    List<Record> rows = rows(List.of("a", "b", "c"), 20, false);
    Table table = create(Map.of());
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(rows);
      writer.commit();
    }

    assertThat(io.maxOpenDataStreams.get()).isEqualTo(3);
    assertThat(readIds(table)).isEqualTo(ids(rows));
  }

  @Test
  void clusteredWriterRollsFilesWithinAPartition() {
    List<Record> rows = rows(List.of("a", "b"), 100, true);
    // a tiny target: several files per partition, which must not count as leaving the partition
    Table table = create(Map.of(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, "1",
        "write.parquet.row-group-check-min-record-count", "10", "write.parquet.row-group-check-max-record-count", "10"));
    List<DataFile> files;
    try (TableWriter writer = TableWriter.append(table).clustered()) {
      writer.writeAll(rows);
      files = writer.commit();
    }

    assertThat(files.size()).isGreaterThan(2);
    assertThat(io.maxOpenDataStreams.get()).isEqualTo(1);
    assertThat(readIds(table)).isEqualTo(ids(rows));
  }

  @Test
  void rowOfClosedPartitionFailsAndNamesBothPartitions() throws IOException {
    Table table = create(Map.of());
    try (TableWriter writer = TableWriter.append(table).clustered()) {
      writer.write(row(1, "a")).write(row(2, "a")).write(row(3, "b"));
      assertThatThrownBy(() -> writer.write(row(4, "a")))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("partition 'category=a'")
          .hasMessageContaining("partition 'category=b'")
          .hasMessageContaining("sort or cluster the input")
          .hasMessageContaining("fanout");
      assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
    }

    // nothing committed, and closing deleted the files written so far
    assertThat(table.currentSnapshot()).isEmpty();
    try (Stream<Path> files = Files.walk(dir.resolve("table"))) {
      assertThat(files.filter(path -> path.toString().endsWith(".parquet"))).isEmpty();
    }
  }

  @Test
  void clusteredMustBeChosenBeforeTheFirstWrite() {
    Table table = create(Map.of());
    try (TableWriter writer = TableWriter.append(table)) {
      writer.write(row(1, "a"));
      assertThatThrownBy(writer::clustered)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("before the first write");
    }
  }

  /** Local files; counts the output streams of data files (under {@code /data/}) open at once. */
  private static final class CountingFileIO implements FileIO {
    private final LocalFileIO delegate = new LocalFileIO();
    final AtomicInteger openDataStreams = new AtomicInteger();
    final AtomicInteger maxOpenDataStreams = new AtomicInteger();

    @Override
    public InputFile newInputFile(String location) {
      return delegate.newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
      return delegate.newInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
      OutputFile file = delegate.newOutputFile(location);
      if (!location.contains("/data/")) {
        return file;
      }
      return new OutputFile() {
        @Override
        public String location() {
          return file.location();
        }

        @Override
        public PositionOutputStream create() {
          return counted(file.create());
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
          return counted(file.createOrOverwrite());
        }

        @Override
        public InputFile toInputFile() {
          return file.toInputFile();
        }
      };
    }

    private PositionOutputStream counted(PositionOutputStream stream) {
      maxOpenDataStreams.accumulateAndGet(openDataStreams.incrementAndGet(), Math::max);
      return new PositionOutputStream() {
        private boolean closed = false;

        @Override
        public long position() throws IOException {
          return stream.position();
        }

        @Override
        public void write(int b) throws IOException {
          stream.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          stream.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          stream.flush();
        }

        @Override
        public void close() throws IOException {
          if (!closed) {
            closed = true;
            openDataStreams.decrementAndGet();
          }
          stream.close();
        }
      };
    }

    @Override
    public void deleteFile(String location) {
      delegate.deleteFile(location);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
