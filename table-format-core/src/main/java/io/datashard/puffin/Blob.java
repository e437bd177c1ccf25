package io.datashard.puffin;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A blob to add to a Puffin file: its type, the field ids and snapshot it was computed for, its
 * (uncompressed) bytes and its properties.
 *
 * @param type blob type, e.g. {@code deletion-vector-v1}
 * @param fields field ids the blob was computed for
 * @param snapshotId snapshot the blob was computed from, or -1 when not known yet
 * @param sequenceNumber sequence number of that snapshot, or -1 when not known yet
 * @param data the blob content; read from its position to its limit, not consumed
 * @param properties blob properties written to the footer
 */
public record Blob(String type, List<Integer> fields, long snapshotId, long sequenceNumber, ByteBuffer data,
    Map<String, String> properties) {
  public Blob {
    Objects.requireNonNull(type, "type is null");
    fields = List.copyOf(Objects.requireNonNull(fields, "fields is null"));
    data = Objects.requireNonNull(data, "data is null").asReadOnlyBuffer();
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties is null"));
  }

  @Override
  public ByteBuffer data() {
    return data.duplicate();
  }
}
