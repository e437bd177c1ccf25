package io.datashard.internal.commit;

import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.UpdatePartitionSpec;
import io.datashard.exceptions.ValidationException;
import io.datashard.transforms.Transform;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Partition spec evolution as a pure computation over the table's default spec. Kept fields keep their
 * partition field ids; new fields get ids above the table's last partition id, except that in format
 * version 2 and later a field equal (same column, transform and name) to one of an older spec gets that
 * field's id back, as the spec requires. In format version 1 a removed field stays in the spec with the
 * {@code void} transform, because v1 readers match partition fields by position.
 *
 * <p>Source column names follow {@link #caseSensitive(boolean)}; partition field names are always
 * matched exactly.
 */
public final class PartitionSpecUpdate implements UpdatePartitionSpec {
  private final Schema schema;
  private final PartitionSpec base;
  private final List<PartitionSpec> allSpecs;
  private final int formatVersion;
  private final Consumer<PartitionSpecUpdate> committer;
  private final List<PartitionField> adds = new ArrayList<>();
  private final Set<Integer> deletes = new LinkedHashSet<>();
  private final Map<String, String> renames = new LinkedHashMap<>();
  private boolean caseSensitive = true;
  private int lastPartitionId;

  /**
   * @param schema the table's current schema
   * @param base the table's default spec, which this update evolves
   * @param allSpecs every spec of the table, searched for partition field ids to reuse
   * @param lastPartitionId the table's last-partition-id
   * @param formatVersion the table's format version
   * @param committer called by {@link #commit()}
   */
  public PartitionSpecUpdate(Schema schema, PartitionSpec base, List<PartitionSpec> allSpecs, int lastPartitionId,
                             int formatVersion, Consumer<PartitionSpecUpdate> committer) {
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.base = Objects.requireNonNull(base, "base is null");
    this.allSpecs = List.copyOf(Objects.requireNonNull(allSpecs, "allSpecs is null"));
    this.formatVersion = formatVersion;
    this.committer = Objects.requireNonNull(committer, "committer is null");
    // never hand out an id that a spec already uses, even if last-partition-id lags behind
    int last = Math.max(lastPartitionId, base.lastAssignedFieldId());
    for (PartitionSpec spec : this.allSpecs) {
      last = Math.max(last, spec.lastAssignedFieldId());
    }
    this.lastPartitionId = last;
  }

  public PartitionSpec base() {
    return base;
  }

  @Override
  public void commit() {
    committer.accept(this);
  }

  @Override
  public PartitionSpecUpdate caseSensitive(boolean sensitive) {
    this.caseSensitive = sensitive;
    return this;
  }

  @Override
  public PartitionSpecUpdate addField(String sourceName) {
    return add(null, sourceName, Transforms.identity());
  }

  /**
   * Adds a field named after the column and transform as {@link PartitionSpec.Builder} names it
   * ({@code id_bucket}, {@code ts_day}, ...), or with the name of an equal field of an older spec.
   */
  @Override
  public PartitionSpecUpdate addField(String sourceName, Transform transform) {
    return add(null, sourceName, transform);
  }

  @Override
  public PartitionSpecUpdate addField(String partitionName, String sourceName, Transform transform) {
    return add(Objects.requireNonNull(partitionName, "partitionName is null"), sourceName, transform);
  }

  private PartitionSpecUpdate add(String partitionName, String sourceName, Transform transform) {
    Objects.requireNonNull(sourceName, "sourceName is null");
    Objects.requireNonNull(transform, "transform is null");
    Types.NestedField source = findSource("add", sourceName, transform);
    int sourceId = source.fieldId();
    String column = schema.findColumnName(sourceId).orElse(sourceName);
    String what = "Cannot add partition field " + transform + " of column '" + column + "'";
    for (PartitionField field : base.fields()) {
      if (field.sourceId() == sourceId && sameTransform(field.transform(), transform)) {
        if (deletes.contains(field.fieldId())) {
          throw new ValidationException(what + ": field '" + field.name() + "' with the same transform is removed in "
              + "this update; a field cannot be removed and added in one update");
        }
        throw new ValidationException(what + ": the spec already has it as field '"
            + renames.getOrDefault(field.name(), field.name()) + "'");
      }
    }
    for (PartitionField added : adds) {
      if (added.sourceId() == sourceId && sameTransform(added.transform(), transform)) {
        throw new ValidationException(what + ": it is already added in this update as field '" + added.name() + "'");
      }
      if (added.sourceId() == sourceId && isTime(added.transform()) && isTime(transform)) {
        throw new ValidationException(what + ": it is redundant with field '" + added.name() + "' (" + added.transform()
            + ") added in this update; a column can have only one of year, month, day and hour");
      }
      if (partitionName != null && added.name().equals(partitionName)) {
        throw new ValidationException(what + " as '" + partitionName + "': a field with that name is already added "
            + "in this update");
      }
    }
    PartitionField reused = formatVersion >= 2 ? reusableField(sourceId, transform, partitionName) : null;
    String name = partitionName != null ? partitionName : reused != null ? reused.name() : defaultName(column, transform);
    int fieldId = reused != null ? reused.fieldId() : lastPartitionId + 1;
    // fail now rather than at apply(): checks the column's type against the transform and the name against columns
    PartitionSpec.builderFor(schema).add(sourceId, fieldId, name, transform);
    for (PartitionField added : adds) {
      if (added.name().equals(name)) {
        throw new ValidationException(what + ": its default name '" + name + "' is taken by field " + added
            + " added in this update; pass a name with addField(name, sourceName, transform)");
      }
    }
    adds.add(new PartitionField(sourceId, fieldId, name, transform));
    lastPartitionId = Math.max(lastPartitionId, fieldId);
    return this;
  }

  /** A field of an older spec with this column and transform (and name, if given), newest spec first. */
  private PartitionField reusableField(int sourceId, Transform transform, String name) {
    Set<Integer> used = new HashSet<>();
    for (PartitionField field : base.fields()) {
      used.add(field.fieldId());
    }
    for (PartitionField field : adds) {
      used.add(field.fieldId());
    }
    List<PartitionSpec> specs = new ArrayList<>(allSpecs);
    specs.sort(Comparator.comparingInt(PartitionSpec::specId).reversed());
    for (PartitionSpec spec : specs) {
      for (PartitionField field : spec.fields()) {
        if (field.sourceId() == sourceId && sameTransform(field.transform(), transform)
            && (name == null || name.equals(field.name())) && !used.contains(field.fieldId())) {
          return field;
        }
      }
    }
    return null;
  }

  @Override
  public PartitionSpecUpdate removeField(String partitionName) {
    Objects.requireNonNull(partitionName, "partitionName is null");
    for (PartitionField added : adds) {
      if (added.name().equals(partitionName)) {
        throw new ValidationException("Cannot remove partition field '" + partitionName
            + "': it is added in this update; a field cannot be added and removed in one update");
      }
    }
    PartitionField field = baseField(partitionName)
        .orElseThrow(() -> missing("remove", "'" + partitionName + "'"));
    return remove(field);
  }

  @Override
  public PartitionSpecUpdate removeField(String sourceName, Transform transform) {
    Objects.requireNonNull(sourceName, "sourceName is null");
    Objects.requireNonNull(transform, "transform is null");
    int sourceId = findSource("remove", sourceName, transform).fieldId();
    String what = transform + " of column '" + schema.findColumnName(sourceId).orElse(sourceName) + "'";
    for (PartitionField added : adds) {
      if (added.sourceId() == sourceId && sameTransform(added.transform(), transform)) {
        throw new ValidationException("Cannot remove partition field " + what
            + ": it is added in this update; a field cannot be added and removed in one update");
      }
    }
    for (PartitionField field : base.fields()) {
      if (field.sourceId() == sourceId && sameTransform(field.transform(), transform)) {
        return remove(field);
      }
    }
    throw missing("remove", what);
  }

  private PartitionSpecUpdate remove(PartitionField field) {
    if (renames.containsKey(field.name())) {
      throw new ValidationException("Cannot remove partition field '" + field.name()
          + "': it is renamed in this update; remove it under its current name without renaming it");
    }
    if (formatVersion == 1 && field.transform().isVoid()) {
      throw new ValidationException("Cannot remove partition field '" + field.name()
          + "': it was already removed (its transform is void, which format-version 1 keeps in place of removed fields)");
    }
    deletes.add(field.fieldId());
    return this;
  }

  @Override
  public PartitionSpecUpdate renameField(String name, String newName) {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(newName, "newName is null");
    if (newName.isEmpty()) {
      throw new ValidationException("Cannot rename partition field '" + name + "': the new name is empty");
    }
    for (PartitionField added : adds) {
      if (added.name().equals(name)) {
        throw new ValidationException("Cannot rename partition field '" + name + "': it is added in this update; add "
            + "it as '" + newName + "' instead");
      }
    }
    PartitionField field = baseField(name).orElseThrow(() -> missing("rename", "'" + name + "'"));
    if (deletes.contains(field.fieldId())) {
      throw new ValidationException("Cannot rename partition field '" + name + "': it is removed in this update");
    }
    renames.put(name, newName);
    return this;
  }

  /** The new default spec; its spec id is one above the table's highest (the table metadata may reassign it). */
  @Override
  public PartitionSpec apply() {
    checkTimeRedundancy();
    Set<String> newNames = new HashSet<>();
    for (PartitionField added : adds) {
      newNames.add(added.name());
    }
    for (PartitionField field : base.fields()) {
      if (!deletes.contains(field.fieldId()) && !field.transform().isVoid()) {
        newNames.add(renames.getOrDefault(field.name(), field.name()));
      }
    }
    int specId = base.specId();
    for (PartitionSpec spec : allSpecs) {
      specId = Math.max(specId, spec.specId());
    }
    // Fields whose source column was dropped from the schema can only be carried over unchecked; every
    // other field goes through a checking builder as well.
    PartitionSpec.Builder result = PartitionSpec.builderFor(schema).withSpecId(specId + 1).checkConflicts(false);
    PartitionSpec.Builder checked = PartitionSpec.builderFor(schema);
    for (PartitionField field : base.fields()) {
      String name = renames.getOrDefault(field.name(), field.name());
      Transform transform = field.transform();
      if (deletes.contains(field.fieldId())) {
        if (formatVersion > 1) {
          continue;
        }
        transform = Transforms.alwaysNull();
      }
      if (transform.isVoid() && newNames.contains(name)) {
        // a removed v1 field steps aside for a live field that wants its name
        name = name + "_" + field.fieldId();
      }
      result.add(field.sourceId(), field.fieldId(), name, transform);
      if (schema.findField(field.sourceId()).isPresent()) {
        checked.add(field.sourceId(), field.fieldId(), name, transform);
      }
    }
    for (PartitionField added : adds) {
      checked.add(added.sourceId(), added.fieldId(), added.name(), added.transform());
      result.add(added.sourceId(), added.fieldId(), added.name(), added.transform());
    }
    return result.build();
  }

  private void checkTimeRedundancy() {
    for (PartitionField added : adds) {
      if (!isTime(added.transform())) {
        continue;
      }
      for (PartitionField field : base.fields()) {
        if (field.sourceId() == added.sourceId() && isTime(field.transform()) && !deletes.contains(field.fieldId())) {
          String column = schema.findColumnName(added.sourceId()).orElse("id " + added.sourceId());
          throw new ValidationException("Cannot add partition field '" + added.name() + "' (" + added.transform()
              + " of column '" + column + "'): the column is already partitioned by " + field.transform() + " in field '"
              + field.name() + "'; remove '" + field.name() + "' in the same update to replace it");
        }
      }
    }
  }

  private Types.NestedField findSource(String action, String sourceName, Transform transform) {
    Optional<Types.NestedField> found = caseSensitive
        ? schema.findField(sourceName)
        : schema.caseInsensitiveFindField(sourceName);
    return found.orElseThrow(() -> new ValidationException("Cannot " + action + " partition field " + transform
        + " of column '" + sourceName + "': the table schema has no such column"
        + (caseSensitive ? " (names are case-sensitive)" : "")));
  }

  private Optional<PartitionField> baseField(String name) {
    for (PartitionField field : base.fields()) {
      if (field.name().equals(name)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  private ValidationException missing(String action, String what) {
    StringJoiner existing = new StringJoiner(", ", "[", "]");
    for (PartitionField field : base.fields()) {
      String column = schema.findColumnName(field.sourceId()).orElse("id " + field.sourceId());
      existing.add(field.name() + " (" + field.transform() + " of " + column + ")");
    }
    return new ValidationException("Cannot " + action + " partition field " + what + ": spec " + base.specId()
        + " has no such field; its fields are " + existing);
  }

  private static boolean sameTransform(Transform a, Transform b) {
    return a.toString().equals(b.toString());
  }

  private static boolean isTime(Transform transform) {
    switch (transform.toString()) {
      case "year":
      case "month":
      case "day":
      case "hour":
        return true;
      default:
        return false;
    }
  }

  /** The names {@link PartitionSpec.Builder} gives: {@code id}, {@code id_bucket}, {@code name_trunc}, {@code ts_day}. */
  static String defaultName(String column, Transform transform) {
    String name = transform.toString();
    if (transform.isIdentity()) {
      return column;
    } else if (transform.isVoid()) {
      return column + "_null";
    } else if (name.startsWith("bucket[")) {
      return column + "_bucket";
    } else if (name.startsWith("truncate[")) {
      return column + "_trunc";
    }
    return column + "_" + name.replaceAll("[^A-Za-z0-9_]", "_");
  }
}
