package io.datashard.internal.manifest;

import static io.datashard.internal.manifest.ManifestAvroSchemas.*;

import io.datashard.ContentFile;
import io.datashard.ContentFileBuilder;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.FileFormat;
import io.datashard.ManifestFile;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.internal.manifest.ManifestEntry.Status;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns the generic records of one manifest into {@link ManifestEntry}s, applying the spec's
 * inheritance of snapshot ids, sequence numbers and (v3) first row ids from the manifest list.
 * Field positions are resolved once from the file's writer schema. Stateful (the running first row
 * id), so one instance serves one pass over one file.
 */
final class ManifestEntryDecoder {
  /** Values a manifest's entries inherit; null where there is nothing to inherit. */
  record Inheritance(Long snapshotId, Long sequenceNumber, Long firstRowId) {
    static final Inheritance NONE = new Inheritance(null, null, null);

    static Inheritance of(ManifestFile manifest) {
      Long sequence = manifest.sequenceNumber() == ManifestFile.UNASSIGNED_SEQ ? null : manifest.sequenceNumber();
      return new Inheritance(manifest.addedSnapshotId(), sequence, manifest.firstRowId());
    }
  }

  private final String location;
  private final PartitionSpec spec;
  private final Types.StructType partitionType;
  private final Inheritance inheritance;
  private long nextRowId;

  private final int status;
  private final int snapshotId;
  private final int sequenceNumber;
  private final int fileSequenceNumber;
  private final int dataFile;
  private final int content;
  private final int filePath;
  private final int fileFormat;
  private final int partition;
  private final int recordCount;
  private final int fileSize;
  private final int columnSizes;
  private final int valueCounts;
  private final int nullValueCounts;
  private final int nanValueCounts;
  private final int lowerBounds;
  private final int upperBounds;
  private final int keyMetadata;
  private final int splitOffsets;
  private final int equalityIds;
  private final int sortOrderId;
  private final int firstRowId;
  private final int referencedDataFile;
  private final int contentOffset;
  private final int contentSize;
  private final int[] partitionPositions;

  ManifestEntryDecoder(Schema entrySchema, PartitionSpec spec, Inheritance inheritance, String location) {
    this.location = location;
    this.spec = spec;
    this.partitionType = spec.partitionType();
    this.inheritance = inheritance;
    this.nextRowId = inheritance.firstRowId() == null ? 0L : inheritance.firstRowId();

    if (entrySchema.getType() != Schema.Type.RECORD) {
      throw corrupt("its records are of Avro type " + entrySchema.getType() + ", not manifest_entry records");
    }
    this.status = required(entrySchema, STATUS_ID, "status");
    this.snapshotId = AvroFields.position(entrySchema, SNAPSHOT_ID_ID, "snapshot_id");
    this.sequenceNumber = AvroFields.position(entrySchema, SEQUENCE_NUMBER_ID, "sequence_number");
    this.fileSequenceNumber = AvroFields.position(entrySchema, FILE_SEQUENCE_NUMBER_ID, "file_sequence_number");
    this.dataFile = required(entrySchema, DATA_FILE_ID, "data_file");
    Schema fileSchema = AvroFields.recordSchema(entrySchema, dataFile);
    if (fileSchema == null) {
      throw corrupt("its data_file field is not a record");
    }
    this.content = AvroFields.position(fileSchema, CONTENT_ID, "content");
    this.filePath = required(fileSchema, FILE_PATH_ID, "file_path");
    this.fileFormat = required(fileSchema, FILE_FORMAT_ID, "file_format");
    this.partition = required(fileSchema, PARTITION_ID, "partition");
    this.recordCount = required(fileSchema, RECORD_COUNT_ID, "record_count");
    this.fileSize = required(fileSchema, FILE_SIZE_ID, "file_size_in_bytes");
    this.columnSizes = AvroFields.position(fileSchema, COLUMN_SIZES_ID, "column_sizes");
    this.valueCounts = AvroFields.position(fileSchema, VALUE_COUNTS_ID, "value_counts");
    this.nullValueCounts = AvroFields.position(fileSchema, NULL_VALUE_COUNTS_ID, "null_value_counts");
    this.nanValueCounts = AvroFields.position(fileSchema, NAN_VALUE_COUNTS_ID, "nan_value_counts");
    this.lowerBounds = AvroFields.position(fileSchema, LOWER_BOUNDS_ID, "lower_bounds");
    this.upperBounds = AvroFields.position(fileSchema, UPPER_BOUNDS_ID, "upper_bounds");
    this.keyMetadata = AvroFields.position(fileSchema, KEY_METADATA_ID, "key_metadata");
    this.splitOffsets = AvroFields.position(fileSchema, SPLIT_OFFSETS_ID, "split_offsets");
    this.equalityIds = AvroFields.position(fileSchema, EQUALITY_IDS_ID, "equality_ids");
    this.sortOrderId = AvroFields.position(fileSchema, SORT_ORDER_ID_ID, "sort_order_id");
    this.firstRowId = AvroFields.position(fileSchema, FIRST_ROW_ID_ID, "first_row_id");
    this.referencedDataFile = AvroFields.position(fileSchema, REFERENCED_DATA_FILE_ID, "referenced_data_file");
    this.contentOffset = AvroFields.position(fileSchema, CONTENT_OFFSET_ID, "content_offset");
    this.contentSize = AvroFields.position(fileSchema, CONTENT_SIZE_ID, "content_size_in_bytes");
    this.partitionPositions = partitionPositions(AvroFields.recordSchema(fileSchema, partition));
  }

  private int[] partitionPositions(Schema partitionSchema) {
    List<Types.NestedField> fields = partitionType.fields();
    int[] positions = new int[fields.size()];
    if (partitionSchema == null) {
      if (fields.isEmpty()) {
        return positions;
      }
      throw corrupt("its partition field is not a record");
    }
    for (int i = 0; i < positions.length; i += 1) {
      Types.NestedField field = fields.get(i);
      positions[i] = partitionPosition(partitionSchema, field);
      if (positions[i] < 0) {
        throw corrupt(String.format(
            "its partition tuple %s has no field with id %d or name '%s' of partition spec %s",
            partitionSchema.getFields().stream().map(Schema.Field::name).toList(), field.fieldId(), field.name(), spec));
      }
    }
    return positions;
  }

  private static int partitionPosition(Schema partitionSchema, Types.NestedField field) {
    for (Schema.Field avroField : partitionSchema.getFields()) {
      Integer id = AvroFields.fieldId(avroField);
      if (id != null && id == field.fieldId()) {
        return avroField.pos();
      }
    }
    for (Schema.Field avroField : partitionSchema.getFields()) {
      if (avroField.name().equals(field.name())
          || field.name().equals(avroField.getProp(ICEBERG_FIELD_NAME_PROP))
          || avroField.name().equals(sanitize(field.name()))) {
        return avroField.pos();
      }
    }
    return -1;
  }

  private int required(Schema record, int id, String name) {
    int pos = AvroFields.position(record, id, name);
    if (pos < 0) {
      throw corrupt("its " + record.getName() + " records have no required field '" + name + "' (field id " + id + ")");
    }
    return pos;
  }

  private CorruptMetadataException corrupt(String why) {
    return new CorruptMetadataException("Cannot read manifest " + location + ": " + why
        + ". The file is not a manifest of the Iceberg spec or is corrupt. Restore the file from a backup, or roll the"
        + " table back to a snapshot that does not reference it.");
  }

  /** Whether the file has sequence number columns; v1 manifests have none, so their files are all at 0. */
  private boolean hasSequenceNumbers() {
    return sequenceNumber >= 0;
  }

  ManifestEntry decode(GenericRecord record) {
    Status entryStatus = Status.fromId(AvroFields.intValue(record, status));
    Long entrySnapshotId = AvroFields.longValue(record, snapshotId);
    Long dataSequence = AvroFields.longValue(record, sequenceNumber);
    Long fileSequence = AvroFields.longValue(record, fileSequenceNumber);

    GenericRecord file = (GenericRecord) record.get(dataFile);
    Integer contentId = AvroFields.intValue(file, content);
    FileContent fileContent = contentId == null ? FileContent.DATA : FileContent.fromId(contentId);
    long records = AvroFields.longValue(file, recordCount);
    Long rowId = AvroFields.longValue(file, firstRowId);

    if (entrySnapshotId == null) {
      entrySnapshotId = inheritance.snapshotId();
    }
    if (!hasSequenceNumbers()) {
      dataSequence = 0L;
      fileSequence = 0L;
    } else if (inheritance.sequenceNumber() != null) {
      // only added entries inherit; older writers left other entries of manifests at sequence 0 null
      long inherited = inheritance.sequenceNumber();
      boolean inherits = entryStatus == Status.ADDED || inherited == 0L;
      if (dataSequence == null && inherits) {
        dataSequence = inherited;
      }
      if (fileSequence == null && inherits) {
        fileSequence = inherited;
      }
    }
    if (fileContent == FileContent.DATA && inheritance.firstRowId() != null
        && entryStatus != Status.DELETED && rowId == null) {
      rowId = nextRowId;
      nextRowId += records;
    }

    ContentFile contentFile;
    if (fileContent == FileContent.DATA) {
      DataFile.Builder builder = fill(DataFile.builder(), file, records);
      if (rowId != null) {
        builder.withFirstRowId(rowId);
      }
      contentFile = builder.withSequenceNumbers(dataSequence, fileSequence).build();
    } else {
      DeleteFile.Builder builder = fill(DeleteFile.builder(), file, records);
      if (fileContent == FileContent.EQUALITY_DELETES) {
        List<Integer> ids = AvroFields.intList(file, equalityIds);
        builder.ofEqualityDeletes(ids == null ? List.of() : ids);
      } else {
        builder.ofPositionDeletes();
      }
      String referenced = AvroFields.stringValue(file, referencedDataFile);
      if (referenced != null) {
        builder.withReferencedDataFile(referenced);
      }
      Long offset = AvroFields.longValue(file, contentOffset);
      if (offset != null) {
        builder.withContentOffset(offset);
      }
      Long size = AvroFields.longValue(file, contentSize);
      if (size != null) {
        builder.withContentSizeInBytes(size);
      }
      contentFile = builder.withSequenceNumbers(dataSequence, fileSequence).build();
    }
    return new ManifestEntry(entryStatus, entrySnapshotId, dataSequence, fileSequence, contentFile);
  }

  private <B extends ContentFileBuilder<B, ?>> B fill(B builder, GenericRecord file, long records) {
    builder.withSpecId(spec.specId())
        .withLocation(AvroFields.stringValue(file, filePath))
        .withFormat(FileFormat.fromString(AvroFields.stringValue(file, fileFormat)))
        .withPartition(partitionData((GenericRecord) file.get(partition)))
        .withRecordCount(records)
        .withFileSizeInBytes(AvroFields.longValue(file, fileSize))
        .withColumnSizes(AvroFields.longMap(file, columnSizes))
        .withValueCounts(AvroFields.longMap(file, valueCounts))
        .withNullValueCounts(AvroFields.longMap(file, nullValueCounts))
        .withNanValueCounts(AvroFields.longMap(file, nanValueCounts))
        .withLowerBounds(AvroFields.bytesMap(file, lowerBounds))
        .withUpperBounds(AvroFields.bytesMap(file, upperBounds));
    ByteBuffer key = AvroFields.bytesValue(file, keyMetadata);
    if (key != null) {
      builder.withKeyMetadata(key);
    }
    List<Long> offsets = AvroFields.longList(file, splitOffsets);
    if (offsets != null) {
      builder.withSplitOffsets(offsets);
    }
    Integer sortOrder = AvroFields.intValue(file, sortOrderId);
    if (sortOrder != null) {
      builder.withSortOrderId(sortOrder);
    }
    return builder;
  }

  private PartitionData partitionData(GenericRecord record) {
    List<Types.NestedField> fields = partitionType.fields();
    if (fields.isEmpty()) {
      return PartitionData.empty();
    }
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i += 1) {
      Types.NestedField field = fields.get(i);
      try {
        values[i] = PartitionValues.fromAvroValue(field.type(), record.get(partitionPositions[i]));
      } catch (ClassCastException | IllegalArgumentException e) {
        throw new CorruptMetadataException(String.format(
            "Cannot read manifest %s: partition field '%s' of type %s has an invalid value: %s",
            location, field.name(), field.type(), e.getMessage()), e);
      }
    }
    return PartitionData.of(values);
  }
}
