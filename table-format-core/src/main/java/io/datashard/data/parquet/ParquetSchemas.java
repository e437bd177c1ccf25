package io.datashard.data.parquet;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.Objects;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Converts Datashard schemas to Parquet schemas as the spec's Parquet appendix describes, so that
 * any Iceberg reader can read the data files: every field carries its field id; decimals are int32
 * up to precision 9, int64 up to 18 and otherwise fixed of the smallest size for their precision;
 * time and timestamps are int64 with their unit (micros or nanos) and {@code isAdjustedToUTC};
 * uuids are fixed(16) with the UUID annotation; lists are the 3-level
 * {@code group (LIST) { repeated group list { element } }} and maps the 3-level
 * {@code group (MAP) { repeated group key_value { key; value } }}; columns of type {@code unknown}
 * are left out of the file, as the spec requires.
 */
public final class ParquetSchemas {
  static final String LIST_REPEATED_NAME = "list";
  static final String ELEMENT_NAME = "element";
  static final String MAP_REPEATED_NAME = "key_value";
  static final String KEY_NAME = "key";
  static final String VALUE_NAME = "value";

  private ParquetSchemas() {}

  /**
   * The Parquet schema of data files written with this table schema; the message is named {@code table}.
   *
   * @throws ValidationException if the schema has a type Datashard cannot write to Parquet yet (variant, geometry)
   */
  public static MessageType convert(Schema schema) {
    Objects.requireNonNull(schema, "schema is null");
    org.apache.parquet.schema.Types.MessageTypeBuilder builder = org.apache.parquet.schema.Types.buildMessage();
    for (Types.NestedField field : schema.columns()) {
      if (isStored(field.type())) {
        builder.addField(field(field, field.name()));
      }
    }
    return builder.named("table");
  }

  /** Whether values of this type are stored in Parquet files; {@code unknown} values are not. */
  static boolean isStored(Type type) {
    return type.typeId() != Type.TypeID.UNKNOWN;
  }

  /** The Parquet physical width of a decimal: int32 up to precision 9, int64 up to 18, else fixed. */
  static PrimitiveTypeName decimalPhysicalType(int precision) {
    if (precision <= 9) {
      return PrimitiveTypeName.INT32;
    } else if (precision <= 18) {
      return PrimitiveTypeName.INT64;
    }
    return PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
  }

  /** The fewest bytes whose two's complement holds every unscaled value of the precision. */
  static int decimalBytes(int precision) {
    int bytes = 1;
    while (Math.pow(2, 8 * bytes - 1) < Math.pow(10, precision)) {
      bytes += 1;
    }
    return bytes;
  }

  private static org.apache.parquet.schema.Type field(Types.NestedField field, String path) {
    org.apache.parquet.schema.Type.Repetition repetition = field.isOptional()
        ? org.apache.parquet.schema.Type.Repetition.OPTIONAL : org.apache.parquet.schema.Type.Repetition.REQUIRED;
    return type(field.type(), repetition, field.fieldId(), field.name(), path);
  }

  private static org.apache.parquet.schema.Type type(
      Type type, org.apache.parquet.schema.Type.Repetition repetition, int id, String name, String path) {
    switch (type.typeId()) {
      case STRUCT: {
        org.apache.parquet.schema.Types.GroupBuilder<GroupType> group = org.apache.parquet.schema.Types.buildGroup(repetition);
        for (Types.NestedField child : type.asStructType().fields()) {
          if (isStored(child.type())) {
            group.addField(field(child, path + "." + child.name()));
          }
        }
        if (!hasStoredField(type.asStructType())) {
          throw new ValidationException("Cannot write struct '" + path + "' to Parquet: all of its fields are of type "
              + "unknown, and Parquet cannot store an empty group; add a field of another type");
        }
        return group.id(id).named(name);
      }
      case LIST: {
        Types.ListType list = type.asListType();
        checkStored(list.elementType(), path + ".element");
        org.apache.parquet.schema.Type element = field(list.elementField().withName(ELEMENT_NAME), path + ".element");
        return org.apache.parquet.schema.Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
            .repeatedGroup().addField(element).named(LIST_REPEATED_NAME)
            .id(id).named(name);
      }
      case MAP: {
        Types.MapType map = type.asMapType();
        checkStored(map.keyType(), path + ".key");
        checkStored(map.valueType(), path + ".value");
        org.apache.parquet.schema.Type key = field(map.keyField().withName(KEY_NAME), path + ".key");
        org.apache.parquet.schema.Type value = field(map.valueField().withName(VALUE_NAME), path + ".value");
        return org.apache.parquet.schema.Types.buildGroup(repetition).as(LogicalTypeAnnotation.mapType())
            .repeatedGroup().addField(key).addField(value).named(MAP_REPEATED_NAME)
            .id(id).named(name);
      }
      default:
        return primitive(type.asPrimitiveType(), repetition, id, name, path);
    }
  }

  private static boolean hasStoredField(Types.StructType struct) {
    for (Types.NestedField child : struct.fields()) {
      if (isStored(child.type())) {
        return true;
      }
    }
    return false;
  }

  private static void checkStored(Type type, String path) {
    if (!isStored(type)) {
      throw new ValidationException("Cannot write '" + path + "' to Parquet: list elements and map keys and values "
          + "of type unknown cannot be stored; use another type");
    }
  }

  private static org.apache.parquet.schema.Type primitive(
      Type.PrimitiveType type, org.apache.parquet.schema.Type.Repetition repetition, int id, String name, String path) {
    switch (type.typeId()) {
      case BOOLEAN:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).id(id).named(name);
      case INTEGER:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.INT32, repetition).id(id).named(name);
      case LONG:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.INT64, repetition).id(id).named(name);
      case FLOAT:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.FLOAT, repetition).id(id).named(name);
      case DOUBLE:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.DOUBLE, repetition).id(id).named(name);
      case DATE:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.INT32, repetition)
            .as(LogicalTypeAnnotation.dateType()).id(id).named(name);
      case TIME:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS)).id(id).named(name);
      case TIMESTAMP:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.timestampType(((Types.TimestampType) type).shouldAdjustToUTC(), TimeUnit.MICROS))
            .id(id).named(name);
      case TIMESTAMP_NANO:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.timestampType(((Types.TimestampNanoType) type).shouldAdjustToUTC(), TimeUnit.NANOS))
            .id(id).named(name);
      case STRING:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.BINARY, repetition)
            .as(LogicalTypeAnnotation.stringType()).id(id).named(name);
      case UUID:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition).length(16)
            .as(LogicalTypeAnnotation.uuidType()).id(id).named(name);
      case FIXED:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
            .length(((Types.FixedType) type).length()).id(id).named(name);
      case BINARY:
        return org.apache.parquet.schema.Types.primitive(PrimitiveTypeName.BINARY, repetition).id(id).named(name);
      case DECIMAL: {
        Types.DecimalType decimal = (Types.DecimalType) type;
        PrimitiveTypeName physical = decimalPhysicalType(decimal.precision());
        org.apache.parquet.schema.Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> builder =
            org.apache.parquet.schema.Types.primitive(physical, repetition);
        if (physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
          builder = builder.length(decimalBytes(decimal.precision()));
        }
        return builder.as(LogicalTypeAnnotation.decimalType(decimal.scale(), decimal.precision())).id(id).named(name);
      }
      default:
        throw new ValidationException("Cannot write field '" + path + "' of type " + type
            + " to Parquet: Datashard does not write " + type + " to Parquet yet; write the table as Avro "
            + "(write.format.default=avro) or drop the column");
    }
  }
}
