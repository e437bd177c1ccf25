package io.datashard.types;

import io.datashard.exceptions.ValidationException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A table schema: a top-level struct of columns with a schema id and optional identifier fields. Field
 * ids are unique across the whole tree. Immutable.
 */
public final class Schema implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The schema id used when none is given. */
  public static final int DEFAULT_SCHEMA_ID = 0;

  private final int schemaId;
  private final Types.StructType struct;
  private final Set<Integer> identifierFieldIds;
  private transient volatile SchemaIndex index;

  public Schema(List<Types.NestedField> columns) {
    this(DEFAULT_SCHEMA_ID, columns, Set.of());
  }

  public Schema(int schemaId, List<Types.NestedField> columns) {
    this(schemaId, columns, Set.of());
  }

  public Schema(List<Types.NestedField> columns, Set<Integer> identifierFieldIds) {
    this(DEFAULT_SCHEMA_ID, columns, identifierFieldIds);
  }

  /**
   * @throws ValidationException if field ids or full names repeat, or an identifier field is not a
   *     required primitive (other than float and double) outside lists, maps and optional structs
   */
  public Schema(int schemaId, List<Types.NestedField> columns, Set<Integer> identifierFieldIds) {
    Objects.requireNonNull(columns, "columns is null");
    Objects.requireNonNull(identifierFieldIds, "identifierFieldIds is null");
    this.schemaId = schemaId;
    this.struct = Types.StructType.of(columns);
    this.identifierFieldIds = Collections.unmodifiableSet(new LinkedHashSet<>(identifierFieldIds));
    this.index = SchemaIndex.build(struct);
    for (int id : this.identifierFieldIds) {
      validateIdentifierField(id);
    }
  }

  private void validateIdentifierField(int id) {
    SchemaIndex idx = index();
    Types.NestedField field = idx.field(id);
    if (field == null) {
      throw new ValidationException(
          "Cannot use field id " + id + " as an identifier field of schema " + schemaId + ": no field has that id");
    }
    String prefix = "Cannot use field '" + idx.name(id) + "' (id " + id + ") as an identifier field: ";
    if (!field.type().isPrimitiveType()) {
      throw new ValidationException(prefix + "its type " + field.type() + " is not a primitive type");
    }
    Type.TypeID typeId = field.type().typeId();
    if (typeId == Type.TypeID.FLOAT || typeId == Type.TypeID.DOUBLE) {
      throw new ValidationException(prefix + "float and double fields cannot identify rows");
    }
    if (field.isOptional()) {
      throw new ValidationException(prefix + "it is optional; identifier fields must be required");
    }
    // Lists and maps are the more basic reason, so report them before an optional parent.
    for (Integer parent = idx.parent(id); parent != null; parent = idx.parent(parent)) {
      Type parentType = idx.field(parent).type();
      if (parentType.isListType() || parentType.isMapType()) {
        throw new ValidationException(prefix + "it is inside " + (parentType.isListType() ? "list" : "map") + " '"
            + idx.name(parent) + "'; identifier fields cannot be nested in lists or maps");
      }
    }
    for (Integer parent = idx.parent(id); parent != null; parent = idx.parent(parent)) {
      if (idx.field(parent).isOptional()) {
        throw new ValidationException(prefix + "it is inside optional struct '" + idx.name(parent)
            + "'; make the struct required or choose another field");
      }
    }
  }

  private SchemaIndex index() {
    SchemaIndex idx = index;
    if (idx == null) {
      idx = SchemaIndex.build(struct);
      index = idx;
    }
    return idx;
  }

  public int schemaId() {
    return schemaId;
  }

  /** The top-level fields, in order. */
  public List<Types.NestedField> columns() {
    return struct.fields();
  }

  public Types.StructType asStruct() {
    return struct;
  }

  /** The field with the given id anywhere in the schema, including list elements and map keys/values. */
  public Optional<Types.NestedField> findField(int id) {
    return Optional.ofNullable(index().field(id));
  }

  /**
   * The field with the given full dotted name, for example {@code location.lat}, {@code tags.element}
   * or {@code props.value}. Fields of a struct inside a list or map value may also be named without the
   * {@code element}/{@code value} level ({@code points.x}). Case-sensitive.
   */
  public Optional<Types.NestedField> findField(String name) {
    Objects.requireNonNull(name, "name is null");
    Integer id = index().id(name);
    return id == null ? Optional.empty() : findField(id);
  }

  /**
   * Like {@link #findField(String)} but ignoring case.
   *
   * @throws ValidationException if several fields match the name ignoring case
   */
  public Optional<Types.NestedField> caseInsensitiveFindField(String name) {
    Objects.requireNonNull(name, "name is null");
    Set<Integer> ids = index().idsIgnoringCase(name);
    if (ids.size() > 1) {
      List<String> names = new ArrayList<>();
      for (int id : ids) {
        names.add(index().name(id));
      }
      throw new ValidationException(
          "Name '" + name + "' is ambiguous ignoring case: it matches " + names + "; use the exact name");
    }
    return ids.isEmpty() ? Optional.empty() : findField(ids.iterator().next());
  }

  /**
   * The field with the given id.
   *
   * @throws ValidationException if the schema has no field with that id
   */
  public Types.NestedField field(int id) {
    return findField(id).orElseThrow(() -> missing(id));
  }

  /**
   * The type of the field with the given id.
   *
   * @throws ValidationException if the schema has no field with that id
   */
  public Type findType(int id) {
    return field(id).type();
  }

  /** The full dotted name of the field with the given id. */
  public Optional<String> findColumnName(int id) {
    return Optional.ofNullable(index().name(id));
  }

  private ValidationException missing(int id) {
    return new ValidationException(
        "Cannot find field with id " + id + " in schema " + schemaId + " (highest field id " + highestFieldId() + ")");
  }

  public Set<Integer> identifierFieldIds() {
    return identifierFieldIds;
  }

  /** Full dotted names of the identifier fields, in the order of {@link #identifierFieldIds()}. */
  public List<String> identifierFieldNames() {
    List<String> names = new ArrayList<>(identifierFieldIds.size());
    for (int id : identifierFieldIds) {
      names.add(index().name(id));
    }
    return Collections.unmodifiableList(names);
  }

  /** The largest field id anywhere in the schema, or 0 if it has no fields. */
  public int highestFieldId() {
    return index().highestFieldId();
  }

  /** Every field in the schema by id, including nested fields, list elements and map keys/values. */
  public Map<Integer, Types.NestedField> idToField() {
    return index().idToField();
  }

  public Schema withSchemaId(int newSchemaId) {
    return newSchemaId == schemaId ? this : new Schema(newSchemaId, struct.fields(), identifierFieldIds);
  }

  /** Whether both schemas have the same fields and identifier fields, ignoring the schema ids. */
  public boolean sameSchema(Schema other) {
    Objects.requireNonNull(other, "other is null");
    return struct.equals(other.struct) && identifierFieldIds.equals(other.identifierFieldIds);
  }

  /**
   * A projection with the named fields and their parents. Naming a struct, list or map selects it
   * whole; naming a nested field keeps only the selected children of its parents. {@code "*"} selects
   * everything. Identifier fields that remain are kept.
   *
   * @throws ValidationException if a name is not a field of this schema
   */
  public Schema select(Collection<String> names) {
    Objects.requireNonNull(names, "names is null");
    if (names.contains("*")) {
      return this;
    }
    Set<Integer> selected = new HashSet<>();
    for (String name : names) {
      Integer id = index().id(Objects.requireNonNull(name, "name is null"));
      if (id == null) {
        throw new ValidationException("Cannot select column '" + name + "': schema " + schemaId + " has no such field");
      }
      selected.add(id);
    }
    Type projected = prune(struct, selected);
    List<Types.NestedField> columns = projected == null ? List.of() : projected.asStructType().fields();
    Schema result = new Schema(schemaId, columns);
    Set<Integer> identifiers = new LinkedHashSet<>();
    for (int id : identifierFieldIds) {
      if (result.findField(id).isPresent()) {
        identifiers.add(id);
      }
    }
    return identifiers.isEmpty() ? result : new Schema(schemaId, columns, identifiers);
  }

  public Schema select(String... names) {
    return select(List.of(names));
  }

  /** The part of {@code type} that holds selected ids, or null if it holds none. */
  private static Type prune(Type type, Set<Integer> selected) {
    if (type.isStructType()) {
      List<Types.NestedField> kept = new ArrayList<>();
      for (Types.NestedField field : type.asStructType().fields()) {
        if (selected.contains(field.fieldId())) {
          kept.add(field);
        } else {
          Type child = prune(field.type(), selected);
          if (child != null) {
            kept.add(field.withType(child));
          }
        }
      }
      return kept.isEmpty() ? null : Types.StructType.of(kept);
    } else if (type.isListType()) {
      Types.ListType list = type.asListType();
      if (selected.contains(list.elementId())) {
        return list;
      }
      Type element = prune(list.elementType(), selected);
      if (element == null) {
        return null;
      }
      return list.isElementOptional()
          ? Types.ListType.ofOptional(list.elementId(), element)
          : Types.ListType.ofRequired(list.elementId(), element);
    } else if (type.isMapType()) {
      Types.MapType map = type.asMapType();
      if (selected.contains(map.keyId()) || selected.contains(map.valueId())) {
        return map;
      }
      Type value = prune(map.valueType(), selected);
      if (value != null) {
        return map.isValueOptional()
            ? Types.MapType.ofOptional(map.keyId(), map.valueId(), map.keyType(), value)
            : Types.MapType.ofRequired(map.keyId(), map.valueId(), map.keyType(), value);
      }
      // Keys are compared whole, so selecting inside a key selects the whole map.
      return prune(map.keyType(), selected) != null ? map : null;
    }
    return null;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Schema)) {
      return false;
    }
    Schema that = (Schema) other;
    return schemaId == that.schemaId && struct.equals(that.struct) && identifierFieldIds.equals(that.identifierFieldIds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schemaId, struct, identifierFieldIds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("table {");
    for (Types.NestedField field : struct.fields()) {
      sb.append("\n  ").append(field);
    }
    sb.append(struct.fields().isEmpty() ? "}" : "\n}");
    if (!identifierFieldIds.isEmpty()) {
      sb.append(" identifier fields ").append(identifierFieldNames());
    }
    return sb.toString();
  }
}
