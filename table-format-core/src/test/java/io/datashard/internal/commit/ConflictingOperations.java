package io.datashard.internal.commit;

import io.datashard.Table;
import io.datashard.internal.catalog.PathTableOperations;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.io.FileIO;
import java.util.ArrayList;
import java.util.List;

/**
 * Operations of a path table whose next commits lose a real race: before each of the next
 * {@code conflicts} commits, a rival writer appends a file, so the commit finds its version taken.
 * Records when each commit attempt started and ended, to check the backoff between attempts.
 */
final class ConflictingOperations implements TableOperations {
  private final PathTableOperations delegate;
  private final Table rival;
  private final List<String> rivalFiles = new ArrayList<>();
  private final List<Long> attemptStartNanos = new ArrayList<>();
  private final List<Long> attemptEndNanos = new ArrayList<>();
  private int conflicts;

  ConflictingOperations(String location, int conflicts) {
    this.delegate = new PathTableOperations(location, new io.datashard.internal.io.LocalFileIO());
    this.rival = CommitSafetySupport.load(location);
    this.conflicts = conflicts;
  }

  List<String> rivalFiles() {
    return rivalFiles;
  }

  int attempts() {
    return attemptStartNanos.size();
  }

  /** Milliseconds from the end of each failed attempt to the start of the next. */
  List<Long> waitsMillis() {
    List<Long> waits = new ArrayList<>();
    for (int i = 1; i < attemptStartNanos.size(); i++) {
      waits.add((attemptStartNanos.get(i) - attemptEndNanos.get(i - 1)) / 1_000_000);
    }
    return waits;
  }

  @Override
  public TableMetadata current() {
    return delegate.current();
  }

  @Override
  public TableMetadata refresh() {
    return delegate.refresh();
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    attemptStartNanos.add(System.nanoTime());
    try {
      if (conflicts > 0) {
        conflicts--;
        String path = rival.location() + "/data/rival-" + rivalFiles.size() + ".parquet";
        rival.newFastAppend().appendFile(CommitSafetySupport.dataFile(rival.spec(), path)).commit();
        rivalFiles.add(path);
      }
      delegate.commit(base, metadata);
    } finally {
      attemptEndNanos.add(System.nanoTime());
    }
  }

  @Override
  public FileIO io() {
    return delegate.io();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate.metadataFileLocation(fileName);
  }

  @Override
  public String dataFileLocation(String fileName) {
    return delegate.dataFileLocation(fileName);
  }

  @Override
  public String tableName() {
    return delegate.tableName();
  }
}
