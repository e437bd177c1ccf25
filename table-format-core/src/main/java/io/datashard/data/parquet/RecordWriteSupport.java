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
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link StructLike} records of a struct type into the column writers of a Parquet row group,
 * checking each value against its field, and collects the metrics of every leaf column on the way (in
 * the same way as the Avro writer, so both formats report the same metrics for the same rows).
 *
 * <p>A flat schema (only primitive top-level columns, the common case) is written straight into
 * each column's {@link org.apache.parquet.column.ColumnWriter} with its definition level: one call
 * per value. Nested schemas go through parquet-mr's record consumer, which works out the repetition
 * and definition levels. Both make the same file. {@link ParquetFileSink} drives it through {@link
 * #bind}; as a {@link WriteSupport} it also serves parquet-mr's own {@code ParquetWriter} (always
 * through the record consumer), which tests use for settings the data writer does not offer.
 *
 * <p>A struct that is a {@link RawStructLike} has its boolean, int, date, long, time, timestamp,
 * float, double and string values read unboxed (strings as UTF-8 bytes, written without a String);
 * the file and its metrics are the same as when they are read through {@link StructLike#get}.
 */
final class RecordWriteSupport extends WriteSupport<StructLike> {
  private final MessageType parquetSchema;
  private final Map<String, String> metadata;
  private final List<FieldMetrics> metrics = new ArrayList<>();
  private final List<PrimitiveWriter> primitives = new ArrayList<>();
  private final StructWriter root;
  private final boolean flat;
  private boolean direct = false; // whether write goes straight to the column writers of store
  private ColumnWriteStore store;
  private RecordConsumer consumer; // when not direct

  RecordWriteSupport(Types.StructType struct, MessageType parquetSchema) {
    this(struct, parquetSchema, Map.of());
  }

  RecordWriteSupport(Types.StructType struct, MessageType parquetSchema, Map<String, String> metadata) {
    this.parquetSchema = parquetSchema;
    this.metadata = metadata;
    this.root = struct(struct, "");
    boolean allPrimitive = true;
    for (FieldWriter field : root.fields) {
      allPrimitive &= field == null || field.value instanceof PrimitiveWriter;
    }
    this.flat = allPrimitive;
  }

  List<FieldMetrics> metrics() {
    return metrics;
  }

  /** Whether records are written straight into the column writers (no nested column). */
  boolean isFlat() {
    return flat;
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

  /** For parquet-mr's {@code ParquetWriter}: writes through its record consumer. */
  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.direct = false;
    this.store = null;
    this.consumer = recordConsumer;
    for (PrimitiveWriter primitive : primitives) {
      primitive.out = recordConsumer;
      primitive.boundsFromStatistics = false;
    }
  }

  /** Points the writers at the column writers of a new row group. */
  void bind(ColumnWriteStore newStore) {
    this.store = newStore;
    this.direct = flat;
    if (flat) {
      List<ColumnDescriptor> columns = parquetSchema.getColumns();
      for (FieldWriter field : root.fields) {
        if (field != null) {
          ColumnDescriptor column = columns.get(field.index);
          PrimitiveWriter primitive = (PrimitiveWriter) field.value;
          primitive.out = new ColumnValues(newStore.getColumnWriter(column), column.getMaxDefinitionLevel());
          primitive.boundsFromStatistics = primitive.type.typeId() == Type.TypeID.STRING;
        }
      }
    } else {
      this.consumer = new ColumnIOFactory(false).getColumnIO(parquetSchema).getRecordWriter(newStore);
      for (PrimitiveWriter primitive : primitives) {
        primitive.out = consumer;
      }
    }
  }

  /**
   * Adds the string bounds of the flat columns that took them from Parquet's column chunk statistics:
   * the exact smallest and largest values of each row group, in the unsigned byte order of UTF-8
   * (the code point order the metrics use), never truncated in the writer's in-memory footer.
   */
  void addStatisticsBounds(ParquetMetadata footer) {
    if (!flat) {
      return;
    }
    List<ColumnDescriptor> columns = parquetSchema.getColumns();
    for (FieldWriter field : root.fields) {
      if (field == null || !((PrimitiveWriter) field.value).boundsFromStatistics) {
        continue;
      }
      ColumnPath path = ColumnPath.get(columns.get(field.index).getPath());
      FieldMetrics fieldMetrics = ((PrimitiveWriter) field.value).metrics;
      for (BlockMetaData block : footer.getBlocks()) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          if (!chunk.getPath().equals(path)) {
            continue;
          }
          Statistics<?> stats = chunk.getStatistics();
          if (stats != null && stats.hasNonNullValue()) {
            fieldMetrics.addUtf8Bounds(((Binary) stats.genericGetMin()).getBytes(), ((Binary) stats.genericGetMax()).getBytes());
          } else if (stats == null || chunk.getValueCount() > stats.getNumNulls()) {
            throw new IllegalStateException("Cannot take the bounds of column '" + field.name + "' (id " + fieldMetrics.fieldId()
                + ") from its Parquet statistics: a row group with values has none");
          }
        }
      }
    }
  }

  /** Writes out what the record consumer holds back, before the row group is flushed. */
  void flush() {
    if (!direct && consumer != null) {
      consumer.flush();
    }
  }

  /** Writes one record and ends it in the column store. */
  @Override
  public void write(StructLike record) {
    if (direct) {
      writeFlat(record);
      store.endRecord();
    } else {
      consumer.startMessage();
      root.writeFields(record);
      consumer.endMessage(); // ends the record in the column store
    }
  }

  private void writeFlat(StructLike struct) {
    FieldWriter[] fields = root.fields;
    root.checkSize(struct);
    if (struct instanceof RawStructLike raw) {
      for (int i = 0; i < fields.length; i += 1) {
        FieldWriter field = fields[i];
        if (field == null) {
          if (!raw.isNull(i)) {
            throw root.notNull(i, raw.get(i, Object.class));
          }
        } else if (raw.isNull(i)) {
          field.writeNullColumn();
        } else if (field.raw != null) {
          field.raw.writeRaw(raw, i);
        } else {
          field.value.write(raw.get(i, Object.class));
        }
      }
      return;
    }
    for (int i = 0; i < fields.length; i += 1) {
      Object datum = struct.get(i, Object.class);
      FieldWriter field = fields[i];
      if (field == null) {
        if (datum != null) {
          throw root.notNull(i, datum);
        }
      } else if (datum == null) {
        field.writeNullColumn();
      } else {
        field.value.write(datum);
      }
    }
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

    /** A null top-level primitive of a flat schema: counted and written to its column. */
    void writeNullColumn() {
      checkOptional();
      value.nullLeaves();
      ((ColumnValues) ((PrimitiveWriter) value).out).writeNull();
    }

    private void checkOptional() {
      if (!optional) {
        throw new ValidationException("Cannot write null to required field '" + name + "' (id " + field.fieldId()
            + ", " + field.type() + "): set a value or make the column optional");
      }
    }

    void write(Object datum) {
      if (datum == null) {
        checkOptional();
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
        PrimitiveWriter primitive = new PrimitiveWriter(type.asPrimitiveType(), name, fieldMetrics);
        primitives.add(primitive);
        return primitive;
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
      checkSize(struct);
      if (struct instanceof RawStructLike raw) {
        for (int i = 0; i < fields.length; i += 1) {
          if (fields[i] != null) {
            fields[i].writeRaw(raw, i);
          } else if (!raw.isNull(i)) {
            throw notNull(i, raw.get(i, Object.class));
          }
        }
        return;
      }
      for (int i = 0; i < fields.length; i += 1) {
        Object datum = struct.get(i, Object.class);
        if (fields[i] != null) {
          fields[i].write(datum);
        } else if (datum != null) {
          throw notNull(i, datum);
        }
      }
    }

    void checkSize(StructLike struct) {
      if (struct.size() != fields.length) {
        throw new ValidationException("Cannot write " + name + ": it has " + struct.size() + " values but the schema has "
            + fields.length + " fields; create records with GenericRecord.create(table.schema())");
      }
    }

    ValidationException notNull(int pos, Object datum) {
      return new ValidationException("Cannot write " + name + ": the value at position " + pos
          + " must be null because its type is unknown, but it is " + datum);
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
    private RecordConsumer out; // the file's record consumer, or the column's writer in a flat schema
    // unboxed strings of a flat column take their bounds from the column chunk statistics (addStatisticsBounds)
    private boolean boundsFromStatistics = false;

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
          out.addBoolean(value);
          metrics.addBoolean(value);
          break;
        }
        case INTEGER:
        case DATE: {
          int value = struct.getInt(pos);
          out.addInteger(value);
          metrics.addInt(value);
          break;
        }
        case LONG:
        case TIME:
        case TIMESTAMP:
        case TIMESTAMP_NANO: {
          long value = struct.getLong(pos);
          out.addLong(value);
          metrics.addLong(value);
          break;
        }
        case FLOAT: {
          float value = struct.getFloat(pos);
          out.addFloat(value);
          metrics.addFloat(value);
          break;
        }
        case DOUBLE: {
          double value = struct.getDouble(pos);
          out.addDouble(value);
          metrics.addDouble(value);
          break;
        }
        case STRING: {
          ByteBuffer utf8 = struct.getUtf8(pos);
          // "reused": the bytes may be the row's memory, so Parquet copies what it keeps (dictionary, stats)
          out.addBinary(utf8.hasArray()
              ? Binary.fromReusedByteArray(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining())
              : Binary.fromReusedByteBuffer(utf8.duplicate()));
          if (boundsFromStatistics) {
            metrics.countUtf8(); // Parquet's column statistics compare the same bytes: no need to do it twice
          } else {
            metrics.addUtf8(utf8);
          }
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
          out.addBoolean(expect(Boolean.class, value));
          break;
        case INTEGER:
        case DATE:
          out.addInteger(expect(Integer.class, value));
          break;
        case LONG:
        case TIME:
        case TIMESTAMP:
        case TIMESTAMP_NANO:
          out.addLong(expect(Long.class, value));
          break;
        case FLOAT:
          out.addFloat(expect(Float.class, value));
          break;
        case DOUBLE:
          out.addDouble(expect(Double.class, value));
          break;
        case STRING:
          value = expect(CharSequence.class, value).toString();
          out.addBinary(Binary.fromString((String) value));
          break;
        case UUID: {
          UUID uuid = expect(UUID.class, value);
          byte[] bytes = ByteBuffer.allocate(16)
              .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
          out.addBinary(Binary.fromConstantByteArray(bytes));
          break;
        }
        case FIXED: {
          ByteBuffer bytes = expect(ByteBuffer.class, value);
          if (bytes.remaining() != fixedLength) {
            throw invalid(value, "it has " + bytes.remaining() + " bytes but " + type + " needs " + fixedLength);
          }
          out.addBinary(Binary.fromConstantByteArray(copy(bytes)));
          break;
        }
        case BINARY:
          out.addBinary(Binary.fromConstantByteArray(copy(expect(ByteBuffer.class, value))));
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
        out.addInteger(value.unscaledValue().intValueExact());
      } else if (precision <= 18) {
        out.addLong(value.unscaledValue().longValueExact());
      } else {
        byte[] minimal = value.unscaledValue().toByteArray();
        byte[] bytes = new byte[fixedLength];
        byte fill = value.signum() < 0 ? (byte) 0xFF : 0;
        int offset = fixedLength - minimal.length;
        for (int i = 0; i < offset; i += 1) {
          bytes[i] = fill;
        }
        System.arraycopy(minimal, 0, bytes, offset, minimal.length);
        out.addBinary(Binary.fromConstantByteArray(bytes));
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
