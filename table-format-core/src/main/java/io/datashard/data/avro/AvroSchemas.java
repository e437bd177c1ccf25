package io.datashard.data.avro;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;

/**
 * Converts Datashard schemas to Avro schemas as the spec's Avro appendix describes, so that any
 * Iceberg reader can read the data files: every record field carries {@code field-id}, arrays carry
 * {@code element-id}, maps carry {@code key-id} and {@code value-id}, optional values are unions
 * with null (null first, default null), maps with non-string keys are arrays of {@code key}/{@code
 * value} records with logical type {@code map}, decimals are fixed of the smallest size for their
 * precision, uuids are fixed(16), timestamps are {@code timestamp-micros} or {@code
 * timestamp-nanos} with {@code adjust-to-utc}, and {@code unknown} columns are Avro {@code null}.
 */
public final class AvroSchemas {
  public static final String FIELD_ID_PROP = "field-id";
  public static final String ELEMENT_ID_PROP = "element-id";
  public static final String KEY_ID_PROP = "key-id";
  public static final String VALUE_ID_PROP = "value-id";
  public static final String ADJUST_TO_UTC_PROP = "adjust-to-utc";
  public static final String FIELD_NAME_PROP = "iceberg-field-name";
  static final String LOGICAL_TYPE_PROP = "logicalType";
  static final String MAP_LOGICAL_TYPE = "map";
  static final String UUID_LOGICAL_TYPE = "uuid";

  private AvroSchemas() {}

  /** The Avro schema of data files written with this table schema; the top-level record is {@code table}. */
  public static org.apache.avro.Schema convert(Schema schema) {
    Objects.requireNonNull(schema, "schema is null");
    return convert(schema.asStruct(), "table");
  }

  /** The Avro record schema for a struct, named {@code recordName}. */
  public static org.apache.avro.Schema convert(Types.StructType struct, String recordName) {
    Objects.requireNonNull(struct, "struct is null");
    Objects.requireNonNull(recordName, "recordName is null");
    return record(struct, recordName);
  }

  private static org.apache.avro.Schema record(Types.StructType struct, String name) {
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>(struct.fields().size());
    for (Types.NestedField field : struct.fields()) {
      org.apache.avro.Schema fieldSchema = fieldSchema(field.type(), field.isOptional(), field.fieldId());
      String avroName = sanitize(field.name());
      boolean nullDefault = fieldSchema.isNullable();
      org.apache.avro.Schema.Field avroField = new org.apache.avro.Schema.Field(
          avroName, fieldSchema, field.doc().orElse(null), nullDefault ? JsonProperties.NULL_VALUE : null);
      avroField.addProp(FIELD_ID_PROP, field.fieldId());
      if (!avroName.equals(field.name())) {
        avroField.addProp(FIELD_NAME_PROP, field.name());
      }
      fields.add(avroField);
    }
    return org.apache.avro.Schema.createRecord(name, null, null, false, fields);
  }

  private static org.apache.avro.Schema fieldSchema(Type type, boolean optional, int fieldId) {
    org.apache.avro.Schema schema = type(type, fieldId);
    if (optional && schema.getType() != org.apache.avro.Schema.Type.NULL) {
      return org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), schema);
    }
    return schema;
  }

  private static org.apache.avro.Schema type(Type type, int fieldId) {
    switch (type.typeId()) {
      case BOOLEAN:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
      case INTEGER:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
      case LONG:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
      case FLOAT:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
      case DOUBLE:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
      case DATE:
        return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
      case TIME:
        return LogicalTypes.timeMicros().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
      case TIMESTAMP: {
        org.apache.avro.Schema schema =
            LogicalTypes.timestampMicros().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        schema.addProp(ADJUST_TO_UTC_PROP, ((Types.TimestampType) type).shouldAdjustToUTC());
        return schema;
      }
      case TIMESTAMP_NANO: {
        org.apache.avro.Schema schema =
            LogicalTypes.timestampNanos().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        schema.addProp(ADJUST_TO_UTC_PROP, ((Types.TimestampNanoType) type).shouldAdjustToUTC());
        return schema;
      }
      case STRING:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
      case UUID: {
        // a plain property: Avro releases differ in whether their uuid logical type accepts fixed
        org.apache.avro.Schema schema = org.apache.avro.Schema.createFixed("uuid_fixed", null, null, 16);
        schema.addProp(LOGICAL_TYPE_PROP, UUID_LOGICAL_TYPE);
        return schema;
      }
      case FIXED: {
        int length = ((Types.FixedType) type).length();
        return org.apache.avro.Schema.createFixed("fixed_" + length, null, null, length);
      }
      case BINARY:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
      case DECIMAL: {
        Types.DecimalType decimal = (Types.DecimalType) type;
        org.apache.avro.Schema fixed = org.apache.avro.Schema.createFixed(
            "decimal_" + decimal.precision() + "_" + decimal.scale(), null, null, decimalBytes(decimal.precision()));
        return LogicalTypes.decimal(decimal.precision(), decimal.scale()).addToSchema(fixed);
      }
      case UNKNOWN:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);
      case STRUCT:
        return record(type.asStructType(), "r" + fieldId);
      case LIST: {
        Types.ListType list = type.asListType();
        org.apache.avro.Schema array = org.apache.avro.Schema.createArray(
            fieldSchema(list.elementType(), list.isElementOptional(), list.elementId()));
        array.addProp(ELEMENT_ID_PROP, list.elementId());
        return array;
      }
      case MAP:
        return map(type.asMapType());
      default:
        throw new ValidationException("Cannot write a column of type " + type + " (field id " + fieldId
            + ") to an Avro data file: Datashard does not support " + type + " in Avro files yet; use another type");
    }
  }

  private static org.apache.avro.Schema map(Types.MapType map) {
    org.apache.avro.Schema value = fieldSchema(map.valueType(), map.isValueOptional(), map.valueId());
    if (map.keyType().typeId() == Type.TypeID.STRING) {
      org.apache.avro.Schema avroMap = org.apache.avro.Schema.createMap(value);
      avroMap.addProp(KEY_ID_PROP, map.keyId());
      avroMap.addProp(VALUE_ID_PROP, map.valueId());
      return avroMap;
    }
    org.apache.avro.Schema.Field key = new org.apache.avro.Schema.Field("key", type(map.keyType(), map.keyId()), null, null);
    key.addProp(FIELD_ID_PROP, map.keyId());
    org.apache.avro.Schema.Field val = new org.apache.avro.Schema.Field(
        "value", value, null, value.isNullable() ? JsonProperties.NULL_VALUE : null);
    val.addProp(FIELD_ID_PROP, map.valueId());
    org.apache.avro.Schema entry = org.apache.avro.Schema.createRecord(
        "k" + map.keyId() + "_v" + map.valueId(), null, null, false, List.of(key, val));
    org.apache.avro.Schema array = org.apache.avro.Schema.createArray(entry);
    array.addProp(LOGICAL_TYPE_PROP, MAP_LOGICAL_TYPE);
    return array;
  }

  /** The smallest number of bytes whose two's complement holds every unscaled value of the precision. */
  static int decimalBytes(int precision) {
    java.math.BigInteger max = java.math.BigInteger.TEN.pow(precision).subtract(java.math.BigInteger.ONE);
    return (max.bitLength() + 1 + 7) / 8;
  }

  /** An Avro-valid name: other characters become {@code _x<hex>}, a leading digit gets {@code _}. */
  static String sanitize(String name) {
    if (isValid(name)) {
      return name;
    }
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < name.length(); i += 1) {
      char c = name.charAt(i);
      boolean valid = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (valid) {
        result.append(c);
      } else if (i == 0 && c >= '0' && c <= '9') {
        result.append('_').append(c);
      } else {
        result.append("_x").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT));
      }
    }
    return result.toString();
  }

  private static boolean isValid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i += 1) {
      char c = name.charAt(i);
      boolean valid = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!valid) {
        return false;
      }
    }
    return true;
  }

  /** The integer id in an Avro property ({@code field-id}, {@code element-id}, ...), or null. */
  static Integer id(JsonProperties props, String prop) {
    Object id = props.getObjectProp(prop);
    if (id instanceof Number) {
      return ((Number) id).intValue();
    } else if (id instanceof String) {
      try {
        return Integer.parseInt((String) id);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
