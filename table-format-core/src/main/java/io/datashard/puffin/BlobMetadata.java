package io.datashard.puffin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A blob as described by a Puffin footer: where it is stored in the file and how to interpret it.
 *
 * @param type blob type, e.g. {@code deletion-vector-v1}
 * @param fields field ids the blob was computed for
 * @param snapshotId snapshot the blob was computed from (-1 for deletion vectors)
 * @param sequenceNumber sequence number of that snapshot (-1 for deletion vectors)
 * @param offset offset in the file where the blob starts
 * @param length length of the blob as stored (after compression, if compressed)
 * @param compressionCodec how the stored bytes are compressed
 * @param properties blob properties
 */
public record BlobMetadata(String type, List<Integer> fields, long snapshotId, long sequenceNumber, long offset,
    long length, PuffinCompressionCodec compressionCodec, Map<String, String> properties) {
  public BlobMetadata {
    Objects.requireNonNull(type, "type is null");
    fields = List.copyOf(Objects.requireNonNull(fields, "fields is null"));
    Objects.requireNonNull(compressionCodec, "compressionCodec is null");
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties is null"));
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("Blob of type " + type + " has a negative offset or length: offset " + offset + ", length " + length);
    }
  }
}
