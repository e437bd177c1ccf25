package io.datashard.data.avro;

import io.datashard.StructLike;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.data.FieldMetrics;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Encodes records of a struct type with the Avro schema {@link AvroSchemas} makes for it, and
 * collects the metrics of every leaf column on the way. Values are checked against their field's
 * type, and a value that does not fit fails with the field's name.
 */
final class RecordDatumWriter implements DatumWriter<StructLike> {
  private final ValueWriter root;
  private final List<FieldMetrics> metrics = new ArrayList<>();

  RecordDatumWriter(Types.StructType struct) {
    this.root = struct(struct, "");
  }

  List<FieldMetrics> metrics() {
    return metrics;
  }

  @Override
  public void setSchema(Schema schema) {
    // the writers were built from the table schema, which the Avro schema was made from
  }

  @Override
  public void write(StructLike datum, Encoder out) throws IOException {
    root.write(datum, out);
  }

  private interface ValueWriter {
    void write(Object value, Encoder out) throws IOException;

    /** Records a null for every leaf below this value (a null struct, list or map, or a null leaf). */
    void nullLeaves();
  }

  private ValueWriter field(Types.NestedField field, String name, boolean optional) {
    ValueWriter writer = value(field.type(), field.fieldId(), name);
    if (field.type().typeId() == Type.TypeID.UNKNOWN) {
      return writer;
    }
    return optional ? new OptionWriter(writer) : new RequiredWriter(writer, name, field);
  }

  private ValueWriter value(Type type, int id, String name) {
    switch (type.typeId()) {
      case STRUCT:
        return struct(type.asStructType(), name + ".");
      case LIST: {
        Types.ListType list = type.asListType();
        return new ListWriter(field(list.elementField(), name + ".element", list.isElementOptional()), name);
      }
      case MAP: {
        Types.MapType map = type.asMapType();
        ValueWriter key = field(map.keyField(), name + ".key", false);
        ValueWriter value = field(map.valueField(), name + ".value", map.isValueOptional());
        return new MapWriter(key, value, map.keyType().typeId() == Type.TypeID.STRING, name);
      }
      default:
        FieldMetrics fieldMetrics = new FieldMetrics(id, type.asPrimitiveType());
        metrics.add(fieldMetrics);
        return new PrimitiveWriter(type.asPrimitiveType(), name, fieldMetrics);
    }
  }

  private ValueWriter struct(Types.StructType struct, String prefix) {
    List<Types.NestedField> fields = struct.fields();
    ValueWriter[] writers = new ValueWriter[fields.size()];
    for (int i = 0; i < writers.length; i += 1) {
      Types.NestedField field = fields.get(i);
      writers[i] = field(field, prefix + field.name(), field.isOptional());
    }
    String name = prefix.isEmpty() ? "the record" : "struct '" + prefix.substring(0, prefix.length() - 1) + "'";
    return new StructWriter(writers, name);
  }

  private static final class StructWriter implements ValueWriter {
    private final ValueWriter[] fields;
    private final String name;

    StructWriter(ValueWriter[] fields, String name) {
      this.fields = fields;
      this.name = name;
    }

    @Override
    public void write(Object value, Encoder out) throws IOException {
      if (!(value instanceof StructLike)) {
        throw new ValidationException("Cannot write " + name + ": expected a Record but got a " + value.getClass().getName());
      }
      StructLike struct = (StructLike) value;
      if (struct.size() != fields.length) {
        throw new ValidationException("Cannot write " + name + ": it has " + struct.size() + " values but the schema has "
            + fields.length + " fields; create records with GenericRecord.create(table.schema())");
      }
      for (int i = 0; i < fields.length; i += 1) {
        fields[i].write(struct.get(i, Object.class), out);
      }
    }

    @Override
    public void nullLeaves() {
      for (ValueWriter field : fields) {
        field.nullLeaves();
      }
    }
  }

  private static final class OptionWriter implements ValueWriter {
    private final ValueWriter inner;

    OptionWriter(ValueWriter inner) {
      this.inner = inner;
    }

    @Override
    public void write(Object value, Encoder out) throws IOException {
      if (value == null) {
        out.writeIndex(0);
        out.writeNull();
        inner.nullLeaves();
      } else {
        out.writeIndex(1);
        inner.write(value, out);
      }
    }

    @Override
    public void nullLeaves() {
      inner.nullLeaves();
    }
  }

  private static final class RequiredWriter implements ValueWriter {
    private final ValueWriter inner;
    private final String name;
    private final Types.NestedField field;

    RequiredWriter(ValueWriter inner, String name, Types.NestedField field) {
      this.inner = inner;
      this.name = name;
      this.field = field;
    }

    @Override
    public void write(Object value, Encoder out) throws IOException {
      if (value == null) {
        throw new ValidationException("Cannot write null to required field '" + name + "' (id " + field.fieldId()
            + ", " + field.type() + "): set a value or make the column optional");
      }
      inner.write(value, out);
    }

    @Override
    public void nullLeaves() {
      inner.nullLeaves();
    }
  }

  private static final class ListWriter implements ValueWriter {
    private final ValueWriter element;
    private final String name;

    ListWriter(ValueWriter element, String name) {
      this.element = element;
      this.name = name;
    }

    @Override
    public void write(Object value, Encoder out) throws IOException {
      if (!(value instanceof Collection)) {
        throw new ValidationException("Cannot write list '" + name + "': expected a java.util.List but got a "
            + value.getClass().getName());
      }
      Collection<?> list = (Collection<?>) value;
      out.writeArrayStart();
      out.setItemCount(list.size());
      for (Object item : list) {
        out.startItem();
        element.write(item, out);
      }
      out.writeArrayEnd();
    }

    @Override
    public void nullLeaves() {
      element.nullLeaves();
    }
  }

  private static final class MapWriter implements ValueWriter {
    private final ValueWriter key;
    private final ValueWriter value;
    private final boolean avroMap;
    private final String name;

    MapWriter(ValueWriter key, ValueWriter value, boolean avroMap, String name) {
      this.key = key;
      this.value = value;
      this.avroMap = avroMap;
      this.name = name;
    }

    @Override
    public void write(Object datum, Encoder out) throws IOException {
      if (!(datum instanceof Map)) {
        throw new ValidationException("Cannot write map '" + name + "': expected a java.util.Map but got a "
            + datum.getClass().getName());
      }
      Map<?, ?> map = (Map<?, ?>) datum;
      if (avroMap) {
        out.writeMapStart();
      } else {
        out.writeArrayStart();
      }
      out.setItemCount(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.startItem();
        key.write(entry.getKey(), out);
        value.write(entry.getValue(), out);
      }
      if (avroMap) {
        out.writeMapEnd();
      } else {
        out.writeArrayEnd();
      }
    }

    @Override
    public void nullLeaves() {
      key.nullLeaves();
      value.nullLeaves();
    }
  }

  private static final class PrimitiveWriter implements ValueWriter {
    private final Type.PrimitiveType type;
    private final String name;
    private final FieldMetrics metrics;
    private final int fixedLength;

    PrimitiveWriter(Type.PrimitiveType type, String name, FieldMetrics metrics) {
      this.type = type;
      this.name = name;
      this.metrics = metrics;
      this.fixedLength = type.typeId() == Type.TypeID.FIXED ? ((Types.FixedType) type).length()
          : type.typeId() == Type.TypeID.DECIMAL ? AvroSchemas.decimalBytes(((Types.DecimalType) type).precision()) : 0;
    }

    @Override
    public void nullLeaves() {
      metrics.addNull();
    }

    @Override
    public void write(Object value, Encoder out) throws IOException {
      if (value == null) {
        // only unknown columns reach here with null; optional and required wrappers handle the rest
        metrics.addNull();
        out.writeNull();
        return;
      }
      switch (type.typeId()) {
        case BOOLEAN:
          out.writeBoolean(expect(Boolean.class, value));
          break;
        case INTEGER:
        case DATE:
          out.writeInt(expect(Integer.class, value));
          break;
        case LONG:
        case TIME:
        case TIMESTAMP:
        case TIMESTAMP_NANO:
          out.writeLong(expect(Long.class, value));
          break;
        case FLOAT:
          out.writeFloat(expect(Float.class, value));
          break;
        case DOUBLE:
          out.writeDouble(expect(Double.class, value));
          break;
        case STRING:
          value = expect(CharSequence.class, value).toString();
          out.writeString((String) value);
          break;
        case UUID: {
          UUID uuid = expect(UUID.class, value);
          byte[] bytes = ByteBuffer.allocate(16)
              .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
          out.writeFixed(bytes);
          break;
        }
        case FIXED: {
          ByteBuffer bytes = expect(ByteBuffer.class, value);
          if (bytes.remaining() != fixedLength) {
            throw invalid(value, "it has " + bytes.remaining() + " bytes but " + type + " needs " + fixedLength);
          }
          out.writeFixed(bytes.duplicate());
          break;
        }
        case BINARY:
          out.writeBytes(expect(ByteBuffer.class, value).duplicate());
          break;
        case DECIMAL:
          value = decimal(expect(BigDecimal.class, value));
          out.writeFixed(unscaledBytes((BigDecimal) value));
          break;
        case UNKNOWN:
          throw invalid(value, "values of type unknown are always null");
        default:
          throw invalid(value, "Avro data files do not support " + type + " yet");
      }
      metrics.add(value);
    }

    private BigDecimal decimal(BigDecimal value) {
      Types.DecimalType decimal = (Types.DecimalType) type;
      BigDecimal scaled;
      try {
        scaled = value.setScale(decimal.scale(), RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        throw invalid(value, "its scale " + value.scale() + " cannot be set to " + decimal.scale() + " without rounding");
      }
      if (scaled.precision() > decimal.precision()) {
        throw invalid(value, "it needs precision " + scaled.precision());
      }
      return scaled;
    }

    private byte[] unscaledBytes(BigDecimal value) {
      byte[] minimal = value.unscaledValue().toByteArray();
      byte[] bytes = new byte[fixedLength];
      byte fill = value.signum() < 0 ? (byte) 0xFF : 0;
      int offset = fixedLength - minimal.length;
      for (int i = 0; i < offset; i += 1) {
        bytes[i] = fill;
      }
      System.arraycopy(minimal, 0, bytes, offset, minimal.length);
      return bytes;
    }

    private <T> T expect(Class<T> javaClass, Object value) {
      if (!javaClass.isInstance(value)) {
        throw invalid(value, "expected a " + (javaClass == CharSequence.class ? "String" : javaClass.getSimpleName())
            + " but got a " + value.getClass().getName());
      }
      return javaClass.cast(value);
    }

    private ValidationException invalid(Object value, String why) {
      return new ValidationException("Cannot write value " + value + " to field '" + name + "' (id " + metrics.fieldId()
          + ", " + type + "): " + why);
    }
  }
}
