package io.datashard.flink.data;

import io.datashard.StructLike;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Presents a Flink {@link RowData} as a {@link StructLike} of a Datashard struct, converting Flink's
 * internal values to the core's Java values: StringData → String, TimestampData → Long micros (or
 * nanos), TIME millis → Long micros, DecimalData → BigDecimal, byte[] → ByteBuffer (or UUID), nested
 * rows → StructLike, arrays → List, maps → Map.
 *
 * <p>Fields are matched by name: a table column missing from the Flink row reads as null. One
 * instance is reused for every row ({@link #wrap(RowData)}); not thread-safe.
 */
public final class RowDataStruct implements StructLike {
  private final int[] positions;
  private final ValueGetter[] converters;
  private RowData row;

  private RowDataStruct(int[] positions, ValueGetter[] converters) {
    this.positions = positions;
    this.converters = converters;
  }

  /**
   * An adapter presenting rows of {@code rowType} as the struct {@code struct}.
   *
   * @throws IllegalArgumentException if a column's Flink type cannot hold the table's type
   */
  public static RowDataStruct of(Types.StructType struct, RowType rowType) {
    Objects.requireNonNull(struct, "struct is null");
    Objects.requireNonNull(rowType, "rowType is null");
    List<Types.NestedField> fields = struct.fields();
    int[] positions = new int[fields.size()];
    ValueGetter[] converters = new ValueGetter[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField field = fields.get(i);
      int position = rowType.getFieldIndex(field.name());
      positions[i] = position;
      if (position >= 0) {
        LogicalType flinkType = rowType.getTypeAt(position);
        converters[i] = getter(field.name(), field.type(), flinkType);
      }
    }
    return new RowDataStruct(positions, converters);
  }

  /** Points this adapter at {@code newRow}, returning this. */
  public RowDataStruct wrap(RowData newRow) {
    this.row = newRow;
    return this;
  }

  @Override
  public int size() {
    return positions.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    int position = positions[pos];
    if (position < 0 || row.isNullAt(position)) {
      return null;
    }
    return javaClass.cast(converters[pos].get(new Source(row, null), position));
  }

  /** A row or an array; Flink's RowData and ArrayData share accessor names but no interface. */
  private record Source(RowData row, ArrayData array) {
    boolean isNull(int pos) {
      return row != null ? row.isNullAt(pos) : array.isNullAt(pos);
    }

    boolean bool(int pos) {
      return row != null ? row.getBoolean(pos) : array.getBoolean(pos);
    }

    byte tinyint(int pos) {
      return row != null ? row.getByte(pos) : array.getByte(pos);
    }

    short smallint(int pos) {
      return row != null ? row.getShort(pos) : array.getShort(pos);
    }

    int integer(int pos) {
      return row != null ? row.getInt(pos) : array.getInt(pos);
    }

    long bigint(int pos) {
      return row != null ? row.getLong(pos) : array.getLong(pos);
    }

    float float4(int pos) {
      return row != null ? row.getFloat(pos) : array.getFloat(pos);
    }

    double float8(int pos) {
      return row != null ? row.getDouble(pos) : array.getDouble(pos);
    }

    String string(int pos) {
      return (row != null ? row.getString(pos) : array.getString(pos)).toString();
    }

    byte[] binary(int pos) {
      return row != null ? row.getBinary(pos) : array.getBinary(pos);
    }

    DecimalData decimal(int pos, int precision, int scale) {
      return row != null ? row.getDecimal(pos, precision, scale) : array.getDecimal(pos, precision, scale);
    }

    TimestampData timestamp(int pos, int precision) {
      return row != null ? row.getTimestamp(pos, precision) : array.getTimestamp(pos, precision);
    }

    RowData nested(int pos, int fields) {
      return row != null ? row.getRow(pos, fields) : array.getRow(pos, fields);
    }

    ArrayData list(int pos) {
      return row != null ? row.getArray(pos) : array.getArray(pos);
    }

    MapData map(int pos) {
      return row != null ? row.getMap(pos) : array.getMap(pos);
    }
  }

  private interface ValueGetter {
    Object get(Source source, int pos);
  }

  private static ValueGetter getter(String name, Type type, LogicalType flinkType) {
    switch (type.typeId()) {
      case BOOLEAN:
        return Source::bool;
      case INTEGER:
        switch (flinkType.getTypeRoot()) {
          case TINYINT:
            return (s, p) -> (int) s.tinyint(p);
          case SMALLINT:
            return (s, p) -> (int) s.smallint(p);
          default:
            return Source::integer;
        }
      case DATE:
        return Source::integer;
      case LONG:
        switch (flinkType.getTypeRoot()) {
          case TINYINT:
            return (s, p) -> (long) s.tinyint(p);
          case SMALLINT:
            return (s, p) -> (long) s.smallint(p);
          case INTEGER:
            return (s, p) -> (long) s.integer(p);
          default:
            return Source::bigint;
        }
      case FLOAT:
        return Source::float4;
      case DOUBLE:
        if (flinkType.getTypeRoot() == org.apache.flink.table.types.logical.LogicalTypeRoot.FLOAT) {
          return (s, p) -> (double) s.float4(p);
        }
        return Source::float8;
      case TIME:
        // Flink keeps TIME as int milliseconds of the day; the table stores microseconds
        return (s, p) -> s.integer(p) * 1000L;
      case TIMESTAMP: {
        int precision = org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(flinkType);
        return (s, p) -> {
          TimestampData ts = s.timestamp(p, precision);
          return ts.getMillisecond() * 1000L + ts.getNanoOfMillisecond() / 1000;
        };
      }
      case TIMESTAMP_NANO: {
        int precision = org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(flinkType);
        return (s, p) -> {
          TimestampData ts = s.timestamp(p, precision);
          return ts.getMillisecond() * 1_000_000L + ts.getNanoOfMillisecond();
        };
      }
      case STRING:
        return Source::string;
      case UUID:
        return (s, p) -> {
          ByteBuffer bytes = ByteBuffer.wrap(s.binary(p));
          if (bytes.remaining() != 16) {
            throw new IllegalArgumentException("Cannot write " + bytes.remaining() + " bytes to uuid column " + name
                + ": a uuid is 16 bytes");
          }
          return new UUID(bytes.getLong(), bytes.getLong());
        };
      case FIXED:
      case BINARY:
        return (s, p) -> ByteBuffer.wrap(s.binary(p));
      case DECIMAL: {
        Types.DecimalType decimal = (Types.DecimalType) type;
        int precision = org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(flinkType);
        int scale = org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getScale(flinkType);
        return (s, p) -> {
          BigDecimal value = s.decimal(p, precision, scale).toBigDecimal();
          return value.scale() == decimal.scale() ? value : value.setScale(decimal.scale());
        };
      }
      case STRUCT: {
        RowType rowType = (RowType) flinkType;
        RowDataStruct template = RowDataStruct.of(type.asStructType(), rowType);
        // a fresh adapter per value: a list of structs holds several at once
        return (s, p) -> new RowDataStruct(template.positions, template.converters)
            .wrap(s.nested(p, rowType.getFieldCount()));
      }
      case LIST: {
        Types.NestedField element = type.asListType().elementField();
        LogicalType elementType = ((ArrayType) flinkType).getElementType();
        ValueGetter elements = getter(name + ".element", element.type(), elementType);
        return (s, p) -> {
          ArrayData array = s.list(p);
          List<Object> list = new ArrayList<>(array.size());
          for (int i = 0; i < array.size(); i++) {
            list.add(array.isNullAt(i) ? null : elements.get(new Source(null, array), i));
          }
          return list;
        };
      }
      case MAP: {
        Types.MapType map = type.asMapType();
        MapType mapType = (MapType) flinkType;
        ValueGetter keys = getter(name + ".key", map.keyType(), mapType.getKeyType());
        ValueGetter values = getter(name + ".value", map.valueType(), mapType.getValueType());
        return (s, p) -> {
          MapData data = s.map(p);
          ArrayData valueArray = data.valueArray();
          Source keySource = new Source(null, data.keyArray());
          Source valueSource = new Source(null, valueArray);
          Map<Object, Object> result = new HashMap<>();
          for (int i = 0; i < data.size(); i++) {
            result.put(keys.get(keySource, i), valueArray.isNullAt(i) ? null : values.get(valueSource, i));
          }
          return result;
        };
      }
      case UNKNOWN:
        return (s, p) -> null;
      default:
        throw new IllegalArgumentException("Cannot write Flink values to column " + name + " of type " + type
            + ": the Flink connector does not support this type yet");
    }
  }
}
