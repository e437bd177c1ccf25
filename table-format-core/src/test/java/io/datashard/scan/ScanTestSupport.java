package io.datashard.scan;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.SeekableInputStream;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Path tables in a temporary directory and metadata-only data and delete files to commit to them. */
final class ScanTestSupport {
  static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "category", Types.StringType.get()),
      optional(3, "ts", Types.TimestampType.withZone()),
      optional(4, "data", Types.StringType.get())));

  private ScanTestSupport() {
  }

  static Table create(Path dir, PartitionSpec spec) {
    return create(dir, spec, Map.of(), new LocalFileIO());
  }

  static Table create(Path dir, PartitionSpec spec, Map<String, String> properties, FileIO io) {
    return new PathTables(io).create(SCHEMA, spec, properties, dir.resolve("table").toString());
  }

  static DataFile.Builder dataFile(Table table, PartitionSpec spec, String name, PartitionData partition) {
    return DataFile.builder(spec)
        .withLocation(table.location() + "/data/" + name + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition)
        .withRecordCount(10)
        .withFileSizeInBytes(1000);
  }

  static DataFile dataFile(Table table, String name, PartitionData partition) {
    return dataFile(table, table.spec(), name, partition).build();
  }

  static DeleteFile.Builder deleteFile(Table table, PartitionSpec spec, String name, PartitionData partition) {
    return DeleteFile.builder(spec)
        .withLocation(table.location() + "/data/" + "deletes-" + name + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition)
        .withRecordCount(2)
        .withFileSizeInBytes(100);
  }

  /** Bounds of one column: its lower and upper values as the spec serializes them. */
  static Map<Integer, ByteBuffer> bound(int fieldId, Type type, Object value) {
    return Map.of(fieldId, Conversions.toByteBuffer(type, value));
  }

  static <T> List<T> collect(CloseableIterable<T> iterable) {
    List<T> result = new ArrayList<>();
    try (CloseableIterator<T> it = iterable.iterator()) {
      it.forEachRemaining(result::add);
    }
    return result;
  }

  /** Names (without directory and extension) of the data files a scan plans. */
  static Set<String> fileNames(Scan<?> scan) {
    Set<String> names = new TreeSet<>();
    for (FileScanTask task : collect(scan.planFiles())) {
      names.add(name(task.file().location()));
    }
    return names;
  }

  static String name(String location) {
    String file = location.substring(location.lastIndexOf('/') + 1);
    return file.substring(0, file.indexOf('.'));
  }

  /** A LocalFileIO that counts the streams opened per location. */
  static final class CountingFileIO implements FileIO {
    private static final long serialVersionUID = 1L;
    private final LocalFileIO delegate = new LocalFileIO();
    private final ConcurrentMap<String, AtomicInteger> opened = new ConcurrentHashMap<>();

    int opened(String location) {
      AtomicInteger count = opened.get(location);
      return count == null ? 0 : count.get();
    }

    void reset() {
      opened.clear();
    }

    @Override
    public InputFile newInputFile(String location) {
      return counting(delegate.newInputFile(location));
    }

    @Override
    public InputFile newInputFile(String location, long length) {
      return counting(delegate.newInputFile(location, length));
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
          opened.computeIfAbsent(file.location(), k -> new AtomicInteger()).incrementAndGet();
          return file.newStream();
        }

        @Override
        public boolean exists() {
          return file.exists();
        }
      };
    }

    @Override
    public OutputFile newOutputFile(String location) {
      return delegate.newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
      delegate.deleteFile(location);
    }
  }
}
