package io.datashard.deletes;

import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.StructLike;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.OutputFile;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an equality delete file: each row deletes every row of older data (lower data sequence
 * number) whose equality columns hold the same values, null matching null. Rows are written in the
 * delete schema, which holds at least the equality columns (often just them, or the whole table
 * schema); describe it with {@link #toDeleteFile()} for {@code table.newRowDelta().addDeletes(...)}.
 *
 * <pre>{@code
 * EqualityDeleteWriter writer = EqualityDeleteWriter.builder(io.newOutputFile(path))
 *     .schema(table.schema().select("id")).equalityFieldIds(List.of(1)).build();
 * writer.write(key);
 * writer.close();
 * table.newRowDelta().addDeletes(writer.toDeleteFile()).commit();
 * }</pre>
 */
public final class EqualityDeleteWriter implements Closeable {
  private final OutputFile file;
  private final List<Integer> equalityFieldIds;
  private final DeleteRowsFile out;
  private DeleteFile deleteFile = null;
  private boolean closed = false;

  private EqualityDeleteWriter(Builder builder) {
    this.file = builder.file;
    this.equalityFieldIds = builder.equalityFieldIds;
    this.out = new DeleteRowsFile(builder.file, builder.format, builder.schema, builder.spec, builder.partition,
        builder.properties);
  }

  public static Builder builder(OutputFile file) {
    return new Builder(file);
  }

  /** Writes a delete row, a row of the delete schema. */
  public EqualityDeleteWriter write(StructLike row) {
    Objects.requireNonNull(row, "row is null");
    if (closed) {
      throw new IllegalStateException("Cannot write to equality delete file " + file.location() + ": the writer is closed");
    }
    out.write(row);
    return this;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
    deleteFile = out.describe().ofEqualityDeletes(equalityFieldIds).build();
  }

  /**
   * The written delete file, after {@link #close()}.
   *
   * @throws IllegalStateException if the writer is open or a write failed
   */
  public DeleteFile toDeleteFile() {
    if (!closed || deleteFile == null) {
      throw new IllegalStateException("Cannot describe equality delete file " + file.location() + ": close the writer first");
    }
    return deleteFile;
  }

  /** Configures an {@link EqualityDeleteWriter}. */
  public static final class Builder {
    private final OutputFile file;
    private FileFormat format = FileFormat.PARQUET;
    private Schema schema;
    private List<Integer> equalityFieldIds;
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

    /** The schema of the delete rows, with field ids of the table schema; required. */
    public Builder schema(Schema newSchema) {
      this.schema = Objects.requireNonNull(newSchema, "schema is null");
      return this;
    }

    /** Ids of the columns whose values identify deleted rows; required. */
    public Builder equalityFieldIds(List<Integer> ids) {
      this.equalityFieldIds = List.copyOf(Objects.requireNonNull(ids, "ids is null"));
      return this;
    }

    /** The spec of the data the deletes apply to; unpartitioned (global deletes) by default. */
    public Builder spec(PartitionSpec newSpec) {
      this.spec = Objects.requireNonNull(newSpec, "spec is null");
      return this;
    }

    /** The partition of the data the deletes apply to; empty by default. */
    public Builder partition(PartitionData newPartition) {
      this.partition = Objects.requireNonNull(newPartition, "partition is null");
      return this;
    }

    /** Table properties: metrics modes and the format's compression and page settings. */
    public Builder properties(Map<String, String> newProperties) {
      this.properties = Map.copyOf(Objects.requireNonNull(newProperties, "properties is null"));
      return this;
    }

    /**
     * Creates the file.
     *
     * @throws ValidationException if the schema or equality field ids are missing, or an id is not
     *     a primitive column of the schema
     */
    public EqualityDeleteWriter build() {
      if (schema == null || equalityFieldIds == null || equalityFieldIds.isEmpty()) {
        throw new ValidationException("Cannot write equality delete file " + file.location()
            + ": set the delete schema with schema(...) and at least one id with equalityFieldIds(...)");
      }
      for (int id : equalityFieldIds) {
        Types.NestedField field = schema.findField(id).orElseThrow(() -> new ValidationException(
            "Cannot write equality delete file " + file.location() + ": equality field id " + id
                + " is not a field of the delete schema " + schema.asStruct()));
        if (!field.type().isPrimitiveType()) {
          throw new ValidationException("Cannot write equality delete file " + file.location() + ": equality field '"
              + field.name() + "' (id " + id + ") is a " + field.type() + "; equality deletes compare primitive columns");
        }
      }
      return new EqualityDeleteWriter(this);
    }
  }
}
