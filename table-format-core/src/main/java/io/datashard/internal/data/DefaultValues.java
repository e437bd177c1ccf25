package io.datashard.internal.data;

import io.datashard.data.GenericRecord;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Column defaults (initial defaults of added columns) as the values every reader returns. */
public final class DefaultValues {
  private DefaultValues() {}

  /**
   * A fresh copy of a default for one row, with struct values (maps by field id) as records, so no
   * two rows share a mutable value.
   */
  public static Object materialize(Type type, Object value) {
    if (value == null) {
      return null;
    } else if (value instanceof GenericRecord) {
      return ((GenericRecord) value).copy();
    } else if (value instanceof ByteBuffer) {
      return ((ByteBuffer) value).duplicate();
    }
    switch (type.typeId()) {
      case STRUCT: {
        Types.StructType struct = type.asStructType();
        Map<?, ?> byId = (Map<?, ?>) value;
        GenericRecord record = GenericRecord.create(struct);
        for (int i = 0; i < struct.fields().size(); i += 1) {
          Types.NestedField child = struct.fields().get(i);
          Object childValue = byId.containsKey(child.fieldId())
              ? byId.get(child.fieldId()) : child.initialDefault().orElse(null);
          record.set(i, materialize(child.type(), childValue));
        }
        return record;
      }
      case LIST: {
        Type elementType = type.asListType().elementType();
        List<Object> result = new ArrayList<>();
        for (Object element : (List<?>) value) {
          result.add(materialize(elementType, element));
        }
        return result;
      }
      case MAP: {
        Types.MapType map = type.asMapType();
        Map<Object, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          result.put(materialize(map.keyType(), entry.getKey()), materialize(map.valueType(), entry.getValue()));
        }
        return result;
      }
      default:
        return value;
    }
  }
}
