package io.datashard.internal.manifest;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.internal.manifest.ManifestEntry.Status;
import io.datashard.internal.metadata.PartitionSpecParser;
import io.datashard.internal.metadata.SchemaParser;
import io.datashard.io.OutputFile;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;

/**
 * Writes one manifest: an Avro file of {@code manifest_entry} records for the files of one partition
 * spec, in the schema of the table's format version, with the schema, spec, format version and
 * content in the Avro file metadata as the spec requires.
 *
 * <p>Entries that a snapshot adds are written without sequence numbers, which readers inherit from
 * the manifest list once the commit assigns them; so a manifest can be written once and reused when
 * a commit is retried. Close the writer, then describe the manifest in a manifest list with
 * {@link #toManifestFile()}. Not thread-safe.
 */
public final class ManifestWriter implements Closeable {
  private final OutputFile file;
  private final PartitionSpec spec;
  private final Types.StructType partitionType;
  private final int formatVersion;
  private final ManifestContent content;
  private final long snapshotId;
  private final org.apache.avro.Schema entrySchema;
  private final org.apache.avro.Schema dataFileSchema;
  private final org.apache.avro.Schema partitionSchema;
  private final Map<String, org.apache.avro.Schema> mapEntrySchemas;
  private final CountingOutputStream out;
  private final DataFileWriter<GenericData.Record> writer;
  private final PartitionSummaries summaries;

  private int addedFiles = 0;
  private int existingFiles = 0;
  private int deletedFiles = 0;
  private long addedRows = 0L;
  private long existingRows = 0L;
  private long deletedRows = 0L;
  private Long minDataSequenceNumber = null;
  private boolean closed = false;

  private ManifestWriter(
      PartitionSpec spec, Schema tableSchema, int formatVersion, ManifestContent content, OutputFile file, long snapshotId) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(tableSchema, "tableSchema is null");
    this.file = Objects.requireNonNull(file, "file is null");
    this.formatVersion = formatVersion;
    this.content = content;
    this.snapshotId = snapshotId;
    this.partitionType = spec.partitionType();
    this.entrySchema = ManifestAvroSchemas.manifestEntrySchema(formatVersion, partitionType);
    this.dataFileSchema = entrySchema.getField("data_file").schema();
    this.partitionSchema = dataFileSchema.getField("partition").schema();
    this.mapEntrySchemas = Map.of(
        "column_sizes", mapEntrySchema("column_sizes"),
        "value_counts", mapEntrySchema("value_counts"),
        "null_value_counts", mapEntrySchema("null_value_counts"),
        "nan_value_counts", mapEntrySchema("nan_value_counts"),
        "lower_bounds", mapEntrySchema("lower_bounds"),
        "upper_bounds", mapEntrySchema("upper_bounds"));
    this.summaries = new PartitionSummaries(partitionType);

    String schemaJson = SchemaParser.toJson(tableSchema);
    String specJson = PartitionSpecParser.fieldsToJson(spec);
    this.out = new CountingOutputStream(file.create());
    this.writer = new DataFileWriter<>(new GenericDatumWriter<GenericData.Record>(entrySchema));
    try {
      writer.setCodec(CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL));
      writer.setMeta("schema", schemaJson);
      writer.setMeta("schema-id", String.valueOf(tableSchema.schemaId()));
      writer.setMeta("partition-spec", specJson);
      writer.setMeta("partition-spec-id", String.valueOf(spec.specId()));
      writer.setMeta("format-version", String.valueOf(formatVersion));
      if (formatVersion >= 2) {
        writer.setMeta("content", content == ManifestContent.DATA ? "data" : "deletes");
      }
      writer.create(entrySchema, out);
    } catch (IOException | RuntimeException e) {
      closeAfterFailure(e);
      throw e instanceof IOException
          ? new RuntimeIOException("Failed to create manifest " + file.location(), (IOException) e)
          : (RuntimeException) e;
    }
  }

  /**
   * A writer of a data manifest.
   *
   * @param spec the partition spec of every file the manifest will hold
   * @param tableSchema the table's current schema, recorded in the manifest's metadata
   * @param formatVersion the table's format version: 1, 2 or 3
   * @param file where to write; it must not exist
   * @param snapshotId the snapshot that commits the manifest, written on added and deleted entries
   */
  public static ManifestWriter forData(
      PartitionSpec spec, Schema tableSchema, int formatVersion, OutputFile file, long snapshotId) {
    return new ManifestWriter(spec, tableSchema, formatVersion, ManifestContent.DATA, file, snapshotId);
  }

  /** A writer of a delete manifest (format version 2 or later); see {@link #forData}. */
  public static ManifestWriter forDeletes(
      PartitionSpec spec, Schema tableSchema, int formatVersion, OutputFile file, long snapshotId) {
    if (formatVersion < 2) {
      throw new IllegalArgumentException(
          "Cannot write delete manifest " + file.location() + " for format version " + formatVersion
              + ": delete files need format version 2 or later");
    }
    return new ManifestWriter(spec, tableSchema, formatVersion, ManifestContent.DELETES, file, snapshotId);
  }

  /**
   * Adds a file that this snapshot adds. Its file sequence number is inherited at commit; its data
   * sequence number too, unless the file already carries one (a compaction that keeps the data's
   * age), which is then written explicitly.
   */
  public void add(ContentFile contentFile) {
    Long dataSequence = contentFile.dataSequenceNumber().orElse(null);
    write(Status.ADDED, snapshotId, dataSequence, null, contentFile);
  }

  /** Adds a file with an explicit data sequence number, for files whose data is older than the commit. */
  public void add(ContentFile contentFile, long dataSequenceNumber) {
    write(Status.ADDED, snapshotId, dataSequenceNumber, null, contentFile);
  }

  /**
   * Adds a file that stays in the table unchanged, keeping the snapshot that added it and its
   * sequence numbers.
   *
   * @param fileSequenceNumber the file sequence number, or null if unknown (files added before v2)
   */
  public void existing(ContentFile contentFile, long fileSnapshotId, long dataSequenceNumber, Long fileSequenceNumber) {
    write(Status.EXISTING, fileSnapshotId, dataSequenceNumber, fileSequenceNumber, contentFile);
  }

  /** Adds a live entry read from another manifest as an existing entry. */
  public void existing(ManifestEntry entry) {
    if (entry.snapshotId() == null || entry.dataSequenceNumber() == null) {
      throw new IllegalArgumentException(
          "Cannot write " + entry.file().location() + " as an existing entry: its snapshot id or data sequence "
              + "number is unknown; read entries through ManifestReader.read with the manifest list's values");
    }
    existing(entry.file(), entry.snapshotId(), entry.dataSequenceNumber(), entry.fileSequenceNumber());
  }

  /**
   * Records that this snapshot deletes a file, keeping its original sequence numbers as the spec
   * requires.
   *
   * @param fileSequenceNumber the file sequence number, or null if unknown (files added before v2)
   */
  public void delete(ContentFile contentFile, long dataSequenceNumber, Long fileSequenceNumber) {
    write(Status.DELETED, snapshotId, dataSequenceNumber, fileSequenceNumber, contentFile);
  }

  /** Records that this snapshot deletes the file of an entry read from another manifest. */
  public void delete(ManifestEntry entry) {
    if (entry.dataSequenceNumber() == null) {
      throw new IllegalArgumentException(
          "Cannot write " + entry.file().location() + " as a deleted entry: its data sequence number is unknown; "
              + "read entries through ManifestReader.read with the manifest list's values");
    }
    delete(entry.file(), entry.dataSequenceNumber(), entry.fileSequenceNumber());
  }

  private void write(Status status, long entrySnapshotId, Long dataSequence, Long fileSequence, ContentFile contentFile) {
    Objects.requireNonNull(contentFile, "file is null");
    if (closed) {
      throw new IllegalStateException("Cannot add " + contentFile.location() + " to manifest " + file.location() + ": the writer is closed");
    }
    checkFile(contentFile);
    GenericData.Record entry = new GenericData.Record(entrySchema);
    entry.put("status", status.id());
    entry.put("snapshot_id", entrySnapshotId);
    if (formatVersion >= 2) {
      entry.put("sequence_number", dataSequence);
      entry.put("file_sequence_number", fileSequence);
    }
    entry.put("data_file", toAvro(contentFile));
    try {
      writer.append(entry);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to write an entry for " + contentFile.location() + " to manifest " + file.location(), e);
    }

    switch (status) {
      case ADDED -> {
        addedFiles += 1;
        addedRows += contentFile.recordCount();
      }
      case EXISTING -> {
        existingFiles += 1;
        existingRows += contentFile.recordCount();
      }
      case DELETED -> {
        deletedFiles += 1;
        deletedRows += contentFile.recordCount();
      }
    }
    summaries.update(contentFile.partition());
    // v1 manifests store no sequence numbers: their files all read as 0, so none may lower the minimum
    if (formatVersion >= 2 && status != Status.DELETED && dataSequence != null
        && (minDataSequenceNumber == null || dataSequence < minDataSequenceNumber)) {
      minDataSequenceNumber = dataSequence;
    }
  }

  private void checkFile(ContentFile contentFile) {
    boolean expectedKind = content == ManifestContent.DATA ? contentFile instanceof DataFile : contentFile instanceof DeleteFile;
    if (!expectedKind) {
      throw new IllegalArgumentException(String.format(
          "Cannot add %s file %s to %s manifest %s: data and delete files go to separate manifests",
          contentFile.content(), contentFile.location(), content, file.location()));
    }
    if (contentFile.specId() != spec.specId()) {
      throw new IllegalArgumentException(String.format(
          "Cannot add file %s written with partition spec %d to manifest %s of spec %d: a manifest holds files of one spec",
          contentFile.location(), contentFile.specId(), file.location(), spec.specId()));
    }
    if (formatVersion < 3 && (contentFile.contentOffset().isPresent() || contentFile.contentSizeInBytes().isPresent())) {
      throw new IllegalArgumentException(String.format(
          "Cannot add deletion vector %s to manifest %s of format version %d: deletion vectors need format version 3",
          contentFile.location(), file.location(), formatVersion));
    }
  }

  private GenericData.Record toAvro(ContentFile contentFile) {
    GenericData.Record record = new GenericData.Record(dataFileSchema);
    if (formatVersion >= 2) {
      record.put("content", contentFile.content().id());
    }
    record.put("file_path", contentFile.location());
    record.put("file_format", contentFile.format().name());
    record.put("partition", PartitionValues.toAvro(partitionSchema, partitionType, contentFile.partition(), contentFile.location()));
    record.put("record_count", contentFile.recordCount());
    record.put("file_size_in_bytes", contentFile.fileSizeInBytes());
    if (formatVersion == 1) {
      record.put("block_size_in_bytes", ManifestAvroSchemas.V1_DEFAULT_BLOCK_SIZE);
    }
    record.put("column_sizes", intKeyMap("column_sizes", contentFile.columnSizes()));
    record.put("value_counts", intKeyMap("value_counts", contentFile.valueCounts()));
    record.put("null_value_counts", intKeyMap("null_value_counts", contentFile.nullValueCounts()));
    record.put("nan_value_counts", intKeyMap("nan_value_counts", contentFile.nanValueCounts()));
    record.put("lower_bounds", intKeyMap("lower_bounds", contentFile.lowerBounds()));
    record.put("upper_bounds", intKeyMap("upper_bounds", contentFile.upperBounds()));
    record.put("key_metadata", contentFile.keyMetadata().map(ManifestWriter::copy).orElse(null));
    record.put("split_offsets", contentFile.splitOffsets().orElse(null));
    if (formatVersion >= 2) {
      List<Integer> equalityIds = contentFile.equalityFieldIds();
      record.put("equality_ids", equalityIds.isEmpty() ? null : equalityIds);
      record.put("referenced_data_file", contentFile.referencedDataFile().orElse(null));
    }
    record.put("sort_order_id", contentFile.sortOrderId().orElse(null));
    if (formatVersion >= 3) {
      // the spec keeps first_row_id null for delete files
      record.put("first_row_id", contentFile instanceof DataFile ? contentFile.firstRowId().orElse(null) : null);
      record.put("content_offset", contentFile.contentOffset().orElse(null));
      record.put("content_size_in_bytes", contentFile.contentSizeInBytes().orElse(null));
    }
    return record;
  }

  /** Empty maps are written as null: the model does not tell "no statistics" from "none collected". */
  private List<GenericData.Record> intKeyMap(String field, Map<Integer, ?> values) {
    if (values.isEmpty()) {
      return null;
    }
    org.apache.avro.Schema pairSchema = mapEntrySchemas.get(field);
    List<GenericData.Record> pairs = new ArrayList<>(values.size());
    for (Map.Entry<Integer, ?> value : values.entrySet()) {
      GenericData.Record pair = new GenericData.Record(pairSchema);
      pair.put(0, value.getKey());
      pair.put(1, value.getValue() instanceof ByteBuffer ? copy((ByteBuffer) value.getValue()) : value.getValue());
      pairs.add(pair);
    }
    return pairs;
  }

  private org.apache.avro.Schema mapEntrySchema(String field) {
    return PartitionValues.nonNull(dataFileSchema.getField(field).schema()).getElementType();
  }

  private static ByteBuffer copy(ByteBuffer buffer) {
    return ByteBuffer.wrap(PartitionValues.toArray(buffer));
  }

  /** Bytes written so far; exact once the writer is closed, while open it lags by the buffered block. */
  public long length() {
    return out.count();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to close manifest " + file.location(), e);
    }
  }

  /**
   * The manifest list entry for the closed manifest. Its sequence number is
   * {@link ManifestFile#UNASSIGNED_SEQ}, as is its minimum sequence number unless some live entry
   * carries an explicit one; {@link ManifestListWriter} assigns them when the commit writes the list.
   *
   * @throws IllegalStateException if the writer is not closed
   */
  public ManifestFile toManifestFile() {
    if (!closed) {
      throw new IllegalStateException("Cannot describe manifest " + file.location() + " before the writer is closed");
    }
    long minSequence = minDataSequenceNumber != null ? minDataSequenceNumber : ManifestFile.UNASSIGNED_SEQ;
    return new ManifestFile(
        file.location(), length(), spec.specId(), content, ManifestFile.UNASSIGNED_SEQ, minSequence, snapshotId,
        addedFiles, existingFiles, deletedFiles, addedRows, existingRows, deletedRows,
        summaries.summaries(), null, null);
  }

  private void closeAfterFailure(Exception failure) {
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
