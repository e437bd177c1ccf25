package io.datashard;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Puffin statistics file attached to a snapshot (the spec's {@code statistics} entries).
 * Kept in table metadata across commits until removed or its snapshot expires.
 */
public record StatisticsFile(long snapshotId, String path, long fileSizeInBytes, long fileFooterSizeInBytes,
                             String keyMetadata, List<BlobMetadata> blobMetadata) {
  public StatisticsFile {
    Objects.requireNonNull(path, "path is null");
    blobMetadata = List.copyOf(blobMetadata);
  }

  /** Describes one blob of a statistics file. */
  public record BlobMetadata(String type, long sourceSnapshotId, long sourceSnapshotSequenceNumber,
                             List<Integer> fields, Map<String, String> properties) {
    public BlobMetadata {
      Objects.requireNonNull(type, "type is null");
      fields = List.copyOf(fields);
      properties = Map.copyOf(properties);
    }
  }
}
