package io.datashard.flink.sink;

import java.io.Serializable;
import java.util.Objects;

/**
 * A Parquet file of primary keys (the key columns only) a writer spilled for the committer: the keys
 * whose committed rows a checkpoint deletes. Never part of the table; the committer deletes it once
 * the checkpoint is committed.
 *
 * @param location where the file is
 * @param keys how many keys it holds
 */
public record KeyFile(String location, long keys) implements Serializable {
  public KeyFile {
    Objects.requireNonNull(location, "location is null");
  }
}
