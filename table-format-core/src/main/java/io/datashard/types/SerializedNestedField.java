package io.datashard.types;

import java.io.Serializable;

/**
 * The Java-serialized form of a {@link Types.NestedField}: defaults may hold ByteBuffers, which are not
 * Serializable, so they travel as byte arrays and the field is rebuilt (and re-validated) on read.
 */
final class SerializedNestedField implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int id;
  private final String name;
  private final Type type;
  private final boolean optional;
  private final String doc;
  private final Object initialDefault;
  private final Object writeDefault;

  SerializedNestedField(Types.NestedField field) {
    this.id = field.fieldId();
    this.name = field.name();
    this.type = field.type();
    this.optional = field.isOptional();
    this.doc = field.doc().orElse(null);
    this.initialDefault = FieldDefaults.toSerializable(field.initialDefault().orElse(null));
    this.writeDefault = FieldDefaults.toSerializable(field.writeDefault().orElse(null));
  }

  private Object readResolve() {
    Types.NestedField.Builder builder = Types.NestedField.builder(id, name, type).isOptional(optional);
    if (doc != null) {
      builder.withDoc(doc);
    }
    if (initialDefault != null) {
      builder.withInitialDefault(FieldDefaults.fromSerializable(initialDefault));
    }
    if (writeDefault != null) {
      builder.withWriteDefault(FieldDefaults.fromSerializable(writeDefault));
    }
    return builder.build();
  }
}
