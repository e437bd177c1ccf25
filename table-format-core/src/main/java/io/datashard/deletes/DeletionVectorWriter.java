package io.datashard.deletes;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.io.OutputFile;
import io.datashard.puffin.Blob;
import io.datashard.puffin.BlobMetadata;
import io.datashard.puffin.PuffinWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the deletion vectors of several data files into one Puffin file, one
 * {@code deletion-vector-v1} blob per data file, and describes each as a {@link DeleteFile} ready
 * for {@code table.newRowDelta().addDeletes(...)} on a format version 3 table.
 *
 * <p>A table may hold at most one deletion vector per data file: when a data file already has one,
 * merge its positions into the new vector (see {@link DeletionVectorReader}) and remove the old
 * delete file in the same row delta.
 *
 * <pre>{@code
 * List<DeleteFile> dvs = new DeletionVectorWriter(io.newOutputFile(location))
 *     .add(dataFile, DeletionVector.of(3, 7))
 *     .write();
 * RowDelta delta = table.newRowDelta();
 * dvs.forEach(delta::addDeletes);
 * delta.commit();
 * }</pre>
 */
public final class DeletionVectorWriter {
  /** Reserved field id of the {@code _pos} metadata column: the blob is computed over row positions. */
  static final int ROW_POSITION_FIELD_ID = Integer.MAX_VALUE - 2;
  static final String REFERENCED_DATA_FILE = "referenced-data-file";
  static final String CARDINALITY = "cardinality";

  private final OutputFile file;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private boolean written;

  public DeletionVectorWriter(OutputFile file) {
    this.file = Objects.requireNonNull(file, "file is null");
  }

  /** Adds deleted positions of {@code dataFile}; positions added twice for one file are merged. */
  public DeletionVectorWriter add(DataFile dataFile, PositionDeleteIndex positions) {
    Objects.requireNonNull(dataFile, "dataFile is null");
    return add(dataFile.location(), dataFile.specId(), dataFile.partition(), positions);
  }

  /**
   * Adds deleted positions of the data file at {@code dataFileLocation}, written with partition
   * spec {@code specId} into {@code partition} (a deletion vector has the partition of its data file).
   */
  public DeletionVectorWriter add(String dataFileLocation, int specId, PartitionData partition, PositionDeleteIndex positions) {
    Objects.requireNonNull(dataFileLocation, "dataFileLocation is null");
    Objects.requireNonNull(partition, "partition is null");
    Objects.requireNonNull(positions, "positions is null");
    if (written) {
      throw new IllegalStateException("Cannot add deletes for " + dataFileLocation + ": Puffin file " + file.location() + " is already written");
    }
    Target target = targets.computeIfAbsent(dataFileLocation, location -> new Target(specId, partition, new DeletionVector()));
    if (target.specId != specId || !target.partition.equals(partition)) {
      throw new IllegalArgumentException(String.format(
          "Cannot add deletes for %s with spec %d and partition %s: it was already added with spec %d and partition %s",
          dataFileLocation, specId, partition, target.specId, target.partition));
    }
    target.vector.merge(positions);
    return this;
  }

  /**
   * Writes the Puffin file and returns one delete file per data file, in the order the data files
   * were first added. Data files whose vector is empty get no blob and no delete file; if all are
   * empty, no file is written.
   */
  public List<DeleteFile> write() {
    if (written) {
      throw new IllegalStateException("Puffin file " + file.location() + " is already written");
    }
    written = true;
    Map<String, Target> nonEmpty = new LinkedHashMap<>();
    targets.forEach((location, target) -> {
      if (!target.vector.isEmpty()) {
        nonEmpty.put(location, target);
      }
    });
    if (nonEmpty.isEmpty()) {
      return List.of();
    }
    List<BlobMetadata> blobs = new ArrayList<>();
    long fileSize;
    try (PuffinWriter writer = new PuffinWriter(file, Map.of())) {
      for (Map.Entry<String, Target> entry : nonEmpty.entrySet()) {
        DeletionVector vector = entry.getValue().vector;
        // snapshot id and sequence number are not known before the commit; the spec asks for -1
        blobs.add(writer.add(new Blob(DeletionVector.BLOB_TYPE, List.of(ROW_POSITION_FIELD_ID), -1, -1,
            vector.serialize(),
            Map.of(REFERENCED_DATA_FILE, entry.getKey(), CARDINALITY, Long.toString(vector.cardinality())))));
      }
      writer.close();
      fileSize = writer.fileSize();
    }
    List<DeleteFile> result = new ArrayList<>(blobs.size());
    int index = 0;
    for (Map.Entry<String, Target> entry : nonEmpty.entrySet()) {
      BlobMetadata blob = blobs.get(index++);
      Target target = entry.getValue();
      result.add(DeleteFile.builder()
          .ofPositionDeletes()
          .withSpecId(target.specId)
          .withPartition(target.partition)
          .withLocation(file.location())
          .withFormat(FileFormat.PUFFIN)
          .withFileSizeInBytes(fileSize)
          .withRecordCount(target.vector.cardinality())
          .withReferencedDataFile(entry.getKey())
          .withContentOffset(blob.offset())
          .withContentSizeInBytes(blob.length())
          .build());
    }
    return List.copyOf(result);
  }

  private record Target(int specId, PartitionData partition, DeletionVector vector) {
  }
}
