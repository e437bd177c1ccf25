package io.datashard.types;

import io.datashard.exceptions.ValidationException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks default values against their field's type and stores them in an immutable canonical form
 * (the Java representation of {@link Type.TypeID#javaClass()}), so equal defaults compare equal.
 */
final class FieldDefaults {
  private FieldDefaults() {}

  /** Validates and copies a field's default; null means no default. */
  static Object normalizeFieldDefault(int id, String name, Type type, String which, Object value) {
    if (value == null) {
      return null;
    }
    String where = which + " of field " + id + " '" + name + "'";
    if (type.isStructType() && value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
      // Spec: a struct's own default carries no sub-field values; those live in the sub-fields' defaults.
      throw new ValidationException(
          "Invalid " + where + " of type " + type + ": a struct default must be empty ({}) or unset; "
              + "set defaults on its fields instead");
    }
    return normalize(type, value, where);
  }

  static Object normalize(Type type, Object value, String where) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case UNKNOWN:
      case VARIANT:
        throw invalid(where, type, value, "columns of type " + type + " must default to null");
      case BOOLEAN:
        return expect(Boolean.class, type, value, where);
      case INTEGER:
      case DATE:
        return expect(Integer.class, type, value, where);
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        if (value instanceof Integer) {
          return ((Integer) value).longValue();
        }
        return expect(Long.class, type, value, where);
      case FLOAT:
        return expect(Float.class, type, value, where);
      case DOUBLE:
        if (value instanceof Float) {
          return ((Float) value).doubleValue();
        }
        return expect(Double.class, type, value, where);
      case STRING:
        return expect(CharSequence.class, type, value, where).toString();
      case UUID:
        return expect(UUID.class, type, value, where);
      case FIXED:
        ByteBuffer fixed = expect(ByteBuffer.class, type, value, where);
        int length = ((Types.FixedType) type).length();
        if (fixed.remaining() != length) {
          throw invalid(where, type, value, "expected " + length + " bytes but got " + fixed.remaining());
        }
        return copy(fixed);
      case BINARY:
        return copy(expect(ByteBuffer.class, type, value, where));
      case DECIMAL:
        return decimal((Types.DecimalType) type, expect(BigDecimal.class, type, value, where), where);
      case STRUCT:
        return struct(type.asStructType(), expect(Map.class, type, value, where), where);
      case LIST:
        return list(type.asListType(), expect(List.class, type, value, where), where);
      case MAP:
        return map(type.asMapType(), expect(Map.class, type, value, where), where);
      default:
        throw invalid(where, type, value, "unsupported type");
    }
  }

  private static BigDecimal decimal(Types.DecimalType type, BigDecimal value, String where) {
    BigDecimal scaled;
    try {
      scaled = value.setScale(type.scale());
    } catch (ArithmeticException e) {
      throw invalid(where, type, value, "it has scale " + value.scale() + " and cannot be set to scale " + type.scale()
          + " without rounding");
    }
    if (scaled.precision() > type.precision()) {
      throw invalid(where, type, value, "it needs precision " + scaled.precision() + " > " + type.precision());
    }
    return scaled;
  }

  private static Map<Integer, Object> struct(Types.StructType type, Map<?, ?> value, String where) {
    Map<Integer, Object> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      if (!(entry.getKey() instanceof Integer) || type.findField((Integer) entry.getKey()).isEmpty()) {
        throw invalid(where, type, value, "struct values are keyed by field id and " + entry.getKey()
            + " is not a field id of the struct");
      }
    }
    // Keep the struct's field order so equal values iterate (and serialize) identically.
    for (Types.NestedField field : type.fields()) {
      if (value.containsKey(field.fieldId())) {
        Object fieldValue = value.get(field.fieldId());
        String fieldWhere = where + " field " + field.fieldId();
        checkNullable(fieldValue, field.isOptional(), fieldWhere, field.type());
        result.put(field.fieldId(), normalize(field.type(), fieldValue, fieldWhere));
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private static List<Object> list(Types.ListType type, List<?> value, String where) {
    List<Object> result = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      String elementWhere = where + " element " + i;
      checkNullable(value.get(i), type.isElementOptional(), elementWhere, type.elementType());
      result.add(normalize(type.elementType(), value.get(i), elementWhere));
    }
    return Collections.unmodifiableList(result);
  }

  private static Map<Object, Object> map(Types.MapType type, Map<?, ?> value, String where) {
    Map<Object, Object> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      checkNullable(entry.getKey(), false, where + " key", type.keyType());
      String valueWhere = where + " value for key " + entry.getKey();
      checkNullable(entry.getValue(), type.isValueOptional(), valueWhere, type.valueType());
      result.put(normalize(type.keyType(), entry.getKey(), where + " key"), normalize(type.valueType(), entry.getValue(), valueWhere));
    }
    return Collections.unmodifiableMap(result);
  }

  private static void checkNullable(Object value, boolean optional, String where, Type type) {
    if (value == null && !optional) {
      throw new ValidationException("Invalid " + where + " of type " + type + ": null is not allowed for a required value");
    }
  }

  private static <T> T expect(Class<T> javaClass, Type type, Object value, String where) {
    if (!javaClass.isInstance(value)) {
      String expected = javaClass == CharSequence.class ? "String" : javaClass.getSimpleName();
      throw invalid(where, type, value, "expected a " + expected + " but got a "
          + value.getClass().getName());
    }
    return javaClass.cast(value);
  }

  private static ValidationException invalid(String where, Type type, Object value, String why) {
    return new ValidationException("Invalid " + where + " of type " + type + ": value " + value + " is invalid: " + why);
  }

  private static ByteBuffer copy(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** A view whose ByteBuffers can be read without moving the stored buffers' positions. */
  static Object view(Object value) {
    if (value instanceof ByteBuffer) {
      return ((ByteBuffer) value).duplicate();
    } else if (value instanceof List) {
      List<Object> result = new ArrayList<>();
      for (Object element : (List<?>) value) {
        result.add(view(element));
      }
      return Collections.unmodifiableList(result);
    } else if (value instanceof Map) {
      Map<Object, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        result.put(view(entry.getKey()), view(entry.getValue()));
      }
      return Collections.unmodifiableMap(result);
    }
    return value;
  }

  /** Replaces ByteBuffers (not Serializable) with byte arrays, which never occur in normalized values. */
  static Object toSerializable(Object value) {
    if (value instanceof ByteBuffer) {
      ByteBuffer buffer = (ByteBuffer) value;
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    } else if (value instanceof List) {
      ArrayList<Object> result = new ArrayList<>();
      for (Object element : (List<?>) value) {
        result.add(toSerializable(element));
      }
      return result;
    } else if (value instanceof Map) {
      LinkedHashMap<Object, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        result.put(toSerializable(entry.getKey()), toSerializable(entry.getValue()));
      }
      return result;
    }
    return value;
  }

  static Object fromSerializable(Object value) {
    if (value instanceof byte[]) {
      return ByteBuffer.wrap((byte[]) value);
    } else if (value instanceof List) {
      List<Object> result = new ArrayList<>();
      for (Object element : (List<?>) value) {
        result.add(fromSerializable(element));
      }
      return result;
    } else if (value instanceof Map) {
      Map<Object, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        result.put(fromSerializable(entry.getKey()), fromSerializable(entry.getValue()));
      }
      return result;
    }
    return value;
  }
}
