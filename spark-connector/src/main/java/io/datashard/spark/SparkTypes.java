package io.datashard.spark;

import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;

/**
 * Converts between Datashard and Spark types.
 *
 * <p>Datashard to Spark: timestamptz is Spark TIMESTAMP and timestamp (without zone) is
 * TIMESTAMP_NTZ; nanosecond timestamps are read as microsecond ones; uuid is STRING; fixed and binary
 * are BINARY; time (microseconds from midnight) is BIGINT because Spark's TIME type is not usable
 * by connectors yet; unknown is VOID. Field docs become column comments.
 *
 * <p>Spark to Datashard: TINYINT and SMALLINT widen to int, CHAR/VARCHAR become string, nullable
 * fields become optional ones, and field ids are assigned fresh, 1..n depth-first.
 */
public final class SparkTypes {

  private SparkTypes() {
  }

  public static StructType toSparkType(Schema schema) {
    Objects.requireNonNull(schema, "schema is null");
    return (StructType) toSparkType(schema.asStruct());
  }

  public static DataType toSparkType(Type type) {
    Objects.requireNonNull(type, "type is null");
    switch (type.typeId()) {
      case BOOLEAN:
        return DataTypes.BooleanType;
      case INTEGER:
        return DataTypes.IntegerType;
      case LONG:
      case TIME:
        return DataTypes.LongType;
      case FLOAT:
        return DataTypes.FloatType;
      case DOUBLE:
        return DataTypes.DoubleType;
      case DATE:
        return DataTypes.DateType;
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC() ? DataTypes.TimestampType : DataTypes.TimestampNTZType;
      case TIMESTAMP_NANO:
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? DataTypes.TimestampType : DataTypes.TimestampNTZType;
      case STRING:
      case UUID:
        return DataTypes.StringType;
      case FIXED:
      case BINARY:
        return DataTypes.BinaryType;
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return DataTypes.createDecimalType(decimal.precision(), decimal.scale());
      case UNKNOWN:
        return DataTypes.NullType;
      case STRUCT:
        List<Types.NestedField> fields = type.asNestedType().fields();
        StructField[] sparkFields = new StructField[fields.size()];
        for (int i = 0; i < sparkFields.length; i++) {
          Types.NestedField field = fields.get(i);
          StructField sparkField = DataTypes.createStructField(field.name(), toSparkType(field.type()), field.isOptional(), Metadata.empty());
          if (field.doc().isPresent()) {
            sparkField = sparkField.withComment(field.doc().get());
          }
          sparkFields[i] = sparkField;
        }
        return DataTypes.createStructType(sparkFields);
      case LIST:
        Types.ListType list = type.asNestedType().asListType();
        return DataTypes.createArrayType(toSparkType(list.elementType()), list.isElementOptional());
      case MAP:
        Types.MapType map = type.asNestedType().asMapType();
        return DataTypes.createMapType(toSparkType(map.keyType()), toSparkType(map.valueType()), map.isValueOptional());
      default:
        throw new IllegalArgumentException("Cannot convert Datashard type " + type + " to a Spark type: "
            + type.typeId() + " columns are not supported by the Spark connector yet; read the table without them");
    }
  }

  /** Converts a Spark schema to a Datashard schema with fresh field ids 1..n, assigned depth-first. */
  public static Schema toDatashardSchema(StructType sparkType) {
    Objects.requireNonNull(sparkType, "sparkType is null");
    int[] nextId = {1};
    Types.StructType struct = (Types.StructType) toDatashardType(sparkType, nextId, "");
    return new Schema(struct.fields());
  }

  /** Converts a Spark type to a Datashard type with fresh field ids starting at 1. */
  public static Type toDatashardType(DataType sparkType) {
    Objects.requireNonNull(sparkType, "sparkType is null");
    return toDatashardType(sparkType, new int[] {1}, "");
  }

  private static Type toDatashardType(DataType type, int[] nextId, String path) {
    if (type instanceof StructType struct) {
      List<Types.NestedField> fields = new ArrayList<>(struct.fields().length);
      for (StructField field : struct.fields()) {
        int id = nextId[0]++;
        String name = path.isEmpty() ? field.name() : path + "." + field.name();
        Type fieldType = toDatashardType(field.dataType(), nextId, name);
        Types.NestedField nested = Types.NestedField.of(id, field.nullable(), field.name(), fieldType);
        if (field.getComment().isDefined()) {
          nested = nested.withDoc(field.getComment().get());
        }
        fields.add(nested);
      }
      return Types.StructType.of(fields);
    } else if (type instanceof ArrayType array) {
      int elementId = nextId[0]++;
      Type element = toDatashardType(array.elementType(), nextId, path + ".element");
      return array.containsNull() ? Types.ListType.ofOptional(elementId, element) : Types.ListType.ofRequired(elementId, element);
    } else if (type instanceof MapType map) {
      int keyId = nextId[0]++;
      int valueId = nextId[0]++;
      Type key = toDatashardType(map.keyType(), nextId, path + ".key");
      Type value = toDatashardType(map.valueType(), nextId, path + ".value");
      return map.valueContainsNull() ? Types.MapType.ofOptional(keyId, valueId, key, value) : Types.MapType.ofRequired(keyId, valueId, key, value);
    } else if (type instanceof BooleanType) {
      return Types.BooleanType.get();
    } else if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType) {
      return Types.IntegerType.get();
    } else if (type instanceof LongType) {
      return Types.LongType.get();
    } else if (type instanceof FloatType) {
      return Types.FloatType.get();
    } else if (type instanceof DoubleType) {
      return Types.DoubleType.get();
    } else if (type instanceof DateType) {
      return Types.DateType.get();
    } else if (type instanceof TimestampType) {
      return Types.TimestampType.withZone();
    } else if (type instanceof TimestampNTZType) {
      return Types.TimestampType.withoutZone();
    } else if (type instanceof StringType || type instanceof CharType || type instanceof VarcharType) {
      return Types.StringType.get();
    } else if (type instanceof BinaryType) {
      return Types.BinaryType.get();
    } else if (type instanceof DecimalType decimal) {
      return Types.DecimalType.of(decimal.precision(), decimal.scale());
    } else if (type instanceof NullType) {
      return Types.UnknownType.get();
    }
    throw new IllegalArgumentException("Cannot convert Spark type " + type.simpleString()
        + (path.isEmpty() ? "" : " of column " + path) + " to a Datashard type: it has no equivalent in the table format;"
        + " cast the column to a supported type (numbers, string, binary, date, timestamp, decimal, struct, array, map)");
  }
}
