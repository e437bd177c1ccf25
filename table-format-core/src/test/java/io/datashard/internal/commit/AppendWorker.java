package io.datashard.internal.commit;

import io.datashard.AppendFiles;
import io.datashard.Table;
import io.datashard.internal.metadata.TableMetadata;

/**
 * Appends files to a path table from its own JVM, for the multi-process commit test. Arguments:
 * table location, worker id, number of appends, and a file whose appearance starts the appends
 * (so that the workers race from the start, not from whenever their JVM is up). Prints one line per acknowledged append:
 * {@code ACK <data file> <version file it created> <snapshot id>}.
 */
public final class AppendWorker {
  private AppendWorker() {
  }

  public static void main(String[] args) throws InterruptedException {
    String location = args[0];
    String worker = args[1];
    int count = Integer.parseInt(args[2]);
    java.nio.file.Path go = java.nio.file.Paths.get(args[3]);
    Table table = CommitSafetySupport.load(location);
    try {
      // tells the test this JVM is up and warm, so the go signal starts both workers together
      java.nio.file.Files.createFile(go.resolveSibling(go.getFileName() + ".ready-" + worker));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!java.nio.file.Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Never told to start: " + go + " did not appear");
      }
      Thread.sleep(1);
    }
    java.util.Random pacing = new java.util.Random(worker.hashCode());
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        // paced, so that a worker whose first commit is slow (cold JVM, busy CPU) still overlaps the
        // other instead of finding it already done: the test is about commits that really race
        Thread.sleep(10 + pacing.nextInt(15));
      }
      String path = location + "/data/" + worker + "-" + i + ".parquet";
      AppendFiles append = i % 2 == 0 ? table.newAppend() : table.newFastAppend();
      append.appendFile(CommitSafetySupport.dataFile(table.spec(), path)).commit();
      TableMetadata committed = ((TableImpl) table).metadata();
      System.out.println("ACK " + path + " " + committed.metadataFileLocation().orElseThrow() + " "
          + CommitSafetySupport.appliedSnapshot(append).snapshotId());
      System.out.flush();
    }
  }
}
