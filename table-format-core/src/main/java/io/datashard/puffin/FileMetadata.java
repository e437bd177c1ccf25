package io.datashard.puffin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The footer payload of a Puffin file: its blobs, in file order, and file properties such as
 * {@code created-by}.
 */
public record FileMetadata(List<BlobMetadata> blobs, Map<String, String> properties) {
  public FileMetadata {
    blobs = List.copyOf(Objects.requireNonNull(blobs, "blobs is null"));
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties is null"));
  }
}
