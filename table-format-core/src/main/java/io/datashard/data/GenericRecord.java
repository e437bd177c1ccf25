package io.datashard.data;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The generic {@link Record}: an array of values of a struct type. Two records are equal when their
 * struct types and values are equal (ByteBuffers compare by their remaining bytes).
 */
public final class GenericRecord implements Record {
  private final Types.StructType struct;
  private final Object[] values;
  // built on first lookup by name and shared by copies, so records created per row stay cheap
  private Map<String, Integer> positions;

  private GenericRecord(Types.StructType struct, Object[] values, Map<String, Integer> positions) {
    this.struct = struct;
    this.values = values;
    this.positions = positions;
  }

  /** An empty record (all values null) of the schema's top-level struct. */
  public static GenericRecord create(Schema schema) {
    Objects.requireNonNull(schema, "schema is null");
    return create(schema.asStruct());
  }

  /** An empty record (all values null) of the struct type. */
  public static GenericRecord create(Types.StructType struct) {
    Objects.requireNonNull(struct, "struct is null");
    return new GenericRecord(struct, new Object[struct.fields().size()], null);
  }

  /** A new empty record of the same struct type as this one. */
  public GenericRecord newRecord() {
    return new GenericRecord(struct, new Object[values.length], positions);
  }

  @Override
  public Types.StructType struct() {
    return struct;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public Object get(int pos) {
    return values[pos];
  }

  @Override
  public Object get(String name) {
    return values[position(name)];
  }

  @Override
  public void set(int pos, Object value) {
    values[pos] = value;
  }

  @Override
  public void set(String name, Object value) {
    values[position(name)] = value;
  }

  private int position(String name) {
    Objects.requireNonNull(name, "name is null");
    Map<String, Integer> byName = positions;
    if (byName == null) {
      byName = new HashMap<>();
      List<Types.NestedField> fields = struct.fields();
      for (int i = 0; i < fields.size(); i += 1) {
        byName.put(fields.get(i).name(), i);
      }
      positions = byName;
    }
    Integer pos = byName.get(name);
    if (pos == null) {
      List<String> names = new ArrayList<>();
      for (Types.NestedField field : struct.fields()) {
        names.add(field.name());
      }
      throw new ValidationException("Record of " + struct + " has no field '" + name + "': its fields are " + names);
    }
    return pos;
  }

  @Override
  public GenericRecord copy() {
    Object[] copied = new Object[values.length];
    for (int i = 0; i < values.length; i += 1) {
      copied[i] = deepCopy(values[i]);
    }
    return new GenericRecord(struct, copied, positions);
  }

  private static Object deepCopy(Object value) {
    if (value instanceof Record) {
      return ((Record) value).copy();
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(deepCopy(element));
      }
      return copy;
    } else if (value instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) value;
      Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        copy.put(deepCopy(entry.getKey()), deepCopy(entry.getValue()));
      }
      return copy;
    } else if (value instanceof java.nio.ByteBuffer) {
      return ((java.nio.ByteBuffer) value).duplicate();
    }
    return value;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof GenericRecord)) {
      return false;
    }
    GenericRecord that = (GenericRecord) other;
    return struct.equals(that.struct) && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * struct.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(", ", "Record(", ")");
    List<Types.NestedField> fields = struct.fields();
    for (int i = 0; i < values.length; i += 1) {
      joiner.add(fields.get(i).name() + "=" + values[i]);
    }
    return joiner.toString();
  }
}
