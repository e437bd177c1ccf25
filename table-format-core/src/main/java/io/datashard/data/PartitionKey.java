package io.datashard.data;

import io.datashard.PartitionData;
import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.StructLike;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.List;
import java.util.Objects;

/**
 * Computes the partition tuple of rows of a schema under a partition spec by applying each partition
 * field's transform to its source column. Source columns may be nested in structs (not in lists or
 * maps). Immutable and thread-safe.
 */
public final class PartitionKey {
  private final PartitionSpec spec;
  private final int[][] paths;
  private final Type[] sourceTypes;

  /**
   * @throws ValidationException if a source column of the spec is not in the schema, or is inside a
   *     list or map
   */
  public PartitionKey(PartitionSpec spec, Schema schema) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(schema, "schema is null");
    List<PartitionField> fields = spec.fields();
    this.paths = new int[fields.size()][];
    this.sourceTypes = new Type[fields.size()];
    for (int i = 0; i < fields.size(); i += 1) {
      PartitionField field = fields.get(i);
      if (field.transform().isVoid()) {
        continue;
      }
      int[] path = path(schema.asStruct(), field.sourceId());
      if (path == null) {
        throw new ValidationException("Cannot partition rows by field '" + field.name() + "' of spec " + spec.specId()
            + ": its source column (id " + field.sourceId() + ") is not a column of the schema, outside lists and maps");
      }
      paths[i] = path;
      sourceTypes[i] = schema.findType(field.sourceId());
    }
  }

  /** Positions from the top-level struct down to the field, or null if it is not reachable through structs. */
  private static int[] path(Types.StructType struct, int id) {
    List<Types.NestedField> fields = struct.fields();
    for (int i = 0; i < fields.size(); i += 1) {
      Types.NestedField field = fields.get(i);
      if (field.fieldId() == id) {
        return new int[] {i};
      }
      if (field.type().isStructType()) {
        int[] rest = path(field.type().asStructType(), id);
        if (rest != null) {
          int[] full = new int[rest.length + 1];
          full[0] = i;
          System.arraycopy(rest, 0, full, 1, rest.length);
          return full;
        }
      }
    }
    return null;
  }

  public PartitionSpec spec() {
    return spec;
  }

  /** The partition tuple of a row of the schema; a null struct on the way to a source gives null. */
  public PartitionData partition(StructLike row) {
    Objects.requireNonNull(row, "row is null");
    Object[] values = new Object[paths.length];
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < paths.length; i += 1) {
      if (paths[i] == null) {
        continue;
      }
      Object source = row;
      for (int pos : paths[i]) {
        source = ((StructLike) source).get(pos, Object.class);
        if (source == null) {
          break;
        }
      }
      try {
        values[i] = fields.get(i).transform().apply(sourceTypes[i], source);
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new ValidationException("Cannot compute partition field '" + fields.get(i).name() + "' ("
            + fields.get(i).transform() + ") from value " + source + ": " + e.getMessage(), e);
      }
    }
    return PartitionData.of(values);
  }
}
