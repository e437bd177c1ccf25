package io.datashard.flink.data;

import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.NullType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * Converts between Datashard (Iceberg spec) types and Flink logical types.
 *
 * <p>Mapping (Datashard → Flink): boolean → BOOLEAN, int → INT, long → BIGINT, float → FLOAT,
 * double → DOUBLE, date → DATE, time → TIME, timestamp → TIMESTAMP(6), timestamptz →
 * TIMESTAMP_LTZ(6), timestamp_ns → TIMESTAMP(9), timestamptz_ns → TIMESTAMP_LTZ(9), string → STRING,
 * uuid → BINARY(16), fixed[n] → BINARY(n), binary → BYTES, decimal(p,s) → DECIMAL(p,s), struct →
 * ROW, list → ARRAY, map → MAP, unknown → NULL. Flink → Datashard additionally widens TINYINT and
 * SMALLINT to int and CHAR/VARCHAR to string.
 */
public final class FlinkTypes {
  private FlinkTypes() {}

  /** The Flink row type of a table schema; optional fields are nullable. */
  public static RowType toRowType(Schema schema) {
    Objects.requireNonNull(schema, "schema is null");
    return (RowType) toLogicalType(schema.asStruct());
  }

  /** The Flink logical type of a Datashard type, nullable. */
  public static LogicalType toLogicalType(Type type) {
    Objects.requireNonNull(type, "type is null");
    switch (type.typeId()) {
      case BOOLEAN:
        return new BooleanType();
      case INTEGER:
        return new IntType();
      case LONG:
        return new BigIntType();
      case FLOAT:
        return new FloatType();
      case DOUBLE:
        return new DoubleType();
      case DATE:
        return new DateType();
      case TIME:
        // Flink's runtime keeps TIME as int milliseconds; precision 0 is what Flink SQL supports fully.
        return new TimeType();
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? new LocalZonedTimestampType(6)
            : new TimestampType(6);
      case TIMESTAMP_NANO:
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
            ? new LocalZonedTimestampType(9)
            : new TimestampType(9);
      case STRING:
        return VarCharType.STRING_TYPE;
      case UUID:
        return new BinaryType(16);
      case FIXED:
        return new BinaryType(((Types.FixedType) type).length());
      case BINARY:
        return new VarBinaryType(VarBinaryType.MAX_LENGTH);
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return new DecimalType(decimal.precision(), decimal.scale());
      case UNKNOWN:
        return new NullType();
      case STRUCT:
        List<RowType.RowField> fields = new ArrayList<>();
        for (Types.NestedField field : type.asStructType().fields()) {
          LogicalType fieldType = toLogicalType(field.type()).copy(field.isOptional());
          fields.add(new RowType.RowField(field.name(), fieldType, field.doc().orElse(null)));
        }
        return new RowType(fields);
      case LIST:
        Types.ListType list = type.asListType();
        return new ArrayType(toLogicalType(list.elementType()).copy(list.isElementOptional()));
      case MAP:
        Types.MapType map = type.asMapType();
        return new MapType(
            toLogicalType(map.keyType()).copy(false),
            toLogicalType(map.valueType()).copy(map.isValueOptional()));
      default:
        throw new IllegalArgumentException(
            "Cannot map Datashard type " + type + " to a Flink type: the Flink connector does not support it yet");
    }
  }

  /**
   * A Datashard schema for the physical columns of a Flink schema, with fresh field ids (top-level
   * columns 1..n, then nested fields); the primary key columns become the identifier fields.
   */
  public static Schema toSchema(ResolvedSchema schema) {
    Objects.requireNonNull(schema, "schema is null");
    List<String> names = new ArrayList<>();
    List<LogicalType> types = new ArrayList<>();
    for (Column column : schema.getColumns()) {
      if (column.isPhysical()) {
        names.add(column.getName());
        types.add(column.getDataType().getLogicalType());
      }
    }
    List<String> keys = schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
    return toSchema(names, types, keys);
  }

  /** A Datashard schema for a Flink row type with fresh field ids and no identifier fields. */
  public static Schema toSchema(RowType rowType) {
    Objects.requireNonNull(rowType, "rowType is null");
    return toSchema(rowType.getFieldNames(), rowType.getChildren(), List.of());
  }

  private static Schema toSchema(List<String> names, List<LogicalType> types, List<String> keys) {
    int[] nextId = {names.size()};
    List<Types.NestedField> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      LogicalType type = types.get(i);
      boolean key = keys.contains(names.get(i));
      columns.add(Types.NestedField.of(i + 1, type.isNullable() && !key, names.get(i), toType(type, nextId)));
    }
    Set<Integer> identifiers = new HashSet<>();
    for (String key : keys) {
      int index = names.indexOf(key);
      if (index < 0) {
        throw new IllegalArgumentException("Primary key column " + key + " is not a physical column");
      }
      identifiers.add(index + 1);
    }
    return new Schema(columns, identifiers);
  }

  /** The Datashard type of a Flink logical type; nested ids are drawn from {@code nextId}. */
  public static Type toType(LogicalType type) {
    return toType(type, new int[] {0});
  }

  private static Type toType(LogicalType type, int[] nextId) {
    switch (type.getTypeRoot()) {
      case BOOLEAN:
        return Types.BooleanType.get();
      case TINYINT:
      case SMALLINT:
      case INTEGER:
        return Types.IntegerType.get();
      case BIGINT:
        return Types.LongType.get();
      case FLOAT:
        return Types.FloatType.get();
      case DOUBLE:
        return Types.DoubleType.get();
      case DATE:
        return Types.DateType.get();
      case TIME_WITHOUT_TIME_ZONE:
        return Types.TimeType.get();
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        return ((TimestampType) type).getPrecision() <= 6
            ? Types.TimestampType.withoutZone()
            : Types.TimestampNanoType.withoutZone();
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return ((LocalZonedTimestampType) type).getPrecision() <= 6
            ? Types.TimestampType.withZone()
            : Types.TimestampNanoType.withZone();
      case CHAR:
      case VARCHAR:
        return Types.StringType.get();
      case BINARY:
        return Types.FixedType.ofLength(((BinaryType) type).getLength());
      case VARBINARY:
        return Types.BinaryType.get();
      case DECIMAL:
        DecimalType decimal = (DecimalType) type;
        return Types.DecimalType.of(decimal.getPrecision(), decimal.getScale());
      case NULL:
        return Types.UnknownType.get();
      case ROW:
        RowType row = (RowType) type;
        int first = nextId[0] + 1;
        nextId[0] += row.getFieldCount();
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 0; i < row.getFieldCount(); i++) {
          RowType.RowField field = row.getFields().get(i);
          Type fieldType = toType(field.getType(), nextId);
          Types.NestedField.Builder builder = Types.NestedField.builder(first + i, field.getName(), fieldType)
              .isOptional(field.getType().isNullable());
          field.getDescription().ifPresent(builder::withDoc);
          fields.add(builder.build());
        }
        return Types.StructType.of(fields);
      case ARRAY:
        LogicalType element = ((ArrayType) type).getElementType();
        int elementId = ++nextId[0];
        Type elementType = toType(element, nextId);
        return element.isNullable()
            ? Types.ListType.ofOptional(elementId, elementType)
            : Types.ListType.ofRequired(elementId, elementType);
      case MAP:
        MapType map = (MapType) type;
        int keyId = ++nextId[0];
        int valueId = ++nextId[0];
        Type keyType = toType(map.getKeyType(), nextId);
        Type valueType = toType(map.getValueType(), nextId);
        return map.getValueType().isNullable()
            ? Types.MapType.ofOptional(keyId, valueId, keyType, valueType)
            : Types.MapType.ofRequired(keyId, valueId, keyType, valueType);
      default:
        throw new IllegalArgumentException(
            "Cannot store Flink type " + type.asSummaryString()
                + " in a Datashard table: no matching table type; cast the column to a supported type"
                + " (e.g. STRING, BIGINT, DECIMAL, TIMESTAMP, ARRAY, MAP, ROW)");
    }
  }
}
