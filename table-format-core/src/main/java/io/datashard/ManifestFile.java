package io.datashard;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of a manifest list: one manifest file with its counts and partition summaries.
 *
 * @param location full path of the manifest
 * @param length size of the manifest in bytes
 * @param partitionSpecId spec the manifest's files were written with
 * @param content data or deletes
 * @param sequenceNumber sequence number of the snapshot that added the manifest
 * @param minSequenceNumber smallest data sequence number of the live files in the manifest
 * @param addedSnapshotId snapshot that added the manifest
 * @param addedFilesCount entries with status ADDED
 * @param existingFilesCount entries with status EXISTING
 * @param deletedFilesCount entries with status DELETED
 * @param addedRowsCount rows in ADDED files
 * @param existingRowsCount rows in EXISTING files
 * @param deletedRowsCount rows in DELETED files
 * @param partitions one summary per partition field, in spec order
 * @param keyMetadata encryption key metadata, or null
 * @param firstRowId v3: first row id assigned to the manifest's added data files, or null
 */
public record ManifestFile(
    String location,
    long length,
    int partitionSpecId,
    ManifestContent content,
    long sequenceNumber,
    long minSequenceNumber,
    long addedSnapshotId,
    int addedFilesCount,
    int existingFilesCount,
    int deletedFilesCount,
    long addedRowsCount,
    long existingRowsCount,
    long deletedRowsCount,
    List<PartitionFieldSummary> partitions,
    ByteBuffer keyMetadata,
    Long firstRowId) {

  /** Sequence number placeholder for manifests written before their commit assigns one. */
  public static final long UNASSIGNED_SEQ = -1L;

  public ManifestFile {
    Objects.requireNonNull(location, "location is null");
    Objects.requireNonNull(content, "content is null");
    partitions = List.copyOf(partitions);
    keyMetadata = keyMetadata == null ? null : keyMetadata.asReadOnlyBuffer();
  }

  public boolean hasAddedFiles() {
    return addedFilesCount > 0;
  }

  public boolean hasExistingFiles() {
    return existingFilesCount > 0;
  }

  public boolean hasDeletedFiles() {
    return deletedFilesCount > 0;
  }

  /** Files the manifest tracks as live (added or existing). */
  public int liveFilesCount() {
    return addedFilesCount + existingFilesCount;
  }

  public Optional<Long> firstRowIdValue() {
    return Optional.ofNullable(firstRowId);
  }

  public ManifestFile withSequenceNumbers(long sequence, long minSequence) {
    return new ManifestFile(location, length, partitionSpecId, content, sequence, minSequence, addedSnapshotId,
        addedFilesCount, existingFilesCount, deletedFilesCount, addedRowsCount, existingRowsCount,
        deletedRowsCount, partitions, keyMetadata, firstRowId);
  }

  public ManifestFile withFirstRowId(Long rowId) {
    return new ManifestFile(location, length, partitionSpecId, content, sequenceNumber, minSequenceNumber,
        addedSnapshotId, addedFilesCount, existingFilesCount, deletedFilesCount, addedRowsCount,
        existingRowsCount, deletedRowsCount, partitions, keyMetadata, rowId);
  }
}
