package io.datashard.types;

import io.datashard.exceptions.ValidationException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The types of the Iceberg table spec. Singletons and equal parameterized types are {@code equals}. */
public final class Types {
  private Types() {}

  /**
   * Parses a primitive type string of the spec, such as {@code int}, {@code decimal(9, 2)} or
   * {@code fixed[16]}. Case and whitespace inside the parentheses are ignored.
   *
   * @throws ValidationException if the string is not a primitive type
   */
  public static Type.PrimitiveType fromPrimitiveString(String typeString) {
    return TypeNames.parsePrimitive(typeString);
  }

  /** Parses any type that the spec writes as a plain string: every primitive and {@code variant}. */
  public static Type fromTypeName(String typeString) {
    return TypeNames.parse(typeString);
  }

  /** A primitive without parameters; its spec name is its string form. */
  private abstract static class NamedPrimitive extends Type.PrimitiveType {
    private final String name;
    private final TypeID typeId;

    NamedPrimitive(TypeID typeId, String name) {
      this.typeId = typeId;
      this.name = name;
    }

    @Override
    public TypeID typeId() {
      return typeId;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static final class BooleanType extends NamedPrimitive {
    private static final BooleanType INSTANCE = new BooleanType();

    private BooleanType() {
      super(TypeID.BOOLEAN, "boolean");
    }

    public static BooleanType get() {
      return INSTANCE;
    }
  }

  public static final class IntegerType extends NamedPrimitive {
    private static final IntegerType INSTANCE = new IntegerType();

    private IntegerType() {
      super(TypeID.INTEGER, "int");
    }

    public static IntegerType get() {
      return INSTANCE;
    }
  }

  public static final class LongType extends NamedPrimitive {
    private static final LongType INSTANCE = new LongType();

    private LongType() {
      super(TypeID.LONG, "long");
    }

    public static LongType get() {
      return INSTANCE;
    }
  }

  public static final class FloatType extends NamedPrimitive {
    private static final FloatType INSTANCE = new FloatType();

    private FloatType() {
      super(TypeID.FLOAT, "float");
    }

    public static FloatType get() {
      return INSTANCE;
    }
  }

  public static final class DoubleType extends NamedPrimitive {
    private static final DoubleType INSTANCE = new DoubleType();

    private DoubleType() {
      super(TypeID.DOUBLE, "double");
    }

    public static DoubleType get() {
      return INSTANCE;
    }
  }

  /** Calendar date without zone; values are days from 1970-01-01. */
  public static final class DateType extends NamedPrimitive {
    private static final DateType INSTANCE = new DateType();

    private DateType() {
      super(TypeID.DATE, "date");
    }

    public static DateType get() {
      return INSTANCE;
    }
  }

  /** Time of day without date or zone; values are microseconds from midnight. */
  public static final class TimeType extends NamedPrimitive {
    private static final TimeType INSTANCE = new TimeType();

    private TimeType() {
      super(TypeID.TIME, "time");
    }

    public static TimeType get() {
      return INSTANCE;
    }
  }

  /** Microsecond timestamp; {@code timestamptz} when adjusted to UTC, else {@code timestamp}. */
  public static final class TimestampType extends Type.PrimitiveType {
    private static final TimestampType WITH_ZONE = new TimestampType(true);
    private static final TimestampType WITHOUT_ZONE = new TimestampType(false);
    private final boolean adjustToUTC;

    private TimestampType(boolean adjustToUTC) {
      this.adjustToUTC = adjustToUTC;
    }

    public static TimestampType withZone() {
      return WITH_ZONE;
    }

    public static TimestampType withoutZone() {
      return WITHOUT_ZONE;
    }

    public boolean shouldAdjustToUTC() {
      return adjustToUTC;
    }

    @Override
    public TypeID typeId() {
      return TypeID.TIMESTAMP;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TimestampType && ((TimestampType) other).adjustToUTC == adjustToUTC;
    }

    @Override
    public int hashCode() {
      return Objects.hash(TypeID.TIMESTAMP, adjustToUTC);
    }

    @Override
    public String toString() {
      return adjustToUTC ? "timestamptz" : "timestamp";
    }

    private Object readResolve() {
      return adjustToUTC ? WITH_ZONE : WITHOUT_ZONE;
    }
  }

  /** Nanosecond timestamp (v3); {@code timestamptz_ns} when adjusted to UTC, else {@code timestamp_ns}. */
  public static final class TimestampNanoType extends Type.PrimitiveType {
    private static final TimestampNanoType WITH_ZONE = new TimestampNanoType(true);
    private static final TimestampNanoType WITHOUT_ZONE = new TimestampNanoType(false);
    private final boolean adjustToUTC;

    private TimestampNanoType(boolean adjustToUTC) {
      this.adjustToUTC = adjustToUTC;
    }

    public static TimestampNanoType withZone() {
      return WITH_ZONE;
    }

    public static TimestampNanoType withoutZone() {
      return WITHOUT_ZONE;
    }

    public boolean shouldAdjustToUTC() {
      return adjustToUTC;
    }

    @Override
    public TypeID typeId() {
      return TypeID.TIMESTAMP_NANO;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TimestampNanoType && ((TimestampNanoType) other).adjustToUTC == adjustToUTC;
    }

    @Override
    public int hashCode() {
      return Objects.hash(TypeID.TIMESTAMP_NANO, adjustToUTC);
    }

    @Override
    public String toString() {
      return adjustToUTC ? "timestamptz_ns" : "timestamp_ns";
    }

    private Object readResolve() {
      return adjustToUTC ? WITH_ZONE : WITHOUT_ZONE;
    }
  }

  public static final class StringType extends NamedPrimitive {
    private static final StringType INSTANCE = new StringType();

    private StringType() {
      super(TypeID.STRING, "string");
    }

    public static StringType get() {
      return INSTANCE;
    }
  }

  public static final class UUIDType extends NamedPrimitive {
    private static final UUIDType INSTANCE = new UUIDType();

    private UUIDType() {
      super(TypeID.UUID, "uuid");
    }

    public static UUIDType get() {
      return INSTANCE;
    }
  }

  /** Fixed-length byte array. */
  public static final class FixedType extends Type.PrimitiveType {
    private final int length;

    private FixedType(int length) {
      this.length = length;
    }

    public static FixedType ofLength(int length) {
      if (length < 0) {
        throw new ValidationException("Invalid fixed length " + length + ": must not be negative");
      }
      return new FixedType(length);
    }

    public int length() {
      return length;
    }

    @Override
    public TypeID typeId() {
      return TypeID.FIXED;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof FixedType && ((FixedType) other).length == length;
    }

    @Override
    public int hashCode() {
      return Objects.hash(TypeID.FIXED, length);
    }

    @Override
    public String toString() {
      return "fixed[" + length + "]";
    }
  }

  public static final class BinaryType extends NamedPrimitive {
    private static final BinaryType INSTANCE = new BinaryType();

    private BinaryType() {
      super(TypeID.BINARY, "binary");
    }

    public static BinaryType get() {
      return INSTANCE;
    }
  }

  /** Fixed-point decimal with precision at most 38 and a fixed scale. */
  public static final class DecimalType extends Type.PrimitiveType {
    /** The spec's maximum precision. */
    public static final int MAX_PRECISION = 38;
    private final int precision;
    private final int scale;

    private DecimalType(int precision, int scale) {
      this.precision = precision;
      this.scale = scale;
    }

    public static DecimalType of(int precision, int scale) {
      if (precision < 1 || precision > MAX_PRECISION) {
        throw new ValidationException(
            "Invalid decimal(" + precision + "," + scale + "): precision must be between 1 and " + MAX_PRECISION);
      }
      return new DecimalType(precision, scale);
    }

    public int precision() {
      return precision;
    }

    public int scale() {
      return scale;
    }

    @Override
    public TypeID typeId() {
      return TypeID.DECIMAL;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof DecimalType
          && ((DecimalType) other).precision == precision
          && ((DecimalType) other).scale == scale;
    }

    @Override
    public int hashCode() {
      return Objects.hash(TypeID.DECIMAL, precision, scale);
    }

    @Override
    public String toString() {
      return "decimal(" + precision + "," + scale + ")";
    }
  }

  /** The v3 type of a column whose type is not known yet; it is always optional and always null. */
  public static final class UnknownType extends NamedPrimitive {
    private static final UnknownType INSTANCE = new UnknownType();

    private UnknownType() {
      super(TypeID.UNKNOWN, "unknown");
    }

    public static UnknownType get() {
      return INSTANCE;
    }
  }

  /**
   * The v3 semi-structured type. Neither primitive nor nested: it has no field ids below it. Datashard
   * can keep it in a schema and round-trip it through metadata JSON; it cannot read or write its values.
   */
  public static final class VariantType implements Type {
    private static final VariantType INSTANCE = new VariantType();

    private VariantType() {}

    public static VariantType get() {
      return INSTANCE;
    }

    @Override
    public TypeID typeId() {
      return TypeID.VARIANT;
    }

    @Override
    public boolean isVariantType() {
      return true;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof VariantType;
    }

    @Override
    public int hashCode() {
      return TypeID.VARIANT.hashCode();
    }

    @Override
    public String toString() {
      return "variant";
    }
  }

  /** A tuple of named fields, each with a field id that is unique in the schema. */
  public static final class StructType extends Type.NestedType {
    // Marks a lower-case name shared by several fields in the case-insensitive index.
    private static final NestedField AMBIGUOUS = NestedField.optional(0, "<ambiguous>", UnknownType.get());
    private final List<NestedField> fields;
    private transient volatile Map<String, NestedField> byName;
    private transient volatile Map<String, NestedField> byLowerCaseName;

    private StructType(List<NestedField> fields) {
      this.fields = List.copyOf(fields);
      Map<String, NestedField> names = new HashMap<>();
      Map<Integer, NestedField> ids = new HashMap<>();
      for (NestedField field : this.fields) {
        NestedField sameName = names.put(field.name(), field);
        if (sameName != null) {
          throw new ValidationException(
              "Invalid struct: fields " + sameName.fieldId() + " and " + field.fieldId() + " are both named '"
                  + field.name() + "'; field names must be unique within a struct");
        }
        NestedField sameId = ids.put(field.fieldId(), field);
        if (sameId != null) {
          throw new ValidationException(
              "Invalid struct: fields '" + sameId.name() + "' and '" + field.name() + "' both have id "
                  + field.fieldId() + "; field ids must be unique");
        }
      }
    }

    public static StructType of(List<NestedField> fields) {
      Objects.requireNonNull(fields, "fields is null");
      return new StructType(fields);
    }

    public static StructType of(NestedField... fields) {
      Objects.requireNonNull(fields, "fields is null");
      return new StructType(Arrays.asList(fields));
    }

    @Override
    public TypeID typeId() {
      return TypeID.STRUCT;
    }

    @Override
    public boolean isStructType() {
      return true;
    }

    @Override
    public StructType asStructType() {
      return this;
    }

    @Override
    public List<NestedField> fields() {
      return fields;
    }

    /** The direct field with the given id, if any. */
    public Optional<NestedField> findField(int id) {
      for (NestedField field : fields) {
        if (field.fieldId() == id) {
          return Optional.of(field);
        }
      }
      return Optional.empty();
    }

    /** The direct field with the given name (case-sensitive), if any. */
    public Optional<NestedField> findField(String name) {
      Objects.requireNonNull(name, "name is null");
      return Optional.ofNullable(nameIndex().get(name));
    }

    @Override
    public NestedField field(int id) {
      return findField(id).orElseThrow(() -> new ValidationException("Cannot find field with id " + id + " in " + this));
    }

    /** The direct field with the given name (case-sensitive); throws if there is none. */
    public NestedField field(String name) {
      return findField(name).orElseThrow(() -> new ValidationException("Cannot find field '" + name + "' in " + this));
    }

    /** The direct field whose name equals the given one ignoring case; throws if none or ambiguous. */
    public NestedField caseInsensitiveField(String name) {
      Objects.requireNonNull(name, "name is null");
      Map<String, NestedField> index = byLowerCaseName;
      if (index == null) {
        index = new HashMap<>();
        for (NestedField field : fields) {
          index.merge(field.name().toLowerCase(Locale.ROOT), field, (a, b) -> AMBIGUOUS);
        }
        byLowerCaseName = index;
      }
      NestedField field = index.get(name.toLowerCase(Locale.ROOT));
      if (field == null) {
        throw new ValidationException("Cannot find field '" + name + "' (ignoring case) in " + this);
      }
      if (field == AMBIGUOUS) {
        throw new ValidationException(
            "Field name '" + name + "' is ambiguous ignoring case in " + this + ": use the exact name");
      }
      return field;
    }

    @Override
    public Type fieldType(String name) {
      return field(name).type();
    }

    private Map<String, NestedField> nameIndex() {
      Map<String, NestedField> index = byName;
      if (index == null) {
        index = new HashMap<>();
        for (NestedField field : fields) {
          index.put(field.name(), field);
        }
        byName = index;
      }
      return index;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof StructType && fields.equals(((StructType) other).fields);
    }

    @Override
    public int hashCode() {
      return Objects.hash(TypeID.STRUCT, fields);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("struct<");
      for (int i = 0; i < fields.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(fields.get(i));
      }
      return sb.append('>').toString();
    }
  }

  /** A list whose element field has its own field id. */
  public static final class ListType extends Type.NestedType {
    private final NestedField element;

    private ListType(NestedField element) {
      this.element = element;
    }

    public static ListType ofOptional(int elementId, Type elementType) {
      return new ListType(NestedField.optional(elementId, "element", elementType));
    }

    public static ListType ofRequired(int elementId, Type elementType) {
      return new ListType(NestedField.required(elementId, "element", elementType));
    }

    public int elementId() {
      return element.fieldId();
    }

    public Type elementType() {
      return element.type();
    }

    public NestedField elementField() {
      return element;
    }

    public boolean isElementOptional() {
      return element.isOptional();
    }

    public boolean isElementRequired() {
      return element.isRequired();
    }

    @Override
    public TypeID typeId() {
      return TypeID.LIST;
    }

    @Override
    public boolean isListType() {
      return true;
    }

    @Override
    public ListType asListType() {
      return this;
    }

    @Override
    public List<NestedField> fields() {
      return List.of(element);
    }

    @Override
    public NestedField field(int id) {
      if (id == element.fieldId()) {
        return element;
      }
      throw new ValidationException("Cannot find field with id " + id + " in " + this + ": its element id is " + elementId());
    }

    @Override
    public Type fieldType(String name) {
      if ("element".equals(name)) {
        return element.type();
      }
      throw new ValidationException("Cannot find field '" + name + "' in " + this + ": a list has only 'element'");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ListType && element.equals(((ListType) other).element);
    }

    @Override
    public int hashCode() {
      return Objects.hash(TypeID.LIST, element);
    }

    @Override
    public String toString() {
      return "list<" + element.type() + ">";
    }
  }

  /** A map whose key and value fields have their own field ids. Keys are always required. */
  public static final class MapType extends Type.NestedType {
    private final NestedField key;
    private final NestedField value;

    private MapType(NestedField key, NestedField value) {
      if (key.fieldId() == value.fieldId()) {
        throw new ValidationException("Invalid map: key and value both have id " + key.fieldId());
      }
      this.key = key;
      this.value = value;
    }

    public static MapType ofOptional(int keyId, int valueId, Type keyType, Type valueType) {
      return new MapType(NestedField.required(keyId, "key", keyType), NestedField.optional(valueId, "value", valueType));
    }

    public static MapType ofRequired(int keyId, int valueId, Type keyType, Type valueType) {
      return new MapType(NestedField.required(keyId, "key", keyType), NestedField.required(valueId, "value", valueType));
    }

    public int keyId() {
      return key.fieldId();
    }

    public int valueId() {
      return value.fieldId();
    }

    public Type keyType() {
      return key.type();
    }

    public Type valueType() {
      return value.type();
    }

    public NestedField keyField() {
      return key;
    }

    public NestedField valueField() {
      return value;
    }

    public boolean isValueOptional() {
      return value.isOptional();
    }

    public boolean isValueRequired() {
      return value.isRequired();
    }

    @Override
    public TypeID typeId() {
      return TypeID.MAP;
    }

    @Override
    public boolean isMapType() {
      return true;
    }

    @Override
    public MapType asMapType() {
      return this;
    }

    @Override
    public List<NestedField> fields() {
      return List.of(key, value);
    }

    @Override
    public NestedField field(int id) {
      if (id == key.fieldId()) {
        return key;
      } else if (id == value.fieldId()) {
        return value;
      }
      throw new ValidationException(
          "Cannot find field with id " + id + " in " + this + ": its key id is " + keyId() + " and value id " + valueId());
    }

    @Override
    public Type fieldType(String name) {
      if ("key".equals(name)) {
        return key.type();
      } else if ("value".equals(name)) {
        return value.type();
      }
      throw new ValidationException("Cannot find field '" + name + "' in " + this + ": a map has only 'key' and 'value'");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MapType && key.equals(((MapType) other).key) && value.equals(((MapType) other).value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(TypeID.MAP, key, value);
    }

    @Override
    public String toString() {
      return "map<" + key.type() + ", " + value.type() + ">";
    }
  }

  /**
   * A named field with an id: a struct field, a list element or a map key or value. Fields may carry a
   * doc string and the v3 {@code initial-default} and {@code write-default} values, in the Java value
   * representation of {@link Type.TypeID#javaClass()}.
   *
   * <p>The spec also allows list, map and (empty) struct defaults; Apache Iceberg 1.10 cannot read
   * metadata that has them, so writers that need Iceberg to read the table should use primitive defaults.
   */
  public static final class NestedField implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int id;
    private final String name;
    private final Type type;
    private final boolean optional;
    private final String doc;
    private final Object initialDefault;
    private final Object writeDefault;

    private NestedField(int id, String name, Type type, boolean optional, String doc, Object initialDefault, Object writeDefault) {
      this.id = id;
      this.name = Objects.requireNonNull(name, "name is null");
      this.type = Objects.requireNonNull(type, "type is null");
      this.optional = optional;
      this.doc = doc;
      if (!optional && type.typeId() == Type.TypeID.UNKNOWN) {
        throw new ValidationException(
            "Cannot create required field " + id + " '" + name + "' of type unknown: unknown fields must be optional");
      }
      this.initialDefault = FieldDefaults.normalizeFieldDefault(id, name, type, "initial-default", initialDefault);
      this.writeDefault = FieldDefaults.normalizeFieldDefault(id, name, type, "write-default", writeDefault);
    }

    public static NestedField optional(int id, String name, Type type) {
      return new NestedField(id, name, type, true, null, null, null);
    }

    public static NestedField optional(int id, String name, Type type, String doc) {
      return new NestedField(id, name, type, true, Objects.requireNonNull(doc, "doc is null"), null, null);
    }

    public static NestedField required(int id, String name, Type type) {
      return new NestedField(id, name, type, false, null, null, null);
    }

    public static NestedField required(int id, String name, Type type, String doc) {
      return new NestedField(id, name, type, false, Objects.requireNonNull(doc, "doc is null"), null, null);
    }

    public static NestedField of(int id, boolean isOptional, String name, Type type) {
      return new NestedField(id, name, type, isOptional, null, null, null);
    }

    /** A builder for an optional field; call {@link Builder#asRequired()} for a required one. */
    public static Builder builder(int id, String name, Type type) {
      return new Builder(id, name, type);
    }

    /** A builder initialized with every attribute of the given field. */
    public static Builder from(NestedField field) {
      Objects.requireNonNull(field, "field is null");
      Builder builder = new Builder(field.id, field.name, field.type).isOptional(field.optional);
      builder.doc = field.doc;
      builder.initialDefault = field.initialDefault;
      builder.writeDefault = field.writeDefault;
      return builder;
    }

    public int fieldId() {
      return id;
    }

    public String name() {
      return name;
    }

    public Type type() {
      return type;
    }

    public boolean isOptional() {
      return optional;
    }

    public boolean isRequired() {
      return !optional;
    }

    public Optional<String> doc() {
      return Optional.ofNullable(doc);
    }

    /** The value for rows written before this field was added; empty means null. */
    public Optional<Object> initialDefault() {
      return Optional.ofNullable(FieldDefaults.view(initialDefault));
    }

    /** The value written when a writer does not supply this field; empty means null. */
    public Optional<Object> writeDefault() {
      return Optional.ofNullable(FieldDefaults.view(writeDefault));
    }

    public NestedField withName(String newName) {
      return new NestedField(id, newName, type, optional, doc, initialDefault, writeDefault);
    }

    /** A copy with another type; the defaults are converted to it, or this throws if they do not fit. */
    public NestedField withType(Type newType) {
      return new NestedField(id, name, newType, optional, doc, initialDefault, writeDefault);
    }

    public NestedField asOptional() {
      return optional ? this : new NestedField(id, name, type, true, doc, initialDefault, writeDefault);
    }

    public NestedField asRequired() {
      return optional ? new NestedField(id, name, type, false, doc, initialDefault, writeDefault) : this;
    }

    public NestedField withDoc(String newDoc) {
      return new NestedField(id, name, type, optional, Objects.requireNonNull(newDoc, "doc is null"), initialDefault, writeDefault);
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof NestedField)) {
        return false;
      }
      NestedField that = (NestedField) other;
      return id == that.id
          && optional == that.optional
          && name.equals(that.name)
          && type.equals(that.type)
          && Objects.equals(doc, that.doc)
          && Objects.equals(initialDefault, that.initialDefault)
          && Objects.equals(writeDefault, that.writeDefault);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, name, type, optional, doc);
    }

    @Override
    public String toString() {
      return id + ": " + name + ": " + (optional ? "optional " : "required ") + type + (doc != null ? " (" + doc + ")" : "");
    }

    // Defaults may hold ByteBuffers, which are not Serializable; a proxy stores them as byte arrays.
    private Object writeReplace() {
      return new SerializedNestedField(this);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
      throw new InvalidObjectException("NestedField is deserialized through its serialized form");
    }

    /** Builds a {@link NestedField}; fields are optional unless {@link #asRequired()} is called. */
    public static final class Builder {
      private final int id;
      private final String name;
      private final Type type;
      private boolean optional = true;
      private String doc;
      private Object initialDefault;
      private Object writeDefault;

      private Builder(int id, String name, Type type) {
        this.id = id;
        this.name = Objects.requireNonNull(name, "name is null");
        this.type = Objects.requireNonNull(type, "type is null");
      }

      public Builder asOptional() {
        this.optional = true;
        return this;
      }

      public Builder asRequired() {
        this.optional = false;
        return this;
      }

      public Builder isOptional(boolean isOptional) {
        this.optional = isOptional;
        return this;
      }

      public Builder withDoc(String newDoc) {
        this.doc = Objects.requireNonNull(newDoc, "doc is null");
        return this;
      }

      /** Sets the initial default; an Integer is widened for long, time and timestamp fields. */
      public Builder withInitialDefault(Object value) {
        this.initialDefault = Objects.requireNonNull(value, "initial default is null");
        return this;
      }

      /** Sets the write default; an Integer is widened for long, time and timestamp fields. */
      public Builder withWriteDefault(Object value) {
        this.writeDefault = Objects.requireNonNull(value, "write default is null");
        return this;
      }

      /** @throws ValidationException if a default does not fit the type or the field is invalid */
      public NestedField build() {
        return new NestedField(id, name, type, optional, doc, initialDefault, writeDefault);
      }
    }
  }
}
