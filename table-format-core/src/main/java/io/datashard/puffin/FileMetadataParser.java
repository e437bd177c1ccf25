package io.datashard.puffin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.internal.metadata.JsonUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Puffin footer payload as JSON: {@code {"blobs": [...], "properties": {...}}}. */
final class FileMetadataParser {
  private static final String BLOBS = "blobs";
  private static final String PROPERTIES = "properties";
  private static final String TYPE = "type";
  private static final String FIELDS = "fields";
  private static final String SNAPSHOT_ID = "snapshot-id";
  private static final String SEQUENCE_NUMBER = "sequence-number";
  private static final String OFFSET = "offset";
  private static final String LENGTH = "length";
  private static final String COMPRESSION_CODEC = "compression-codec";

  private FileMetadataParser() {
  }

  static String toJson(FileMetadata metadata) {
    return JsonUtil.generate(gen -> write(metadata, gen), false);
  }

  private static void write(FileMetadata metadata, JsonGenerator gen) throws java.io.IOException {
    gen.writeStartObject();
    gen.writeArrayFieldStart(BLOBS);
    for (BlobMetadata blob : metadata.blobs()) {
      gen.writeStartObject();
      gen.writeStringField(TYPE, blob.type());
      JsonUtil.writeIntegerArray(FIELDS, blob.fields(), gen);
      gen.writeNumberField(SNAPSHOT_ID, blob.snapshotId());
      gen.writeNumberField(SEQUENCE_NUMBER, blob.sequenceNumber());
      gen.writeNumberField(OFFSET, blob.offset());
      gen.writeNumberField(LENGTH, blob.length());
      if (blob.compressionCodec().codecName().isPresent()) {
        gen.writeStringField(COMPRESSION_CODEC, blob.compressionCodec().codecName().get());
      }
      if (!blob.properties().isEmpty()) {
        JsonUtil.writeStringMap(PROPERTIES, new java.util.TreeMap<>(blob.properties()), gen);
      }
      gen.writeEndObject();
    }
    gen.writeEndArray();
    if (!metadata.properties().isEmpty()) {
      JsonUtil.writeStringMap(PROPERTIES, new java.util.TreeMap<>(metadata.properties()), gen);
    }
    gen.writeEndObject();
  }

  static FileMetadata fromJson(String json, String location) {
    try {
      JsonNode node = JsonUtil.parse(json);
      JsonNode blobsNode = JsonUtil.get(BLOBS, node);
      if (!blobsNode.isArray()) {
        throw new CorruptMetadataException("'blobs' is not an array");
      }
      List<BlobMetadata> blobs = new ArrayList<>();
      for (JsonNode blob : blobsNode) {
        blobs.add(blobFromJson(blob));
      }
      Map<String, String> properties = JsonUtil.has(PROPERTIES, node) ? JsonUtil.getStringMap(PROPERTIES, node) : Map.of();
      return new FileMetadata(blobs, properties);
    } catch (CorruptMetadataException | IllegalArgumentException e) {
      throw new CorruptMetadataException("Cannot read the footer of Puffin file " + location + ": " + e.getMessage(), e);
    }
  }

  private static BlobMetadata blobFromJson(JsonNode node) {
    PuffinCompressionCodec codec = JsonUtil.has(COMPRESSION_CODEC, node)
        ? PuffinCompressionCodec.forName(JsonUtil.getString(COMPRESSION_CODEC, node))
        : PuffinCompressionCodec.NONE;
    Map<String, String> properties = JsonUtil.has(PROPERTIES, node) ? JsonUtil.getStringMap(PROPERTIES, node) : Map.of();
    return new BlobMetadata(
        JsonUtil.getString(TYPE, node),
        JsonUtil.getIntegerList(FIELDS, node),
        JsonUtil.getLong(SNAPSHOT_ID, node),
        JsonUtil.getLong(SEQUENCE_NUMBER, node),
        JsonUtil.getLong(OFFSET, node),
        JsonUtil.getLong(LENGTH, node),
        codec,
        properties);
  }
}
