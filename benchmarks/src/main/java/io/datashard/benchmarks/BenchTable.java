package io.datashard.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One implementation's side of the commit benchmark: a path table on the local file system, the
 * same schema, spec and properties for both implementations, so the benchmark methods only differ
 * in the library that does the work.
 *
 * <p>The fixture is built by {@link #create}, then every operation works on that table. Two
 * handles are kept: the <em>writer</em> (that built the fixture and commits) and the
 * <em>reader</em> (loaded separately, refreshed after the writer's commits), so a refresh always
 * crosses process-like boundaries: the reader learns of a commit only through the files.
 */
abstract class BenchTable implements AutoCloseable {
  /** Columns of the benchmark table (id, ts, category, payload), identical in both implementations. */
  static final int COLUMN_COUNT = 4;
  /** Size and row count recorded for every metadata-only data file. */
  static final long FILE_SIZE_BYTES = 64L * 1024 * 1024;
  static final long FILE_RECORD_COUNT = 100_000;
  /** Property the "external" commit of the refresh benchmark changes. */
  static final String EXTERNAL_COMMIT_PROPERTY = "benchmark.external-commit";

  private final Path root;
  private long fileCounter = 0;
  private long externalCommits = 0;

  BenchTable(Path root) {
    this.root = root;
  }

  static BenchTable forImplementation(String implementation, Path root) {
    return switch (implementation) {
      case "datashard" -> new DatashardBenchTable(root);
      case "iceberg" -> new IcebergBenchTable(root);
      default -> throw new IllegalArgumentException("Unknown implementation '" + implementation + "': use datashard or iceberg");
    };
  }

  /** Where the table lives. */
  final String location() {
    return root.resolve("table").toAbsolutePath().toString();
  }

  /** A data file path that no other call returns. */
  final String nextDataFilePath() {
    return location() + "/data/file-" + (fileCounter++) + ".parquet";
  }

  final long nextExternalCommitValue() {
    return ++externalCommits;
  }

  /**
   * Creates the table and commits {@code snapshots} appends of {@code filesPerSnapshot} files each
   * with the merging append (the default append of both libraries), then remembers the state to
   * return to in {@link #resetToFixture()} and loads the reader handle.
   */
  abstract void create(int snapshots, int filesPerSnapshot);

  /** Commits a one-file append through the writer (merging append, default settings). */
  abstract Object appendOneFile();

  /** Loads the table from its path with a fresh handle. */
  abstract Object load();

  /** Commits a small metadata-only change (a table property) through the writer. */
  abstract void externalCommit();

  /** Refreshes the reader handle; returns the reader's current snapshot id. */
  abstract long refreshReader();

  /** The value of {@link #EXTERNAL_COMMIT_PROPERTY} the reader sees, for tests. */
  abstract String readerExternalCommitProperty();

  /**
   * Commits the fixture's metadata again as a new version, so the table is back to the fixture's
   * snapshots; keeps the commit benchmark from growing the table without bound.
   */
  abstract void resetToFixture();

  /** Number of snapshots in the writer's current metadata. */
  abstract int snapshotCount();

  /** Number of live data files in the writer's current snapshot, read from its manifests. */
  abstract long liveDataFileCount();

  @Override
  public void close() throws IOException {
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
