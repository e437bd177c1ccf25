package io.datashard.spark.data;

import io.datashard.data.Record;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts Datashard values (the Java representation of {@link Record}) to Spark's internal values:
 * string and uuid to UTF8String, decimal to Decimal, fixed and binary to byte[], date as days,
 * timestamps as microseconds (nanosecond timestamps are truncated toward negative infinity), time as
 * microseconds, struct to InternalRow, list to ArrayData and map to MapData.
 */
public final class SparkValues {

  private SparkValues() {
  }

  /** Converts one non-null value of a Datashard type. */
  @FunctionalInterface
  public interface Converter extends Serializable {
    Object convert(Object value);
  }

  /** The converter for non-null values of {@code type}. */
  public static Converter converter(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
      case INTEGER:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case DATE:
      case TIME:
      case TIMESTAMP:
        return value -> value;
      case TIMESTAMP_NANO:
        return value -> Math.floorDiv((Long) value, 1000L);
      case STRING:
        return value -> UTF8String.fromString((String) value);
      case UUID:
        return value -> UTF8String.fromString(((UUID) value).toString());
      case FIXED:
      case BINARY:
        return value -> bytes((ByteBuffer) value);
      case DECIMAL: {
        Types.DecimalType decimal = (Types.DecimalType) type;
        int precision = decimal.precision();
        int scale = decimal.scale();
        return value -> Decimal.apply((BigDecimal) value, precision, scale);
      }
      case UNKNOWN:
        return value -> null;
      case STRUCT:
        return structConverter(type.asNestedType().asStructType());
      case LIST: {
        Converter element = nullSafe(converter(type.asNestedType().asListType().elementType()));
        return value -> {
          List<?> list = (List<?>) value;
          Object[] values = new Object[list.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = element.convert(list.get(i));
          }
          return new GenericArrayData(values);
        };
      }
      case MAP: {
        Types.MapType map = type.asNestedType().asMapType();
        Converter key = nullSafe(converter(map.keyType()));
        Converter val = nullSafe(converter(map.valueType()));
        return value -> {
          Map<?, ?> entries = (Map<?, ?>) value;
          Object[] keys = new Object[entries.size()];
          Object[] values = new Object[entries.size()];
          int i = 0;
          for (Map.Entry<?, ?> entry : entries.entrySet()) {
            keys[i] = key.convert(entry.getKey());
            values[i] = val.convert(entry.getValue());
            i++;
          }
          return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
        };
      }
      default:
        throw new IllegalArgumentException("Cannot read values of type " + type + " into Spark: "
            + type.typeId() + " is not supported by the Spark connector; read the table without that column");
    }
  }

  private static Converter nullSafe(Converter converter) {
    return value -> value == null ? null : converter.convert(value);
  }

  private static Converter structConverter(Types.StructType struct) {
    List<Types.NestedField> fields = struct.fields();
    Converter[] converters = new Converter[fields.size()];
    for (int i = 0; i < converters.length; i++) {
      converters[i] = converter(fields.get(i).type());
    }
    return value -> {
      Record record = (Record) value;
      Object[] values = new Object[converters.length];
      for (int i = 0; i < converters.length; i++) {
        Object field = record.get(i);
        values[i] = field == null ? null : converters[i].convert(field);
      }
      return new GenericInternalRow(values);
    };
  }

  /** The remaining bytes of a buffer, without moving its position. */
  public static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    if (view.hasArray() && view.arrayOffset() == 0 && view.position() == 0 && view.remaining() == view.array().length) {
      return view.array();
    }
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
