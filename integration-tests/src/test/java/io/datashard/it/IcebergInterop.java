package io.datashard.it;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionData;
import io.datashard.PartitionField;
import io.datashard.PartitionFieldSummary;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.StructLike;

/**
 * Converts Datashard and Apache Iceberg values into neutral descriptions (records of plain Java
 * values) so that the two implementations' views of one table can be compared with equals.
 */
final class IcebergInterop {
  private IcebergInterop() {
  }

  /** A Datashard type as the equivalent Iceberg type, built field by field (not through JSON). */
  static org.apache.iceberg.types.Type toIceberg(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return org.apache.iceberg.types.Types.BooleanType.get();
      case INTEGER:
        return org.apache.iceberg.types.Types.IntegerType.get();
      case LONG:
        return org.apache.iceberg.types.Types.LongType.get();
      case FLOAT:
        return org.apache.iceberg.types.Types.FloatType.get();
      case DOUBLE:
        return org.apache.iceberg.types.Types.DoubleType.get();
      case DATE:
        return org.apache.iceberg.types.Types.DateType.get();
      case TIME:
        return org.apache.iceberg.types.Types.TimeType.get();
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? org.apache.iceberg.types.Types.TimestampType.withZone()
            : org.apache.iceberg.types.Types.TimestampType.withoutZone();
      case TIMESTAMP_NANO:
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
            ? org.apache.iceberg.types.Types.TimestampNanoType.withZone()
            : org.apache.iceberg.types.Types.TimestampNanoType.withoutZone();
      case STRING:
        return org.apache.iceberg.types.Types.StringType.get();
      case UUID:
        return org.apache.iceberg.types.Types.UUIDType.get();
      case FIXED:
        return org.apache.iceberg.types.Types.FixedType.ofLength(((Types.FixedType) type).length());
      case BINARY:
        return org.apache.iceberg.types.Types.BinaryType.get();
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return org.apache.iceberg.types.Types.DecimalType.of(decimal.precision(), decimal.scale());
      case UNKNOWN:
        return org.apache.iceberg.types.Types.UnknownType.get();
      case VARIANT:
        return org.apache.iceberg.types.Types.VariantType.get();
      case STRUCT:
        List<org.apache.iceberg.types.Types.NestedField> fields = new ArrayList<>();
        for (Types.NestedField field : ((Types.StructType) type).fields()) {
          fields.add(toIceberg(field));
        }
        return org.apache.iceberg.types.Types.StructType.of(fields);
      case LIST:
        Types.ListType list = (Types.ListType) type;
        return list.isElementOptional()
            ? org.apache.iceberg.types.Types.ListType.ofOptional(list.elementId(), toIceberg(list.elementType()))
            : org.apache.iceberg.types.Types.ListType.ofRequired(list.elementId(), toIceberg(list.elementType()));
      case MAP:
        Types.MapType map = (Types.MapType) type;
        return map.isValueOptional()
            ? org.apache.iceberg.types.Types.MapType.ofOptional(map.keyId(), map.valueId(), toIceberg(map.keyType()), toIceberg(map.valueType()))
            : org.apache.iceberg.types.Types.MapType.ofRequired(map.keyId(), map.valueId(), toIceberg(map.keyType()), toIceberg(map.valueType()));
      default:
        throw new IllegalArgumentException("No Iceberg equivalent for " + type);
    }
  }

  static org.apache.iceberg.types.Types.NestedField toIceberg(Types.NestedField field) {
    org.apache.iceberg.types.Type type = toIceberg(field.type());
    org.apache.iceberg.types.Types.NestedField.Builder builder = org.apache.iceberg.types.Types.NestedField.builder()
        .withId(field.fieldId())
        .withName(field.name())
        .isOptional(field.isOptional())
        .ofType(type);
    field.doc().ifPresent(builder::withDoc);
    field.initialDefault().ifPresent(value -> builder.withInitialDefault(literal(value, type)));
    field.writeDefault().ifPresent(value -> builder.withWriteDefault(literal(value, type)));
    return builder.build();
  }

  /** A default value in Datashard's Java representation as an Iceberg literal of the column type. */
  private static org.apache.iceberg.expressions.Literal<?> literal(Object value, org.apache.iceberg.types.Type type) {
    return org.apache.iceberg.expressions.Expressions.lit(value).to(type);
  }

  static org.apache.iceberg.types.Types.StructType toIceberg(Schema schema) {
    return (org.apache.iceberg.types.Types.StructType) toIceberg(schema.asStruct());
  }

  /** A partition spec field, described by its ids, name and transform string. */
  record SpecField(int sourceId, int fieldId, String name, String transform) {
  }

  static List<SpecField> describe(PartitionSpec spec) {
    List<SpecField> fields = new ArrayList<>();
    for (PartitionField field : spec.fields()) {
      fields.add(new SpecField(field.sourceId(), field.fieldId(), field.name(), field.transform().toString()));
    }
    return fields;
  }

  static List<SpecField> describe(org.apache.iceberg.PartitionSpec spec) {
    List<SpecField> fields = new ArrayList<>();
    for (org.apache.iceberg.PartitionField field : spec.fields()) {
      fields.add(new SpecField(field.sourceId(), field.fieldId(), field.name(), field.transform().toString()));
    }
    return fields;
  }

  /** Every field of a snapshot that both implementations expose. */
  record SnapshotView(long id, Long parentId, long sequenceNumber, long timestampMillis, String operation,
                      Map<String, String> summary, String manifestList, Integer schemaId, Long firstRowId, Long addedRows) {
  }

  static SnapshotView describe(Snapshot snapshot) {
    return new SnapshotView(snapshot.snapshotId(), snapshot.parentId(), snapshot.sequenceNumber(),
        snapshot.timestampMillis(), snapshot.operation(), new TreeMap<>(snapshot.summary()),
        snapshot.manifestListLocation(), snapshot.schemaId(), snapshot.firstRowId(), snapshot.addedRows());
  }

  static SnapshotView describe(org.apache.iceberg.Snapshot snapshot) {
    return new SnapshotView(snapshot.snapshotId(), snapshot.parentId(), snapshot.sequenceNumber(),
        snapshot.timestampMillis(), snapshot.operation(), new TreeMap<>(snapshot.summary()),
        snapshot.manifestListLocation(), snapshot.schemaId(), snapshot.firstRowId(), snapshot.addedRows());
  }

  record RefView(long snapshotId, boolean branch, Integer minSnapshotsToKeep, Long maxSnapshotAgeMs, Long maxRefAgeMs) {
  }

  static Map<String, RefView> describeRefs(Map<String, SnapshotRef> refs) {
    Map<String, RefView> views = new TreeMap<>();
    refs.forEach((name, ref) -> views.put(name, new RefView(ref.snapshotId(), ref.isBranch(),
        ref.minSnapshotsToKeep(), ref.maxSnapshotAgeMs(), ref.maxRefAgeMs())));
    return views;
  }

  static Map<String, RefView> describeIcebergRefs(Map<String, org.apache.iceberg.SnapshotRef> refs) {
    Map<String, RefView> views = new TreeMap<>();
    refs.forEach((name, ref) -> views.put(name, new RefView(ref.snapshotId(), ref.isBranch(),
        ref.minSnapshotsToKeep(), ref.maxSnapshotAgeMs(), ref.maxRefAgeMs())));
    return views;
  }

  /** A manifest list entry. Bounds are kept as byte arrays so that equals compares contents. */
  record ManifestView(String location, long length, int specId, int content, long sequenceNumber, long minSequenceNumber,
                      long addedSnapshotId, int addedFiles, int existingFiles, int deletedFiles, long addedRows,
                      long existingRows, long deletedRows, List<SummaryView> partitions, Long firstRowId) {
  }

  record SummaryView(boolean containsNull, Boolean containsNaN, List<Byte> lower, List<Byte> upper) {
  }

  static ManifestView describe(ManifestFile manifest) {
    List<SummaryView> summaries = new ArrayList<>();
    for (PartitionFieldSummary summary : manifest.partitions()) {
      summaries.add(new SummaryView(summary.containsNull(), summary.containsNaN(), bytes(summary.lowerBound()), bytes(summary.upperBound())));
    }
    return new ManifestView(manifest.location(), manifest.length(), manifest.partitionSpecId(), manifest.content().id(),
        manifest.sequenceNumber(), manifest.minSequenceNumber(), manifest.addedSnapshotId(), manifest.addedFilesCount(),
        manifest.existingFilesCount(), manifest.deletedFilesCount(), manifest.addedRowsCount(), manifest.existingRowsCount(),
        manifest.deletedRowsCount(), summaries, manifest.firstRowId());
  }

  static ManifestView describe(org.apache.iceberg.ManifestFile manifest) {
    List<SummaryView> summaries = new ArrayList<>();
    if (manifest.partitions() != null) {
      for (org.apache.iceberg.ManifestFile.PartitionFieldSummary summary : manifest.partitions()) {
        summaries.add(new SummaryView(summary.containsNull(), summary.containsNaN(), bytes(summary.lowerBound()), bytes(summary.upperBound())));
      }
    }
    return new ManifestView(manifest.path(), manifest.length(), manifest.partitionSpecId(), manifest.content().id(),
        manifest.sequenceNumber(), manifest.minSequenceNumber(), manifest.snapshotId(), manifest.addedFilesCount(),
        manifest.existingFilesCount(), manifest.deletedFilesCount(), manifest.addedRowsCount(), manifest.existingRowsCount(),
        manifest.deletedRowsCount(), summaries, manifest.firstRowId());
  }

  /** Everything a manifest entry says about a data or delete file. */
  record FileView(int content, String location, String format, int specId, List<Object> partition, long recordCount,
                  long fileSizeInBytes, Map<Integer, Long> columnSizes, Map<Integer, Long> valueCounts,
                  Map<Integer, Long> nullValueCounts, Map<Integer, Long> nanValueCounts,
                  Map<Integer, List<Byte>> lowerBounds, Map<Integer, List<Byte>> upperBounds, List<Long> splitOffsets,
                  List<Integer> equalityFieldIds, Integer sortOrderId, Long dataSequenceNumber, Long fileSequenceNumber,
                  Long firstRowId, String referencedDataFile, Long contentOffset, Long contentSizeInBytes) {
  }

  static FileView describe(ContentFile file) {
    return new FileView(file.content().id(), file.location(), file.format().name(), file.specId(),
        partitionValues(file.partition()), file.recordCount(), file.fileSizeInBytes(), new TreeMap<>(file.columnSizes()),
        new TreeMap<>(file.valueCounts()), new TreeMap<>(file.nullValueCounts()), new TreeMap<>(file.nanValueCounts()),
        byteMap(file.lowerBounds()), byteMap(file.upperBounds()), file.splitOffsets().orElse(null),
        file.content() == FileContent.EQUALITY_DELETES ? file.equalityFieldIds() : null,
        file.sortOrderId().orElse(null), file.dataSequenceNumber().orElse(null), file.fileSequenceNumber().orElse(null),
        file.firstRowId().orElse(null), file.referencedDataFile().orElse(null), file.contentOffset().orElse(null),
        file.contentSizeInBytes().orElse(null));
  }

  static FileView describe(org.apache.iceberg.ContentFile<?> file) {
    return new FileView(file.content().id(), file.location(), file.format().name(), file.specId(),
        partitionValues(file.partition()), file.recordCount(), file.fileSizeInBytes(), treeMap(file.columnSizes()),
        treeMap(file.valueCounts()), treeMap(file.nullValueCounts()), treeMap(file.nanValueCounts()),
        byteMap(file.lowerBounds()), byteMap(file.upperBounds()), file.splitOffsets(),
        file.content() == org.apache.iceberg.FileContent.EQUALITY_DELETES ? file.equalityFieldIds() : null,
        file.sortOrderId(), file.dataSequenceNumber(), file.fileSequenceNumber(), file.firstRowId(),
        file instanceof org.apache.iceberg.DeleteFile delete ? string(delete.referencedDataFile()) : null,
        file instanceof org.apache.iceberg.DeleteFile delete ? delete.contentOffset() : null,
        file instanceof org.apache.iceberg.DeleteFile delete ? delete.contentSizeInBytes() : null);
  }

  private static String string(CharSequence chars) {
    return chars == null ? null : chars.toString();
  }

  static List<Object> partitionValues(PartitionData partition) {
    List<Object> values = new ArrayList<>();
    for (Object value : partition.values()) {
      values.add(normalize(value));
    }
    return values;
  }

  static List<Object> partitionValues(StructLike partition) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < partition.size(); i += 1) {
      values.add(normalize(partition.get(i, Object.class)));
    }
    return values;
  }

  private static Object normalize(Object value) {
    if (value instanceof CharSequence) {
      return value.toString();
    } else if (value instanceof ByteBuffer buffer) {
      return bytes(buffer);
    }
    return value;
  }

  private static <V> Map<Integer, V> treeMap(Map<Integer, V> map) {
    return map == null ? new TreeMap<>() : new TreeMap<>(map);
  }

  private static Map<Integer, List<Byte>> byteMap(Map<Integer, ByteBuffer> buffers) {
    Map<Integer, List<Byte>> result = new TreeMap<>();
    if (buffers != null) {
      buffers.forEach((id, buffer) -> result.put(id, bytes(buffer)));
    }
    return result;
  }

  static List<Byte> bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    List<Byte> bytes = new ArrayList<>(copy.remaining());
    while (copy.hasRemaining()) {
      bytes.add(copy.get());
    }
    return bytes;
  }

  /** A planned scan task: a data file and the delete files Iceberg attached to it. */
  record TaskView(String dataFile, long recordCount, int specId, List<Object> partition, Long dataSequenceNumber,
                  Long firstRowId, List<String> deletes) {
  }

  /**
   * The scan tasks the spec's delete-matching rules give for a snapshot's live files, computed
   * from what Datashard reads: a position delete applies to data files of the same spec and
   * partition (or its referenced data file) with a data sequence number no greater than its own;
   * an equality delete to data files with a smaller data sequence number in the same partition,
   * or in every partition when the delete file's spec is unpartitioned.
   */
  static Map<String, TaskView> expectedTasks(List<DataFile> dataFiles, List<DeleteFile> deleteFiles,
                                             Map<Integer, PartitionSpec> specs) {
    Map<String, TaskView> tasks = new TreeMap<>();
    for (DataFile data : dataFiles) {
      long dataSeq = data.dataSequenceNumber().orElseThrow();
      List<String> deletes = new ArrayList<>();
      for (DeleteFile delete : deleteFiles) {
        long deleteSeq = delete.dataSequenceNumber().orElseThrow();
        boolean samePartition = delete.specId() == data.specId() && delete.partition().equals(data.partition());
        boolean applies;
        if (delete.content() == FileContent.POSITION_DELETES) {
          boolean referenced = delete.referencedDataFile().map(data.location()::equals).orElse(true);
          applies = referenced && samePartition && deleteSeq >= dataSeq;
        } else {
          boolean global = specs.get(delete.specId()).isUnpartitioned();
          applies = (global || samePartition) && deleteSeq > dataSeq;
        }
        if (applies) {
          deletes.add(delete.location());
        }
      }
      deletes.sort(null);
      tasks.put(data.location(), new TaskView(data.location(), data.recordCount(), data.specId(),
          partitionValues(data.partition()), dataSeq, data.firstRowId().orElse(null), deletes));
    }
    return tasks;
  }

  static Map<String, TaskView> icebergTasks(Iterable<org.apache.iceberg.FileScanTask> planned) {
    Map<String, TaskView> tasks = new TreeMap<>();
    for (org.apache.iceberg.FileScanTask task : planned) {
      org.apache.iceberg.DataFile data = task.file();
      List<String> deletes = new ArrayList<>();
      for (org.apache.iceberg.DeleteFile delete : task.deletes()) {
        deletes.add(delete.location());
      }
      deletes.sort(null);
      TaskView previous = tasks.put(data.location(), new TaskView(data.location(), data.recordCount(), data.specId(),
          partitionValues(data.partition()), data.dataSequenceNumber(), data.firstRowId(), deletes));
      if (previous != null) {
        throw new AssertionError("Iceberg planned " + data.location() + " twice");
      }
    }
    return tasks;
  }
}
