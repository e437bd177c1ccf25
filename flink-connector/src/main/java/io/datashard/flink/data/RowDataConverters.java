package io.datashard.flink.data;

import io.datashard.data.Record;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Converts single values from Datashard's Java representation ({@link Record}) to Flink's internal
 * data structures, following the type mapping of {@link FlinkTypes}. Converters are built once per
 * type, so the per-value work is one virtual call and no type dispatch.
 */
public final class RowDataConverters {
  private RowDataConverters() {}

  /** Converts one non-null value. */
  @FunctionalInterface
  public interface ValueConverter extends Serializable {
    Object convert(Object value);
  }

  /** The converter of a non-null value of {@code type}. */
  public static ValueConverter converter(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
      case INTEGER:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case DATE:
        return value -> value;
      case TIME:
        // Datashard keeps micros from midnight, Flink's TIME is int millis
        return value -> (int) ((Long) value / 1000L);
      case TIMESTAMP:
        return value -> timestampFromMicros((Long) value);
      case TIMESTAMP_NANO:
        return value -> timestampFromNanos((Long) value);
      case STRING:
        return value -> StringData.fromString((String) value);
      case UUID:
        return value -> uuidBytes((UUID) value);
      case FIXED:
      case BINARY:
        return value -> bytes((ByteBuffer) value);
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        int precision = decimal.precision();
        int scale = decimal.scale();
        return value -> DecimalData.fromBigDecimal((BigDecimal) value, precision, scale);
      case UNKNOWN:
        return value -> null;
      case STRUCT:
        return new StructConverter(type.asStructType(), type.asStructType());
      case LIST:
        ValueConverter element = converter(type.asListType().elementType());
        return value -> {
          List<?> list = (List<?>) value;
          Object[] converted = new Object[list.size()];
          int i = 0;
          for (Object item : list) {
            converted[i++] = item == null ? null : element.convert(item);
          }
          return new GenericArrayData(converted);
        };
      case MAP:
        ValueConverter key = converter(type.asMapType().keyType());
        ValueConverter mapValue = converter(type.asMapType().valueType());
        return value -> {
          Map<?, ?> map = (Map<?, ?>) value;
          Map<Object, Object> converted = new HashMap<>(Math.max(4, map.size() * 2));
          for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object v = entry.getValue();
            converted.put(key.convert(entry.getKey()), v == null ? null : mapValue.convert(v));
          }
          return new GenericMapData(converted);
        };
      default:
        throw new IllegalArgumentException("Cannot read Datashard type " + type + " into Flink: no Flink mapping");
    }
  }

  public static TimestampData timestampFromMicros(long micros) {
    return TimestampData.fromEpochMillis(Math.floorDiv(micros, 1000L), (int) Math.floorMod(micros, 1000L) * 1000);
  }

  public static TimestampData timestampFromNanos(long nanos) {
    return TimestampData.fromEpochMillis(Math.floorDiv(nanos, 1_000_000L), (int) Math.floorMod(nanos, 1_000_000L));
  }

  static byte[] uuidBytes(UUID uuid) {
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /**
   * Converts records of {@code source} into rows with the fields of {@code target}, matched by field
   * id, in the target's order (Flink may ask for the columns in another order than the table's).
   */
  public static final class StructConverter implements ValueConverter {
    private static final long serialVersionUID = 1L;
    private final int[] sourcePositions;
    private final ValueConverter[] converters;

    public StructConverter(Types.StructType source, Types.StructType target) {
      List<Types.NestedField> fields = target.fields();
      this.sourcePositions = new int[fields.size()];
      this.converters = new ValueConverter[fields.size()];
      for (int i = 0; i < fields.size(); i++) {
        Types.NestedField field = fields.get(i);
        sourcePositions[i] = position(source, field.fieldId(), field.name());
        converters[i] = converter(field.type());
      }
    }

    @Override
    public Object convert(Object value) {
      return toRow((Record) value);
    }

    /** A new row holding the converted values of {@code record}. */
    public GenericRowData toRow(Record record) {
      GenericRowData row = new GenericRowData(converters.length);
      for (int i = 0; i < converters.length; i++) {
        Object value = record.get(sourcePositions[i]);
        row.setField(i, value == null ? null : converters[i].convert(value));
      }
      return row;
    }

    private static int position(Types.StructType struct, int fieldId, String name) {
      List<Types.NestedField> fields = struct.fields();
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).fieldId() == fieldId) {
          return i;
        }
      }
      throw new IllegalArgumentException("Cannot read column " + name + " (id " + fieldId + "): not in " + struct);
    }
  }
}
