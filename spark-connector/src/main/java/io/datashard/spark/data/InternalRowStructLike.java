package io.datashard.spark.data;

import io.datashard.StructLike;
import io.datashard.data.RawStructLike;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Presents a Spark {@link InternalRow} as a Datashard {@link StructLike} of a table schema, so the
 * core's data file writers can write Spark rows. Values are converted on access to the core's Java
 * representation (strings to {@code String}, decimals to {@code BigDecimal}, binaries wrapped, not
 * copied, in a {@code ByteBuffer}, nanosecond timestamps scaled from Spark's microseconds).
 *
 * <p>One instance is reused for every row of a task: {@link #wrap(InternalRow)} points it at the
 * next row, so writing a row allocates only the boxed and converted values themselves. The row
 * must have the table's columns in the table's order, as Spark's write planning guarantees for
 * V2 tables (it resolves and casts the query's columns to the table schema).
 *
 * <p>As a {@link RawStructLike} it also hands the writer numbers unboxed and strings as the UTF-8
 * bytes of Spark's {@code UTF8String} (a view of the row's memory, not a copy), so the common column
 * types are written with no conversion at all.
 */
public final class InternalRowStructLike implements RawStructLike {
  private final Accessor[] accessors;
  private final boolean[] nanos;
  private InternalRow row;

  public InternalRowStructLike(Types.StructType struct) {
    List<Types.NestedField> fields = struct.fields();
    this.accessors = new Accessor[fields.size()];
    this.nanos = new boolean[fields.size()];
    for (int i = 0; i < accessors.length; i += 1) {
      accessors[i] = accessor(fields.get(i).type());
      nanos[i] = fields.get(i).type().typeId() == Type.TypeID.TIMESTAMP_NANO;
    }
  }

  /** Points this adapter at {@code newRow}, returning this. */
  public InternalRowStructLike wrap(InternalRow newRow) {
    this.row = newRow;
    return this;
  }

  @Override
  public int size() {
    return accessors.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    if (row.isNullAt(pos)) {
      return null;
    }
    return javaClass.cast(accessors[pos].get(row, pos));
  }

  @Override
  public boolean isNull(int pos) {
    return row.isNullAt(pos);
  }

  @Override
  public boolean getBoolean(int pos) {
    return row.getBoolean(pos);
  }

  @Override
  public int getInt(int pos) {
    return row.getInt(pos);
  }

  @Override
  public long getLong(int pos) {
    long value = row.getLong(pos);
    // Spark timestamps are microseconds; a timestamp_ns column stores nanoseconds
    return nanos[pos] ? Math.multiplyExact(value, 1000L) : value;
  }

  @Override
  public float getFloat(int pos) {
    return row.getFloat(pos);
  }

  @Override
  public double getDouble(int pos) {
    return row.getDouble(pos);
  }

  @Override
  public ByteBuffer getUtf8(int pos) {
    return utf8(row.getUTF8String(pos));
  }

  /** The bytes of a UTF8String: a view of its byte array when it has one (UnsafeRow's do), else a copy. */
  static ByteBuffer utf8(UTF8String value) {
    if (value.getBaseObject() instanceof byte[] bytes) {
      long offset = value.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET;
      return ByteBuffer.wrap(bytes, (int) offset, value.numBytes());
    }
    return ByteBuffer.wrap(value.getBytes());
  }

  /** Reads one value of a type at an ordinal of a row or array, converted to the core's Java value. */
  private interface Accessor {
    Object get(InternalRow row, int ordinal);

    Object get(ArrayData array, int ordinal);
  }

  private static Accessor accessor(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return row.getBoolean(ordinal);
          }

          public Object get(ArrayData array, int ordinal) {
            return array.getBoolean(ordinal);
          }
        };
      case INTEGER:
      case DATE:
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return row.getInt(ordinal);
          }

          public Object get(ArrayData array, int ordinal) {
            return array.getInt(ordinal);
          }
        };
      case LONG:
      case TIME:
      case TIMESTAMP:
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return row.getLong(ordinal);
          }

          public Object get(ArrayData array, int ordinal) {
            return array.getLong(ordinal);
          }
        };
      case TIMESTAMP_NANO:
        // Spark timestamps are microseconds; the column stores nanoseconds
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return Math.multiplyExact(row.getLong(ordinal), 1000L);
          }

          public Object get(ArrayData array, int ordinal) {
            return Math.multiplyExact(array.getLong(ordinal), 1000L);
          }
        };
      case FLOAT:
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return row.getFloat(ordinal);
          }

          public Object get(ArrayData array, int ordinal) {
            return array.getFloat(ordinal);
          }
        };
      case DOUBLE:
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return row.getDouble(ordinal);
          }

          public Object get(ArrayData array, int ordinal) {
            return array.getDouble(ordinal);
          }
        };
      case STRING:
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return row.getUTF8String(ordinal).toString();
          }

          public Object get(ArrayData array, int ordinal) {
            return array.getUTF8String(ordinal).toString();
          }
        };
      case UUID:
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return UUID.fromString(row.getUTF8String(ordinal).toString());
          }

          public Object get(ArrayData array, int ordinal) {
            return UUID.fromString(array.getUTF8String(ordinal).toString());
          }
        };
      case FIXED:
      case BINARY:
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return ByteBuffer.wrap(row.getBinary(ordinal));
          }

          public Object get(ArrayData array, int ordinal) {
            return ByteBuffer.wrap(array.getBinary(ordinal));
          }
        };
      case DECIMAL: {
        Types.DecimalType decimal = (Types.DecimalType) type;
        int precision = decimal.precision();
        int scale = decimal.scale();
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return toBigDecimal(row.getDecimal(ordinal, precision, scale));
          }

          public Object get(ArrayData array, int ordinal) {
            return toBigDecimal(array.getDecimal(ordinal, precision, scale));
          }
        };
      }
      case STRUCT: {
        Types.StructType struct = type.asStructType();
        int size = struct.fields().size();
        return new Accessor() {
          // a fresh adapter per value: list elements and map values may be held while siblings are read
          public Object get(InternalRow row, int ordinal) {
            return new InternalRowStructLike(struct).wrap(row.getStruct(ordinal, size));
          }

          public Object get(ArrayData array, int ordinal) {
            return new InternalRowStructLike(struct).wrap(array.getStruct(ordinal, size));
          }
        };
      }
      case LIST: {
        Accessor element = accessor(type.asListType().elementType());
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return new ArrayList(row.getArray(ordinal), element);
          }

          public Object get(ArrayData array, int ordinal) {
            return new ArrayList(array.getArray(ordinal), element);
          }
        };
      }
      case MAP: {
        Types.MapType map = type.asMapType();
        Accessor key = accessor(map.keyType());
        Accessor value = accessor(map.valueType());
        return new Accessor() {
          public Object get(InternalRow row, int ordinal) {
            return toMap(row.getMap(ordinal), key, value);
          }

          public Object get(ArrayData array, int ordinal) {
            return toMap(array.getMap(ordinal), key, value);
          }
        };
      }
      default:
        throw new IllegalArgumentException("Cannot write Spark values to a column of type " + type
            + ": the Spark connector does not write " + type.typeId() + " columns; write the table with another engine");
    }
  }

  private static BigDecimal toBigDecimal(Decimal decimal) {
    return decimal.toJavaBigDecimal();
  }

  private static Map<Object, Object> toMap(MapData data, Accessor keyAccessor, Accessor valueAccessor) {
    ArrayData keys = data.keyArray();
    ArrayData values = data.valueArray();
    int size = data.numElements();
    Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
    for (int i = 0; i < size; i += 1) {
      Object key = keys.isNullAt(i) ? null : keyAccessor.get(keys, i);
      Object value = values.isNullAt(i) ? null : valueAccessor.get(values, i);
      map.put(key, value);
    }
    return map;
  }

  /** A read-only list view of a Spark array, converting elements as they are read. */
  private static final class ArrayList extends AbstractList<Object> {
    private final ArrayData array;
    private final Accessor element;

    ArrayList(ArrayData array, Accessor element) {
      this.array = array;
      this.element = element;
    }

    @Override
    public Object get(int index) {
      return array.isNullAt(index) ? null : element.get(array, index);
    }

    @Override
    public int size() {
      return array.numElements();
    }
  }
}
