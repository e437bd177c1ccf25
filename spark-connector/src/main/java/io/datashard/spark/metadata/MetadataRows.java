package io.datashard.spark.metadata;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.HistoryEntry;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionField;
import io.datashard.PartitionFieldSummary;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.Table;
import io.datashard.io.CloseableIterable;
import io.datashard.spark.SnapshotSelection;
import io.datashard.types.Conversions;
import io.datashard.types.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rows of a metadata table, produced from the table's metadata: snapshots, history and refs
 * from the metadata JSON, manifests from the selected snapshot's manifest list, and files and
 * partitions streamed from its manifests (never all files in memory at once, except the
 * per-partition totals).
 */
final class MetadataRows {
  private MetadataRows() {
  }

  static CloseableIterable<InternalRow> rows(MetadataTableType type, Table table, SnapshotSelection selection,
                                             PartitionColumns partition) {
    return switch (type) {
      case SNAPSHOTS -> CloseableIterable.of(snapshots(table));
      case HISTORY -> CloseableIterable.of(history(table));
      case REFS -> CloseableIterable.of(refs(table));
      case MANIFESTS -> selected(table, selection).map(s -> CloseableIterable.of(manifests(table, s)))
          .orElse(CloseableIterable.empty());
      case FILES -> selected(table, selection).map(s -> files(table, s, partition)).orElse(CloseableIterable.empty());
      case PARTITIONS -> selected(table, selection).map(s -> CloseableIterable.of(partitions(table, s, partition)))
          .orElse(CloseableIterable.empty());
    };
  }

  /** The snapshot a selection names, or empty for a table without snapshots. */
  static Optional<Snapshot> selected(Table table, SnapshotSelection selection) {
    if (selection.snapshotId() != null) {
      return table.snapshot(selection.snapshotId());
    } else if (selection.ref() != null) {
      return table.snapshot(selection.ref());
    } else if (selection.asOfTimestampMillis() != null) {
      Long id = null;
      for (HistoryEntry entry : table.history()) {
        if (entry.timestampMillis() <= selection.asOfTimestampMillis()) {
          id = entry.snapshotId();
        }
      }
      return id == null ? Optional.empty() : table.snapshot(id);
    }
    return table.currentSnapshot();
  }

  private static List<InternalRow> snapshots(Table table) {
    List<InternalRow> rows = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      Map<Object, Object> summary = new LinkedHashMap<>();
      snapshot.summary().forEach((k, v) -> summary.put(k, v));
      rows.add(row(snapshot.timestampMillis() * 1000L, snapshot.snapshotId(), snapshot.parentId(),
          str(snapshot.operation()), str(snapshot.manifestListLocation()), map(summary)));
    }
    return rows;
  }

  private static List<InternalRow> history(Table table) {
    Set<Long> ancestors = new HashSet<>();
    Long id = table.currentSnapshot().map(Snapshot::snapshotId).orElse(null);
    while (id != null && ancestors.add(id)) {
      id = table.snapshot(id).map(Snapshot::parentId).orElse(null);
    }
    List<InternalRow> rows = new ArrayList<>();
    for (HistoryEntry entry : table.history()) {
      Long parent = table.snapshot(entry.snapshotId()).map(Snapshot::parentId).orElse(null);
      rows.add(row(entry.timestampMillis() * 1000L, entry.snapshotId(), parent, ancestors.contains(entry.snapshotId())));
    }
    return rows;
  }

  private static List<InternalRow> refs(Table table) {
    List<InternalRow> rows = new ArrayList<>();
    for (Map.Entry<String, SnapshotRef> entry : table.refs().entrySet()) {
      SnapshotRef ref = entry.getValue();
      rows.add(row(str(entry.getKey()), str(ref.isBranch() ? "BRANCH" : "TAG"), ref.snapshotId(), ref.maxRefAgeMs(),
          ref.minSnapshotsToKeep(), ref.maxSnapshotAgeMs()));
    }
    return rows;
  }

  private static List<InternalRow> manifests(Table table, Snapshot snapshot) {
    List<InternalRow> rows = new ArrayList<>();
    for (ManifestFile manifest : table.manifests(snapshot)) {
      boolean data = manifest.content() == ManifestContent.DATA;
      PartitionSpec spec = table.specs().get(manifest.partitionSpecId());
      List<Object> summaries = new ArrayList<>();
      for (int i = 0; i < manifest.partitions().size(); i++) {
        PartitionFieldSummary summary = manifest.partitions().get(i);
        PartitionField field = spec != null && i < spec.fields().size() ? spec.fields().get(i) : null;
        summaries.add(row(summary.containsNull(), summary.containsNaN(), bound(table, field, summary.lowerBound()),
            bound(table, field, summary.upperBound())));
      }
      rows.add(row(manifest.content().id(), str(manifest.location()), manifest.length(), manifest.partitionSpecId(),
          manifest.addedSnapshotId(),
          data ? manifest.addedFilesCount() : 0, data ? manifest.existingFilesCount() : 0, data ? manifest.deletedFilesCount() : 0,
          data ? 0 : manifest.addedFilesCount(), data ? 0 : manifest.existingFilesCount(), data ? 0 : manifest.deletedFilesCount(),
          new GenericArrayData(summaries.toArray())));
    }
    return rows;
  }

  /** A partition bound as Iceberg shows it: the transform's human-readable string. */
  private static UTF8String bound(Table table, PartitionField field, ByteBuffer buffer) {
    if (buffer == null || field == null) {
      return null;
    }
    Type source = table.schema().findField(field.sourceId()).isPresent() ? table.schema().findType(field.sourceId()) : null;
    if (source == null) {
      return null;
    }
    Type result = field.transform().resultType(source);
    Object value = Conversions.fromByteBuffer(result, buffer);
    return UTF8String.fromString(field.transform().toHumanString(source, value));
  }

  private static CloseableIterable<InternalRow> files(Table table, Snapshot snapshot, PartitionColumns partition) {
    CloseableIterable<InternalRow> data = table.dataFiles(snapshot).map(file -> fileRow(table, file, partition));
    CloseableIterable<InternalRow> deletes = table.deleteFiles(snapshot).map(file -> fileRow(table, file, partition));
    return CloseableIterable.concat(List.of(data, deletes));
  }

  private static InternalRow fileRow(Table table, ContentFile file, PartitionColumns partition) {
    List<Object> values = new ArrayList<>();
    values.add(file.content().id());
    values.add(str(file.location()));
    values.add(str(file.format().name()));
    values.add(file.specId());
    if (!partition.isEmpty()) {
      values.add(partition.row(table.specs().get(file.specId()), file.partition()));
    }
    values.add(file.recordCount());
    values.add(file.fileSizeInBytes());
    values.add(intMap(file.columnSizes()));
    values.add(intMap(file.valueCounts()));
    values.add(intMap(file.nullValueCounts()));
    values.add(intMap(file.nanValueCounts()));
    values.add(intMap(file.lowerBounds()));
    values.add(intMap(file.upperBounds()));
    values.add(file.keyMetadata().map(PartitionColumns::bytes).orElse(null));
    values.add(file.splitOffsets().map(offsets -> (Object) new GenericArrayData(offsets.toArray())).orElse(null));
    values.add(file.content() == FileContent.EQUALITY_DELETES ? new GenericArrayData(file.equalityFieldIds().toArray()) : null);
    values.add(file.sortOrderId().orElse(null));
    values.add(file.dataSequenceNumber().orElse(null));
    values.add(file.referencedDataFile().map(MetadataRows::str).orElse(null));
    return new GenericInternalRow(values.toArray());
  }

  private static List<InternalRow> partitions(Table table, Snapshot snapshot, PartitionColumns partition) {
    // record_count, file_count, size, pos-delete records, pos-delete files, eq-delete records, eq-delete files
    Map<List<Object>, long[]> totals = new LinkedHashMap<>();
    Map<List<Object>, InternalRow> partitionRows = new LinkedHashMap<>();
    Map<List<Object>, Integer> specIds = new LinkedHashMap<>();
    try (CloseableIterable<DataFile> files = table.dataFiles(snapshot);
         CloseableIterable<DeleteFile> deletes = table.deleteFiles(snapshot)) {
      for (ContentFile file : CloseableIterable.<ContentFile>concat(List.of(files, deletes))) {
        PartitionSpec spec = table.specs().get(file.specId());
        List<Object> key = partition.key(spec, file.partition());
        long[] sums = totals.computeIfAbsent(key, k -> new long[7]);
        partitionRows.computeIfAbsent(key, k -> partition.row(spec, file.partition()));
        specIds.merge(key, file.specId(), Math::max);
        switch (file.content()) {
          case DATA -> {
            sums[0] += file.recordCount();
            sums[1] += 1;
            sums[2] += file.fileSizeInBytes();
          }
          case POSITION_DELETES -> {
            sums[3] += file.recordCount();
            sums[4] += 1;
          }
          case EQUALITY_DELETES -> {
            sums[5] += file.recordCount();
            sums[6] += 1;
          }
        }
      }
    }
    List<InternalRow> rows = new ArrayList<>();
    for (Map.Entry<List<Object>, long[]> entry : totals.entrySet()) {
      long[] sums = entry.getValue();
      List<Object> values = new ArrayList<>();
      if (!partition.isEmpty()) {
        values.add(partitionRows.get(entry.getKey()));
        values.add(specIds.get(entry.getKey()));
      }
      values.add(sums[0]);
      values.add((int) sums[1]);
      values.add(sums[2]);
      values.add(sums[3]);
      values.add((int) sums[4]);
      values.add(sums[5]);
      values.add((int) sums[6]);
      rows.add(new GenericInternalRow(values.toArray()));
    }
    return rows;
  }

  private static InternalRow row(Object... values) {
    return new GenericInternalRow(values);
  }

  private static UTF8String str(String value) {
    return value == null ? null : UTF8String.fromString(value);
  }

  private static MapData map(Map<Object, Object> values) {
    Object[] keys = new Object[values.size()];
    Object[] vals = new Object[values.size()];
    int i = 0;
    for (Map.Entry<Object, Object> entry : values.entrySet()) {
      keys[i] = PartitionColumns.spark(entry.getKey());
      vals[i] = PartitionColumns.spark(entry.getValue());
      i++;
    }
    return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(vals));
  }

  private static MapData intMap(Map<Integer, ?> values) {
    if (values == null || values.isEmpty()) {
      return values == null ? null : map(Map.of());
    }
    return map(new LinkedHashMap<>(values));
  }
}
