package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableWriter;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.SeekableInputStream;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning proven by counting the data files a filtered read opens: scan planning prunes files by
 * partition and by column metrics, and only the planned files are opened.
 */
class ScanPruningTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "region", Types.StringType.get()),
      optional(3, "payload", Types.StringType.get())));
  private static final List<String> REGIONS = List.of("africa", "america", "asia", "europe");

  @TempDir
  Path dir;

  private CountingFileIO io;

  @BeforeEach
  void createIo() {
    io = new CountingFileIO(new LocalFileIO());
  }

  private static Record row(long id, String region) {
    GenericRecord record = GenericRecord.create(SCHEMA);
    record.set(0, id);
    record.set(1, region);
    record.set(2, "payload-" + id);
    return record;
  }

  /** Plans the scan, reads only the planned files with the filter, and applies each task's residual. */
  private List<Record> scan(Table table, Expression filter) {
    List<Record> result = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        Evaluator residual = new Evaluator(table.schema().asStruct(), task.residual());
        try (CloseableIterator<Record> records = ParquetDataReader.builder(
                table.io().newInputFile(file.location(), file.fileSizeInBytes()))
            .project(table.schema()).filter(filter).split(task.start(), task.length()).build().iterator()) {
          while (records.hasNext()) {
            Record record = records.next();
            if (residual.eval(record)) {
              result.add(record);
            }
          }
        }
      }
    }
    return result;
  }

  private static Set<Long> ids(List<Record> records) {
    Set<Long> ids = new TreeSet<>();
    for (Record record : records) {
      ids.add((Long) record.get(0));
    }
    return ids;
  }

  private static Set<Long> expectedIds(List<Record> rows, Expression filter) {
    Evaluator evaluator = new Evaluator(SCHEMA.asStruct(), filter);
    Set<Long> ids = new TreeSet<>();
    for (Record row : rows) {
      if (evaluator.eval(row)) {
        ids.add((Long) row.get(0));
      }
    }
    return ids;
  }

  private static Set<String> dataFiles(Table table) {
    Set<String> locations = new TreeSet<>();
    try (CloseableIterable<DataFile> files = table.dataFiles(table.currentSnapshot().orElseThrow())) {
      files.forEach(file -> locations.add(file.location()));
    }
    return locations;
  }

  @Test
  void partitionFilterOpensOnlyMatchingFiles() {
    Table table = new PathTables(io).create(SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("region").build(),
        dir.resolve("partitioned").toString());
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < 400; i += 1) {
      rows.add(row(i, REGIONS.get(i % REGIONS.size())));
    }
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(rows);
      writer.commit();
    }
    table = table.refresh();
    Set<String> all = dataFiles(table);
    assertThat(all).hasSize(REGIONS.size());

    io.reset();
    Expression europe = Expressions.equal("region", "europe");
    assertThat(ids(scan(table, europe))).isEqualTo(expectedIds(rows, europe)).hasSize(100);
    assertThat(io.dataFilesOpened()).hasSize(1).allSatisfy(location -> assertThat(location).contains("region=europe"));

    io.reset();
    Expression twoRegionsAndIds = Expressions.and(Expressions.in("region", "asia", "africa"), Expressions.lessThan("id", 200L));
    assertThat(ids(scan(table, twoRegionsAndIds))).isEqualTo(expectedIds(rows, twoRegionsAndIds)).hasSize(100);
    assertThat(io.dataFilesOpened()).hasSize(2)
        .allSatisfy(location -> assertThat(location).containsAnyOf("region=asia", "region=africa"));

    io.reset();
    assertThat(scan(table, Expressions.equal("region", "antarctica"))).isEmpty();
    assertThat(io.dataFilesOpened()).isEmpty();
  }

  @Test
  void rangeFilterOnSortedColumnSkipsFilesByMetrics() {
    Table table = new PathTables(io).create(SCHEMA, dir.resolve("sorted").toString());
    List<Record> rows = new ArrayList<>();
    // four appends of sorted, disjoint id ranges: one file each, with id bounds [100k, 100k + 99]
    for (int file = 0; file < 4; file += 1) {
      List<Record> batch = new ArrayList<>();
      for (int i = 0; i < 100; i += 1) {
        batch.add(row(file * 100L + i, REGIONS.get(i % REGIONS.size())));
      }
      rows.addAll(batch);
      try (TableWriter writer = TableWriter.append(table)) {
        writer.writeAll(batch);
        writer.commit();
      }
      table = table.refresh();
    }
    assertThat(dataFiles(table)).hasSize(4);

    io.reset();
    Expression range = Expressions.and(Expressions.greaterThanOrEqual("id", 150L), Expressions.lessThan("id", 260L));
    assertThat(ids(scan(table, range))).isEqualTo(expectedIds(rows, range)).hasSize(110);
    assertThat(io.dataFilesOpened()).hasSize(2);

    io.reset();
    Expression tail = Expressions.greaterThan("id", 390L);
    assertThat(ids(scan(table, tail))).isEqualTo(expectedIds(rows, tail)).hasSize(9);
    assertThat(io.dataFilesOpened()).hasSize(1);

    io.reset();
    assertThat(scan(table, Expressions.lessThan("id", 0L))).isEmpty();
    assertThat(io.dataFilesOpened()).isEmpty();

    io.reset();
    assertThat(ids(scan(table, Expressions.alwaysTrue()))).hasSize(400);
    assertThat(io.dataFilesOpened()).hasSize(4);
  }

  /** Records the data files (not metadata or manifests) whose streams are opened. */
  static final class CountingFileIO implements FileIO {
    private static final long serialVersionUID = 1L;
    private final FileIO delegate;
    private final transient List<String> opened = Collections.synchronizedList(new ArrayList<>());

    CountingFileIO(FileIO delegate) {
      this.delegate = delegate;
    }

    void reset() {
      opened.clear();
    }

    /** Distinct data files opened since the last reset. */
    Set<String> dataFilesOpened() {
      Set<String> files = new HashSet<>();
      synchronized (opened) {
        for (String location : opened) {
          if (location.endsWith(".parquet")) {
            files.add(location);
          }
        }
      }
      return files;
    }

    private InputFile counting(InputFile file) {
      return new InputFile() {
        @Override
        public String location() {
          return file.location();
        }

        @Override
        public long length() {
          return file.length();
        }

        @Override
        public SeekableInputStream newStream() {
          opened.add(file.location());
          return file.newStream();
        }

        @Override
        public boolean exists() {
          return file.exists();
        }
      };
    }

    @Override
    public InputFile newInputFile(String location) {
      return counting(delegate.newInputFile(location));
    }

    @Override
    public InputFile newInputFile(String location, long length) {
      return counting(delegate.newInputFile(location, length));
    }

    @Override
    public OutputFile newOutputFile(String location) {
      return delegate.newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
      delegate.deleteFile(location);
    }

    @Override
    public void initialize(Map<String, String> properties) {
      delegate.initialize(properties);
    }
  }
}
