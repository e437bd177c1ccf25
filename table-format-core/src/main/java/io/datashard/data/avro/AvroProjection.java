package io.datashard.data.avro;

import io.datashard.data.GenericRecord;
import io.datashard.internal.data.DefaultValues;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Matches an expected struct to the Avro schema of a data file by field id and builds both the
 * pruned Avro read schema (only the columns the projection needs, so Avro skips the others) and
 * the converter from Avro's generic values of that read schema to {@link GenericRecord}s. Columns
 * absent from the file read as their initial default or null; promoted columns (int to long, float
 * to double, decimal widening, date to timestamp) are widened.
 */
final class AvroProjection {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private final String location;
  private final Schema readSchema;
  private final Converter root;

  private AvroProjection(String location, Types.StructType expected, Schema fileSchema) {
    this.location = location;
    if (fileSchema.getType() != Schema.Type.RECORD) {
      throw new ValidationException("Cannot read data file " + location + ": its Avro schema is a "
          + fileSchema.getType() + ", not a record");
    }
    if (!fileSchema.getFields().isEmpty() && !hasFieldIds(fileSchema)) {
      throw new ValidationException("Cannot read data file " + location
          + ": its Avro schema has no field-id properties, so columns cannot be matched by id "
          + "(files without field ids need a name mapping, which Datashard does not support yet)");
    }
    Built built = struct(expected, fileSchema, "");
    this.readSchema = built.schema;
    this.root = built.converter;
  }

  static AvroProjection of(String location, Types.StructType expected, Schema fileSchema) {
    return new AvroProjection(location, expected, fileSchema);
  }

  Schema readSchema() {
    return readSchema;
  }

  GenericRecord convert(Object avroRecord) {
    return (GenericRecord) root.convert(avroRecord);
  }

  private static boolean hasFieldIds(Schema record) {
    for (Schema.Field field : record.getFields()) {
      if (AvroSchemas.id(field, AvroSchemas.FIELD_ID_PROP) != null) {
        return true;
      }
    }
    return false;
  }

  private interface Converter {
    Object convert(Object avroValue);
  }

  private record Built(Schema schema, Converter converter) {}

  private Built struct(Types.StructType expected, Schema fileRecord, String prefix) {
    Map<Integer, Schema.Field> byId = new HashMap<>();
    for (Schema.Field field : fileRecord.getFields()) {
      Integer id = AvroSchemas.id(field, AvroSchemas.FIELD_ID_PROP);
      if (id != null) {
        byId.put(id, field);
      }
    }
    List<Types.NestedField> fields = expected.fields();
    List<Schema.Field> readFields = new ArrayList<>();
    int[] positions = new int[fields.size()];
    Converter[] converters = new Converter[fields.size()];
    Object[] constants = new Object[fields.size()];
    Type[] types = new Type[fields.size()];
    for (int i = 0; i < fields.size(); i += 1) {
      Types.NestedField field = fields.get(i);
      String name = prefix + field.name();
      Schema.Field fileField = byId.get(field.fieldId());
      if (fileField == null) {
        positions[i] = -1;
        constants[i] = missing(field, name);
        types[i] = field.type();
      } else {
        Built child = value(field.type(), fileField.schema(), field.fieldId(), name);
        positions[i] = readFields.size();
        converters[i] = child.converter;
        readFields.add(new Schema.Field(fileField, child.schema));
      }
    }
    Schema readRecord = Schema.createRecord(
        fileRecord.getName(), fileRecord.getDoc(), fileRecord.getNamespace(), fileRecord.isError(), readFields);
    GenericRecord template = GenericRecord.create(expected);
    Converter converter = avroValue -> {
      IndexedRecord avroRecord = (IndexedRecord) avroValue;
      GenericRecord record = template.newRecord();
      for (int i = 0; i < positions.length; i += 1) {
        if (positions[i] < 0) {
          record.set(i, DefaultValues.materialize(types[i], constants[i]));
        } else {
          Object value = avroRecord.get(positions[i]);
          record.set(i, value == null ? null : converters[i].convert(value));
        }
      }
      return record;
    };
    return new Built(readRecord, converter);
  }

  /** The value of a column the file does not have: its initial default, or null. */
  private Object missing(Types.NestedField field, String name) {
    Object initial = field.initialDefault().orElse(null);
    if (field.type().isStructType()) {
      if (initial == null && field.isOptional()) {
        return null;
      }
      // a struct's default is {}: the struct exists and its fields take their own defaults
      Types.StructType struct = field.type().asStructType();
      GenericRecord record = GenericRecord.create(struct);
      for (int i = 0; i < struct.fields().size(); i += 1) {
        Types.NestedField child = struct.fields().get(i);
        record.set(i, missing(child, name + "." + child.name()));
      }
      return record;
    }
    if (initial == null && field.isRequired() && field.type().typeId() != Type.TypeID.UNKNOWN) {
      throw new ValidationException("Cannot read data file " + location + ": required field '" + name + "' (id "
          + field.fieldId() + ") is not in the file and has no initial default");
    }
    return initial;
  }

  private Built value(Type expected, Schema file, int id, String name) {
    if (file.getType() == Schema.Type.UNION) {
      return union(expected, file, id, name);
    }
    if (expected.typeId() == Type.TypeID.UNKNOWN || file.getType() == Schema.Type.NULL) {
      return new Built(file, value -> null);
    }
    switch (expected.typeId()) {
      case STRUCT:
        require(file.getType() == Schema.Type.RECORD, expected, file, name);
        return struct(expected.asStructType(), file, name + ".");
      case LIST:
        require(file.getType() == Schema.Type.ARRAY, expected, file, name);
        return list(expected.asListType(), file, name);
      case MAP:
        return map(expected.asMapType(), file, name);
      default:
        return new Built(file, primitive(expected.asPrimitiveType(), file, name));
    }
  }

  private Built union(Type expected, Schema union, int id, String name) {
    List<Schema> branches = union.getTypes();
    int valueBranch = -1;
    for (int i = 0; i < branches.size(); i += 1) {
      if (branches.get(i).getType() != Schema.Type.NULL) {
        if (valueBranch >= 0) {
          throw new ValidationException("Cannot read field '" + name + "' of data file " + location
              + ": its Avro type is a union of several non-null types " + union + "; only [null, T] unions are supported");
        }
        valueBranch = i;
      }
    }
    if (valueBranch < 0) {
      return new Built(union, value -> null);
    }
    Built inner = value(expected, branches.get(valueBranch), id, name);
    List<Schema> readBranches = new ArrayList<>(branches);
    readBranches.set(valueBranch, inner.schema);
    return new Built(Schema.createUnion(readBranches), inner.converter);
  }

  private Built list(Types.ListType expected, Schema array, String name) {
    Built element = value(expected.elementType(), array.getElementType(), expected.elementId(), name + ".element");
    Schema readArray = Schema.createArray(element.schema);
    readArray.addAllProps(array);
    Converter convert = element.converter;
    return new Built(readArray, value -> {
      List<?> avroList = (List<?>) value;
      List<Object> result = new ArrayList<>(avroList.size());
      for (Object item : avroList) {
        result.add(item == null ? null : convert.convert(item));
      }
      return result;
    });
  }

  private Built map(Types.MapType expected, Schema file, String name) {
    if (file.getType() == Schema.Type.MAP) {
      require(expected.keyType().typeId() == Type.TypeID.STRING, expected, file, name);
      Built value = value(expected.valueType(), file.getValueType(), expected.valueId(), name + ".value");
      Schema readMap = Schema.createMap(value.schema);
      readMap.addAllProps(file);
      Converter convert = value.converter;
      return new Built(readMap, avro -> {
        Map<?, ?> avroMap = (Map<?, ?>) avro;
        Map<Object, Object> result = new LinkedHashMap<>(Math.max(4, avroMap.size() * 2));
        for (Map.Entry<?, ?> entry : avroMap.entrySet()) {
          Object item = entry.getValue();
          result.put(entry.getKey().toString(), item == null ? null : convert.convert(item));
        }
        return result;
      });
    }
    require(file.getType() == Schema.Type.ARRAY && file.getElementType().getType() == Schema.Type.RECORD
        && file.getElementType().getFields().size() == 2, expected, file, name);
    Schema entry = file.getElementType();
    Built key = value(expected.keyType(), entry.getFields().get(0).schema(), expected.keyId(), name + ".key");
    Built value = value(expected.valueType(), entry.getFields().get(1).schema(), expected.valueId(), name + ".value");
    Schema readEntry = Schema.createRecord(entry.getName(), entry.getDoc(), entry.getNamespace(), false, List.of(
        new Schema.Field(entry.getFields().get(0), key.schema), new Schema.Field(entry.getFields().get(1), value.schema)));
    Schema readArray = Schema.createArray(readEntry);
    readArray.addAllProps(file);
    Converter convertKey = key.converter;
    Converter convertValue = value.converter;
    return new Built(readArray, avro -> {
      List<?> entries = (List<?>) avro;
      Map<Object, Object> result = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
      for (Object item : entries) {
        IndexedRecord pair = (IndexedRecord) item;
        Object k = pair.get(0);
        Object v = pair.get(1);
        result.put(k == null ? null : convertKey.convert(k), v == null ? null : convertValue.convert(v));
      }
      return result;
    });
  }

  private Converter primitive(Type.PrimitiveType expected, Schema file, String name) {
    Schema.Type avro = file.getType();
    LogicalType logical = file.getLogicalType();
    String logicalName = file.getProp(AvroSchemas.LOGICAL_TYPE_PROP);
    switch (expected.typeId()) {
      case BOOLEAN:
        require(avro == Schema.Type.BOOLEAN, expected, file, name);
        return value -> value;
      case INTEGER:
      case DATE:
        require(avro == Schema.Type.INT, expected, file, name);
        return value -> value;
      case LONG:
        require(avro == Schema.Type.LONG || avro == Schema.Type.INT, expected, file, name);
        return avro == Schema.Type.INT ? value -> ((Integer) value).longValue() : value -> value;
      case TIME:
        require(avro == Schema.Type.LONG, expected, file, name);
        return value -> value;
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        if (avro == Schema.Type.INT && logical instanceof LogicalTypes.Date) {
          long perDay = expected.typeId() == Type.TypeID.TIMESTAMP ? MICROS_PER_DAY : NANOS_PER_DAY;
          return value -> Math.multiplyExact(((Integer) value).longValue(), perDay);
        }
        require(avro == Schema.Type.LONG, expected, file, name);
        return value -> value;
      case FLOAT:
        require(avro == Schema.Type.FLOAT, expected, file, name);
        return value -> value;
      case DOUBLE:
        require(avro == Schema.Type.DOUBLE || avro == Schema.Type.FLOAT, expected, file, name);
        return avro == Schema.Type.FLOAT ? value -> ((Float) value).doubleValue() : value -> value;
      case STRING:
        require(avro == Schema.Type.STRING, expected, file, name);
        return Object::toString;
      case UUID:
        if (avro == Schema.Type.STRING) {
          return value -> UUID.fromString(value.toString());
        }
        require(avro == Schema.Type.FIXED && file.getFixedSize() == 16, expected, file, name);
        return value -> {
          ByteBuffer bytes = ByteBuffer.wrap(((GenericFixed) value).bytes());
          return new UUID(bytes.getLong(0), bytes.getLong(8));
        };
      case FIXED:
        require(avro == Schema.Type.FIXED && file.getFixedSize() == ((Types.FixedType) expected).length(),
            expected, file, name);
        return value -> ByteBuffer.wrap(((GenericFixed) value).bytes());
      case BINARY:
        require(avro == Schema.Type.BYTES || avro == Schema.Type.FIXED, expected, file, name);
        return avro == Schema.Type.BYTES ? value -> value : value -> ByteBuffer.wrap(((GenericFixed) value).bytes());
      case DECIMAL:
        return decimal((Types.DecimalType) expected, file, name, logical);
      default:
        throw new ValidationException("Cannot read field '" + name + "' of type " + expected + " from data file "
            + location + ": Avro data files do not support " + expected + " yet (Avro type " + logicalName + ")");
    }
  }

  private Converter decimal(Types.DecimalType expected, Schema file, String name, LogicalType logical) {
    boolean fixed = file.getType() == Schema.Type.FIXED;
    require((fixed || file.getType() == Schema.Type.BYTES) && logical instanceof LogicalTypes.Decimal, expected, file, name);
    LogicalTypes.Decimal written = (LogicalTypes.Decimal) logical;
    if (written.getScale() != expected.scale() || written.getPrecision() > expected.precision()) {
      throw new ValidationException("Cannot read field '" + name + "' of data file " + location + " as " + expected
          + ": the file has decimal(" + written.getPrecision() + "," + written.getScale()
          + "); only precision can widen");
    }
    int scale = expected.scale();
    if (fixed) {
      return value -> new BigDecimal(new BigInteger(((GenericFixed) value).bytes()), scale);
    }
    return value -> {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return new BigDecimal(new BigInteger(bytes), scale);
    };
  }

  private void require(boolean compatible, Type expected, Schema file, String name) {
    if (!compatible) {
      throw new ValidationException("Cannot read field '" + name + "' of data file " + location + " as " + expected
          + ": the file stores it as Avro " + file + ", which cannot be read as " + expected);
    }
  }
}
