package io.datashard.flink.sink;

import io.datashard.DataFile;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Everything the writers produced for one checkpoint of one job, committed as one snapshot.
 *
 * @param jobId the Flink job that wrote the files; stored in the snapshot summary
 * @param checkpointId the checkpoint the files belong to; stored in the snapshot summary
 * @param dataFiles the data files to add
 * @param overwrite true to replace the partitions written (the whole table when unpartitioned)
 */
public record DatashardCommittable(String jobId, long checkpointId, List<DataFile> dataFiles, boolean overwrite)
    implements Serializable {
  public DatashardCommittable {
    Objects.requireNonNull(jobId, "jobId is null");
    dataFiles = List.copyOf(Objects.requireNonNull(dataFiles, "dataFiles is null"));
  }
}
