package io.datashard.benchmarks.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One implementation's side of the scan planning benchmark: a partitioned path table holding
 * {@code manifests} manifests of {@code filesPerManifest} metadata-only data files, built by one fast
 * append per manifest. The layout is identical on both sides:
 *
 * <ul>
 *   <li>schema {@code id long} (field 1), {@code p int} (field 2), {@code data string} (field 3);
 *       partitioned by {@code identity(p)}; format version 2, default properties;</li>
 *   <li>append {@code i} (0-based) adds the files of partition {@code p = i}; file {@code k}
 *       (0-based over the whole table) holds {@link #ROWS_PER_FILE} rows with ids
 *       {@code [k * ROWS_PER_FILE, (k + 1) * ROWS_PER_FILE)}, recorded as lower/upper bounds with
 *       value, null and column-size metrics for {@code id} and {@code p}.</li>
 * </ul>
 */
abstract class ScanFixture implements AutoCloseable {
  static final long ROWS_PER_FILE = 1_000;
  static final long FILE_SIZE_BYTES = 32L * 1024 * 1024;
  static final String COMPLETE_MARKER = "fixture-complete";

  private final Path root;
  private final boolean keep;

  ScanFixture(Path root, boolean keep) {
    this.root = root;
    this.keep = keep;
  }

  static ScanFixture forImplementation(String implementation, Path root, boolean keep) {
    return switch (implementation) {
      case "datashard" -> new DatashardScanFixture(root, keep);
      case "iceberg" -> new IcebergScanFixture(root, keep);
      default -> throw new IllegalArgumentException("Unknown implementation '" + implementation + "': use datashard or iceberg");
    };
  }

  final String location() {
    return root.resolve("table").toAbsolutePath().toString();
  }

  final String dataFilePath(int partition, long fileIndex) {
    return location() + "/data/p=" + partition + "/file-" + fileIndex + ".parquet";
  }

  /**
   * Builds the table unless a complete one is already in the folder (a previous trial of the same
   * run built it: every JMH trial runs in a new JVM), then loads it. Returns true if it was built.
   */
  final boolean createOrLoad(int manifests, int filesPerManifest) throws IOException {
    Path marker = root.resolve(COMPLETE_MARKER);
    String expected = manifests + "x" + filesPerManifest;
    if (Files.exists(marker) && Files.readString(marker).equals(expected)) {
      load();
      return false;
    }
    deleteRecursively(root);
    Files.createDirectories(root);
    create(manifests, filesPerManifest);
    Files.writeString(marker, expected);
    load();
    return true;
  }

  /** Creates the table and commits one fast append of {@code filesPerManifest} files per manifest. */
  abstract void create(int manifests, int filesPerManifest);

  /** Loads the table handle the benchmark plans with. */
  abstract void load();

  /** Plans the whole table; returns the number of tasks (and touches each task's file). */
  abstract long planAll();

  /**
   * Plans the whole table with the files' column statistics in the tasks. Iceberg leaves them out
   * of an unfiltered plan unless asked ({@code includeColumnStats()}); Datashard always keeps them,
   * so its side is the same as {@link #planAll()}.
   */
  abstract long planAllWithStats();

  /** Plans with {@code p = partition}. */
  abstract long planPartition(int partition);

  /** Plans with {@code id >= lower and id < upper}. */
  abstract long planIdRange(long lower, long upper);

  /** Number of manifests in the current snapshot. */
  abstract int manifestCount();

  static long lowerId(long fileIndex) {
    return fileIndex * ROWS_PER_FILE;
  }

  static long upperId(long fileIndex) {
    return fileIndex * ROWS_PER_FILE + ROWS_PER_FILE - 1;
  }

  /** The spec's single-value serialization of a long (8 bytes, little-endian). */
  static ByteBuffer longBytes(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
  }

  /** The spec's single-value serialization of an int (4 bytes, little-endian). */
  static ByteBuffer intBytes(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
  }

  static Map<Integer, Long> valueCounts() {
    return Map.of(1, ROWS_PER_FILE, 2, ROWS_PER_FILE, 3, ROWS_PER_FILE);
  }

  static Map<Integer, Long> nullCounts() {
    return Map.of(1, 0L, 2, 0L, 3, 0L);
  }

  static Map<Integer, Long> columnSizes() {
    return Map.of(1, 4_000L, 2, 100L, 3, FILE_SIZE_BYTES - 4_100L);
  }

  static Map<Integer, ByteBuffer> lowerBounds(int partition, long fileIndex) {
    return Map.of(1, longBytes(lowerId(fileIndex)), 2, intBytes(partition));
  }

  static Map<Integer, ByteBuffer> upperBounds(int partition, long fileIndex) {
    return Map.of(1, longBytes(upperId(fileIndex)), 2, intBytes(partition));
  }

  @Override
  public void close() throws IOException {
    if (!keep) {
      deleteRecursively(root);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
