package io.datashard.flink.sink;

import io.datashard.DataFile;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/** The data files one writer subtask closed for one checkpoint. */
public record WriteResult(List<DataFile> dataFiles) implements Serializable {
  public WriteResult {
    dataFiles = List.copyOf(Objects.requireNonNull(dataFiles, "dataFiles is null"));
  }
}
