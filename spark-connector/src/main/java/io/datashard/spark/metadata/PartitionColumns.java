package io.datashard.spark.metadata;

import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import java.util.TreeMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The {@code partition} column of the files and partitions tables: one struct with every partition
 * field any spec of the table ever had (ordered by partition field id), so files written under
 * different specs fit one column; fields a file's spec lacks are null.
 */
final class PartitionColumns implements Serializable {
  private final List<Integer> fieldIds;
  private final Types.StructType type;

  private PartitionColumns(List<Integer> fieldIds, Types.StructType type) {
    this.fieldIds = fieldIds;
    this.type = type;
  }

  static PartitionColumns of(Table table) {
    TreeMap<Integer, Types.NestedField> fields = new TreeMap<>();
    for (PartitionSpec spec : table.specs().values()) {
      for (PartitionField field : spec.fields()) {
        Type source = sourceType(table, field.sourceId());
        if (source != null && !fields.containsKey(field.fieldId())) {
          fields.put(field.fieldId(), Types.NestedField.optional(field.fieldId(), field.name(),
              field.transform().resultType(source)));
        }
      }
    }
    return new PartitionColumns(new ArrayList<>(fields.keySet()), Types.StructType.of(new ArrayList<>(fields.values())));
  }

  private static Type sourceType(Table table, int sourceId) {
    if (table.schema().findField(sourceId).isPresent()) {
      return table.schema().findType(sourceId);
    }
    for (Schema schema : table.schemas().values()) {
      if (schema.findField(sourceId).isPresent()) {
        return schema.findType(sourceId);
      }
    }
    return null;
  }

  boolean isEmpty() {
    return fieldIds.isEmpty();
  }

  Types.StructType type() {
    return type;
  }

  /** The partition tuple of a file in the unified layout, as Spark values. */
  InternalRow row(PartitionSpec spec, io.datashard.PartitionData partition) {
    Object[] values = new Object[fieldIds.size()];
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size() && i < partition.size(); i++) {
      int position = fieldIds.indexOf(fields.get(i).fieldId());
      if (position >= 0) {
        values[position] = spark(partition.values()[i]);
      }
    }
    return new GenericInternalRow(values);
  }

  /** A key for grouping by partition across specs. */
  List<Object> key(PartitionSpec spec, io.datashard.PartitionData partition) {
    Object[] values = new Object[fieldIds.size()];
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size() && i < partition.size(); i++) {
      int position = fieldIds.indexOf(fields.get(i).fieldId());
      if (position >= 0) {
        Object value = partition.values()[i];
        values[position] = value instanceof CharSequence chars ? chars.toString() : value;
      }
    }
    return java.util.Arrays.asList(values);
  }

  /** Converts a Datashard partition or metric value to Spark's internal representation. */
  static Object spark(Object value) {
    if (value == null || value instanceof Integer || value instanceof Long || value instanceof Boolean
        || value instanceof Float || value instanceof Double) {
      return value;
    } else if (value instanceof CharSequence || value instanceof java.util.UUID) {
      return UTF8String.fromString(value.toString());
    } else if (value instanceof BigDecimal decimal) {
      return Decimal.apply(decimal);
    } else if (value instanceof ByteBuffer buffer) {
      return bytes(buffer);
    } else if (value instanceof byte[] bytes) {
      return bytes;
    }
    return UTF8String.fromString(value.toString());
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
