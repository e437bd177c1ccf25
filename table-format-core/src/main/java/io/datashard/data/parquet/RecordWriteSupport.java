package io.datashard.data.parquet;

import io.datashard.StructLike;
import io.datashard.data.RawStructLike;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.data.FieldMetrics;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link StructLike} records of a struct type to Parquet's record consumer, checking each
 * value against its field, and collects the metrics of every leaf column on the way (in the same
 * way as the Avro writer, so both formats report the same metrics for the same rows).
 *
 * <p>A struct that is a {@link RawStructLike} has its boolean, int, date, long, time, timestamp,
 * float, double and string values read unboxed (strings as UTF-8 bytes, written without a String);
 * the file and its metrics are the same as when they are read through {@link StructLike#get}.
 */
final class RecordWriteSupport extends WriteSupport<StructLike> {
  private final MessageType parquetSchema;
  private final Map<String, String> metadata;
  private final List<FieldMetrics> metrics = new ArrayList<>();
  private final StructWriter root;
  private RecordConsumer consumer;

  RecordWriteSupport(Types.StructType struct, MessageType parquetSchema, Map<String, String> metadata) {
    this.parquetSchema = parquetSchema;
    this.metadata = metadata;
    this.root = struct(struct, "");
  }

  List<FieldMetrics> metrics() {
    return metrics;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(parquetSchema, metadata);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(parquetSchema, metadata);
  }

  @Override
  public String getName() {
    return "datashard";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(StructLike record) {
    consumer.startMessage();
    root.writeFields(record);
    consumer.endMessage();
  }

  private interface ValueWriter {
    void write(Object value);

    /** Records a null for every leaf below this value (a null struct, list or map, or a null leaf). */
    void nullLeaves();
  }

  /** One field of a group: its Parquet name and index, and whether it may be null. */
  private final class FieldWriter {
    private final String parquetName;
    private final int index;
    private final boolean optional;
    private final ValueWriter value;
    private final String name;
    private final Types.NestedField field;
    private final PrimitiveWriter raw; // the value writer when it can read RawStructLike values, else null

    FieldWriter(String parquetName, int index, Types.NestedField field, String name) {
      this.parquetName = parquetName;
      this.index = index;
      this.optional = field.isOptional();
      this.field = field;
      this.name = name;
      this.value = value(field.type(), field.fieldId(), name);
      this.raw = value instanceof PrimitiveWriter primitive && primitive.readsRaw() ? primitive : null;
    }

    /** Writes the value at {@code pos} of {@code struct}, unboxed when this field's type allows. */
    void writeRaw(RawStructLike struct, int pos) {
      if (raw == null) {
        write(struct.get(pos, Object.class));
      } else if (struct.isNull(pos)) {
        write(null);
      } else {
        consumer.startField(parquetName, index);
        raw.writeRaw(struct, pos);
        consumer.endField(parquetName, index);
      }
    }

    void write(Object datum) {
      if (datum == null) {
        if (!optional) {
          throw new ValidationException("Cannot write null to required field '" + name + "' (id " + field.fieldId()
              + ", " + field.type() + "): set a value or make the column optional");
        }
        value.nullLeaves();
        return;
      }
      consumer.startField(parquetName, index);
      value.write(datum);
      consumer.endField(parquetName, index);
    }
  }

  private ValueWriter value(Type type, int id, String name) {
    switch (type.typeId()) {
      case STRUCT: {
        StructWriter struct = struct(type.asStructType(), name + ".");
        return struct;
      }
      case LIST: {
        Types.ListType list = type.asListType();
        FieldWriter element = new FieldWriter(
            ParquetSchemas.ELEMENT_NAME, 0, list.elementField(), name + ".element");
        return new ListWriter(element, name);
      }
      case MAP: {
        Types.MapType map = type.asMapType();
        FieldWriter key = new FieldWriter(ParquetSchemas.KEY_NAME, 0, map.keyField(), name + ".key");
        FieldWriter value = new FieldWriter(ParquetSchemas.VALUE_NAME, 1, map.valueField(), name + ".value");
        return new MapWriter(key, value, name);
      }
      default:
        FieldMetrics fieldMetrics = new FieldMetrics(id, type.asPrimitiveType());
        metrics.add(fieldMetrics);
        return new PrimitiveWriter(type.asPrimitiveType(), name, fieldMetrics);
    }
  }

  private StructWriter struct(Types.StructType struct, String prefix) {
    List<Types.NestedField> fields = struct.fields();
    FieldWriter[] writers = new FieldWriter[fields.size()];
    int index = 0;
    for (int i = 0; i < writers.length; i += 1) {
      Types.NestedField field = fields.get(i);
      if (ParquetSchemas.isStored(field.type())) {
        writers[i] = new FieldWriter(field.name(), index, field, prefix + field.name());
        index += 1;
      }
    }
    String name = prefix.isEmpty() ? "the record" : "struct '" + prefix.substring(0, prefix.length() - 1) + "'";
    return new StructWriter(writers, name);
  }

  private final class StructWriter implements ValueWriter {
    private final FieldWriter[] fields;
    private final String name;

    StructWriter(FieldWriter[] fields, String name) {
      this.fields = fields;
      this.name = name;
    }

    @Override
    public void write(Object value) {
      consumer.startGroup();
      writeFields(value);
      consumer.endGroup();
    }

    void writeFields(Object value) {
      if (!(value instanceof StructLike)) {
        throw new ValidationException("Cannot write " + name + ": expected a Record but got a " + value.getClass().getName());
      }
      StructLike struct = (StructLike) value;
      if (struct.size() != fields.length) {
        throw new ValidationException("Cannot write " + name + ": it has " + struct.size() + " values but the schema has "
            + fields.length + " fields; create records with GenericRecord.create(table.schema())");
      }
      if (struct instanceof RawStructLike raw) {
        for (int i = 0; i < fields.length; i += 1) {
          if (fields[i] != null) {
            fields[i].writeRaw(raw, i);
          } else if (!raw.isNull(i)) {
            throw new ValidationException("Cannot write " + name + ": the value at position " + i
                + " must be null because its type is unknown, but it is " + raw.get(i, Object.class));
          }
        }
        return;
      }
      for (int i = 0; i < fields.length; i += 1) {
        Object datum = struct.get(i, Object.class);
        if (fields[i] != null) {
          fields[i].write(datum);
        } else if (datum != null) {
          throw new ValidationException("Cannot write " + name + ": the value at position " + i
              + " must be null because its type is unknown, but it is " + datum);
        }
      }
    }

    @Override
    public void nullLeaves() {
      for (FieldWriter field : fields) {
        if (field != null) {
          field.value.nullLeaves();
        }
      }
    }
  }

  private final class ListWriter implements ValueWriter {
    private final FieldWriter element;
    private final String name;

    ListWriter(FieldWriter element, String name) {
      this.element = element;
      this.name = name;
    }

    @Override
    public void write(Object value) {
      if (!(value instanceof Collection)) {
        throw new ValidationException("Cannot write list '" + name + "': expected a java.util.List but got a "
            + value.getClass().getName());
      }
      Collection<?> list = (Collection<?>) value;
      consumer.startGroup();
      if (!list.isEmpty()) {
        consumer.startField(ParquetSchemas.LIST_REPEATED_NAME, 0);
        for (Object item : list) {
          consumer.startGroup();
          element.write(item);
          consumer.endGroup();
        }
        consumer.endField(ParquetSchemas.LIST_REPEATED_NAME, 0);
      }
      consumer.endGroup();
    }

    @Override
    public void nullLeaves() {
      element.value.nullLeaves();
    }
  }

  private final class MapWriter implements ValueWriter {
    private final FieldWriter key;
    private final FieldWriter value;
    private final String name;

    MapWriter(FieldWriter key, FieldWriter value, String name) {
      this.key = key;
      this.value = value;
      this.name = name;
    }

    @Override
    public void write(Object datum) {
      if (!(datum instanceof Map)) {
        throw new ValidationException("Cannot write map '" + name + "': expected a java.util.Map but got a "
            + datum.getClass().getName());
      }
      Map<?, ?> map = (Map<?, ?>) datum;
      consumer.startGroup();
      if (!map.isEmpty()) {
        consumer.startField(ParquetSchemas.MAP_REPEATED_NAME, 0);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          consumer.startGroup();
          key.write(entry.getKey());
          value.write(entry.getValue());
          consumer.endGroup();
        }
        consumer.endField(ParquetSchemas.MAP_REPEATED_NAME, 0);
      }
      consumer.endGroup();
    }

    @Override
    public void nullLeaves() {
      key.value.nullLeaves();
      value.value.nullLeaves();
    }
  }

  private final class PrimitiveWriter implements ValueWriter {
    private final Type.PrimitiveType type;
    private final String name;
    private final FieldMetrics metrics;
    private final int fixedLength;

    PrimitiveWriter(Type.PrimitiveType type, String name, FieldMetrics metrics) {
      this.type = type;
      this.name = name;
      this.metrics = metrics;
      this.fixedLength = type.typeId() == Type.TypeID.FIXED ? ((Types.FixedType) type).length()
          : type.typeId() == Type.TypeID.DECIMAL ? ParquetSchemas.decimalBytes(((Types.DecimalType) type).precision()) : 0;
    }

    @Override
    public void nullLeaves() {
      metrics.addNull();
    }

    /** Whether {@link #writeRaw} reads this type's values unboxed from a {@link RawStructLike}. */
    boolean readsRaw() {
      switch (type.typeId()) {
        case BOOLEAN:
        case INTEGER:
        case DATE:
        case LONG:
        case TIME:
        case TIMESTAMP:
        case TIMESTAMP_NANO:
        case FLOAT:
        case DOUBLE:
        case STRING:
          return true;
        default:
          return false;
      }
    }

    /** Writes the non-null value at {@code pos}, for the types {@link #readsRaw} accepts. */
    void writeRaw(RawStructLike struct, int pos) {
      switch (type.typeId()) {
        case BOOLEAN: {
          boolean value = struct.getBoolean(pos);
          consumer.addBoolean(value);
          metrics.addBoolean(value);
          break;
        }
        case INTEGER:
        case DATE: {
          int value = struct.getInt(pos);
          consumer.addInteger(value);
          metrics.addInt(value);
          break;
        }
        case LONG:
        case TIME:
        case TIMESTAMP:
        case TIMESTAMP_NANO: {
          long value = struct.getLong(pos);
          consumer.addLong(value);
          metrics.addLong(value);
          break;
        }
        case FLOAT: {
          float value = struct.getFloat(pos);
          consumer.addFloat(value);
          metrics.addFloat(value);
          break;
        }
        case DOUBLE: {
          double value = struct.getDouble(pos);
          consumer.addDouble(value);
          metrics.addDouble(value);
          break;
        }
        case STRING: {
          ByteBuffer utf8 = struct.getUtf8(pos);
          // "reused": the bytes may be the row's memory, so Parquet copies what it keeps (dictionary, stats)
          consumer.addBinary(utf8.hasArray()
              ? Binary.fromReusedByteArray(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining())
              : Binary.fromReusedByteBuffer(utf8.duplicate()));
          metrics.addUtf8(utf8);
          break;
        }
        default:
          write(struct.get(pos, Object.class));
      }
    }

    @Override
    public void write(Object value) {
      switch (type.typeId()) {
        case BOOLEAN:
          consumer.addBoolean(expect(Boolean.class, value));
          break;
        case INTEGER:
        case DATE:
          consumer.addInteger(expect(Integer.class, value));
          break;
        case LONG:
        case TIME:
        case TIMESTAMP:
        case TIMESTAMP_NANO:
          consumer.addLong(expect(Long.class, value));
          break;
        case FLOAT:
          consumer.addFloat(expect(Float.class, value));
          break;
        case DOUBLE:
          consumer.addDouble(expect(Double.class, value));
          break;
        case STRING:
          value = expect(CharSequence.class, value).toString();
          consumer.addBinary(Binary.fromString((String) value));
          break;
        case UUID: {
          UUID uuid = expect(UUID.class, value);
          byte[] bytes = ByteBuffer.allocate(16)
              .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
          consumer.addBinary(Binary.fromConstantByteArray(bytes));
          break;
        }
        case FIXED: {
          ByteBuffer bytes = expect(ByteBuffer.class, value);
          if (bytes.remaining() != fixedLength) {
            throw invalid(value, "it has " + bytes.remaining() + " bytes but " + type + " needs " + fixedLength);
          }
          consumer.addBinary(Binary.fromConstantByteArray(copy(bytes)));
          break;
        }
        case BINARY:
          consumer.addBinary(Binary.fromConstantByteArray(copy(expect(ByteBuffer.class, value))));
          break;
        case DECIMAL:
          value = decimal(expect(BigDecimal.class, value));
          writeDecimal((BigDecimal) value);
          break;
        default:
          throw invalid(value, "Parquet data files do not support " + type + " yet");
      }
      metrics.add(value);
    }

    private void writeDecimal(BigDecimal value) {
      int precision = ((Types.DecimalType) type).precision();
      if (precision <= 9) {
        consumer.addInteger(value.unscaledValue().intValueExact());
      } else if (precision <= 18) {
        consumer.addLong(value.unscaledValue().longValueExact());
      } else {
        byte[] minimal = value.unscaledValue().toByteArray();
        byte[] bytes = new byte[fixedLength];
        byte fill = value.signum() < 0 ? (byte) 0xFF : 0;
        int offset = fixedLength - minimal.length;
        for (int i = 0; i < offset; i += 1) {
          bytes[i] = fill;
        }
        System.arraycopy(minimal, 0, bytes, offset, minimal.length);
        consumer.addBinary(Binary.fromConstantByteArray(bytes));
      }
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

  private static byte[] copy(ByteBuffer buffer) {
    ByteBuffer duplicate = buffer.duplicate();
    byte[] bytes = new byte[duplicate.remaining()];
    duplicate.get(bytes);
    return bytes;
  }
}
