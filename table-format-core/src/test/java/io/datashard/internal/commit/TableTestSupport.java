package io.datashard.internal.commit;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Path tables on a temporary directory, and data/delete file metadata to commit to them. */
final class TableTestSupport {
  static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "category", Types.StringType.get()),
      optional(3, "ts", Types.TimestampType.withZone()),
      optional(4, "data", Types.StringType.get())));

  /** Partitioned by category, so partition tuples are plain strings. */
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

  private TableTestSupport() {
  }

  static PathTables tables() {
    return new PathTables(new LocalFileIO());
  }

  static String location(Path dir) {
    return dir.resolve("table").toString();
  }

  static Table create(Path dir) {
    return create(dir, Map.of());
  }

  static Table create(Path dir, Map<String, String> properties) {
    return tables().create(SCHEMA, SPEC, properties, location(dir));
  }

  static Table load(Table table) {
    return tables().load(table.location());
  }

  static DataFile dataFile(Table table, String category, String name, long records) {
    return DataFile.builder(table.spec())
        .withLocation(table.location() + "/data/category=" + category + "/" + name + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(category))
        .withRecordCount(records)
        .withFileSizeInBytes(100 + records * 10)
        .build();
  }

  static DeleteFile positionDeletes(Table table, String category, String name, long records) {
    return DeleteFile.builder(table.spec())
        .ofPositionDeletes()
        .withLocation(table.location() + "/data/category=" + category + "/" + name + "-pos.parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(category))
        .withRecordCount(records)
        .withFileSizeInBytes(50 + records * 5)
        .build();
  }

  static DeleteFile positionDeletesFor(Table table, DataFile target, String name, long records) {
    return DeleteFile.builder(table.spec())
        .ofPositionDeletes()
        .withLocation(table.location() + "/data/" + name + "-pos.parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(target.partition())
        .withReferencedDataFile(target.location())
        .withRecordCount(records)
        .withFileSizeInBytes(50 + records * 5)
        .build();
  }

  static DeleteFile equalityDeletes(Table table, String category, String name, long records) {
    return DeleteFile.builder(table.spec())
        .ofEqualityDeletes(List.of(1))
        .withLocation(table.location() + "/data/category=" + category + "/" + name + "-eq.parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(category))
        .withRecordCount(records)
        .withFileSizeInBytes(50 + records * 5)
        .build();
  }

  static <F extends ContentFile> List<F> toList(CloseableIterable<F> iterable) {
    List<F> result = new ArrayList<>();
    try (CloseableIterator<F> it = iterable.iterator()) {
      while (it.hasNext()) {
        result.add(it.next());
      }
    }
    return result;
  }

  static Set<String> locations(CloseableIterable<? extends ContentFile> files) {
    Set<String> result = new TreeSet<>();
    for (ContentFile file : toList(files)) {
      result.add(file.location());
    }
    return result;
  }

  static Set<String> locationsOf(ContentFile... files) {
    Set<String> result = new TreeSet<>();
    for (ContentFile file : files) {
      result.add(file.location());
    }
    return result;
  }

  static Set<String> liveDataLocations(Table table) {
    return table.currentSnapshot().map(s -> locations(table.dataFiles(s))).orElse(Set.of());
  }

  static Set<String> liveDataLocations(Table table, Snapshot snapshot) {
    return locations(table.dataFiles(snapshot));
  }

  static Snapshot current(Table table) {
    return table.currentSnapshot().orElseThrow(() -> new AssertionError("table has no current snapshot"));
  }

  static long summaryLong(Snapshot snapshot, String key) {
    String value = snapshot.summary().get(key);
    if (value == null) {
      throw new AssertionError("summary of snapshot " + snapshot.snapshotId() + " has no " + key + ": " + snapshot.summary());
    }
    return Long.parseLong(value);
  }

  /** Creates the file on disk (empty), so expiry can be seen deleting it. */
  static void touch(ContentFile file) {
    try {
      Path path = Paths.get(file.location());
      Files.createDirectories(path.getParent());
      Files.write(path, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean onDisk(String location) {
    return Files.exists(Paths.get(location));
  }

  /** Every regular file under a directory, as absolute paths. */
  static Set<String> filesUnder(String directory) {
    Path dir = Paths.get(directory);
    if (!Files.exists(dir)) {
      return Set.of();
    }
    Set<String> result = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(p -> result.add(p.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  /** Names of the files directly in {@code <table>/metadata}. */
  static Set<String> metadataFileNames(Table table) {
    Set<String> result = new TreeSet<>();
    for (String file : filesUnder(table.location() + "/metadata")) {
      result.add(file.substring(file.lastIndexOf('/') + 1));
    }
    return result;
  }

  static Set<String> metadataVersionFiles(Table table) {
    Set<String> result = new TreeSet<>();
    for (String name : metadataFileNames(table)) {
      if (name.matches("v\\d+(\\.gz)?\\.metadata\\.json")) {
        result.add(name);
      }
    }
    return result;
  }
}
