package io.datashard.s3;

import io.datashard.AppendFiles;
import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.internal.commit.TableImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Appends files to an {@code s3://} path table from its own JVM, for the multi-process commit test.
 * Arguments: S3 endpoint, table location, worker id, number of appends, and a local file whose
 * appearance starts the appends (so the workers race from the start). Prints one line per
 * acknowledged commit: {@code ACK <data file> <version file> <snapshot id>}.
 */
public final class S3AppendWorker {
  private S3AppendWorker() {
  }

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String location = args[1];
    String worker = args[2];
    int count = Integer.parseInt(args[3]);
    Path go = Paths.get(args[4]);
    // storage is chosen by the location's scheme, through the ServiceLoader provider
    Table table = new PathTables(S3TestServer.properties(endpoint)).load(location);
    System.out.println("READY");
    System.out.flush();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Never told to start: " + go + " did not appear");
      }
      Thread.sleep(1);
    }
    for (int i = 0; i < count; i++) {
      String path = location + "/data/" + worker + "-" + i + ".parquet";
      AppendFiles append = i % 2 == 0 ? table.newAppend() : table.newFastAppend();
      append.appendFile(dataFile(table.spec(), path)).commit();
      var committed = ((TableImpl) table).metadata();
      System.out.println("ACK " + path + " " + committed.metadataFileLocation().orElseThrow() + " "
          + committed.currentSnapshot().orElseThrow().snapshotId());
      System.out.flush();
    }
    table.io().close();
  }

  static DataFile dataFile(PartitionSpec spec, String location) {
    return DataFile.builder(spec)
        .withLocation(location)
        .withFormat(FileFormat.PARQUET)
        .withRecordCount(10)
        .withFileSizeInBytes(1000)
        .build();
  }
}
