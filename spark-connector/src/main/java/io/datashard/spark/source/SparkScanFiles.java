package io.datashard.spark.source;

import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import java.io.Serializable;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The data files one scan planned, numbered for the {@code _file_id} metadata column: an id is the
 * scan's salt in the high 32 bits and the index of the file's location, in sorted order, in the low
 * 32 bits. The numbering depends only on the set of files, so equal scans number alike, and runtime
 * filtering, which only drops files, keeps every remaining id valid.
 *
 * <p>The salt is a fingerprint of that set: a merge-on-read write refuses an id that another scan
 * numbered instead of deleting a row of the wrong file.
 */
final class SparkScanFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] locations;
  private final int salt;

  private SparkScanFiles(String[] locations) {
    this.locations = locations;
    this.salt = Arrays.hashCode(locations) * 31 + locations.length;
  }

  /** Numbers the distinct data files of {@code tasks}. */
  static SparkScanFiles of(Iterable<CombinedScanTask> tasks) {
    TreeSet<String> sorted = new TreeSet<>();
    for (CombinedScanTask task : tasks) {
      for (FileScanTask file : task.files()) {
        sorted.add(file.file().location());
      }
    }
    return new SparkScanFiles(sorted.toArray(new String[0]));
  }

  int size() {
    return locations.length;
  }

  /** The {@code _file_id} of the data file at {@code location}. */
  long id(String location) {
    return ((long) salt << 32) | indexOf(location);
  }

  /** The index of the data file at {@code location}, which the scan must have planned. */
  int indexOf(String location) {
    int index = Arrays.binarySearch(locations, location);
    if (index < 0) {
      throw new IllegalStateException("Cannot number data file " + location + ": the scan did not plan it");
    }
    return index;
  }

  /**
   * The index (0 to {@link #size()} - 1) of the data file whose {@code _file_id} is {@code id}.
   *
   * @throws IllegalStateException when another scan numbered the id
   */
  int index(long id, String tableName) {
    int index = (int) id;
    if ((int) (id >>> 32) != salt || index < 0 || index >= locations.length) {
      throw new IllegalStateException("Cannot apply a row change to table " + tableName + ": row id _file_id=" + id
          + " was not produced by this operation's scan of " + locations.length + " data files. Run the statement again");
    }
    return index;
  }

  String location(int index) {
    return locations[index];
  }
}
