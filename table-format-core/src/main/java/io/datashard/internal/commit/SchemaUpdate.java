package io.datashard.internal.commit;

import io.datashard.UpdateSchema;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.TypeChanges;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Schema evolution as a pure computation over a base schema. Changes are recorded by field id, so
 * {@link #apply()} can be re-run and every call names columns as they are in the base schema (a column
 * added in this update is named as added). New columns get ids above the table's last column id,
 * including every field nested in their types.
 *
 * <p>A name with dots addresses a nested field ({@code location.lat}, {@code tags.element},
 * {@code props.value}); {@link #addColumn(String, Type)} with a dotted name adds to the parent struct.
 */
public final class SchemaUpdate implements UpdateSchema {
  private static final int ROOT = -1;

  private enum MoveKind { FIRST, BEFORE, AFTER }

  private record Move(int fieldId, Integer referenceId, MoveKind kind) {}

  private final Schema base;
  private final int formatVersion;
  private final Consumer<SchemaUpdate> committer;
  private final Map<Integer, Integer> parents = new HashMap<>();
  private final Map<Integer, Types.NestedField> updates = new HashMap<>();
  private final Set<Integer> deletes = new LinkedHashSet<>();
  private final Map<Integer, List<Integer>> parentToAddedIds = new HashMap<>();
  private final Map<Integer, Integer> addedParents = new HashMap<>();
  private final Map<Integer, String> addedNames = new HashMap<>();
  private final Map<String, Integer> addedNameToId = new LinkedHashMap<>();
  private final Map<Integer, List<Move>> moves = new HashMap<>();
  private List<String> identifierNames;
  private boolean caseSensitive = true;
  private boolean allowIncompatibleChanges = false;
  private int lastColumnId;

  /**
   * @param base the table's current schema
   * @param lastColumnId the table's last-column-id
   * @param formatVersion the table's format version
   * @param committer called by {@link #commit()}
   */
  public SchemaUpdate(Schema base, int lastColumnId, int formatVersion, Consumer<SchemaUpdate> committer) {
    this.base = Objects.requireNonNull(base, "base is null");
    this.committer = Objects.requireNonNull(committer, "committer is null");
    this.formatVersion = formatVersion;
    // never hand out an id the schema already uses, even if last-column-id lags behind it
    this.lastColumnId = Math.max(lastColumnId, base.highestFieldId());
    indexParents(base.asStruct(), ROOT);
  }

  private void indexParents(Type type, int ownerId) {
    if (type.isNestedType()) {
      for (Types.NestedField child : type.asNestedType().fields()) {
        parents.put(child.fieldId(), ownerId);
        indexParents(child.type(), child.fieldId());
      }
    }
  }

  public Schema base() {
    return base;
  }

  /** The last column id after this update: the base last-column-id plus the ids assigned so far. */
  public int lastColumnId() {
    return lastColumnId;
  }

  @Override
  public void commit() {
    committer.accept(this);
  }

  @Override
  public SchemaUpdate caseSensitive(boolean sensitive) {
    this.caseSensitive = sensitive;
    return this;
  }

  @Override
  public SchemaUpdate allowIncompatibleChanges() {
    this.allowIncompatibleChanges = true;
    return this;
  }

  @Override
  public SchemaUpdate addColumn(String name, Type type) {
    return addDotted(name, type, null, null);
  }

  @Override
  public SchemaUpdate addColumn(String name, Type type, String doc) {
    return addDotted(name, type, Objects.requireNonNull(doc, "doc is null"), null);
  }

  @Override
  public SchemaUpdate addColumn(String parent, String name, Type type, String doc) {
    Objects.requireNonNull(parent, "parent is null");
    return add(parent, name, type, Objects.requireNonNull(doc, "doc is null"), null);
  }

  /**
   * Adds a required column whose {@code initial-default} and {@code write-default} are {@code defaultValue}
   * (format version 3). Before version 3 there are no defaults: this is then rejected unless {@link
   * #allowIncompatibleChanges()} was called, in which case the column is added without a default.
   */
  @Override
  public SchemaUpdate addRequiredColumn(String name, Type type, Object defaultValue) {
    return addDotted(name, type, null, Objects.requireNonNull(defaultValue, "defaultValue is null"));
  }

  private SchemaUpdate addDotted(String name, Type type, String doc, Object defaultValue) {
    Objects.requireNonNull(name, "name is null");
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return add(null, name, type, doc, defaultValue);
    }
    return add(name.substring(0, dot), name.substring(dot + 1), type, doc, defaultValue);
  }

  private SchemaUpdate add(String parent, String name, Type type, String doc, Object defaultValue) {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(type, "type is null");
    String display = parent == null ? name : parent + "." + name;
    if (name.isEmpty()) {
      throw new ValidationException("Cannot add column '" + display + "': the column name is empty");
    }
    int parentId = ROOT;
    Types.StructType struct = base.asStruct();
    if (parent != null) {
      Types.NestedField parentField = findBase(parent);
      if (parentField == null) {
        throw new ValidationException("Cannot add column '" + display + "': parent column '" + parent
            + "' does not exist" + caseHint());
      }
      if (deletes.contains(parentField.fieldId())) {
        throw new ValidationException("Cannot add column '" + display + "': parent column '" + parent
            + "' is deleted in this update");
      }
      Types.NestedField owner = parentField;
      if (owner.type().isListType()) {
        owner = owner.type().asListType().elementField();
      } else if (owner.type().isMapType()) {
        owner = owner.type().asMapType().valueField();
      }
      if (!owner.type().isStructType()) {
        throw new ValidationException("Cannot add column '" + display + "': parent column '" + parent + "' has type "
            + parentField.type() + "; columns can be added only to a struct or to a list or map of structs");
      }
      if (mapKeyOwning(owner.fieldId()) != null) {
        throw new ValidationException("Cannot add column '" + display + "': it would change the key of map '"
            + nameOf(mapKeyOwning(owner.fieldId())) + "'; map keys cannot be evolved");
      }
      parentId = owner.fieldId();
      struct = owner.type().asStructType();
    }
    String fullName = parentId == ROOT ? name : nameOf(parentId) + "." + name;
    for (Types.NestedField sibling : struct.fields()) {
      if (!deletes.contains(sibling.fieldId()) && namesMatch(sibling.name(), name)) {
        throw new ValidationException("Cannot add column '" + fullName + "': column '" + nameOf(sibling.fieldId())
            + "' already exists; delete it first or choose another name");
      }
    }
    for (int addedId : parentToAddedIds.getOrDefault(parentId, List.of())) {
      if (namesMatch(updates.get(addedId).name(), name)) {
        throw new ValidationException("Cannot add column '" + fullName + "': it is already added in this update");
      }
    }
    boolean required = defaultValue != null;
    if (required && formatVersion < 3 && !allowIncompatibleChanges) {
      throw new ValidationException("Cannot add required column '" + fullName + "' with a default value: default "
          + "values need format-version 3 and this table is format-version " + formatVersion + "; upgrade the table "
          + "to format-version 3, or call allowIncompatibleChanges() to add it without a default (existing rows "
          + "then have no value for a required column)");
    }
    if (formatVersion < 3) {
      checkTypeBeforeV3(fullName, type);
    }
    SchemaFreshIds ids = new SchemaFreshIds(lastColumnId);
    int id = ids.next();
    Types.NestedField.Builder builder = Types.NestedField.builder(id, name, ids.assign(type)).isOptional(!required);
    if (doc != null) {
      builder.withDoc(doc);
    }
    if (required && formatVersion >= 3) {
      builder.withInitialDefault(defaultValue).withWriteDefault(defaultValue);
    }
    Types.NestedField field = builder.build();
    lastColumnId = ids.lastId();
    updates.put(id, field);
    parentToAddedIds.computeIfAbsent(parentId, key -> new ArrayList<>()).add(id);
    addedParents.put(id, parentId);
    addedNames.put(id, fullName);
    addedNameToId.put(fullName, id);
    Integer container = parentId == ROOT ? null : parents.get(parentId);
    if (container != null && container != ROOT && base.findType(container).isNestedType()
        && !base.findType(container).isStructType()) {
      // fields of a list element or map value struct may be named without the element/value level
      addedNameToId.putIfAbsent(nameOf(container) + "." + name, id);
    }
    return this;
  }

  private void checkTypeBeforeV3(String fullName, Type type) {
    Type.TypeID typeId = type.typeId();
    if (typeId == Type.TypeID.TIMESTAMP_NANO || typeId == Type.TypeID.UNKNOWN || typeId == Type.TypeID.VARIANT) {
      throw new ValidationException("Cannot add column '" + fullName + "': type " + type + " needs format-version 3 "
          + "and this table is format-version " + formatVersion + "; upgrade the table first");
    }
    if (type.isNestedType()) {
      for (Types.NestedField child : type.asNestedType().fields()) {
        if (child.initialDefault().isPresent() || child.writeDefault().isPresent()) {
          throw new ValidationException("Cannot add column '" + fullName + "': its field '" + child.name()
              + "' has a default value, and default values need format-version 3 (this table is format-version "
              + formatVersion + ")");
        }
        checkTypeBeforeV3(fullName, child.type());
      }
    }
  }

  @Override
  public SchemaUpdate deleteColumn(String name) {
    Types.NestedField field = findBase(name);
    if (field == null) {
      throw findAdded(name) != null
          ? new ValidationException("Cannot delete column '" + name + "': it is added in this update; drop the addColumn call instead")
          : missing("delete", name);
    }
    int id = field.fieldId();
    String fullName = nameOf(id);
    checkStructMember("delete", id);
    Integer mapKey = mapKeyOwning(id);
    if (mapKey != null) {
      throw new ValidationException("Cannot delete column '" + fullName + "': it is part of the key of map '"
          + nameOf(mapKey) + "'; map keys cannot be evolved");
    }
    for (int addedParent : addedParents.values()) {
      if (isSameOrInside(addedParent, id)) {
        throw new ValidationException("Cannot delete column '" + fullName + "': columns are added to it in this update");
      }
    }
    if (updates.containsKey(id)) {
      throw new ValidationException("Cannot delete column '" + fullName
          + "': it is also renamed or changed in this update; drop those changes or do not delete it");
    }
    if (isMoved(id)) {
      throw new ValidationException("Cannot delete column '" + fullName + "': it is moved (or used to place a moved "
          + "column) in this update");
    }
    deletes.add(id);
    return this;
  }

  @Override
  public SchemaUpdate renameColumn(String name, String newName) {
    Objects.requireNonNull(newName, "newName is null");
    Types.NestedField field = findBase(name);
    if (field == null) {
      throw findAdded(name) != null
          ? new ValidationException("Cannot rename column '" + name + "': it is added in this update; add it as '"
              + newName + "' instead")
          : missing("rename", name);
    }
    int id = field.fieldId();
    checkNotDeleted("rename", id);
    checkStructMember("rename", id);
    if (newName.isEmpty()) {
      throw new ValidationException("Cannot rename column '" + nameOf(id) + "': the new name is empty");
    }
    updates.put(id, current(id).withName(newName));
    return this;
  }

  @Override
  public SchemaUpdate updateColumn(String name, Type.PrimitiveType newType) {
    Objects.requireNonNull(newType, "newType is null");
    int id = resolve("update", name);
    Types.NestedField field = current(id);
    if (!field.type().isPrimitiveType()) {
      throw new ValidationException("Cannot change the type of column '" + nameOf(id) + "' from " + field.type()
          + " to " + newType + ": only primitive columns can be promoted");
    }
    Type.PrimitiveType from = field.type().asPrimitiveType();
    if (from.equals(newType)) {
      return this;
    }
    if (!TypeChanges.isPromotionAllowed(from, newType, formatVersion)) {
      throw new ValidationException("Cannot change the type of column '" + nameOf(id) + "' from " + from + " to "
          + newType + ": allowed type promotions are int to long, float to double and decimal(P,S) to decimal(P2,S) "
          + "with P2 > P" + (formatVersion >= 3
              ? ", and in format-version 3 unknown to any type and date to timestamp or timestamp_ns"
              : " (format-version 3 also allows date to timestamp and unknown to any type)")
          + ". For any other change, add a new column of the new type and rewrite the data into it");
    }
    updates.put(id, retype(field, newType));
    return this;
  }

  /** A date column promoted to a timestamp keeps its defaults as the same instant (midnight). */
  private static Types.NestedField retype(Types.NestedField field, Type.PrimitiveType newType) {
    if (field.type().typeId() != Type.TypeID.DATE) {
      return field.withType(newType);
    }
    long perDay = newType.typeId() == Type.TypeID.TIMESTAMP_NANO ? 86_400_000_000_000L : 86_400_000_000L;
    return SchemaFreshIds.copy(field, field.fieldId(), newType,
        field.initialDefault().map(days -> ((Integer) days) * perDay),
        field.writeDefault().map(days -> ((Integer) days) * perDay));
  }

  @Override
  public SchemaUpdate updateColumnDoc(String name, String doc) {
    Objects.requireNonNull(doc, "doc is null");
    int id = resolve("document", name);
    checkStructMember("document", id);
    updates.put(id, current(id).withDoc(doc));
    return this;
  }

  @Override
  public SchemaUpdate makeColumnOptional(String name) {
    int id = resolve("make optional", name);
    Integer parent = parentOf(id);
    if (parent != ROOT && base.findType(parent).isMapType() && base.findType(parent).asMapType().keyId() == id) {
      throw new ValidationException("Cannot make column '" + nameOf(id) + "' optional: map keys are always required");
    }
    updates.put(id, current(id).asOptional());
    return this;
  }

  @Override
  public SchemaUpdate requireColumn(String name) {
    int id = resolve("make required", name);
    Types.NestedField field = current(id);
    if (field.isRequired()) {
      return this;
    }
    if (!allowIncompatibleChanges) {
      throw new ValidationException("Cannot make column '" + nameOf(id) + "' required: existing rows may hold nulls in "
          + "it; call allowIncompatibleChanges() to make it required anyway");
    }
    updates.put(id, field.asRequired());
    return this;
  }

  @Override
  public SchemaUpdate moveFirst(String name) {
    return move(name, null, MoveKind.FIRST);
  }

  @Override
  public SchemaUpdate moveBefore(String name, String beforeName) {
    return move(name, Objects.requireNonNull(beforeName, "beforeName is null"), MoveKind.BEFORE);
  }

  @Override
  public SchemaUpdate moveAfter(String name, String afterName) {
    return move(name, Objects.requireNonNull(afterName, "afterName is null"), MoveKind.AFTER);
  }

  private SchemaUpdate move(String name, String reference, MoveKind kind) {
    int id = resolve("move", name);
    int parent = parentOf(id);
    if (parent != ROOT && !base.findType(parent).isStructType()) {
      throw new ValidationException("Cannot move column '" + nameOf(id) + "': only fields of a struct can be moved");
    }
    Integer referenceId = null;
    if (reference != null) {
      String where = kind == MoveKind.BEFORE ? "before" : "after";
      referenceId = resolve("move '" + nameOf(id) + "' " + where, reference);
      if (referenceId == id) {
        throw new ValidationException("Cannot move column '" + nameOf(id) + "' " + where + " itself");
      }
      if (parentOf(referenceId) != parent) {
        throw new ValidationException("Cannot move column '" + nameOf(id) + "' " + where + " '" + nameOf(referenceId)
            + "': they are in different structs (" + structName(parent) + " and " + structName(parentOf(referenceId))
            + "); columns can only be moved within their own struct");
      }
    }
    moves.computeIfAbsent(parent, key -> new ArrayList<>()).add(new Move(id, referenceId, kind));
    return this;
  }

  /**
   * Sets the identifier fields by name. Names are resolved in the updated schema when the update is
   * applied, so they may name columns added or renamed in this update.
   */
  @Override
  public SchemaUpdate setIdentifierFields(Collection<String> names) {
    Objects.requireNonNull(names, "names is null");
    List<String> copy = new ArrayList<>(names.size());
    for (String name : names) {
      copy.add(Objects.requireNonNull(name, "identifier field name is null"));
    }
    this.identifierNames = List.copyOf(copy);
    return this;
  }

  /** The evolved schema, with the base schema's id (the table metadata assigns the new id). */
  @Override
  public Schema apply() {
    List<Types.NestedField> columns = applyStruct(base.asStruct(), ROOT).fields();
    Set<Integer> identifiers = new LinkedHashSet<>();
    if (identifierNames == null) {
      for (int id : base.identifierFieldIds()) {
        for (Integer at = id; at != null && at != ROOT; at = parents.get(at)) {
          if (deletes.contains(at)) {
            throw new ValidationException("Cannot delete column '" + nameOf(at) + "': "
                + (at == id ? "it is" : "it contains '" + nameOf(id) + "', which is") + " an identifier field; "
                + "call setIdentifierFields(...) without it in the same update to delete it");
          }
        }
        identifiers.add(id);
      }
    } else {
      Schema unkeyed = new Schema(base.schemaId(), columns);
      for (String name : identifierNames) {
        Optional<Types.NestedField> field = caseSensitive ? unkeyed.findField(name) : unkeyed.caseInsensitiveFindField(name);
        identifiers.add(field.orElseThrow(() -> new ValidationException("Cannot use '" + name + "' as an identifier "
            + "field: the updated schema has no such column" + caseHint())).fieldId());
      }
    }
    return new Schema(base.schemaId(), columns, identifiers);
  }

  private Types.StructType applyStruct(Types.StructType struct, int ownerId) {
    List<Types.NestedField> fields = new ArrayList<>(struct.fields().size());
    for (Types.NestedField field : struct.fields()) {
      if (!deletes.contains(field.fieldId())) {
        fields.add(applyField(field));
      }
    }
    for (int addedId : parentToAddedIds.getOrDefault(ownerId, List.of())) {
      fields.add(updates.get(addedId));
    }
    for (Move move : moves.getOrDefault(ownerId, List.of())) {
      applyMove(fields, move);
    }
    Map<String, Types.NestedField> byName = new HashMap<>();
    for (Types.NestedField field : fields) {
      Types.NestedField same = byName.put(field.name(), field);
      if (same != null) {
        throw new ValidationException("Cannot apply schema update: columns " + same.fieldId() + " and "
            + field.fieldId() + " would both be named '" + field.name() + "' in " + structName(ownerId)
            + "; rename or delete one of them");
      }
    }
    return Types.StructType.of(fields);
  }

  private Types.NestedField applyField(Types.NestedField field) {
    Types.NestedField updated = updates.getOrDefault(field.fieldId(), field);
    Type type = field.type();
    Type newType;
    if (type.isStructType()) {
      newType = applyStruct(type.asStructType(), field.fieldId());
    } else if (type.isListType()) {
      Types.NestedField element = applyField(type.asListType().elementField());
      newType = element.isOptional()
          ? Types.ListType.ofOptional(element.fieldId(), element.type())
          : Types.ListType.ofRequired(element.fieldId(), element.type());
    } else if (type.isMapType()) {
      Types.NestedField key = applyField(type.asMapType().keyField());
      Types.NestedField value = applyField(type.asMapType().valueField());
      newType = value.isOptional()
          ? Types.MapType.ofOptional(key.fieldId(), value.fieldId(), key.type(), value.type())
          : Types.MapType.ofRequired(key.fieldId(), value.fieldId(), key.type(), value.type());
    } else {
      return updated;
    }
    return newType.equals(updated.type()) ? updated : updated.withType(newType);
  }

  private void applyMove(List<Types.NestedField> fields, Move move) {
    int index = indexOf(fields, move.fieldId());
    if (index < 0) {
      throw new ValidationException("Cannot move column '" + nameOf(move.fieldId()) + "': it is deleted in this update");
    }
    Types.NestedField moved = fields.remove(index);
    if (move.kind() == MoveKind.FIRST) {
      fields.add(0, moved);
      return;
    }
    int reference = indexOf(fields, move.referenceId());
    if (reference < 0) {
      throw new ValidationException("Cannot move column '" + nameOf(move.fieldId()) + "' next to '"
          + nameOf(move.referenceId()) + "': that column is deleted in this update");
    }
    fields.add(move.kind() == MoveKind.BEFORE ? reference : reference + 1, moved);
  }

  private static int indexOf(List<Types.NestedField> fields, int id) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).fieldId() == id) {
        return i;
      }
    }
    return -1;
  }

  private Types.NestedField findBase(String name) {
    Objects.requireNonNull(name, "name is null");
    return (caseSensitive ? base.findField(name) : base.caseInsensitiveFindField(name)).orElse(null);
  }

  private Integer findAdded(String name) {
    if (caseSensitive) {
      return addedNameToId.get(name);
    }
    for (Map.Entry<String, Integer> entry : addedNameToId.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The id of a base or added column that is not deleted; {@code action} words the error. */
  private int resolve(String action, String name) {
    Types.NestedField field = findBase(name);
    if (field != null && !deletes.contains(field.fieldId())) {
      return field.fieldId();
    }
    Integer added = findAdded(name);
    if (added != null) {
      return added;
    }
    if (field != null) {
      throw new ValidationException("Cannot " + action + " column '" + nameOf(field.fieldId())
          + "': it is deleted in this update");
    }
    throw missing(action, name);
  }

  private Types.NestedField current(int id) {
    Types.NestedField updated = updates.get(id);
    return updated != null ? updated : base.field(id);
  }

  private int parentOf(int id) {
    Integer added = addedParents.get(id);
    return added != null ? added : parents.get(id);
  }

  private String nameOf(int id) {
    String added = addedNames.get(id);
    return added != null ? added : base.findColumnName(id).orElse("id " + id);
  }

  private String structName(int ownerId) {
    return ownerId == ROOT ? "the table's top level" : "struct '" + nameOf(ownerId) + "'";
  }

  private boolean namesMatch(String a, String b) {
    return caseSensitive ? a.equals(b) : a.equalsIgnoreCase(b);
  }

  private void checkNotDeleted(String action, int id) {
    if (deletes.contains(id)) {
      throw new ValidationException("Cannot " + action + " column '" + nameOf(id) + "': it is deleted in this update");
    }
  }

  /** List elements and map keys and values belong to their list or map and cannot be dropped or renamed. */
  private void checkStructMember(String action, int id) {
    Integer parent = parents.get(id);
    if (parent != null && parent != ROOT && !base.findType(parent).isStructType()) {
      throw new ValidationException("Cannot " + action + " '" + nameOf(id) + "': it is the "
          + (base.findType(parent).isListType() ? "element of list" : "key or value of map") + " '" + nameOf(parent)
          + "'; only struct fields can be " + (action.endsWith("e") ? action + "d" : action + "ed"));
    }
  }

  /** The id of the map whose key contains (or is) field {@code id}, or null. */
  private Integer mapKeyOwning(int id) {
    Integer child = id;
    for (Integer parent = parents.get(id); parent != null && parent != ROOT; parent = parents.get(parent)) {
      Type parentType = base.findType(parent);
      if (parentType.isMapType() && parentType.asMapType().keyId() == child) {
        return parent;
      }
      child = parent;
    }
    return null;
  }

  private boolean isSameOrInside(int id, int ancestor) {
    for (Integer at = id; at != null && at != ROOT; at = parents.get(at)) {
      if (at == ancestor) {
        return true;
      }
    }
    return false;
  }

  private boolean isMoved(int id) {
    for (List<Move> list : moves.values()) {
      for (Move move : list) {
        if (move.fieldId() == id || Objects.equals(move.referenceId(), id)) {
          return true;
        }
      }
    }
    return false;
  }

  private ValidationException missing(String action, String name) {
    return new ValidationException("Cannot " + action + " column '" + name + "': no such column in schema "
        + base.schemaId() + caseHint());
  }

  private String caseHint() {
    return caseSensitive ? " (names are case-sensitive)" : "";
  }
}
