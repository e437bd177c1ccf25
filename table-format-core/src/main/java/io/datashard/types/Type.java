package io.datashard.types;

import io.datashard.exceptions.ValidationException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A data type of the Iceberg table spec: a primitive, a nested type (struct, list, map) or variant.
 *
 * <p>Types are immutable and compared by value; {@link #toString()} gives the spec's type string, for
 * example {@code int}, {@code decimal(9,2)}, {@code fixed[16]} or {@code timestamptz}.
 */
public interface Type extends Serializable {

  /** The kind of a type, with the Java class that represents its values. */
  enum TypeID {
    BOOLEAN(Boolean.class),
    INTEGER(Integer.class),
    LONG(Long.class),
    FLOAT(Float.class),
    DOUBLE(Double.class),
    /** Days from 1970-01-01. */
    DATE(Integer.class),
    /** Microseconds from midnight. */
    TIME(Long.class),
    /** Microseconds from 1970-01-01T00:00:00 (UTC when adjusted to UTC). */
    TIMESTAMP(Long.class),
    /** Nanoseconds from 1970-01-01T00:00:00 (UTC when adjusted to UTC). */
    TIMESTAMP_NANO(Long.class),
    STRING(String.class),
    UUID(java.util.UUID.class),
    FIXED(ByteBuffer.class),
    BINARY(ByteBuffer.class),
    /** A {@link BigDecimal} whose scale is the type's scale. */
    DECIMAL(BigDecimal.class),
    /** Values of unknown type are always null. */
    UNKNOWN(Void.class),
    VARIANT(Object.class),
    /** A map from field id to field value; a field that is absent has no value (not even null). */
    STRUCT(Map.class),
    LIST(List.class),
    MAP(Map.class);

    private final Class<?> javaClass;

    TypeID(Class<?> javaClass) {
      this.javaClass = javaClass;
    }

    /** The Java class of values of this type. */
    public Class<?> javaClass() {
      return javaClass;
    }
  }

  TypeID typeId();

  default boolean isPrimitiveType() {
    return false;
  }

  default boolean isNestedType() {
    return false;
  }

  default boolean isStructType() {
    return false;
  }

  default boolean isListType() {
    return false;
  }

  default boolean isMapType() {
    return false;
  }

  default boolean isVariantType() {
    return false;
  }

  default PrimitiveType asPrimitiveType() {
    throw new ValidationException("Type " + this + " is not a primitive type");
  }

  default NestedType asNestedType() {
    throw new ValidationException("Type " + this + " is not a nested type (struct, list or map)");
  }

  default Types.StructType asStructType() {
    throw new ValidationException("Type " + this + " is not a struct");
  }

  default Types.ListType asListType() {
    throw new ValidationException("Type " + this + " is not a list");
  }

  default Types.MapType asMapType() {
    throw new ValidationException("Type " + this + " is not a map");
  }

  /** A type whose values are single values rather than containers of fields. */
  abstract class PrimitiveType implements Type {
    @Override
    public boolean isPrimitiveType() {
      return true;
    }

    @Override
    public PrimitiveType asPrimitiveType() {
      return this;
    }

    // Singletons have no state, so equality is by class; this also survives Java serialization.
    @Override
    public boolean equals(Object other) {
      return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
      return typeId().hashCode();
    }
  }

  /** A struct, list or map: a type with child fields that carry field ids. */
  abstract class NestedType implements Type {
    @Override
    public boolean isNestedType() {
      return true;
    }

    @Override
    public NestedType asNestedType() {
      return this;
    }

    /** The direct child fields: a struct's fields, a list's element, a map's key and value. */
    public abstract List<Types.NestedField> fields();

    /**
     * The direct child field with the given id.
     *
     * @throws ValidationException if this type has no direct child with that id
     */
    public abstract Types.NestedField field(int id);

    /**
     * The type of the direct child with the given name ({@code element} for lists, {@code key} and
     * {@code value} for maps).
     *
     * @throws ValidationException if this type has no direct child with that name
     */
    public abstract Type fieldType(String name);
  }
}
