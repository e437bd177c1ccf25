package io.datashard.flink.sink;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Everything the writers produced for one checkpoint of one job, committed as one snapshot.
 *
 * @param jobId the Flink job that wrote the files; stored in the snapshot summary
 * @param checkpointId the checkpoint the files belong to; stored in the snapshot summary
 * @param dataFiles the data files to add
 * @param deleteFiles position deletes of rows in {@code dataFiles} superseded within the checkpoint
 * @param keyFiles files of primary keys whose already committed rows the commit deletes (by position)
 * @param overwrite true to replace the partitions written (the whole table when unpartitioned)
 */
public record DatashardCommittable(String jobId, long checkpointId, List<DataFile> dataFiles,
    List<DeleteFile> deleteFiles, List<KeyFile> keyFiles, boolean overwrite) implements Serializable {
  public DatashardCommittable {
    Objects.requireNonNull(jobId, "jobId is null");
    dataFiles = List.copyOf(Objects.requireNonNull(dataFiles, "dataFiles is null"));
    deleteFiles = List.copyOf(Objects.requireNonNull(deleteFiles, "deleteFiles is null"));
    keyFiles = List.copyOf(Objects.requireNonNull(keyFiles, "keyFiles is null"));
  }

  /** A committable of appended (or, with {@code overwrite}, replacing) data files only. */
  public DatashardCommittable(String jobId, long checkpointId, List<DataFile> dataFiles, boolean overwrite) {
    this(jobId, checkpointId, dataFiles, List.of(), List.of(), overwrite);
  }

  /** Whether committing needs a row delta: rows are deleted as well as added. */
  public boolean hasDeletes() {
    return !deleteFiles.isEmpty() || !keyFiles.isEmpty();
  }

  /** How many keys the key files hold. */
  public long deletedKeyCount() {
    long count = 0;
    for (KeyFile file : keyFiles) {
      count += file.keys();
    }
    return count;
  }
}
