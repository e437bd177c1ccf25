package io.datashard.internal.manifest;

import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionFieldSummary;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.OutputFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;

/**
 * Writes a snapshot's manifest list. This is where a commit attempt's sequence number reaches the
 * manifests it wrote: manifests with {@link ManifestFile#UNASSIGNED_SEQ} get the snapshot's sequence
 * number, and their entries inherit it when read. In v3 it also assigns {@code first_row_id} to data
 * manifests that have none, counting up from the snapshot's first row id.
 */
public final class ManifestListWriter {

  /**
   * What was written.
   *
   * @param length the manifest list's size in bytes
   * @param assignedRows v3: how many row ids were assigned to manifests (the snapshot's
   *     {@code added-rows}); 0 before v3
   * @param manifests the manifests as written, with sequence numbers and first row ids assigned
   */
  public record Result(long length, long assignedRows, List<ManifestFile> manifests) {
    public Result {
      manifests = List.copyOf(manifests);
    }
  }

  private ManifestListWriter() {}

  /**
   * Writes the manifest list of a snapshot.
   *
   * @param file where to write; it must not exist
   * @param formatVersion the table's format version: 1, 2 or 3
   * @param snapshotId the snapshot being committed; manifests without a sequence number must have
   *     been added by it
   * @param parentSnapshotId the parent snapshot, or null for the first snapshot of a branch
   * @param sequenceNumber the snapshot's sequence number
   * @param firstRowId v3: the snapshot's {@code first-row-id} (the table's next row id); null before v3
   * @param manifests the snapshot's manifests, in order
   */
  public static Result write(
      OutputFile file, int formatVersion, long snapshotId, Long parentSnapshotId, long sequenceNumber,
      Long firstRowId, Iterable<ManifestFile> manifests) {
    Objects.requireNonNull(file, "file is null");
    Objects.requireNonNull(manifests, "manifests is null");
    if (formatVersion >= 3 && firstRowId == null) {
      throw new IllegalArgumentException(
          "Cannot write manifest list " + file.location() + " of format version " + formatVersion
              + " without the snapshot's first row id");
    }
    List<ManifestFile> assigned = new ArrayList<>();
    long nextRowId = assign(file, formatVersion, snapshotId, sequenceNumber, firstRowId, manifests, assigned);
    long assignedRows = formatVersion >= 3 ? nextRowId - firstRowId : 0L;

    Schema schema = ManifestAvroSchemas.manifestListSchema(formatVersion);
    Schema summarySchema = PartitionValues.nonNull(schema.getField("partitions").schema()).getElementType();
    CountingOutputStream out = new CountingOutputStream(file.create());
    DataFileWriter<GenericData.Record> writer = new DataFileWriter<>(new GenericDatumWriter<GenericData.Record>(schema));
    try {
      writer.setCodec(CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL));
      writer.setMeta("snapshot-id", String.valueOf(snapshotId));
      // Iceberg writes the string "null" for a snapshot without parent
      writer.setMeta("parent-snapshot-id", String.valueOf(parentSnapshotId));
      if (formatVersion >= 2) {
        writer.setMeta("sequence-number", String.valueOf(sequenceNumber));
      }
      writer.setMeta("format-version", String.valueOf(formatVersion));
      if (formatVersion >= 3) {
        writer.setMeta("first-row-id", String.valueOf(firstRowId));
      }
      writer.create(schema, out);
    } catch (IOException | RuntimeException e) {
      try {
        out.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e instanceof IOException
          ? new RuntimeIOException("Failed to create manifest list " + file.location(), (IOException) e)
          : (RuntimeException) e;
    }
    try (writer) {
      for (ManifestFile manifest : assigned) {
        writer.append(toAvro(schema, summarySchema, formatVersion, manifest));
      }
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to write manifest list " + file.location(), e);
    }
    return new Result(out.count(), assignedRows, assigned);
  }

  /** Adds the manifests with sequence numbers and first row ids assigned to {@code result}; returns the next row id. */
  private static long assign(
      OutputFile file, int formatVersion, long snapshotId, long sequenceNumber, Long firstRowId,
      Iterable<ManifestFile> manifests, List<ManifestFile> result) {
    long nextRowId = firstRowId == null ? 0L : firstRowId;
    for (ManifestFile manifest : manifests) {
      ManifestFile current = Objects.requireNonNull(manifest, "manifest is null");
      if (formatVersion == 1 && current.content() == ManifestContent.DELETES) {
        throw new IllegalArgumentException(
            "Cannot write delete manifest " + current.location() + " to manifest list " + file.location()
                + ": format version 1 has no delete files");
      }
      if (current.sequenceNumber() == ManifestFile.UNASSIGNED_SEQ) {
        if (current.addedSnapshotId() != snapshotId) {
          throw new IllegalStateException(String.format(
              "Cannot write manifest list %s for snapshot %d: manifest %s has no sequence number but was added by snapshot %d; "
                  + "only manifests of the committing snapshot inherit its sequence number",
              file.location(), snapshotId, current.location(), current.addedSnapshotId()));
        }
        long minSequence = current.minSequenceNumber() == ManifestFile.UNASSIGNED_SEQ
            ? sequenceNumber
            : current.minSequenceNumber();
        current = current.withSequenceNumbers(sequenceNumber, minSequence);
      }
      if (formatVersion >= 3 && current.content() == ManifestContent.DATA && current.firstRowId() == null) {
        current = current.withFirstRowId(nextRowId);
        // the spec's estimate: every added or existing row may still need an id
        nextRowId += current.addedRowsCount() + current.existingRowsCount();
      }
      result.add(current);
    }
    return nextRowId;
  }

  private static GenericData.Record toAvro(Schema schema, Schema summarySchema, int formatVersion, ManifestFile manifest) {
    GenericData.Record record = new GenericData.Record(schema);
    record.put("manifest_path", manifest.location());
    record.put("manifest_length", manifest.length());
    record.put("partition_spec_id", manifest.partitionSpecId());
    if (formatVersion >= 2) {
      record.put("content", manifest.content().id());
      record.put("sequence_number", manifest.sequenceNumber());
      record.put("min_sequence_number", manifest.minSequenceNumber());
    }
    record.put("added_snapshot_id", manifest.addedSnapshotId());
    record.put("added_files_count", manifest.addedFilesCount());
    record.put("existing_files_count", manifest.existingFilesCount());
    record.put("deleted_files_count", manifest.deletedFilesCount());
    record.put("added_rows_count", manifest.addedRowsCount());
    record.put("existing_rows_count", manifest.existingRowsCount());
    record.put("deleted_rows_count", manifest.deletedRowsCount());
    List<GenericData.Record> summaries = new ArrayList<>(manifest.partitions().size());
    for (PartitionFieldSummary summary : manifest.partitions()) {
      GenericData.Record avro = new GenericData.Record(summarySchema);
      avro.put("contains_null", summary.containsNull());
      avro.put("contains_nan", summary.containsNaN());
      avro.put("lower_bound", summary.lower().map(ManifestListWriter::copy).orElse(null));
      avro.put("upper_bound", summary.upper().map(ManifestListWriter::copy).orElse(null));
      summaries.add(avro);
    }
    record.put("partitions", summaries);
    record.put("key_metadata", manifest.keyMetadata() == null ? null : copy(manifest.keyMetadata()));
    if (formatVersion >= 3) {
      record.put("first_row_id", manifest.content() == ManifestContent.DATA ? manifest.firstRowId() : null);
    }
    return record;
  }

  private static ByteBuffer copy(ByteBuffer buffer) {
    return ByteBuffer.wrap(PartitionValues.toArray(buffer));
  }
}
