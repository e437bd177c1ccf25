package io.datashard.flink.sink;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What one writer subtask produced for one checkpoint.
 *
 * @param dataFiles the data files it closed
 * @param deleteFiles position deletes (deletion vectors on v3) of rows in {@code dataFiles} that a
 *     later change of the same key superseded within the checkpoint
 * @param keyFiles files of primary keys whose rows committed before this checkpoint must be
 *     deleted (spilled to storage: checkpoints carry their locations, not the keys)
 */
public record WriteResult(List<DataFile> dataFiles, List<DeleteFile> deleteFiles, List<KeyFile> keyFiles)
    implements Serializable {
  public WriteResult {
    dataFiles = List.copyOf(Objects.requireNonNull(dataFiles, "dataFiles is null"));
    deleteFiles = List.copyOf(Objects.requireNonNull(deleteFiles, "deleteFiles is null"));
    keyFiles = List.copyOf(Objects.requireNonNull(keyFiles, "keyFiles is null"));
  }

  /** The result of an append-only writer. */
  public static WriteResult ofDataFiles(List<DataFile> dataFiles) {
    return new WriteResult(dataFiles, List.of(), List.of());
  }
}
