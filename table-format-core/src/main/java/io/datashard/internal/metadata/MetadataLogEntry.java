package io.datashard.internal.metadata;

import java.util.Objects;

/** An entry of the metadata log: a previous metadata file and when it was written. */
public record MetadataLogEntry(long timestampMillis, String file) {
  public MetadataLogEntry {
    Objects.requireNonNull(file, "file is null");
  }
}
