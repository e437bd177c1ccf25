package io.datashard.internal.metadata;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datashard.PartitionSpec;
import io.datashard.PartitionStatisticsFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.SortOrder;
import io.datashard.StatisticsFile;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.types.Schema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes table metadata JSON exactly as the spec lays it out. Reads format versions 1 to
 * 3 and ignores unknown keys; writes only the keys the metadata's format version defines.
 */
public final class TableMetadataParser {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  /** Compression of metadata files, chosen by {@code write.metadata.compression-codec}. */
  public enum Codec {
    NONE(".metadata.json"),
    GZIP(".gz.metadata.json");

    private final String extension;

    Codec(String extension) {
      this.extension = extension;
    }

    public String extension() {
      return extension;
    }

    public static Codec fromName(String name) {
      return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "none", "" -> NONE;
        case "gzip" -> GZIP;
        default -> throw new IllegalArgumentException("Unsupported write.metadata.compression-codec '" + name + "': use none or gzip");
      };
    }

    public static Codec fromFileName(String fileName) {
      return fileName.endsWith(GZIP.extension) || fileName.endsWith(".metadata.json.gz") ? GZIP : NONE;
    }
  }

  private TableMetadataParser() {
  }

  // ---------------------------------------------------------------- writing

  /** Writes the metadata to a new file; fails with AlreadyExistsException if the file exists. */
  public static void write(TableMetadata metadata, OutputFile file) {
    Codec codec = Codec.fromFileName(file.location());
    // Serialized in memory first: the file is published when its stream closes, so a failure while
    // serializing (a bug, an Error) must happen before the stream exists, or try-with-resources would
    // publish a truncated metadata version. Metadata files are small (well under a few MB).
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    try {
      OutputStream out = codec == Codec.GZIP ? new GZIPOutputStream(buffer) : buffer;
      try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
        // compact, as Iceberg writes it: with thousands of snapshots, indentation adds a quarter to
        // the bytes every commit writes and every load parses
        toJson(metadata, generator);
      }
      if (out != buffer) {
        ((GZIPOutputStream) out).finish();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to serialize table metadata for " + file.location(), e);
    }
    try (OutputStream stream = file.create()) {
      buffer.writeTo(stream);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to write table metadata file " + file.location(), e);
    }
  }

  public static String toJson(TableMetadata metadata) {
    StringWriter writer = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(writer)) {
      toJson(metadata, generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toString();
  }

  public static void toJson(TableMetadata metadata, JsonGenerator gen) throws IOException {
    int version = metadata.formatVersion();
    gen.writeStartObject();
    gen.writeNumberField("format-version", version);
    if (metadata.uuid() != null) {
      gen.writeStringField("table-uuid", metadata.uuid());
    }
    gen.writeStringField("location", metadata.location());
    if (version > 1) {
      gen.writeNumberField("last-sequence-number", metadata.lastSequenceNumber());
    }
    gen.writeNumberField("last-updated-ms", metadata.lastUpdatedMillis());
    gen.writeNumberField("last-column-id", metadata.lastColumnId());
    if (version == 1) {
      // v1 readers expect the current schema and spec inline
      gen.writeFieldName("schema");
      SchemaParser.toJson(metadata.schema(), gen);
      gen.writeFieldName("partition-spec");
      PartitionSpecParser.fieldsToJson(metadata.spec(), gen);
    }
    gen.writeNumberField("current-schema-id", metadata.currentSchemaId());
    gen.writeArrayFieldStart("schemas");
    for (Schema schema : metadata.schemas()) {
      SchemaParser.toJson(schema, gen);
    }
    gen.writeEndArray();
    gen.writeNumberField("default-spec-id", metadata.defaultSpecId());
    gen.writeArrayFieldStart("partition-specs");
    for (PartitionSpec spec : metadata.specs()) {
      PartitionSpecParser.toJson(spec, gen);
    }
    gen.writeEndArray();
    gen.writeNumberField("last-partition-id", metadata.lastPartitionId());
    gen.writeNumberField("default-sort-order-id", metadata.defaultSortOrderId());
    gen.writeArrayFieldStart("sort-orders");
    for (SortOrder order : metadata.sortOrders()) {
      SortOrderParser.toJson(order, gen);
    }
    gen.writeEndArray();
    gen.writeObjectFieldStart("properties");
    for (Map.Entry<String, String> property : metadata.properties().entrySet()) {
      gen.writeStringField(property.getKey(), property.getValue());
    }
    gen.writeEndObject();
    gen.writeNumberField("current-snapshot-id", metadata.currentSnapshotId().orElse(-1L));
    gen.writeObjectFieldStart("refs");
    for (Map.Entry<String, SnapshotRef> ref : metadata.refs().entrySet()) {
      gen.writeFieldName(ref.getKey());
      writeRef(ref.getValue(), gen);
    }
    gen.writeEndObject();
    gen.writeArrayFieldStart("snapshots");
    for (Snapshot snapshot : metadata.snapshots()) {
      writeSnapshot(snapshot, version, gen);
    }
    gen.writeEndArray();
    gen.writeArrayFieldStart("statistics");
    for (StatisticsFile stats : metadata.statisticsFiles()) {
      writeStatistics(stats, gen);
    }
    gen.writeEndArray();
    gen.writeArrayFieldStart("partition-statistics");
    for (PartitionStatisticsFile stats : metadata.partitionStatisticsFiles()) {
      gen.writeStartObject();
      gen.writeNumberField("snapshot-id", stats.snapshotId());
      gen.writeStringField("statistics-path", stats.path());
      gen.writeNumberField("file-size-in-bytes", stats.fileSizeInBytes());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeArrayFieldStart("snapshot-log");
    for (SnapshotLogEntry entry : metadata.snapshotLog()) {
      gen.writeStartObject();
      gen.writeNumberField("timestamp-ms", entry.timestampMillis());
      gen.writeNumberField("snapshot-id", entry.snapshotId());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeArrayFieldStart("metadata-log");
    for (MetadataLogEntry entry : metadata.metadataLog()) {
      gen.writeStartObject();
      gen.writeNumberField("timestamp-ms", entry.timestampMillis());
      gen.writeStringField("metadata-file", entry.file());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    if (version >= 3) {
      gen.writeNumberField("next-row-id", metadata.nextRowId());
    }
    gen.writeEndObject();
  }

  private static void writeRef(SnapshotRef ref, JsonGenerator gen) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("snapshot-id", ref.snapshotId());
    gen.writeStringField("type", ref.type().jsonName());
    if (ref.minSnapshotsToKeep() != null) {
      gen.writeNumberField("min-snapshots-to-keep", ref.minSnapshotsToKeep());
    }
    if (ref.maxSnapshotAgeMs() != null) {
      gen.writeNumberField("max-snapshot-age-ms", ref.maxSnapshotAgeMs());
    }
    if (ref.maxRefAgeMs() != null) {
      gen.writeNumberField("max-ref-age-ms", ref.maxRefAgeMs());
    }
    gen.writeEndObject();
  }

  private static void writeSnapshot(Snapshot snapshot, int version, JsonGenerator gen) throws IOException {
    gen.writeStartObject();
    if (version > 1) {
      gen.writeNumberField("sequence-number", snapshot.sequenceNumber());
    }
    gen.writeNumberField("snapshot-id", snapshot.snapshotId());
    if (snapshot.parentId() != null) {
      gen.writeNumberField("parent-snapshot-id", snapshot.parentId());
    }
    gen.writeNumberField("timestamp-ms", snapshot.timestampMillis());
    if (snapshot.manifestListLocation() != null) {
      gen.writeStringField("manifest-list", snapshot.manifestListLocation());
    } else if (!snapshot.v1ManifestLocations().isEmpty()) {
      gen.writeArrayFieldStart("manifests");
      for (String manifest : snapshot.v1ManifestLocations()) {
        gen.writeString(manifest);
      }
      gen.writeEndArray();
    }
    if (snapshot.operation() != null || !snapshot.summary().isEmpty()) {
      gen.writeObjectFieldStart("summary");
      if (snapshot.operation() != null) {
        gen.writeStringField("operation", snapshot.operation());
      }
      for (Map.Entry<String, String> entry : new java.util.TreeMap<>(snapshot.summary()).entrySet()) {
        if (!entry.getKey().equals("operation")) {
          gen.writeStringField(entry.getKey(), entry.getValue());
        }
      }
      gen.writeEndObject();
    }
    if (snapshot.schemaId() != null) {
      gen.writeNumberField("schema-id", snapshot.schemaId());
    }
    if (version >= 3) {
      if (snapshot.firstRowId() != null) {
        gen.writeNumberField("first-row-id", snapshot.firstRowId());
      }
      if (snapshot.addedRows() != null) {
        gen.writeNumberField("added-rows", snapshot.addedRows());
      }
    }
    gen.writeEndObject();
  }

  private static void writeStatistics(StatisticsFile stats, JsonGenerator gen) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("snapshot-id", stats.snapshotId());
    gen.writeStringField("statistics-path", stats.path());
    gen.writeNumberField("file-size-in-bytes", stats.fileSizeInBytes());
    gen.writeNumberField("file-footer-size-in-bytes", stats.fileFooterSizeInBytes());
    if (stats.keyMetadata() != null) {
      gen.writeStringField("key-metadata", stats.keyMetadata());
    }
    gen.writeArrayFieldStart("blob-metadata");
    for (StatisticsFile.BlobMetadata blob : stats.blobMetadata()) {
      gen.writeStartObject();
      gen.writeStringField("type", blob.type());
      gen.writeNumberField("snapshot-id", blob.sourceSnapshotId());
      gen.writeNumberField("sequence-number", blob.sourceSnapshotSequenceNumber());
      gen.writeArrayFieldStart("fields");
      for (int field : blob.fields()) {
        gen.writeNumber(field);
      }
      gen.writeEndArray();
      if (!blob.properties().isEmpty()) {
        gen.writeObjectFieldStart("properties");
        for (Map.Entry<String, String> entry : blob.properties().entrySet()) {
          gen.writeStringField(entry.getKey(), entry.getValue());
        }
        gen.writeEndObject();
      }
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }

  // ---------------------------------------------------------------- reading

  /** Reads a metadata file; gzip is detected from the name or the content. */
  public static TableMetadata read(FileIO io, String location) {
    return read(io.newInputFile(location));
  }

  public static TableMetadata read(InputFile file) {
    JsonNode node;
    try (InputStream raw = new BufferedInputStream(file.newStream())) {
      raw.mark(2);
      int b1 = raw.read();
      int b2 = raw.read();
      raw.reset();
      boolean gzip = b1 == 0x1f && b2 == 0x8b;
      try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
        node = MAPPER.readTree(in);
      }
    } catch (NotFoundException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new CorruptMetadataException("Table metadata file " + file.location() + " is not valid JSON (truncated or corrupt): "
          + e.getOriginalMessage() + ". Restore it from a backup or point the table at the previous metadata version.", e);
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      // only the gzip decoder throws these: the compressed content is truncated or damaged, not unreadable storage
      throw new CorruptMetadataException("Table metadata file " + file.location() + " is not valid gzip (truncated or corrupt): "
          + e.getMessage() + ". Restore it from a backup or point the table at the previous metadata version.", e);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to read table metadata file " + file.location(), e);
    }
    if (node == null || !node.isObject()) {
      throw new CorruptMetadataException("Table metadata file " + file.location()
          + " is empty or not a JSON object: it is truncated or corrupt" + RESTORE_ADVICE);
    }
    try {
      return fromJson(file.location(), node);
    } catch (CorruptMetadataException e) {
      if (e.getMessage() != null && e.getMessage().contains(file.location())) {
        throw new CorruptMetadataException(e.getMessage() + RESTORE_ADVICE, e);
      }
      // the parsers' messages name the field, not the file
      throw new CorruptMetadataException("Table metadata file " + file.location() + " is invalid: " + e.getMessage() + RESTORE_ADVICE, e);
    } catch (RuntimeException e) {
      throw new CorruptMetadataException("Table metadata file " + file.location() + " is invalid: " + e.getMessage() + RESTORE_ADVICE, e);
    }
  }

  private static final String RESTORE_ADVICE =
      ". Restore it from a backup or point the table at the previous metadata version.";

  public static TableMetadata fromJson(String json) {
    try {
      return fromJson(null, MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new CorruptMetadataException("Table metadata is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static TableMetadata fromJson(String metadataFile, JsonNode node) {
    int version = requiredInt(node, "format-version");
    String uuid = optionalString(node, "table-uuid");
    String location = requiredString(node, "location");
    long lastSequenceNumber = version > 1 ? requiredLong(node, "last-sequence-number") : 0L;
    long lastUpdated = requiredLong(node, "last-updated-ms");
    int lastColumnId = requiredInt(node, "last-column-id");

    List<Schema> schemas = new ArrayList<>();
    int currentSchemaId;
    if (node.has("schemas")) {
      for (JsonNode schemaNode : node.get("schemas")) {
        schemas.add(SchemaParser.fromJson(schemaNode));
      }
      currentSchemaId = requiredInt(node, "current-schema-id");
    } else {
      Schema schema = SchemaParser.fromJson(require(node, "schema"));
      schemas.add(schema);
      currentSchemaId = schema.schemaId();
    }
    Schema current = null;
    for (Schema schema : schemas) {
      if (schema.schemaId() == currentSchemaId) {
        current = schema;
      }
    }
    if (current == null) {
      throw new CorruptMetadataException("Table metadata " + describe(metadataFile) + " has current-schema-id " + currentSchemaId + " but no schema with that id");
    }

    List<PartitionSpec> specs = new ArrayList<>();
    int defaultSpecId;
    if (node.has("partition-specs")) {
      for (JsonNode specNode : node.get("partition-specs")) {
        specs.add(PartitionSpecParser.fromJson(current, specNode));
      }
      defaultSpecId = requiredInt(node, "default-spec-id");
    } else {
      specs.add(PartitionSpecParser.fromJsonFields(current, 0, require(node, "partition-spec")));
      defaultSpecId = 0;
    }
    int lastPartitionId;
    if (node.has("last-partition-id")) {
      lastPartitionId = requiredInt(node, "last-partition-id");
    } else {
      lastPartitionId = PartitionSpec.PARTITION_DATA_ID_START - 1;
      for (PartitionSpec spec : specs) {
        for (io.datashard.PartitionField field : spec.fields()) {
          lastPartitionId = Math.max(lastPartitionId, field.fieldId());
        }
      }
    }

    List<SortOrder> sortOrders = new ArrayList<>();
    int defaultSortOrderId;
    if (node.has("sort-orders")) {
      for (JsonNode orderNode : node.get("sort-orders")) {
        sortOrders.add(SortOrderParser.fromJson(current, orderNode));
      }
      defaultSortOrderId = requiredInt(node, "default-sort-order-id");
    } else {
      sortOrders.add(SortOrder.unsorted());
      defaultSortOrderId = SortOrder.unsorted().orderId();
    }

    Map<String, String> properties = stringMap(node.get("properties"));

    Long currentSnapshotId = null;
    JsonNode currentNode = node.get("current-snapshot-id");
    if (currentNode != null && !currentNode.isNull() && currentNode.asLong() != -1L) {
      currentSnapshotId = currentNode.asLong();
    }

    List<Snapshot> snapshots = new ArrayList<>();
    JsonNode snapshotsNode = node.get("snapshots");
    if (snapshotsNode != null) {
      for (JsonNode snapshotNode : snapshotsNode) {
        snapshots.add(readSnapshot(snapshotNode));
      }
    }

    Map<String, SnapshotRef> refs = new LinkedHashMap<>();
    JsonNode refsNode = node.get("refs");
    if (refsNode != null && refsNode.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = refsNode.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        refs.put(field.getKey(), readRef(field.getValue()));
      }
    }
    if (currentSnapshotId != null && !refs.containsKey(SnapshotRef.MAIN_BRANCH)) {
      // metadata written before refs existed: main is the current snapshot
      refs.put(SnapshotRef.MAIN_BRANCH, SnapshotRef.branch(currentSnapshotId));
    }
    SnapshotRef main = refs.get(SnapshotRef.MAIN_BRANCH);
    if (main != null) {
      currentSnapshotId = main.snapshotId();
    }

    List<StatisticsFile> statistics = new ArrayList<>();
    JsonNode statsNode = node.get("statistics");
    if (statsNode != null) {
      for (JsonNode stats : statsNode) {
        statistics.add(readStatistics(stats));
      }
    }
    List<PartitionStatisticsFile> partitionStatistics = new ArrayList<>();
    JsonNode partitionStatsNode = node.get("partition-statistics");
    if (partitionStatsNode != null) {
      for (JsonNode stats : partitionStatsNode) {
        partitionStatistics.add(new PartitionStatisticsFile(requiredLong(stats, "snapshot-id"),
            requiredString(stats, "statistics-path"), requiredLong(stats, "file-size-in-bytes")));
      }
    }

    List<SnapshotLogEntry> snapshotLog = new ArrayList<>();
    JsonNode snapshotLogNode = node.get("snapshot-log");
    if (snapshotLogNode != null) {
      for (JsonNode entry : snapshotLogNode) {
        snapshotLog.add(new SnapshotLogEntry(requiredLong(entry, "timestamp-ms"), requiredLong(entry, "snapshot-id")));
      }
    }
    List<MetadataLogEntry> metadataLog = new ArrayList<>();
    JsonNode metadataLogNode = node.get("metadata-log");
    if (metadataLogNode != null) {
      for (JsonNode entry : metadataLogNode) {
        metadataLog.add(new MetadataLogEntry(requiredLong(entry, "timestamp-ms"), requiredString(entry, "metadata-file")));
      }
    }
    long nextRowId = node.has("next-row-id") ? requiredLong(node, "next-row-id") : 0L;

    return new TableMetadata(metadataFile, version, uuid, location, lastSequenceNumber, lastUpdated, lastColumnId,
        currentSchemaId, schemas, defaultSpecId, specs, lastPartitionId, defaultSortOrderId, sortOrders, properties,
        currentSnapshotId, snapshots, snapshotLog, metadataLog, refs, statistics, partitionStatistics, nextRowId);
  }

  private static String describe(String metadataFile) {
    return metadataFile == null ? "(in memory)" : metadataFile;
  }

  private static Snapshot readSnapshot(JsonNode node) {
    long sequenceNumber = node.has("sequence-number") ? requiredLong(node, "sequence-number") : 0L;
    long snapshotId = requiredLong(node, "snapshot-id");
    Long parentId = node.has("parent-snapshot-id") && !node.get("parent-snapshot-id").isNull()
        ? node.get("parent-snapshot-id").asLong() : null;
    long timestamp = requiredLong(node, "timestamp-ms");
    String manifestList = optionalString(node, "manifest-list");
    List<String> manifests = new ArrayList<>();
    if (manifestList == null && node.has("manifests")) {
      for (JsonNode manifest : node.get("manifests")) {
        manifests.add(manifest.asText());
      }
    }
    Map<String, String> summary = stringMap(node.get("summary"));
    String operation = summary.remove("operation");
    Integer schemaId = node.has("schema-id") && !node.get("schema-id").isNull() ? node.get("schema-id").asInt() : null;
    Long firstRowId = node.has("first-row-id") && !node.get("first-row-id").isNull() ? node.get("first-row-id").asLong() : null;
    Long addedRows = node.has("added-rows") && !node.get("added-rows").isNull() ? node.get("added-rows").asLong() : null;
    return new Snapshot(sequenceNumber, snapshotId, parentId, timestamp, manifestList, manifests, operation, summary,
        schemaId, firstRowId, addedRows);
  }

  private static SnapshotRef readRef(JsonNode node) {
    Integer minSnapshots = node.has("min-snapshots-to-keep") && !node.get("min-snapshots-to-keep").isNull()
        ? node.get("min-snapshots-to-keep").asInt() : null;
    Long maxSnapshotAge = node.has("max-snapshot-age-ms") && !node.get("max-snapshot-age-ms").isNull()
        ? node.get("max-snapshot-age-ms").asLong() : null;
    Long maxRefAge = node.has("max-ref-age-ms") && !node.get("max-ref-age-ms").isNull()
        ? node.get("max-ref-age-ms").asLong() : null;
    return new SnapshotRef(requiredLong(node, "snapshot-id"), SnapshotRef.Type.fromJsonName(requiredString(node, "type")),
        minSnapshots, maxSnapshotAge, maxRefAge);
  }

  private static StatisticsFile readStatistics(JsonNode node) {
    List<StatisticsFile.BlobMetadata> blobs = new ArrayList<>();
    JsonNode blobsNode = node.get("blob-metadata");
    if (blobsNode != null) {
      for (JsonNode blob : blobsNode) {
        List<Integer> fields = new ArrayList<>();
        JsonNode fieldsNode = blob.get("fields");
        if (fieldsNode != null) {
          for (JsonNode field : fieldsNode) {
            fields.add(field.asInt());
          }
        }
        blobs.add(new StatisticsFile.BlobMetadata(requiredString(blob, "type"), requiredLong(blob, "snapshot-id"),
            requiredLong(blob, "sequence-number"), fields, stringMap(blob.get("properties"))));
      }
    }
    return new StatisticsFile(requiredLong(node, "snapshot-id"), requiredString(node, "statistics-path"),
        requiredLong(node, "file-size-in-bytes"),
        node.has("file-footer-size-in-bytes") ? node.get("file-footer-size-in-bytes").asLong() : 0L,
        optionalString(node, "key-metadata"), blobs);
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        map.put(field.getKey(), field.getValue().asText());
      }
    }
    return map;
  }

  private static JsonNode require(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new CorruptMetadataException("Required field '" + field + "' is missing");
    }
    return value;
  }

  private static String requiredString(JsonNode node, String field) {
    JsonNode value = require(node, field);
    if (!value.isTextual()) {
      throw new CorruptMetadataException("Field '" + field + "' must be a string, got " + value);
    }
    return value.asText();
  }

  private static String optionalString(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static int requiredInt(JsonNode node, String field) {
    JsonNode value = require(node, field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new CorruptMetadataException("Field '" + field + "' must be an integer, got " + value);
    }
    return value.asInt();
  }

  private static long requiredLong(JsonNode node, String field) {
    JsonNode value = require(node, field);
    if (!value.isIntegralNumber()) {
      throw new CorruptMetadataException("Field '" + field + "' must be an integer, got " + value);
    }
    return value.asLong();
  }
}
