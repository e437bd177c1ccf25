package io.datashard;

import io.datashard.exceptions.ValidationException;
import io.datashard.transforms.Transform;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * How a table's rows map to partition tuples: an ordered list of {@link PartitionField}s, each a
 * transform of a source column. Immutable; create one with {@link #builderFor(Schema)}, e.g.
 * {@code PartitionSpec.builderFor(schema).day("ts").bucket("id", 16).build()}.
 */
public final class PartitionSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The first partition field id; ids of a table's partition fields count up from here. */
  public static final int PARTITION_DATA_ID_START = 1000;

  private static final PartitionSpec UNPARTITIONED =
      new PartitionSpec(new Schema(List.of()), 0, List.of());

  private final Schema schema;
  private final int specId;
  private final List<PartitionField> fields;
  private transient volatile Types.StructType partitionType;

  private PartitionSpec(Schema schema, int specId, List<PartitionField> fields) {
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.specId = specId;
    this.fields = List.copyOf(fields);
  }

  /** The spec of an unpartitioned table: id 0, no fields. */
  public static PartitionSpec unpartitioned() {
    return UNPARTITIONED;
  }

  public static Builder builderFor(Schema schema) {
    return new Builder(schema);
  }

  public int specId() {
    return specId;
  }

  /** The schema this spec was bound to; its source columns are looked up here. */
  public Schema schema() {
    return schema;
  }

  public List<PartitionField> fields() {
    return fields;
  }

  /** The fields whose source column is {@code sourceId}, in spec order. */
  public List<PartitionField> fieldsBySourceId(int sourceId) {
    List<PartitionField> result = new ArrayList<>();
    for (PartitionField field : fields) {
      if (field.sourceId() == sourceId) {
        result.add(field);
      }
    }
    return result;
  }

  /**
   * Whether the spec produces no partition values: it has no fields, or only {@code void} fields (a v1
   * table whose partition fields were all dropped).
   */
  public boolean isUnpartitioned() {
    for (PartitionField field : fields) {
      if (!field.transform().isVoid()) {
        return false;
      }
    }
    return true;
  }

  /** The highest partition field id in this spec, or {@code PARTITION_DATA_ID_START - 1} if it has none. */
  public int lastAssignedFieldId() {
    int last = PARTITION_DATA_ID_START - 1;
    for (PartitionField field : fields) {
      last = Math.max(last, field.fieldId());
    }
    return last;
  }

  /**
   * The type of this spec's partition tuples: one optional field per partition field, with the
   * partition field's id and name and the transform's result type. A field whose source column is no
   * longer in the schema (dropped) gets the {@code unknown} type.
   */
  public Types.StructType partitionType() {
    Types.StructType type = partitionType;
    if (type == null) {
      List<Types.NestedField> structFields = new ArrayList<>(fields.size());
      for (PartitionField field : fields) {
        Type resultType = sourceType(field)
            .map(source -> field.transform().resultType(source))
            .orElse(Types.UnknownType.get());
        structFields.add(Types.NestedField.optional(field.fieldId(), field.name(), resultType));
      }
      type = Types.StructType.of(structFields);
      partitionType = type;
    }
    return type;
  }

  /**
   * The relative path of a partition, as Iceberg writes it: {@code name=value} per field, joined by
   * {@code /}, with names and human-readable values URL-encoded, e.g. {@code ts_day=2024-01-01/id_bucket=3}.
   *
   * @param partition a tuple of this spec's partition type, one value per field
   */
  public String partitionToPath(StructLike partition) {
    Objects.requireNonNull(partition, "partition is null");
    if (partition.size() != fields.size()) {
      throw new ValidationException(String.format(
          "Cannot build a partition path for spec %d: the partition tuple has %d values but the spec has %d fields %s",
          specId, partition.size(), fields.size(), fields));
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < fields.size(); i += 1) {
      PartitionField field = fields.get(i);
      Type source = sourceType(field).orElse(Types.UnknownType.get());
      String value = field.transform().toHumanString(source, partition.get(i, Object.class));
      if (i > 0) {
        path.append('/');
      }
      path.append(escape(field.name())).append('=').append(escape(value));
    }
    return path.toString();
  }

  private static String escape(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private Optional<Type> sourceType(PartitionField field) {
    return schema.findField(field.sourceId()).map(Types.NestedField::type);
  }

  /**
   * Whether the two specs partition data the same way: the same number of fields, and pairwise the
   * same source column, transform and name. Spec and partition field ids are not compared.
   */
  public boolean compatibleWith(PartitionSpec other) {
    Objects.requireNonNull(other, "other is null");
    if (fields.size() != other.fields.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i += 1) {
      PartitionField mine = fields.get(i);
      PartitionField theirs = other.fields.get(i);
      if (mine.sourceId() != theirs.sourceId()
          || !mine.transform().toString().equals(theirs.transform().toString())
          || !mine.name().equals(theirs.name())) {
        return false;
      }
    }
    return true;
  }

  /** Specs are equal when their ids and fields are; the bound schema is not compared. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    } else if (!(other instanceof PartitionSpec)) {
      return false;
    }
    PartitionSpec that = (PartitionSpec) other;
    return specId == that.specId && fields.equals(that.fields);
  }

  @Override
  public int hashCode() {
    return 31 * specId + fields.hashCode();
  }

  /** E.g. {@code PartitionSpec{id=0, fields=[1000: ts_day: day(4), 1001: id_bucket: bucket[16](1)]}}. */
  @Override
  public String toString() {
    return "PartitionSpec{id=" + specId + ", fields=" + fields + "}";
  }

  /**
   * Builds a {@link PartitionSpec} for a schema. Columns are named as in the schema, nested ones with
   * dots ({@code location.lat}). Partition field ids are assigned from
   * {@link PartitionSpec#PARTITION_DATA_ID_START}
   * unless given with {@link #add(int, int, String, Transform)}.
   */
  public static final class Builder {
    // Used only to describe, in error messages, which types a transform accepts.
    private static final Map<String, Type> SAMPLE_TYPES = sampleTypes();

    private final Schema schema;
    private final List<PartitionField> fields = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<Integer> fieldIds = new HashSet<>();
    private final Map<String, PartitionField> dedup = new HashMap<>();
    private Set<Integer> partitionableIds;
    private int specId = 0;
    private int lastAssignedFieldId = PARTITION_DATA_ID_START - 1;
    private boolean caseSensitive = true;
    private boolean checkConflicts = true;

    private Builder(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema is null");
    }

    public Builder withSpecId(int newSpecId) {
      this.specId = newSpecId;
      return this;
    }

    /** Whether column names given to this builder match the schema's case-sensitively (default true). */
    public Builder caseSensitive(boolean sensitive) {
      this.caseSensitive = sensitive;
      return this;
    }

    /**
     * Whether {@link #add(int, int, String, Transform)} checks fields against the schema (default
     * true): that the source column exists, its type suits the transform, the name does not collide
     * with another column and no field is redundant. Metadata parsers turn this off, because specs of
     * older table versions may name columns that have since been dropped or renamed. Duplicate names
     * and field ids are always rejected.
     */
    public Builder checkConflicts(boolean check) {
      this.checkConflicts = check;
      return this;
    }

    public Builder identity(String sourceName) {
      return identity(sourceName, null);
    }

    /** Partitions by the column's value, in a field named {@code targetName} (default: the column name). */
    public Builder identity(String sourceName, String targetName) {
      return addNamed(sourceName, targetName, Transforms.identity(), "");
    }

    public Builder bucket(String sourceName, int numBuckets) {
      return bucket(sourceName, numBuckets, null);
    }

    /** Partitions by {@code bucket[numBuckets]}, in a field named {@code targetName} (default {@code <col>_bucket}). */
    public Builder bucket(String sourceName, int numBuckets, String targetName) {
      return addNamed(sourceName, targetName, Transforms.bucket(numBuckets), "_bucket");
    }

    public Builder truncate(String sourceName, int width) {
      return truncate(sourceName, width, null);
    }

    /** Partitions by {@code truncate[width]}, in a field named {@code targetName} (default {@code <col>_trunc}). */
    public Builder truncate(String sourceName, int width, String targetName) {
      return addNamed(sourceName, targetName, Transforms.truncate(width), "_trunc");
    }

    public Builder year(String sourceName) {
      return year(sourceName, null);
    }

    public Builder year(String sourceName, String targetName) {
      return addNamed(sourceName, targetName, Transforms.year(), "_year");
    }

    public Builder month(String sourceName) {
      return month(sourceName, null);
    }

    public Builder month(String sourceName, String targetName) {
      return addNamed(sourceName, targetName, Transforms.month(), "_month");
    }

    public Builder day(String sourceName) {
      return day(sourceName, null);
    }

    public Builder day(String sourceName, String targetName) {
      return addNamed(sourceName, targetName, Transforms.day(), "_day");
    }

    public Builder hour(String sourceName) {
      return hour(sourceName, null);
    }

    public Builder hour(String sourceName, String targetName) {
      return addNamed(sourceName, targetName, Transforms.hour(), "_hour");
    }

    public Builder alwaysNull(String sourceName) {
      return alwaysNull(sourceName, null);
    }

    /** Adds a {@code void} field, in a field named {@code targetName} (default {@code <col>_null}). */
    public Builder alwaysNull(String sourceName, String targetName) {
      return addNamed(sourceName, targetName, Transforms.alwaysNull(), "_null");
    }

    /** Adds a field with the next unused partition field id. */
    public Builder add(int sourceId, String name, Transform transform) {
      return add(sourceId, lastAssignedFieldId + 1, name, transform);
    }

    /** Adds a field with an explicit partition field id, as read from metadata or kept by evolution. */
    public Builder add(int sourceId, int fieldId, String name, Transform transform) {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(transform, "transform is null");
      Optional<Types.NestedField> source = schema.findField(sourceId);
      if (checkConflicts && source.isPresent()) {
        checkSource(schema.findColumnName(sourceId).orElse(source.get().name()), source.get(), transform);
      } else if (checkConflicts && !transform.isVoid()) {
        // a void field may outlive its column: v1 tables drop a partition field by voiding it, and the
        // column can be dropped afterwards
        throw new ValidationException("Cannot add partition field '" + name + "' (" + transform
            + "): source column id " + sourceId + " is not in the schema");
      }
      addField(new PartitionField(sourceId, fieldId, name, transform));
      return this;
    }

    public PartitionSpec build() {
      return new PartitionSpec(schema, specId, fields);
    }

    private Builder addNamed(String sourceName, String targetName, Transform transform, String suffix) {
      Objects.requireNonNull(sourceName, "sourceName is null");
      Types.NestedField source = findSourceColumn(sourceName, transform);
      // the schema's spelling, so that default names match the schema even when matching ignores case
      String columnName = schema.findColumnName(source.fieldId()).orElse(sourceName);
      checkSource(columnName, source, transform);
      String name = targetName != null ? targetName : columnName + suffix;
      addField(new PartitionField(source.fieldId(), lastAssignedFieldId + 1, name, transform));
      return this;
    }

    private Types.NestedField findSourceColumn(String sourceName, Transform transform) {
      Optional<Types.NestedField> found = caseSensitive
          ? schema.findField(sourceName)
          : schema.caseInsensitiveFindField(sourceName);
      return found.orElseThrow(() -> new ValidationException(
          "Cannot partition by " + transform + " on column '" + sourceName
              + "': no such column in the schema" + (caseSensitive ? " (names are case-sensitive)" : "")));
    }

    private void checkSource(String columnName, Types.NestedField source, Transform transform) {
      if (!source.type().isPrimitiveType() && !source.type().isVariantType()) {
        throw new ValidationException("Cannot partition by " + transform + " on column '" + columnName
            + "' of type " + source.type() + ": partition source columns must be primitive");
      }
      if (!partitionableIds().contains(source.fieldId())) {
        throw new ValidationException("Cannot partition by " + transform + " on column '" + columnName
            + "': it is nested in a list or map; partition source columns must be top-level or in structs");
      }
      if (!transform.canTransform(source.type())) {
        throw new ValidationException("Cannot partition by " + transform + " on column '" + columnName
            + "' of type " + source.type() + ": " + transform + " supports " + supportedTypes(transform));
      }
    }

    private void addField(PartitionField field) {
      if (field.name().isEmpty()) {
        throw new ValidationException("Cannot add partition field " + field + ": the name is empty");
      }
      if (!names.add(field.name())) {
        throw new ValidationException("Cannot add partition field " + field + ": the spec already has a field named '"
            + field.name() + "'; choose another name");
      }
      if (!fieldIds.add(field.fieldId())) {
        throw new ValidationException("Cannot add partition field " + field + ": the spec already has a field with id "
            + field.fieldId());
      }
      if (checkConflicts) {
        checkNameAgainstSchema(field);
        checkRedundant(field);
      }
      fields.add(field);
      lastAssignedFieldId = Math.max(lastAssignedFieldId, field.fieldId());
    }

    private void checkNameAgainstSchema(PartitionField field) {
      Optional<Types.NestedField> column = schema.findField(field.name());
      if (column.isEmpty()) {
        return;
      }
      // an identity (or, after a v1 drop, void) field may keep its column's name; anything else would
      // make the partition column shadow a different table column
      boolean sameColumn = column.get().fieldId() == field.sourceId()
          && (field.transform().isIdentity() || field.transform().isVoid());
      if (!sameColumn) {
        String source = schema.findColumnName(field.sourceId()).orElse("id " + field.sourceId());
        throw new ValidationException("Cannot add partition field '" + field.name() + "' (" + field.transform()
            + " of column '" + source + "'): the name collides with schema column '" + field.name()
            + "'; choose another partition name");
      }
    }

    private void checkRedundant(PartitionField field) {
      if (field.transform().isVoid()) {
        return; // several dropped (void) fields of one column are legitimate in v1 tables
      }
      String key = field.sourceId() + ":" + dedupName(field.transform());
      PartitionField existing = dedup.putIfAbsent(key, field);
      if (existing != null) {
        String source = schema.findColumnName(field.sourceId()).orElse("id " + field.sourceId());
        throw new ValidationException("Cannot add partition field '" + field.name() + "' (" + field.transform()
            + " of column '" + source + "'): it is redundant with field '" + existing.name() + "' ("
            + existing.transform() + "); a column can have only one time transform and no repeated transform");
      }
    }

    private static String dedupName(Transform transform) {
      // year, month, day and hour of one column are redundant with each other
      String name = transform.toString();
      switch (name) {
        case "year":
        case "month":
        case "day":
        case "hour":
          return "time";
        default:
          return name;
      }
    }

    private Set<Integer> partitionableIds() {
      if (partitionableIds == null) {
        Set<Integer> ids = new HashSet<>();
        collectStructFieldIds(schema.asStruct(), ids);
        partitionableIds = ids;
      }
      return partitionableIds;
    }

    private static void collectStructFieldIds(Types.StructType struct, Set<Integer> ids) {
      for (Types.NestedField field : struct.fields()) {
        ids.add(field.fieldId());
        if (field.type().isStructType()) {
          collectStructFieldIds(field.type().asStructType(), ids);
        }
      }
    }

    private static String supportedTypes(Transform transform) {
      StringJoiner joiner = new StringJoiner(", ");
      for (Map.Entry<String, Type> sample : SAMPLE_TYPES.entrySet()) {
        if (transform.canTransform(sample.getValue())) {
          joiner.add(sample.getKey());
        }
      }
      return joiner.length() == 0 ? "no types" : joiner.toString();
    }

    private static Map<String, Type> sampleTypes() {
      Map<String, Type> types = new LinkedHashMap<>();
      types.put("boolean", Types.BooleanType.get());
      types.put("int", Types.IntegerType.get());
      types.put("long", Types.LongType.get());
      types.put("float", Types.FloatType.get());
      types.put("double", Types.DoubleType.get());
      types.put("decimal", Types.DecimalType.of(9, 2));
      types.put("date", Types.DateType.get());
      types.put("time", Types.TimeType.get());
      types.put("timestamp", Types.TimestampType.withoutZone());
      types.put("timestamptz", Types.TimestampType.withZone());
      types.put("timestamp_ns", Types.TimestampNanoType.withoutZone());
      types.put("timestamptz_ns", Types.TimestampNanoType.withZone());
      types.put("string", Types.StringType.get());
      types.put("uuid", Types.UUIDType.get());
      types.put("fixed", Types.FixedType.ofLength(16));
      types.put("binary", Types.BinaryType.get());
      return types;
    }
  }
}
