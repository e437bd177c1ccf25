package io.datashard;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Summary of one partition field over the files of a manifest (the spec's {@code field_summary}),
 * used to skip manifests before opening them. Bounds use the single-value binary serialization.
 *
 * @param containsNull whether any file has a null value for the field
 * @param containsNaN whether any file has NaN; null when the writer did not say (v1 manifests)
 * @param lowerBound lowest non-null, non-NaN value, or null when all are null or NaN
 * @param upperBound highest non-null, non-NaN value, or null
 */
public record PartitionFieldSummary(boolean containsNull, Boolean containsNaN, ByteBuffer lowerBound, ByteBuffer upperBound) {
  public PartitionFieldSummary {
    lowerBound = lowerBound == null ? null : lowerBound.asReadOnlyBuffer();
    upperBound = upperBound == null ? null : upperBound.asReadOnlyBuffer();
  }

  public Optional<ByteBuffer> lower() {
    return Optional.ofNullable(lowerBound).map(ByteBuffer::asReadOnlyBuffer);
  }

  public Optional<ByteBuffer> upper() {
    return Optional.ofNullable(upperBound).map(ByteBuffer::asReadOnlyBuffer);
  }
}
