package io.datashard.deletes;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.data.DeleteFilter;
import io.datashard.data.GenericRecord;
import io.datashard.internal.data.MetricsConfig;
import io.datashard.puffin.Blob;
import io.datashard.puffin.BlobMetadata;
import io.datashard.puffin.PuffinWriter;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes merge-on-read deletes for one engine task: deleted row positions arrive grouped by data
 * file (all positions of one data file together, in any order within it), and memory holds the
 * positions of one data file at a time, compressed.
 *
 * <ul>
 *   <li>Format version 2: Parquet (or Avro, {@code write.delete.format.default}) position delete
 *       files, rows sorted by file path then position as the spec requires. A file holds one
 *       partition; a new file starts when the partition changes, when a data file path arrives out of
 *       ascending order, or at {@code write.delete.target-file-size-bytes}.
 *   <li>Format version 3: deletion vectors in Puffin files, exactly one per data file, merged with
 *       the position deletes that already apply to that data file (from the factory); the deletion
 *       vector and file-scoped position delete files merged are reported as rewritten, to be removed
 *       in the same commit.
 * </ul>
 *
 * <p>{@link #finish()} returns what was written; closing a writer that was not finished deletes its
 * files. Not thread-safe.
 */
public final class MergeOnReadDeleteWriter implements Closeable {
  private final DeleteWriterFactory factory;
  private final String prefix;
  private final boolean vectors;
  private final DeleteFilter existing;
  private final Map<String, String> deleteFileProperties;

  private String currentLocation = null;
  private int currentSpecId;
  private PartitionData currentPartition;
  private DeletionVector currentPositions;
  private final Set<String> seenDataFiles = new HashSet<>();

  private final List<DeleteFile> written = new ArrayList<>();
  private final Map<String, DeleteFile> rewritten = new LinkedHashMap<>();
  private final Set<String> referenced = new LinkedHashSet<>();
  private final List<String> createdFiles = new ArrayList<>();
  private int fileCount = 0;

  // format version 3: the open Puffin file and the vectors written into it
  private PuffinWriter puffin = null;
  private long puffinBytes = 0;
  private final List<PendingVector> pendingVectors = new ArrayList<>();

  // format version 2: the open position delete file
  private DeleteRowsFile positionFile = null;
  private int positionSpecId;
  private PartitionData positionPartition;
  private String lastPath = null;
  private final Set<String> pathsInFile = new HashSet<>();
  private GenericRecord row = null;

  private boolean finished = false;
  private boolean closed = false;

  private record PendingVector(String dataFile, int specId, PartitionData partition, BlobMetadata blob, long cardinality) {
  }

  MergeOnReadDeleteWriter(DeleteWriterFactory factory, String prefix) {
    this.factory = Objects.requireNonNull(factory, "factory is null");
    this.prefix = Objects.requireNonNull(prefix, "prefix is null");
    this.vectors = factory.formatVersion() >= 3;
    this.existing = new DeleteFilter(factory.io(), PositionDeleteWriter.SCHEMA);
    Map<String, String> props = new HashMap<>(factory.properties());
    // readers match delete rows to data files by the path bounds, which truncation would blur
    props.put(MetricsConfig.COLUMN_MODE_PREFIX + "file_path", "full");
    props.put(MetricsConfig.COLUMN_MODE_PREFIX + "pos", "full");
    this.deleteFileProperties = Map.copyOf(props);
  }

  /** Deletes the row at {@code position} (0-based) of {@code dataFile}. */
  public MergeOnReadDeleteWriter delete(DataFile dataFile, long position) {
    Objects.requireNonNull(dataFile, "dataFile is null");
    return delete(dataFile.location(), dataFile.specId(), dataFile.partition(), position);
  }

  /**
   * Deletes the row at {@code position} (0-based) of the data file at {@code dataFileLocation},
   * written with partition spec {@code specId} into {@code partition}.
   *
   * @throws IllegalArgumentException on format version 3 if deletes for this data file already
   *     arrived before another data file's: its one deletion vector is already written
   */
  public MergeOnReadDeleteWriter delete(String dataFileLocation, int specId, PartitionData partition, long position) {
    switchTo(dataFileLocation, specId, partition);
    currentPositions.delete(position);
    return this;
  }

  /** Deletes every position of {@code positions} in the data file; see {@link #delete(String, int, PartitionData, long)}. */
  public MergeOnReadDeleteWriter deleteAll(String dataFileLocation, int specId, PartitionData partition, PositionDeleteIndex positions) {
    Objects.requireNonNull(positions, "positions is null");
    switchTo(dataFileLocation, specId, partition);
    currentPositions.merge(positions);
    return this;
  }

  private void switchTo(String location, int specId, PartitionData partition) {
    Objects.requireNonNull(location, "dataFileLocation is null");
    Objects.requireNonNull(partition, "partition is null");
    if (finished || closed) {
      throw new IllegalStateException("Cannot add deletes for " + location + ": the delete writer of "
          + factory.tableName() + " is " + (closed ? "closed" : "finished"));
    }
    if (location.equals(currentLocation)) {
      return;
    }
    flush();
    if (vectors && !seenDataFiles.add(location)) {
      throw new IllegalArgumentException("Cannot add deletes for data file " + location + " of " + factory.tableName()
          + ": its deletion vector was already written when deletes of another data file arrived. Format version 3 "
          + "allows one deletion vector per data file: send the deletes of a data file together (cluster by file).");
    }
    factory.spec(specId); // fail early on an unknown spec
    currentLocation = location;
    currentSpecId = specId;
    currentPartition = partition;
    currentPositions = new DeletionVector();
  }

  private void flush() {
    if (currentLocation == null) {
      return;
    }
    if (vectors) {
      writeVector();
    } else if (!currentPositions.isEmpty()) {
      writePositions();
    }
    currentLocation = null;
    currentPositions = null;
  }

  private void writeVector() {
    DeletionVector vector = currentPositions;
    List<DeleteFile> previous = factory.existingDeletes(currentLocation);
    if (vector.isEmpty()) {
      return; // nothing new for this file: its existing deletes stay as they are
    }
    if (!previous.isEmpty()) {
      vector.merge(existing.positionDeletes(currentLocation, previous));
      for (DeleteFile delete : previous) {
        // partition-scoped position delete files may hold other data files' rows: they stay, and the
        // scan ignores them for this data file once it has a deletion vector
        if (delete.isDeletionVector() || delete.referencedDataFile().filter(currentLocation::equals).isPresent()) {
          rewritten.putIfAbsent(delete.location() + "#" + delete.contentOffset().orElse(-1L), delete);
        }
      }
    }
    if (puffin == null) {
      String location = newLocation(currentSpecId, currentPartition);
      puffin = new PuffinWriter(factory.io().newOutputFile(location), Map.of());
    }
    BlobMetadata blob = puffin.add(new Blob(DeletionVector.BLOB_TYPE, List.of(DeletionVectorWriter.ROW_POSITION_FIELD_ID),
        -1, -1, vector.serialize(), Map.of(DeletionVectorWriter.REFERENCED_DATA_FILE, currentLocation,
            DeletionVectorWriter.CARDINALITY, Long.toString(vector.cardinality()))));
    pendingVectors.add(new PendingVector(currentLocation, currentSpecId, currentPartition, blob, vector.cardinality()));
    referenced.add(currentLocation);
    puffinBytes += blob.length();
    if (puffinBytes >= factory.targetFileSizeBytes()) {
      closePuffin();
    }
  }

  private void closePuffin() {
    if (puffin == null) {
      return;
    }
    String location = puffin.location();
    puffin.close();
    long size = puffin.fileSize();
    for (PendingVector vector : pendingVectors) {
      written.add(DeleteFile.builder()
          .ofPositionDeletes()
          .withSpecId(vector.specId())
          .withPartition(vector.partition())
          .withLocation(location)
          .withFormat(FileFormat.PUFFIN)
          .withFileSizeInBytes(size)
          .withRecordCount(vector.cardinality())
          .withReferencedDataFile(vector.dataFile())
          .withContentOffset(vector.blob().offset())
          .withContentSizeInBytes(vector.blob().length())
          .build());
    }
    pendingVectors.clear();
    puffin = null;
    puffinBytes = 0;
  }

  private void writePositions() {
    if (positionFile != null && (positionSpecId != currentSpecId || !positionPartition.equals(currentPartition)
        || currentLocation.compareTo(lastPath) <= 0 || positionFile.length() >= factory.targetFileSizeBytes())) {
      closePositionFile();
    }
    if (positionFile == null) {
      PartitionSpec spec = factory.spec(currentSpecId);
      String location = newLocation(currentSpecId, currentPartition);
      positionFile = new DeleteRowsFile(factory.io().newOutputFile(location), factory.format(), PositionDeleteWriter.SCHEMA,
          spec, currentPartition, deleteFileProperties);
      positionSpecId = currentSpecId;
      positionPartition = currentPartition;
      row = GenericRecord.create(PositionDeleteWriter.SCHEMA);
    }
    // ascending positions of a path that sorts after every path already in the file: the spec's order
    row.set(0, currentLocation);
    DeleteRowsFile out = positionFile;
    currentPositions.forEach(pos -> {
      row.set(1, pos);
      out.write(row);
    });
    lastPath = currentLocation;
    pathsInFile.add(currentLocation);
    referenced.add(currentLocation);
  }

  private void closePositionFile() {
    if (positionFile == null) {
      return;
    }
    positionFile.close();
    DeleteFile.Builder builder = positionFile.describe().ofPositionDeletes();
    if (pathsInFile.size() == 1) {
      builder.withReferencedDataFile(pathsInFile.iterator().next());
    }
    written.add(builder.build());
    positionFile = null;
    pathsInFile.clear();
    lastPath = null;
  }

  private String newLocation(int specId, PartitionData partition) {
    String name = String.format(java.util.Locale.ROOT, "%s-%05d.%s", prefix, fileCount, factory.extension(vectors));
    fileCount += 1;
    String location = factory.directory(factory.spec(specId), partition) + "/" + name;
    createdFiles.add(location);
    return location;
  }

  /**
   * Writes what is buffered, closes the files and returns what was written; the caller commits it
   * (see {@link MergeOnReadCommit}) or deletes the files if the operation is abandoned.
   */
  public DeleteWriteResult finish() {
    if (closed || finished) {
      throw new IllegalStateException("Cannot finish the delete writer of " + factory.tableName() + ": it is already "
          + (closed ? "closed" : "finished"));
    }
    flush();
    closePuffin();
    closePositionFile();
    finished = true;
    return new DeleteWriteResult(written, new ArrayList<>(rewritten.values()), referenced);
  }

  /** Closes the writer; if it was not finished, deletes every file it wrote. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (finished) {
      return;
    }
    RuntimeException failure = null;
    try {
      if (puffin != null) {
        puffin.close();
      }
      if (positionFile != null) {
        positionFile.close();
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    for (String location : createdFiles) {
      try {
        factory.io().deleteFile(location);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
