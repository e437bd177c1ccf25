package io.datashard.types;

import io.datashard.exceptions.ValidationException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lookups over every field of a schema: by id, by full dotted name and by parent. Building it checks
 * that field ids and full names are unique across the whole tree.
 */
final class SchemaIndex {
  private final Map<Integer, Types.NestedField> idToField = new LinkedHashMap<>();
  private final Map<Integer, String> idToName = new HashMap<>();
  private final Map<String, Integer> nameToId = new HashMap<>();
  private final Map<String, Integer> shortNames = new HashMap<>();
  private final Map<Integer, Integer> idToParent = new HashMap<>();
  private volatile Map<String, Set<Integer>> lowerCaseNameToIds;
  private int highestFieldId = 0;

  private SchemaIndex() {}

  static SchemaIndex build(Types.StructType struct) {
    SchemaIndex index = new SchemaIndex();
    index.visit(struct, null, null, null);
    // Short names ("points.x" for "points.element.x") are conveniences and never shadow a full name.
    index.shortNames.forEach(index.nameToId::putIfAbsent);
    return index;
  }

  /**
   * Indexes the children of {@code type}. {@code prefix} is the full name of the parent, {@code
   * shortPrefix} the same without the {@code element}/{@code value} levels above structs.
   */
  private void visit(Type type, String prefix, String shortPrefix, Integer parentId) {
    if (!type.isNestedType()) {
      return;
    }
    for (Types.NestedField field : type.asNestedType().fields()) {
      String name = prefix == null ? field.name() : prefix + "." + field.name();
      String shortName = shortPrefix == null ? field.name() : shortPrefix + "." + field.name();
      add(field, name, parentId);
      if (!shortName.equals(name)) {
        shortNames.putIfAbsent(shortName, field.fieldId());
      }
      // Fields of a struct that is a list element or map value are also reachable without the level name.
      boolean skipLevel = (type.isListType() || (type.isMapType() && field.name().equals("value")))
          && field.type().isStructType();
      String childShortPrefix = skipLevel ? shortPrefix : shortName;
      visit(field.type(), name, childShortPrefix, field.fieldId());
    }
  }

  private void add(Types.NestedField field, String name, Integer parentId) {
    int id = field.fieldId();
    Types.NestedField existing = idToField.putIfAbsent(id, field);
    if (existing != null) {
      throw new ValidationException(
          "Invalid schema: field id " + id + " is used by both '" + idToName.get(id) + "' and '" + name
              + "'; field ids must be unique across the schema");
    }
    Integer sameName = nameToId.putIfAbsent(name, id);
    if (sameName != null) {
      throw new ValidationException(
          "Invalid schema: fields " + sameName + " and " + id + " both have the full name '" + name
              + "'; rename one of them");
    }
    idToName.put(id, name);
    if (parentId != null) {
      idToParent.put(id, parentId);
    }
    highestFieldId = Math.max(highestFieldId, id);
  }

  Map<Integer, Types.NestedField> idToField() {
    return Collections.unmodifiableMap(idToField);
  }

  Types.NestedField field(int id) {
    return idToField.get(id);
  }

  String name(int id) {
    return idToName.get(id);
  }

  Integer id(String name) {
    return nameToId.get(name);
  }

  Integer parent(int id) {
    return idToParent.get(id);
  }

  int highestFieldId() {
    return highestFieldId;
  }

  /** Ids of fields whose name matches ignoring case: empty if none, several if ambiguous. */
  Set<Integer> idsIgnoringCase(String name) {
    Map<String, Set<Integer>> index = lowerCaseNameToIds;
    if (index == null) {
      index = new HashMap<>();
      for (Map.Entry<String, Integer> entry : nameToId.entrySet()) {
        index.computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), key -> new LinkedHashSet<>()).add(entry.getValue());
      }
      lowerCaseNameToIds = index;
    }
    return index.getOrDefault(name.toLowerCase(Locale.ROOT), Set.of());
  }
}
