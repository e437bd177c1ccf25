package io.datashard.internal.metadata;

import io.datashard.PartitionSpec;
import io.datashard.PartitionStatisticsFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.SortOrder;
import io.datashard.StatisticsFile;
import io.datashard.TableProperties;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Builds a new {@link TableMetadata} from a base, keeping ids, logs and sequence numbers
 * consistent. Every method validates its change; {@link #build()} produces the new value.
 */
public final class TableMetadataBuilder {
  private final TableMetadata base;
  private int formatVersion;
  private String uuid;
  private String location;
  private long lastSequenceNumber;
  private int lastColumnId;
  private int currentSchemaId;
  private final List<Schema> schemas;
  private int defaultSpecId;
  private final List<PartitionSpec> specs;
  private int lastPartitionId;
  private int defaultSortOrderId;
  private final List<SortOrder> sortOrders;
  private final Map<String, String> properties;
  private Long currentSnapshotId;
  private final List<Snapshot> snapshots;
  private final List<SnapshotLogEntry> snapshotLog;
  private final List<MetadataLogEntry> metadataLog;
  private final Map<String, SnapshotRef> refs;
  private final List<StatisticsFile> statisticsFiles;
  private final List<PartitionStatisticsFile> partitionStatisticsFiles;
  private long nextRowId;
  private final Set<Long> addedSnapshotIds = new HashSet<>();
  private boolean changed = false;
  private Long lastUpdatedOverride;

  TableMetadataBuilder(TableMetadata base) {
    this.base = base;
    this.formatVersion = base.formatVersion();
    this.uuid = base.uuid();
    this.location = base.location();
    this.lastSequenceNumber = base.lastSequenceNumber();
    this.lastColumnId = base.lastColumnId();
    this.currentSchemaId = base.currentSchemaId();
    this.schemas = new ArrayList<>(base.schemas());
    this.defaultSpecId = base.defaultSpecId();
    this.specs = new ArrayList<>(base.specs());
    this.lastPartitionId = base.lastPartitionId();
    this.defaultSortOrderId = base.defaultSortOrderId();
    this.sortOrders = new ArrayList<>(base.sortOrders());
    this.properties = new LinkedHashMap<>(base.properties());
    this.currentSnapshotId = base.currentSnapshotIdOrNull();
    this.snapshots = new ArrayList<>(base.snapshots());
    this.snapshotLog = new ArrayList<>(base.snapshotLog());
    this.metadataLog = new ArrayList<>(base.metadataLog());
    this.refs = new LinkedHashMap<>(base.refs());
    this.statisticsFiles = new ArrayList<>(base.statisticsFiles());
    this.partitionStatisticsFiles = new ArrayList<>(base.partitionStatisticsFiles());
    this.nextRowId = base.nextRowId();
  }

  /**
   * Metadata for a new table. The format version comes from the {@code format-version} property
   * (default 2); reserved properties are not stored in the properties map.
   */
  public static TableMetadata newTable(Schema schema, PartitionSpec spec, SortOrder sortOrder, String location,
                                       Map<String, String> properties) {
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(sortOrder, "sortOrder is null");
    Objects.requireNonNull(location, "location is null");
    int formatVersion = TableProperties.DEFAULT_FORMAT_VERSION;
    String requested = properties.get(TableProperties.FORMAT_VERSION);
    if (requested != null) {
      try {
        formatVersion = Integer.parseInt(requested.trim());
      } catch (NumberFormatException e) {
        throw new ValidationException("Table property format-version must be 1, 2 or 3, got '" + requested + "'");
      }
      if (formatVersion < 1 || formatVersion > TableProperties.MAX_FORMAT_VERSION) {
        throw new ValidationException("Unsupported format-version " + formatVersion + ": use 1, 2 or 3");
      }
    }
    Map<String, String> stored = new LinkedHashMap<>(properties);
    stored.keySet().removeAll(TableProperties.RESERVED_PROPERTIES);
    Schema initialSchema = schema.withSchemaId(0);
    int lastPartitionId = spec.fields().isEmpty()
        ? PartitionSpec.PARTITION_DATA_ID_START - 1
        : spec.lastAssignedFieldId();
    PartitionSpec initialSpec = rebuildSpec(spec, initialSchema, 0);
    SortOrder initialOrder = sortOrder.isUnsorted() ? SortOrder.unsorted() : rebuildOrder(sortOrder, initialSchema, 1);
    List<SortOrder> orders = new ArrayList<>();
    orders.add(SortOrder.unsorted());
    if (!initialOrder.isUnsorted()) {
      orders.add(initialOrder);
    }
    return new TableMetadata(null, formatVersion, UUID.randomUUID().toString(), stripTrailingSlash(location),
        TableMetadata.INITIAL_SEQUENCE_NUMBER, System.currentTimeMillis(), schema.highestFieldId(), 0,
        List.of(initialSchema), 0, List.of(initialSpec), lastPartitionId, initialOrder.orderId(), orders, stored,
        null, List.of(), List.of(), List.of(), Map.of(), List.of(), List.of(), 0L);
  }

  private static String stripTrailingSlash(String location) {
    String result = location;
    while (result.length() > 1 && result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  private static PartitionSpec rebuildSpec(PartitionSpec spec, Schema schema, int specId) {
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema).withSpecId(specId);
    for (io.datashard.PartitionField field : spec.fields()) {
      builder.add(field.sourceId(), field.fieldId(), field.name(), field.transform());
    }
    return builder.build();
  }

  private static SortOrder rebuildOrder(SortOrder order, Schema schema, int orderId) {
    SortOrder.Builder builder = SortOrder.builderFor(schema).withOrderId(orderId);
    for (io.datashard.SortField field : order.fields()) {
      builder.sortBy(field.transform(), field.sourceId(), field.direction(), field.nullOrder());
    }
    return builder.build();
  }

  public TableMetadata base() {
    return base;
  }

  public boolean hasChanges() {
    return changed;
  }

  public int formatVersion() {
    return formatVersion;
  }

  public TableMetadataBuilder upgradeFormatVersion(int newVersion) {
    if (newVersion < formatVersion) {
      throw new ValidationException("Cannot downgrade table " + location + " from format version " + formatVersion + " to " + newVersion);
    }
    if (newVersion > TableProperties.MAX_FORMAT_VERSION) {
      throw new ValidationException("Cannot upgrade table " + location + " to format version " + newVersion
          + ": the highest supported version is " + TableProperties.MAX_FORMAT_VERSION);
    }
    if (newVersion != formatVersion) {
      formatVersion = newVersion;
      changed = true;
    }
    return this;
  }

  public TableMetadataBuilder assignUuid() {
    if (uuid == null) {
      uuid = UUID.randomUUID().toString();
      changed = true;
    }
    return this;
  }

  public TableMetadataBuilder setLocation(String newLocation) {
    String cleaned = stripTrailingSlash(Objects.requireNonNull(newLocation, "newLocation is null"));
    if (!cleaned.equals(location)) {
      location = cleaned;
      changed = true;
    }
    return this;
  }

  /** Makes the schema current, reusing the id of an identical existing schema. Returns its id. */
  public int setCurrentSchema(Schema schema) {
    int id = addSchema(schema);
    if (id != currentSchemaId) {
      currentSchemaId = id;
      changed = true;
    }
    return id;
  }

  /** Adds a schema without making it current, reusing the id of an identical one. */
  public int addSchema(Schema schema) {
    for (Schema existing : schemas) {
      if (existing.sameSchema(schema)) {
        return existing.schemaId();
      }
    }
    int newId = schemas.stream().mapToInt(Schema::schemaId).max().orElse(-1) + 1;
    schemas.add(schema.withSchemaId(newId));
    lastColumnId = Math.max(lastColumnId, schema.highestFieldId());
    changed = true;
    return newId;
  }

  public int lastColumnId() {
    return lastColumnId;
  }

  public Schema currentSchema() {
    for (Schema schema : schemas) {
      if (schema.schemaId() == currentSchemaId) {
        return schema;
      }
    }
    throw new IllegalStateException("Current schema id " + currentSchemaId + " is missing");
  }

  /** Makes the spec the default, reusing the id of an equivalent spec. Returns its id. */
  public int setDefaultPartitionSpec(PartitionSpec spec) {
    int id = addPartitionSpec(spec);
    if (id != defaultSpecId) {
      defaultSpecId = id;
      changed = true;
    }
    return id;
  }

  public int addPartitionSpec(PartitionSpec spec) {
    for (PartitionSpec existing : specs) {
      if (existing.fields().equals(spec.fields())) {
        return existing.specId();
      }
    }
    int newId = specs.stream().mapToInt(PartitionSpec::specId).max().orElse(-1) + 1;
    specs.add(rebuildSpec(spec, currentSchema(), newId));
    for (io.datashard.PartitionField field : spec.fields()) {
      lastPartitionId = Math.max(lastPartitionId, field.fieldId());
    }
    changed = true;
    return newId;
  }

  public int lastPartitionId() {
    return lastPartitionId;
  }

  public int setDefaultSortOrder(SortOrder order) {
    int id;
    if (order.isUnsorted()) {
      id = SortOrder.unsorted().orderId();
      if (sortOrders.stream().noneMatch(SortOrder::isUnsorted)) {
        sortOrders.add(SortOrder.unsorted());
      }
    } else {
      id = -1;
      for (SortOrder existing : sortOrders) {
        if (existing.fields().equals(order.fields())) {
          id = existing.orderId();
        }
      }
      if (id < 0) {
        id = Math.max(1, sortOrders.stream().mapToInt(SortOrder::orderId).max().orElse(0) + 1);
        sortOrders.add(rebuildOrder(order, currentSchema(), id));
        changed = true;
      }
    }
    if (id != defaultSortOrderId) {
      defaultSortOrderId = id;
      changed = true;
    }
    return id;
  }

  public TableMetadataBuilder setProperties(Map<String, String> updates) {
    for (Map.Entry<String, String> entry : updates.entrySet()) {
      if (entry.getKey().equals(TableProperties.FORMAT_VERSION)) {
        upgradeFormatVersion(Integer.parseInt(entry.getValue().trim()));
      } else if (!Objects.equals(properties.put(entry.getKey(), entry.getValue()), entry.getValue())) {
        changed = true;
      }
    }
    return this;
  }

  public TableMetadataBuilder removeProperties(Collection<String> keys) {
    for (String key : keys) {
      if (properties.remove(key) != null) {
        changed = true;
      }
    }
    return this;
  }

  public long nextSequenceNumber() {
    return formatVersion > 1 ? lastSequenceNumber + 1 : TableMetadata.INITIAL_SEQUENCE_NUMBER;
  }

  public long nextRowId() {
    return nextRowId;
  }

  /** Adds a snapshot without pointing any ref at it. */
  public TableMetadataBuilder addSnapshot(Snapshot snapshot) {
    for (Snapshot existing : snapshots) {
      if (existing.snapshotId() == snapshot.snapshotId()) {
        throw new ValidationException("Cannot add snapshot " + snapshot.snapshotId() + " to " + location + ": a snapshot with that id already exists");
      }
    }
    if (formatVersion > 1 && snapshot.sequenceNumber() <= lastSequenceNumber) {
      throw new ValidationException("Cannot add snapshot " + snapshot.snapshotId() + " with sequence number " + snapshot.sequenceNumber()
          + ": the table's last sequence number is already " + lastSequenceNumber);
    }
    snapshots.add(snapshot);
    addedSnapshotIds.add(snapshot.snapshotId());
    lastSequenceNumber = Math.max(lastSequenceNumber, snapshot.sequenceNumber());
    if (formatVersion >= 3 && snapshot.firstRowId() != null && snapshot.addedRows() != null) {
      nextRowId = Math.max(nextRowId, snapshot.firstRowId() + snapshot.addedRows());
    }
    changed = true;
    return this;
  }

  /** Points a branch at a snapshot, keeping the branch's retention settings. */
  public TableMetadataBuilder setBranchSnapshot(long snapshotId, String branch) {
    SnapshotRef existing = refs.get(branch);
    if (existing != null && existing.isTag()) {
      throw new ValidationException("Cannot commit to '" + branch + "' of " + location + ": it is a tag, and tags cannot move. Use a branch.");
    }
    SnapshotRef ref = existing == null ? SnapshotRef.branch(snapshotId) : existing.withSnapshotId(snapshotId);
    return setRef(branch, ref);
  }

  public TableMetadataBuilder setRef(String name, SnapshotRef ref) {
    Objects.requireNonNull(name, "name is null");
    Snapshot snapshot = findSnapshot(ref.snapshotId());
    if (snapshot == null) {
      throw new ValidationException("Cannot point ref '" + name + "' at snapshot " + ref.snapshotId() + " of " + location + ": no such snapshot");
    }
    if (name.equals(SnapshotRef.MAIN_BRANCH) && ref.isTag()) {
      throw new ValidationException("The main branch of " + location + " cannot be replaced by a tag");
    }
    SnapshotRef previous = refs.put(name, ref);
    if (ref.equals(previous)) {
      return this;
    }
    changed = true;
    if (name.equals(SnapshotRef.MAIN_BRANCH)) {
      currentSnapshotId = ref.snapshotId();
      long timestamp = addedSnapshotIds.contains(ref.snapshotId()) ? snapshot.timestampMillis() : System.currentTimeMillis();
      lastUpdatedOverride = addedSnapshotIds.contains(ref.snapshotId()) ? snapshot.timestampMillis() : null;
      snapshotLog.add(new SnapshotLogEntry(timestamp, ref.snapshotId()));
    }
    return this;
  }

  public TableMetadataBuilder removeRef(String name) {
    if (refs.remove(name) != null) {
      changed = true;
      if (name.equals(SnapshotRef.MAIN_BRANCH)) {
        currentSnapshotId = null;
      }
    }
    return this;
  }

  public Map<String, SnapshotRef> refs() {
    return java.util.Collections.unmodifiableMap(refs);
  }

  /**
   * Removes snapshots, with the refs, statistics and snapshot-log history that point to them. The
   * snapshot log keeps only the entries after the last removed one, so it stays a valid history.
   */
  public TableMetadataBuilder removeSnapshots(Collection<Long> snapshotIds) {
    Set<Long> toRemove = new HashSet<>(snapshotIds);
    if (toRemove.isEmpty()) {
      return this;
    }
    if (snapshots.removeIf(s -> toRemove.contains(s.snapshotId()))) {
      changed = true;
    }
    refs.entrySet().removeIf(e -> {
      boolean remove = toRemove.contains(e.getValue().snapshotId());
      if (remove && e.getKey().equals(SnapshotRef.MAIN_BRANCH)) {
        currentSnapshotId = null;
      }
      return remove;
    });
    statisticsFiles.removeIf(f -> toRemove.contains(f.snapshotId()));
    partitionStatisticsFiles.removeIf(f -> toRemove.contains(f.snapshotId()));
    int lastRemoved = -1;
    for (int i = 0; i < snapshotLog.size(); i++) {
      if (toRemove.contains(snapshotLog.get(i).snapshotId())) {
        lastRemoved = i;
      }
    }
    if (lastRemoved >= 0) {
      snapshotLog.subList(0, lastRemoved + 1).clear();
    }
    return this;
  }

  public TableMetadataBuilder setStatistics(StatisticsFile file) {
    statisticsFiles.removeIf(f -> f.snapshotId() == file.snapshotId());
    statisticsFiles.add(file);
    changed = true;
    return this;
  }

  public TableMetadataBuilder removeStatistics(long snapshotId) {
    if (statisticsFiles.removeIf(f -> f.snapshotId() == snapshotId)) {
      changed = true;
    }
    return this;
  }

  public TableMetadataBuilder setPartitionStatistics(PartitionStatisticsFile file) {
    partitionStatisticsFiles.removeIf(f -> f.snapshotId() == file.snapshotId());
    partitionStatisticsFiles.add(file);
    changed = true;
    return this;
  }

  public TableMetadataBuilder removePartitionStatistics(long snapshotId) {
    if (partitionStatisticsFiles.removeIf(f -> f.snapshotId() == snapshotId)) {
      changed = true;
    }
    return this;
  }

  public Snapshot findSnapshot(long snapshotId) {
    for (Snapshot snapshot : snapshots) {
      if (snapshot.snapshotId() == snapshotId) {
        return snapshot;
      }
    }
    return null;
  }

  /**
   * The new metadata. The base's metadata file, if it had one, is added to the metadata log,
   * which is trimmed to {@code write.metadata.previous-versions-max} entries.
   */
  public TableMetadata build() {
    if (!changed) {
      return base;
    }
    List<MetadataLogEntry> log = new ArrayList<>(metadataLog);
    if (base.metadataFileLocation().isPresent()) {
      log.add(new MetadataLogEntry(base.lastUpdatedMillis(), base.metadataFileLocation().get()));
    }
    int maxPrevious = Math.max(1, Integer.parseInt(properties.getOrDefault(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
        String.valueOf(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX_DEFAULT)).trim()));
    if (log.size() > maxPrevious) {
      log = new ArrayList<>(log.subList(log.size() - maxPrevious, log.size()));
    }
    long now = lastUpdatedOverride != null ? lastUpdatedOverride : System.currentTimeMillis();
    long lastUpdated = Math.max(now, base.lastUpdatedMillis());
    return new TableMetadata(null, formatVersion, uuid, location, lastSequenceNumber, lastUpdated, lastColumnId,
        currentSchemaId, schemas, defaultSpecId, specs, lastPartitionId, defaultSortOrderId, sortOrders, properties,
        currentSnapshotId, snapshots, snapshotLog, log, refs, statisticsFiles, partitionStatisticsFiles, nextRowId);
  }

  /** Metadata log entries removed from the log by {@link #build()}, to clean up old files. */
  public static List<MetadataLogEntry> droppedMetadataFiles(TableMetadata before, TableMetadata after) {
    Set<String> kept = new HashSet<>();
    after.metadataLog().forEach(e -> kept.add(e.file()));
    List<MetadataLogEntry> dropped = new ArrayList<>();
    for (MetadataLogEntry entry : before.metadataLog()) {
      if (!kept.contains(entry.file())) {
        dropped.add(entry);
      }
    }
    return dropped;
  }
}
