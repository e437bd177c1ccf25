package io.datashard.internal.commit;

import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives a type that is added to a schema new field ids for every nested field, counting up from a
 * last assigned id. A struct's fields get their ids before the fields' own children, as Iceberg
 * assigns them, so {@code struct<x, y>} added after id 10 becomes {@code 11: x, 12: y}.
 */
final class SchemaFreshIds {
  private int lastId;

  SchemaFreshIds(int lastId) {
    this.lastId = lastId;
  }

  int next() {
    lastId += 1;
    return lastId;
  }

  int lastId() {
    return lastId;
  }

  Type assign(Type type) {
    if (type.isStructType()) {
      List<Types.NestedField> fields = type.asStructType().fields();
      int[] ids = new int[fields.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = next();
      }
      List<Types.NestedField> result = new ArrayList<>(fields.size());
      for (int i = 0; i < ids.length; i++) {
        Types.NestedField field = fields.get(i);
        result.add(copy(field, ids[i], assign(field.type())));
      }
      return Types.StructType.of(result);
    } else if (type.isListType()) {
      Types.ListType list = type.asListType();
      int elementId = next();
      Type element = assign(list.elementType());
      return list.isElementOptional()
          ? Types.ListType.ofOptional(elementId, element)
          : Types.ListType.ofRequired(elementId, element);
    } else if (type.isMapType()) {
      Types.MapType map = type.asMapType();
      int keyId = next();
      int valueId = next();
      Type key = assign(map.keyType());
      Type value = assign(map.valueType());
      return map.isValueOptional()
          ? Types.MapType.ofOptional(keyId, valueId, key, value)
          : Types.MapType.ofRequired(keyId, valueId, key, value);
    }
    return type;
  }

  /** A copy of {@code field} with another id and type, keeping its name, nullability, doc and defaults. */
  static Types.NestedField copy(Types.NestedField field, int id, Type type) {
    return copy(field, id, type, field.initialDefault(), field.writeDefault());
  }

  static Types.NestedField copy(
      Types.NestedField field, int id, Type type, Optional<Object> initialDefault, Optional<Object> writeDefault) {
    Types.NestedField.Builder builder = Types.NestedField.builder(id, field.name(), type).isOptional(field.isOptional());
    field.doc().ifPresent(builder::withDoc);
    initialDefault.ifPresent(builder::withInitialDefault);
    writeDefault.ifPresent(builder::withWriteDefault);
    return builder.build();
  }
}
