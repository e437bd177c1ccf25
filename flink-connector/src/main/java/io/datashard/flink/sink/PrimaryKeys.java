package io.datashard.flink.sink;

import io.datashard.StructLike;
import io.datashard.flink.data.RowDataStruct;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * The primary key columns a sink upserts by: top-level primitive columns (not float or double, as
 * for identifier fields). A key is the list of its column values in the core's Java representation
 * (Long, String, BigDecimal, ByteBuffer, ...), comparable with {@code equals}.
 */
public final class PrimaryKeys implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> columns;
  private final int[] positions;

  private PrimaryKeys(List<String> columns, int[] positions) {
    this.columns = List.copyOf(columns);
    this.positions = positions;
  }

  /**
   * The key {@code columns} of {@code schema}.
   *
   * @throws IllegalArgumentException naming the column if one is missing, nested, or of a type that
   *     cannot be a key
   */
  public static PrimaryKeys of(Schema schema, List<String> columns, String tableName) {
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(columns, "columns is null");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("Cannot upsert into table " + tableName + ": it has no primary key;"
          + " declare one with PRIMARY KEY (...) NOT ENFORCED");
    }
    List<Types.NestedField> fields = schema.columns();
    int[] positions = new int[columns.size()];
    for (int i = 0; i < columns.size(); i += 1) {
      String column = columns.get(i);
      int position = -1;
      for (int p = 0; p < fields.size(); p += 1) {
        if (fields.get(p).name().equals(column)) {
          position = p;
        }
      }
      if (position < 0) {
        throw new IllegalArgumentException("Cannot use " + column + " as a primary key column of table " + tableName
            + ": it is not a top-level column of " + schema.asStruct());
      }
      Type type = fields.get(position).type();
      if (!type.isPrimitiveType() || type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE) {
        throw new IllegalArgumentException("Cannot use " + column + " as a primary key column of table " + tableName
            + ": its type " + type + " cannot be a key (keys are primitive columns other than float and double)");
      }
      positions[i] = position;
    }
    return new PrimaryKeys(columns, positions);
  }

  public List<String> columns() {
    return columns;
  }

  /**
   * The key of the row {@code struct} presents (a struct of the table schema). Binary values are
   * copied: Flink may reuse the row's buffers.
   */
  public List<Object> key(StructLike struct) {
    Object[] values = new Object[positions.length];
    for (int i = 0; i < positions.length; i += 1) {
      Object value = struct.get(positions[i], Object.class);
      if (value instanceof ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer.duplicate()).flip();
        value = copy;
      }
      values[i] = value;
    }
    return Arrays.asList(values);
  }

  /**
   * Keys rows by a hash of their primary key, so every change of one key reaches the same writer
   * subtask, in order: a writer can then supersede a key's earlier row within a checkpoint.
   */
  public KeySelector<RowData, Integer> selector(Schema schema, RowType rowType) {
    return new Selector(this, schema, rowType);
  }

  private static final class Selector implements KeySelector<RowData, Integer> {
    private static final long serialVersionUID = 1L;

    private final PrimaryKeys keys;
    private final Schema schema;
    private final RowType rowType;
    private transient RowDataStruct struct;

    private Selector(PrimaryKeys keys, Schema schema, RowType rowType) {
      this.keys = keys;
      this.schema = schema;
      this.rowType = rowType;
    }

    @Override
    public Integer getKey(RowData row) {
      if (struct == null) {
        struct = RowDataStruct.of(schema.asStruct(), rowType);
      }
      // hash codes of Long, String, BigDecimal and ByteBuffer are the same in every JVM
      return keys.key(struct.wrap(row)).hashCode();
    }
  }
}
