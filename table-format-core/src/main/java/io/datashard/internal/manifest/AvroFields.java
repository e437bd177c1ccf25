package io.datashard.internal.manifest;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Finds fields in the writer schema of a manifest or manifest list and reads generic Avro values
 * into Java values. Fields are matched by their {@code field-id} first, as Iceberg readers do, and
 * by name otherwise, so files of other writers and older versions (which used other names) read
 * the same.
 */
final class AvroFields {
  private AvroFields() {}

  /**
   * The position of the field with the id in a record schema, or else of a field with one of the
   * names that carries no id (a field with another id is another field); -1 if absent.
   */
  static int position(Schema record, int fieldId, String... names) {
    for (Schema.Field field : record.getFields()) {
      Integer id = fieldId(field);
      if (id != null && id == fieldId) {
        return field.pos();
      }
    }
    for (String name : names) {
      Schema.Field field = record.getField(name);
      if (field != null && fieldId(field) == null) {
        return field.pos();
      }
    }
    return -1;
  }

  static Integer fieldId(Schema.Field field) {
    Object id = field.getObjectProp(ManifestAvroSchemas.FIELD_ID_PROP);
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

  static Object get(GenericRecord record, int pos) {
    return pos < 0 ? null : record.get(pos);
  }

  static Integer intValue(GenericRecord record, int pos) {
    Object value = get(record, pos);
    return value == null ? null : ((Number) value).intValue();
  }

  static Long longValue(GenericRecord record, int pos) {
    Object value = get(record, pos);
    return value == null ? null : ((Number) value).longValue();
  }

  static String stringValue(GenericRecord record, int pos) {
    Object value = get(record, pos);
    return value == null ? null : value.toString();
  }

  static Boolean booleanValue(GenericRecord record, int pos) {
    return (Boolean) get(record, pos);
  }

  /** A copy, so that nothing aliases Avro's buffers. */
  static ByteBuffer bytesValue(GenericRecord record, int pos) {
    Object value = get(record, pos);
    return value == null ? null : ByteBuffer.wrap(PartitionValues.toArray((ByteBuffer) value));
  }

  static List<Long> longList(GenericRecord record, int pos) {
    Object value = get(record, pos);
    if (value == null) {
      return null;
    }
    Collection<?> values = (Collection<?>) value;
    Long[] result = new Long[values.size()];
    int i = 0;
    for (Object element : values) {
      result[i++] = ((Number) element).longValue();
    }
    return List.of(result);
  }

  static List<Integer> intList(GenericRecord record, int pos) {
    Object value = get(record, pos);
    if (value == null) {
      return null;
    }
    Collection<?> values = (Collection<?>) value;
    Integer[] result = new Integer[values.size()];
    int i = 0;
    for (Object element : values) {
      result[i++] = ((Number) element).intValue();
    }
    return List.of(result);
  }

  /** An int-keyed map, written as an array of key/value records (or, by other writers, as an Avro map). */
  static Map<Integer, Long> longMap(GenericRecord record, int pos) {
    Map<Integer, Object> raw = intKeyMap(get(record, pos));
    Map<Integer, Long> result = new HashMap<>(raw.size() * 2);
    raw.forEach((key, value) -> result.put(key, ((Number) value).longValue()));
    return result;
  }

  static Map<Integer, ByteBuffer> bytesMap(GenericRecord record, int pos) {
    Map<Integer, Object> raw = intKeyMap(get(record, pos));
    Map<Integer, ByteBuffer> result = new HashMap<>(raw.size() * 2);
    raw.forEach((key, value) -> result.put(key, ByteBuffer.wrap(PartitionValues.toArray((ByteBuffer) value))));
    return result;
  }

  private static Map<Integer, Object> intKeyMap(Object value) {
    if (value == null) {
      return Map.of();
    }
    Map<Integer, Object> result = new HashMap<>();
    if (value instanceof Map) {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        result.put(Integer.parseInt(entry.getKey().toString()), entry.getValue());
      }
      return result;
    }
    for (Object element : (Collection<?>) value) {
      GenericRecord pair = (GenericRecord) element;
      Schema pairSchema = pair.getSchema();
      int keyPos = pairSchema.getField("key") != null ? pairSchema.getField("key").pos() : 0;
      int valuePos = pairSchema.getField("value") != null ? pairSchema.getField("value").pos() : 1;
      Object mapValue = pair.get(valuePos);
      if (mapValue != null) {
        result.put(((Number) pair.get(keyPos)).intValue(), mapValue);
      }
    }
    return result;
  }

  /** The record schema of a field, unwrapping an optional union. */
  static Schema recordSchema(Schema record, int pos) {
    Schema schema = PartitionValues.nonNull(record.getFields().get(pos).schema());
    return schema.getType() == Schema.Type.RECORD ? schema : null;
  }
}
