package io.datashard.internal.metadata;

import io.datashard.PartitionSpec;
import io.datashard.PartitionStatisticsFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.SortOrder;
import io.datashard.StatisticsFile;
import io.datashard.TableProperties;
import io.datashard.types.Schema;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The table's metadata as the spec defines it: one immutable value per metadata file. Changes go
 * through {@link TableMetadataBuilder}, which keeps the bookkeeping (ids, logs, sequence numbers)
 * consistent.
 */
public final class TableMetadata {
  static final long INITIAL_SEQUENCE_NUMBER = 0L;

  private final String metadataFileLocation;
  private final int formatVersion;
  private final String uuid;
  private final String location;
  private final long lastSequenceNumber;
  private final long lastUpdatedMillis;
  private final int lastColumnId;
  private final int currentSchemaId;
  private final List<Schema> schemas;
  private final int defaultSpecId;
  private final List<PartitionSpec> specs;
  private final int lastPartitionId;
  private final int defaultSortOrderId;
  private final List<SortOrder> sortOrders;
  private final Map<String, String> properties;
  private final Long currentSnapshotId;
  private final List<Snapshot> snapshots;
  private final List<SnapshotLogEntry> snapshotLog;
  private final List<MetadataLogEntry> metadataLog;
  private final Map<String, SnapshotRef> refs;
  private final List<StatisticsFile> statisticsFiles;
  private final List<PartitionStatisticsFile> partitionStatisticsFiles;
  private final long nextRowId;

  private final Map<Integer, Schema> schemasById;
  private final Map<Integer, PartitionSpec> specsById;
  private final Map<Integer, SortOrder> sortOrdersById;
  private final Map<Long, Snapshot> snapshotsById;

  @SuppressWarnings("checkstyle:ParameterNumber")
  TableMetadata(String metadataFileLocation, int formatVersion, String uuid, String location,
                long lastSequenceNumber, long lastUpdatedMillis, int lastColumnId, int currentSchemaId,
                List<Schema> schemas, int defaultSpecId, List<PartitionSpec> specs, int lastPartitionId,
                int defaultSortOrderId, List<SortOrder> sortOrders, Map<String, String> properties,
                Long currentSnapshotId, List<Snapshot> snapshots, List<SnapshotLogEntry> snapshotLog,
                List<MetadataLogEntry> metadataLog, Map<String, SnapshotRef> refs,
                List<StatisticsFile> statisticsFiles, List<PartitionStatisticsFile> partitionStatisticsFiles,
                long nextRowId) {
    if (formatVersion < 1 || formatVersion > TableProperties.MAX_FORMAT_VERSION) {
      throw new IllegalArgumentException("Unsupported format version " + formatVersion
          + ": Datashard reads and writes format versions 1 to " + TableProperties.MAX_FORMAT_VERSION);
    }
    this.metadataFileLocation = metadataFileLocation;
    this.formatVersion = formatVersion;
    this.uuid = uuid;
    this.location = Objects.requireNonNull(location, "location is null");
    this.lastSequenceNumber = lastSequenceNumber;
    this.lastUpdatedMillis = lastUpdatedMillis;
    this.lastColumnId = lastColumnId;
    this.currentSchemaId = currentSchemaId;
    this.schemas = List.copyOf(schemas);
    this.defaultSpecId = defaultSpecId;
    this.specs = List.copyOf(specs);
    this.lastPartitionId = lastPartitionId;
    this.defaultSortOrderId = defaultSortOrderId;
    this.sortOrders = List.copyOf(sortOrders);
    this.properties = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    this.currentSnapshotId = currentSnapshotId;
    this.snapshots = List.copyOf(snapshots);
    this.snapshotLog = List.copyOf(snapshotLog);
    this.metadataLog = List.copyOf(metadataLog);
    this.refs = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(refs));
    this.statisticsFiles = List.copyOf(statisticsFiles);
    this.partitionStatisticsFiles = List.copyOf(partitionStatisticsFiles);
    this.nextRowId = nextRowId;

    this.schemasById = index(this.schemas, Schema::schemaId);
    this.specsById = index(this.specs, PartitionSpec::specId);
    this.sortOrdersById = index(this.sortOrders, SortOrder::orderId);
    this.snapshotsById = index(this.snapshots, Snapshot::snapshotId);

    validate();
  }

  private static <K, V> Map<K, V> index(List<V> values, java.util.function.Function<V, K> key) {
    Map<K, V> map = new HashMap<>(values.size() * 2);
    for (V value : values) {
      map.put(key.apply(value), value);
    }
    return Collections.unmodifiableMap(map);
  }

  private void validate() {
    if (!schemasById.containsKey(currentSchemaId)) {
      throw new IllegalArgumentException("Current schema id " + currentSchemaId + " is not among the table's schemas " + schemasById.keySet());
    }
    if (!specsById.containsKey(defaultSpecId)) {
      throw new IllegalArgumentException("Default partition spec id " + defaultSpecId + " is not among the table's specs " + specsById.keySet());
    }
    if (!sortOrdersById.containsKey(defaultSortOrderId)) {
      throw new IllegalArgumentException("Default sort order id " + defaultSortOrderId + " is not among the table's sort orders " + sortOrdersById.keySet());
    }
    if (currentSnapshotId != null && !snapshotsById.containsKey(currentSnapshotId)) {
      throw new IllegalArgumentException("Current snapshot id " + currentSnapshotId + " is not among the table's snapshots");
    }
    for (Map.Entry<String, SnapshotRef> ref : refs.entrySet()) {
      if (!snapshotsById.containsKey(ref.getValue().snapshotId())) {
        throw new IllegalArgumentException("Ref '" + ref.getKey() + "' points to snapshot " + ref.getValue().snapshotId() + ", which is not among the table's snapshots");
      }
    }
    if (formatVersion >= 2) {
      for (Snapshot snapshot : snapshots) {
        if (snapshot.sequenceNumber() > lastSequenceNumber) {
          throw new IllegalArgumentException("Snapshot " + snapshot.snapshotId() + " has sequence number " + snapshot.sequenceNumber()
              + ", higher than the table's last-sequence-number " + lastSequenceNumber);
        }
      }
    }
  }

  /** Location of the metadata file this was read from or written to, if any. */
  public Optional<String> metadataFileLocation() {
    return Optional.ofNullable(metadataFileLocation);
  }

  public int formatVersion() {
    return formatVersion;
  }

  /** The table UUID; null only for old v1 metadata that never had one. */
  public String uuid() {
    return uuid;
  }

  public String location() {
    return location;
  }

  public long lastSequenceNumber() {
    return lastSequenceNumber;
  }

  /** Sequence number the next snapshot gets: always 0 for v1 tables. */
  public long nextSequenceNumber() {
    return formatVersion > 1 ? lastSequenceNumber + 1 : INITIAL_SEQUENCE_NUMBER;
  }

  public long lastUpdatedMillis() {
    return lastUpdatedMillis;
  }

  public int lastColumnId() {
    return lastColumnId;
  }

  public Schema schema() {
    return schemasById.get(currentSchemaId);
  }

  public int currentSchemaId() {
    return currentSchemaId;
  }

  public List<Schema> schemas() {
    return schemas;
  }

  public Map<Integer, Schema> schemasById() {
    return schemasById;
  }

  public PartitionSpec spec() {
    return specsById.get(defaultSpecId);
  }

  public int defaultSpecId() {
    return defaultSpecId;
  }

  public List<PartitionSpec> specs() {
    return specs;
  }

  public Map<Integer, PartitionSpec> specsById() {
    return specsById;
  }

  public PartitionSpec spec(int specId) {
    PartitionSpec spec = specsById.get(specId);
    if (spec == null) {
      throw new IllegalArgumentException("Table " + location + " has no partition spec with id " + specId + "; known ids: " + specsById.keySet());
    }
    return spec;
  }

  public int lastPartitionId() {
    return lastPartitionId;
  }

  public SortOrder sortOrder() {
    return sortOrdersById.get(defaultSortOrderId);
  }

  public int defaultSortOrderId() {
    return defaultSortOrderId;
  }

  public List<SortOrder> sortOrders() {
    return sortOrders;
  }

  public Map<Integer, SortOrder> sortOrdersById() {
    return sortOrdersById;
  }

  public Map<String, String> properties() {
    return properties;
  }

  public String property(String name, String defaultValue) {
    return properties.getOrDefault(name, defaultValue);
  }

  public int propertyAsInt(String name, int defaultValue) {
    String value = properties.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Table property " + name + " must be an integer, got '" + value + "'", e);
    }
  }

  public long propertyAsLong(String name, long defaultValue) {
    String value = properties.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Table property " + name + " must be a long integer, got '" + value + "'", e);
    }
  }

  public boolean propertyAsBoolean(String name, boolean defaultValue) {
    String value = properties.get(name);
    return value == null ? defaultValue : Boolean.parseBoolean(value.trim());
  }

  public Optional<Snapshot> currentSnapshot() {
    return currentSnapshotId == null ? Optional.empty() : Optional.of(snapshotsById.get(currentSnapshotId));
  }

  public Optional<Long> currentSnapshotId() {
    return Optional.ofNullable(currentSnapshotId);
  }

  public Optional<Snapshot> snapshot(long snapshotId) {
    return Optional.ofNullable(snapshotsById.get(snapshotId));
  }

  public List<Snapshot> snapshots() {
    return snapshots;
  }

  public List<SnapshotLogEntry> snapshotLog() {
    return snapshotLog;
  }

  public List<MetadataLogEntry> metadataLog() {
    return metadataLog;
  }

  public Map<String, SnapshotRef> refs() {
    return refs;
  }

  public Optional<SnapshotRef> ref(String name) {
    return Optional.ofNullable(refs.get(name));
  }

  /** The snapshot a branch or tag points to; main's is the current snapshot. */
  public Optional<Snapshot> snapshotForRef(String name) {
    SnapshotRef ref = refs.get(name);
    return ref == null ? Optional.empty() : Optional.of(snapshotsById.get(ref.snapshotId()));
  }

  public List<StatisticsFile> statisticsFiles() {
    return statisticsFiles;
  }

  public List<PartitionStatisticsFile> partitionStatisticsFiles() {
    return partitionStatisticsFiles;
  }

  /** v3 row lineage: the first row id the next snapshot assigns. 0 before v3. */
  public long nextRowId() {
    return nextRowId;
  }

  /** This metadata as read from or written to the given file. */
  public TableMetadata withMetadataFileLocation(String file) {
    return new TableMetadata(file, formatVersion, uuid, location, lastSequenceNumber, lastUpdatedMillis,
        lastColumnId, currentSchemaId, schemas, defaultSpecId, specs, lastPartitionId, defaultSortOrderId,
        sortOrders, properties, currentSnapshotId, snapshots, snapshotLog, metadataLog, refs, statisticsFiles,
        partitionStatisticsFiles, nextRowId);
  }

  /** Starts a change of this metadata. */
  public TableMetadataBuilder toBuilder() {
    return new TableMetadataBuilder(this);
  }

  // package-private accessors for the builder and parser
  Long currentSnapshotIdOrNull() {
    return currentSnapshotId;
  }

  @Override
  public String toString() {
    return "TableMetadata{" + location + ", v" + formatVersion + ", seq=" + lastSequenceNumber
        + ", current=" + currentSnapshotId + ", snapshots=" + snapshots.size() + "}";
  }
}
