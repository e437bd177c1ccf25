package io.datashard.internal.manifest;

import static io.datashard.internal.manifest.ManifestAvroSchemas.ADDED_FILES_COUNT_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.ADDED_ROWS_COUNT_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.ADDED_SNAPSHOT_ID_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.CONTAINS_NAN_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.CONTAINS_NULL_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.DATA_FILE_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.DELETED_FILES_COUNT_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.DELETED_ROWS_COUNT_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.EXISTING_FILES_COUNT_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.EXISTING_ROWS_COUNT_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.LOWER_BOUND_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.MANIFEST_CONTENT_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.MANIFEST_FIRST_ROW_ID_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.MANIFEST_KEY_METADATA_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.MANIFEST_LENGTH_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.MANIFEST_PATH_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.MANIFEST_SEQUENCE_NUMBER_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.MIN_SEQUENCE_NUMBER_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.PARTITIONS_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.PARTITION_SPEC_ID_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.RECORD_COUNT_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.STATUS_ID;
import static io.datashard.internal.manifest.ManifestAvroSchemas.UPPER_BOUND_ID;

import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionFieldSummary;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.DatashardException;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads manifest lists of format versions 1, 2 and 3, written by Datashard or any other
 * implementation of the spec. Fields are found by field id (or, failing that, by name), so the
 * names older writers used ({@code added_data_files_count}) read the same. v1 lists carry no
 * content or sequence numbers: their manifests read as data manifests with sequence number 0.
 *
 * <p>A manifest list holds one small record per manifest, so it is read whole; manifests are
 * streamed by {@link ManifestReader}.
 */
public final class ManifestListReader {
  private ManifestListReader() {}

  /** The manifests of a manifest list, in order. */
  public static List<ManifestFile> read(FileIO io, String location) {
    Objects.requireNonNull(io, "io is null");
    Objects.requireNonNull(location, "location is null");
    return read(io, io.newInputFile(location));
  }

  static List<ManifestFile> read(FileIO io, InputFile file) {
    List<ManifestFile> result = new ArrayList<>();
    try (AvroFileStream stream = AvroFileStream.open(file, "manifest list", -1L)) {
      Positions positions = new Positions(stream.avro().getSchema(), file.location());
      while (stream.hasNext()) {
        GenericRecord record = stream.next();
        try {
          result.add(positions.decode(io, record));
        } catch (DatashardException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new CorruptMetadataException(
              "Cannot read manifest list " + file.location() + ": an entry has an invalid value: " + e, e);
        }
      }
    }
    return result;
  }

  /**
   * Describes a manifest that a v1 snapshot lists inline (the snapshot's {@code manifests} field,
   * from before manifest lists existed) by reading it: its spec id comes from the Avro header and its
   * counts from its entries. Partition summaries are unknown, so the list is empty.
   */
  public static ManifestFile describeV1(FileIO io, String location, long snapshotId) {
    InputFile file = io.newInputFile(location);
    Counts counts = count(file);
    return new ManifestFile(location, counts.length, counts.specId, ManifestContent.DATA, 0L, 0L, snapshotId,
        counts.addedFiles, counts.existingFiles, counts.deletedFiles, counts.addedRows, counts.existingRows,
        counts.deletedRows, List.of(), null, null);
  }

  /** The counts of a manifest, computed from its entries. */
  static Counts count(InputFile file) {
    Counts counts = new Counts();
    try (AvroFileStream stream = AvroFileStream.open(file, "manifest", -1L)) {
      String specId = stream.avro().getMetaString("partition-spec-id");
      try {
        counts.specId = specId == null ? 0 : Integer.parseInt(specId);
      } catch (NumberFormatException e) {
        throw new CorruptMetadataException(
            "Cannot read manifest " + file.location() + ": its partition-spec-id header is not a number: " + specId);
      }
      Schema entrySchema = stream.avro().getSchema();
      int status = AvroFields.position(entrySchema, STATUS_ID, "status");
      int dataFile = AvroFields.position(entrySchema, DATA_FILE_ID, "data_file");
      if (status < 0 || dataFile < 0) {
        throw new CorruptMetadataException(
            "Cannot read manifest " + file.location() + ": its entries lack the status or data_file field");
      }
      Schema fileSchema = AvroFields.recordSchema(entrySchema, dataFile);
      int recordCount = fileSchema == null ? -1 : AvroFields.position(fileSchema, RECORD_COUNT_ID, "record_count");
      while (stream.hasNext()) {
        GenericRecord entry = stream.next();
        int entryStatus = AvroFields.intValue(entry, status);
        GenericRecord fileRecord = (GenericRecord) entry.get(dataFile);
        long rows = recordCount < 0 || fileRecord == null ? 0L : AvroFields.longValue(fileRecord, recordCount);
        switch (entryStatus) {
          case 0 -> {
            counts.existingFiles++;
            counts.existingRows += rows;
          }
          case 1 -> {
            counts.addedFiles++;
            counts.addedRows += rows;
          }
          case 2 -> {
            counts.deletedFiles++;
            counts.deletedRows += rows;
          }
          default -> throw new CorruptMetadataException(
              "Cannot read manifest " + file.location() + ": an entry has unknown status " + entryStatus);
        }
      }
    }
    counts.length = file.length();
    return counts;
  }

  static final class Counts {
    long length;
    int specId;
    int addedFiles;
    int existingFiles;
    int deletedFiles;
    long addedRows;
    long existingRows;
    long deletedRows;
  }

  private static final class Positions {
    private final String location;
    private final int path;
    private final int length;
    private final int specId;
    private final int content;
    private final int sequenceNumber;
    private final int minSequenceNumber;
    private final int addedSnapshotId;
    private final int addedFiles;
    private final int existingFiles;
    private final int deletedFiles;
    private final int addedRows;
    private final int existingRows;
    private final int deletedRows;
    private final int partitions;
    private final int keyMetadata;
    private final int firstRowId;

    private static final String NOT_A_MANIFEST_LIST = ". The file is not a manifest list of the Iceberg spec or is corrupt."
        + " Restore the file from a backup, or roll the table back to a snapshot that does not reference it.";

    Positions(Schema schema, String location) {
      this.location = location;
      if (schema.getType() != Schema.Type.RECORD) {
        throw new CorruptMetadataException("Cannot read manifest list " + location
            + ": its records are of Avro type " + schema.getType() + ", not manifest_file records" + NOT_A_MANIFEST_LIST);
      }
      this.path = required(schema, MANIFEST_PATH_ID, "manifest_path");
      this.length = required(schema, MANIFEST_LENGTH_ID, "manifest_length");
      this.specId = required(schema, PARTITION_SPEC_ID_ID, "partition_spec_id");
      this.content = AvroFields.position(schema, MANIFEST_CONTENT_ID, "content");
      this.sequenceNumber = AvroFields.position(schema, MANIFEST_SEQUENCE_NUMBER_ID, "sequence_number");
      this.minSequenceNumber = AvroFields.position(schema, MIN_SEQUENCE_NUMBER_ID, "min_sequence_number");
      this.addedSnapshotId = AvroFields.position(schema, ADDED_SNAPSHOT_ID_ID, "added_snapshot_id");
      this.addedFiles = AvroFields.position(schema, ADDED_FILES_COUNT_ID, "added_files_count", "added_data_files_count");
      this.existingFiles = AvroFields.position(
          schema, EXISTING_FILES_COUNT_ID, "existing_files_count", "existing_data_files_count");
      this.deletedFiles = AvroFields.position(
          schema, DELETED_FILES_COUNT_ID, "deleted_files_count", "deleted_data_files_count");
      this.addedRows = AvroFields.position(schema, ADDED_ROWS_COUNT_ID, "added_rows_count");
      this.existingRows = AvroFields.position(schema, EXISTING_ROWS_COUNT_ID, "existing_rows_count");
      this.deletedRows = AvroFields.position(schema, DELETED_ROWS_COUNT_ID, "deleted_rows_count");
      this.partitions = AvroFields.position(schema, PARTITIONS_ID, "partitions");
      this.keyMetadata = AvroFields.position(schema, MANIFEST_KEY_METADATA_ID, "key_metadata");
      this.firstRowId = AvroFields.position(schema, MANIFEST_FIRST_ROW_ID_ID, "first_row_id");
    }

    private int required(Schema schema, int id, String name) {
      int pos = AvroFields.position(schema, id, name);
      if (pos < 0) {
        throw new CorruptMetadataException("Cannot read manifest list " + location
            + ": its records lack the required field " + name + " (field id " + id + ")" + NOT_A_MANIFEST_LIST);
      }
      return pos;
    }

    ManifestFile decode(FileIO io, GenericRecord record) {
      String manifestPath = AvroFields.stringValue(record, path);
      Long manifestLength = AvroFields.longValue(record, length);
      Integer spec = AvroFields.intValue(record, specId);
      if (manifestPath == null || manifestLength == null || spec == null) {
        throw new CorruptMetadataException("Cannot read manifest list " + location
            + ": an entry lacks manifest_path, manifest_length or partition_spec_id" + NOT_A_MANIFEST_LIST);
      }
      Integer contentId = AvroFields.intValue(record, content);
      ManifestContent manifestContent = contentId == null ? ManifestContent.DATA : ManifestContent.fromId(contentId);
      Long sequence = AvroFields.longValue(record, sequenceNumber);
      Long minSequence = AvroFields.longValue(record, minSequenceNumber);
      Long snapshotId = AvroFields.longValue(record, addedSnapshotId);
      Integer added = AvroFields.intValue(record, addedFiles);
      Integer existing = AvroFields.intValue(record, existingFiles);
      Integer deleted = AvroFields.intValue(record, deletedFiles);
      Long addedRowCount = AvroFields.longValue(record, addedRows);
      Long existingRowCount = AvroFields.longValue(record, existingRows);
      Long deletedRowCount = AvroFields.longValue(record, deletedRows);
      if (added == null || existing == null || deleted == null
          || addedRowCount == null || existingRowCount == null || deletedRowCount == null) {
        // optional in v1: without them nothing could tell which manifests hold live files
        Counts counts = count(io.newInputFile(manifestPath, manifestLength));
        added = counts.addedFiles;
        existing = counts.existingFiles;
        deleted = counts.deletedFiles;
        addedRowCount = counts.addedRows;
        existingRowCount = counts.existingRows;
        deletedRowCount = counts.deletedRows;
      }
      return new ManifestFile(manifestPath, manifestLength, spec, manifestContent,
          sequence == null ? 0L : sequence, minSequence == null ? 0L : minSequence,
          snapshotId == null ? 0L : snapshotId, added, existing, deleted, addedRowCount, existingRowCount,
          deletedRowCount, summaries(record), AvroFields.bytesValue(record, keyMetadata),
          AvroFields.longValue(record, firstRowId));
    }

    private List<PartitionFieldSummary> summaries(GenericRecord record) {
      Object value = AvroFields.get(record, partitions);
      if (value == null) {
        return List.of();
      }
      List<PartitionFieldSummary> result = new ArrayList<>();
      for (Object element : (Collection<?>) value) {
        GenericRecord summary = (GenericRecord) element;
        Schema schema = summary.getSchema();
        int containsNull = AvroFields.position(schema, CONTAINS_NULL_ID, "contains_null");
        int containsNaN = AvroFields.position(schema, CONTAINS_NAN_ID, "contains_nan");
        int lower = AvroFields.position(schema, LOWER_BOUND_ID, "lower_bound");
        int upper = AvroFields.position(schema, UPPER_BOUND_ID, "upper_bound");
        Boolean hasNull = AvroFields.booleanValue(summary, containsNull);
        result.add(new PartitionFieldSummary(
            hasNull == null || hasNull, AvroFields.booleanValue(summary, containsNaN),
            AvroFields.bytesValue(summary, lower), AvroFields.bytesValue(summary, upper)));
      }
      return result;
    }
  }
}
