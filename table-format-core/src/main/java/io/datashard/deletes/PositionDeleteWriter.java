package io.datashard.deletes;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.data.GenericRecord;
import io.datashard.internal.data.MetricsConfig;
import io.datashard.io.OutputFile;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.Closeable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes a position delete file: rows {@code (file_path, pos)} that each delete one row of a data
 * file, sorted by path then position as the spec requires, and describes it as a {@link DeleteFile}
 * for {@code table.newRowDelta().addDeletes(...)}. On format version 3 tables write deletion vectors
 * instead ({@link DeletionVectorWriter}).
 *
 * <p>Positions are collected (compressed, per data file) and written sorted on {@link #close()}, so
 * they may be added in any order.
 *
 * <pre>{@code
 * PositionDeleteWriter writer = PositionDeleteWriter.builder(io.newOutputFile(path))
 *     .spec(table.spec()).partition(dataFile.partition()).build();
 * writer.delete(dataFile.location(), 3);
 * writer.close();
 * table.newRowDelta().addDeletes(writer.toDeleteFile()).commit();
 * }</pre>
 */
public final class PositionDeleteWriter implements Closeable {
  /** Reserved field id of {@code file_path} in position delete files. */
  public static final int FILE_PATH_ID = Integer.MAX_VALUE - 101;
  /** Reserved field id of {@code pos} in position delete files. */
  public static final int POS_ID = Integer.MAX_VALUE - 102;
  /** The schema of position delete files. */
  public static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(FILE_PATH_ID, "file_path", Types.StringType.get()),
      Types.NestedField.required(POS_ID, "pos", Types.LongType.get())));

  private final OutputFile file;
  private final FileFormat format;
  private final PartitionSpec spec;
  private final PartitionData partition;
  private final Map<String, String> properties;
  private final TreeMap<String, DeletionVector> positions = new TreeMap<>();
  private DeleteFile deleteFile = null;
  private boolean closed = false;

  private PositionDeleteWriter(Builder builder) {
    this.file = builder.file;
    this.format = builder.format;
    this.spec = builder.spec;
    this.partition = builder.partition;
    Map<String, String> props = new HashMap<>(builder.properties);
    // readers match delete rows to data files by the path bounds, which truncation would blur
    props.put(MetricsConfig.COLUMN_MODE_PREFIX + "file_path", "full");
    props.put(MetricsConfig.COLUMN_MODE_PREFIX + "pos", "full");
    this.properties = Map.copyOf(props);
  }

  public static Builder builder(OutputFile file) {
    return new Builder(file);
  }

  /** Deletes the row at {@code position} (0-based) of the data file at {@code dataFileLocation}. */
  public PositionDeleteWriter delete(String dataFileLocation, long position) {
    Objects.requireNonNull(dataFileLocation, "dataFileLocation is null");
    if (closed) {
      throw new IllegalStateException("Cannot add a position delete to " + file.location() + ": the writer is closed");
    }
    if (position < 0) {
      throw new IllegalArgumentException("Cannot delete position " + position + " of " + dataFileLocation
          + ": positions start at 0");
    }
    positions.computeIfAbsent(dataFileLocation, location -> new DeletionVector()).delete(position);
    return this;
  }

  /** Deletes the row at {@code position} of {@code dataFile}. */
  public PositionDeleteWriter delete(DataFile dataFile, long position) {
    Objects.requireNonNull(dataFile, "dataFile is null");
    return delete(dataFile.location(), position);
  }

  /** Writes the sorted rows and closes the file; a writer with no deletes writes no file. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (positions.isEmpty()) {
      return;
    }
    DeleteRowsFile out = new DeleteRowsFile(file, format, SCHEMA, spec, partition, properties);
    RuntimeException failure = null;
    try {
      GenericRecord row = GenericRecord.create(SCHEMA);
      for (Map.Entry<String, DeletionVector> entry : positions.entrySet()) {
        row.set(0, entry.getKey());
        DeletionVector vector = entry.getValue();
        vector.forEach(pos -> {
          row.set(1, pos);
          out.write(row);
        });
      }
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      try {
        out.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
    DeleteFile.Builder builder = out.describe().ofPositionDeletes();
    if (positions.size() == 1) {
      builder.withReferencedDataFile(positions.firstKey());
    }
    this.deleteFile = builder.build();
  }

  /**
   * The written delete file, after {@link #close()}.
   *
   * @throws IllegalStateException if the writer is open or no position was deleted
   */
  public DeleteFile toDeleteFile() {
    if (!closed) {
      throw new IllegalStateException("Cannot describe position delete file " + file.location() + ": close the writer first");
    }
    if (deleteFile == null) {
      throw new IllegalStateException("Position delete file " + file.location() + " was not written: no position was deleted");
    }
    return deleteFile;
  }

  /** Configures a {@link PositionDeleteWriter}. */
  public static final class Builder {
    private final OutputFile file;
    private FileFormat format = FileFormat.PARQUET;
    private PartitionSpec spec = PartitionSpec.unpartitioned();
    private PartitionData partition = PartitionData.empty();
    private Map<String, String> properties = Map.of();

    private Builder(OutputFile file) {
      this.file = Objects.requireNonNull(file, "file is null");
    }

    /** Parquet (the default) or Avro. */
    public Builder format(FileFormat newFormat) {
      this.format = Objects.requireNonNull(newFormat, "format is null");
      return this;
    }

    /** The spec of the data files the deletes apply to; unpartitioned by default. */
    public Builder spec(PartitionSpec newSpec) {
      this.spec = Objects.requireNonNull(newSpec, "spec is null");
      return this;
    }

    /** The partition of the data files the deletes apply to; empty by default. */
    public Builder partition(PartitionData newPartition) {
      this.partition = Objects.requireNonNull(newPartition, "partition is null");
      return this;
    }

    /** Table properties: compression and page settings of the format. */
    public Builder properties(Map<String, String> newProperties) {
      this.properties = Map.copyOf(Objects.requireNonNull(newProperties, "properties is null"));
      return this;
    }

    public PositionDeleteWriter build() {
      return new PositionDeleteWriter(this);
    }
  }
}
