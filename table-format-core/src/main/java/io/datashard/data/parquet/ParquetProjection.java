package io.datashard.data.parquet;

import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;

/**
 * Matches an expected struct to the Parquet schema of a data file by field id and builds both the
 * requested Parquet schema (only the columns the projection needs, so Parquet reads no others) and
 * the converters from Parquet's values to {@link GenericRecord}s. Columns absent from the file read
 * as their initial default or null; promoted columns are widened by {@link ParquetValues}.
 */
final class ParquetProjection {
  private final String location;
  private final MessageType requested;
  private final Types.StructType expected;
  private final StructPlan root;

  private ParquetProjection(String location, Types.StructType expected, MessageType fileSchema) {
    this.location = location;
    this.expected = expected;
    if (!fileSchema.getFields().isEmpty() && !hasFieldIds(fileSchema)) {
      throw new ValidationException("Cannot read data file " + location
          + ": its Parquet schema has no field ids, so columns cannot be matched by id "
          + "(files without field ids need a name mapping, which Datashard does not support yet)");
    }
    this.root = struct(expected, fileSchema, "");
    this.requested = new MessageType(fileSchema.getName(), root.requestedFields);
  }

  static ParquetProjection of(String location, Types.StructType expected, MessageType fileSchema) {
    return new ParquetProjection(location, expected, fileSchema);
  }

  /** The columns to read; may have no fields when the projection needs none of the file's columns. */
  MessageType requested() {
    return requested;
  }

  /** A record of the projection with every column at its default, for files read without columns. */
  Record defaults() {
    GenericRecord record = GenericRecord.create(expected);
    for (int i = 0; i < root.constants.length; i += 1) {
      record.set(i, io.datashard.internal.data.DefaultValues.materialize(expected.fields().get(i).type(), root.constants[i]));
    }
    return record;
  }

  /** Builds one record per Parquet record; the materializer is not thread-safe. */
  RecordMaterializer<Record> materializer() {
    Record[] current = new Record[1];
    StructConverter converter = new StructConverter(root, value -> current[0] = (Record) value);
    return new RecordMaterializer<>() {
      @Override
      public Record getCurrentRecord() {
        return current[0];
      }

      @Override
      public GroupConverter getRootConverter() {
        return converter;
      }
    };
  }

  private static boolean hasFieldIds(GroupType group) {
    for (org.apache.parquet.schema.Type field : group.getFields()) {
      if (field.getId() != null) {
        return true;
      }
    }
    return false;
  }

  /** How to build the converters of a struct: children by requested position, defaults by expected position. */
  private static final class StructPlan {
    final Types.StructType struct;
    final List<org.apache.parquet.schema.Type> requestedFields = new ArrayList<>();
    final List<ConverterFactory> children = new ArrayList<>();
    final List<Integer> targets = new ArrayList<>();
    final Object[] constants;
    final boolean[] present;

    StructPlan(Types.StructType struct) {
      this.struct = struct;
      this.constants = new Object[struct.fields().size()];
      this.present = new boolean[struct.fields().size()];
    }
  }

  private interface ConverterFactory {
    Converter create(Consumer<Object> sink);
  }

  private StructPlan struct(Types.StructType struct, GroupType fileGroup, String prefix) {
    Map<Integer, Integer> positionById = new HashMap<>();
    List<Types.NestedField> fields = struct.fields();
    for (int i = 0; i < fields.size(); i += 1) {
      positionById.put(fields.get(i).fieldId(), i);
    }
    StructPlan plan = new StructPlan(struct);
    // keep the file's order: the requested schema must be a subset of the file schema
    for (org.apache.parquet.schema.Type fileField : fileGroup.getFields()) {
      if (fileField.getId() == null) {
        continue;
      }
      Integer position = positionById.get(fileField.getId().intValue());
      if (position == null || plan.present[position]) {
        continue;
      }
      Types.NestedField field = fields.get(position);
      if (field.type().typeId() == Type.TypeID.UNKNOWN) {
        continue;
      }
      Built child = value(field.type(), fileField, prefix + field.name());
      if (child == null) {
        continue;
      }
      plan.present[position] = true;
      plan.requestedFields.add(child.requested);
      plan.children.add(child.factory);
      plan.targets.add(position);
    }
    for (int i = 0; i < fields.size(); i += 1) {
      if (!plan.present[i]) {
        plan.constants[i] = ParquetValues.missing(location, fields.get(i), prefix + fields.get(i).name());
      }
    }
    return plan;
  }

  private record Built(org.apache.parquet.schema.Type requested, ConverterFactory factory) {}

  /** The requested type and converter for a file field read as {@code expected}, or null if nothing of it is needed. */
  private Built value(Type expected, org.apache.parquet.schema.Type file, String name) {
    switch (expected.typeId()) {
      case STRUCT: {
        require(!file.isPrimitive() && !isAnnotated(file, LogicalTypeAnnotation.listType())
            && !isAnnotated(file, LogicalTypeAnnotation.mapType()), expected, file, name);
        StructPlan plan = struct(expected.asStructType(), file.asGroupType(), name + ".");
        if (plan.requestedFields.isEmpty()) {
          // Parquet cannot read an empty group; the struct's nullness is lost, so its fields take their defaults
          return null;
        }
        return new Built(file.asGroupType().withNewFields(plan.requestedFields),
            sink -> new StructConverter(plan, sink));
      }
      case LIST:
        return list(expected.asListType(), file, name);
      case MAP:
        return map(expected.asMapType(), file, name);
      default:
        require(file.isPrimitive() && file.getRepetition() != org.apache.parquet.schema.Type.Repetition.REPEATED,
            expected, file, name);
        ParquetValues.Reader reader = ParquetValues.reader(location, expected.asPrimitiveType(),
            file.asPrimitiveType(), name);
        return new Built(file, reader::converter);
    }
  }

  private static boolean isAnnotated(org.apache.parquet.schema.Type type, LogicalTypeAnnotation annotation) {
    return annotation.equals(type.getLogicalTypeAnnotation());
  }

  private Built list(Types.ListType expected, org.apache.parquet.schema.Type file, String name) {
    require(!file.isPrimitive() && file.asGroupType().getFieldCount() == 1
        && file.asGroupType().getType(0).isRepetition(org.apache.parquet.schema.Type.Repetition.REPEATED),
        expected, file, name);
    GroupType listGroup = file.asGroupType();
    org.apache.parquet.schema.Type repeated = listGroup.getType(0);
    boolean threeLevel = !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
        && !repeated.getName().equals("array") && !repeated.getName().equals(listGroup.getName() + "_tuple");
    if (threeLevel) {
      org.apache.parquet.schema.Type elementType = repeated.asGroupType().getType(0);
      Built element = required(value(expected.elementType(), elementType, name + ".element"), name + ".element");
      GroupType requestedRepeated = repeated.asGroupType().withNewFields(element.requested);
      return new Built(listGroup.withNewFields(requestedRepeated), sink -> new ListConverter(element.factory, true, sink));
    }
    // the legacy 2-level list: the repeated field is the element
    Built element = required(value(expected.elementType(), repeated, name + ".element"), name + ".element");
    return new Built(listGroup.withNewFields(element.requested), sink -> new ListConverter(element.factory, false, sink));
  }

  private Built map(Types.MapType expected, org.apache.parquet.schema.Type file, String name) {
    require(!file.isPrimitive() && file.asGroupType().getFieldCount() == 1
        && !file.asGroupType().getType(0).isPrimitive()
        && file.asGroupType().getType(0).asGroupType().getFieldCount() == 2, expected, file, name);
    GroupType mapGroup = file.asGroupType();
    GroupType keyValue = mapGroup.getType(0).asGroupType();
    Built key = required(value(expected.keyType(), keyValue.getType(0), name + ".key"), name + ".key");
    Built value = required(value(expected.valueType(), keyValue.getType(1), name + ".value"), name + ".value");
    GroupType requestedKeyValue = keyValue.withNewFields(key.requested, value.requested);
    return new Built(mapGroup.withNewFields(requestedKeyValue), sink -> new MapConverter(key.factory, value.factory, sink));
  }

  private Built required(Built built, String name) {
    if (built == null) {
      throw new ValidationException("Cannot read '" + name + "' of data file " + location
          + ": the file has none of its fields; list elements and map values need at least one");
    }
    return built;
  }

  private void require(boolean compatible, Type expected, org.apache.parquet.schema.Type file, String name) {
    if (!compatible) {
      throw new ValidationException("Cannot read field '" + name + "' of data file " + location + " as " + expected
          + ": the file stores it as Parquet " + file + ", which cannot be read as " + expected);
    }
  }

  private static final class StructConverter extends GroupConverter {
    private final StructPlan plan;
    private final Consumer<Object> sink;
    private final Converter[] converters;
    private final GenericRecord template;
    private GenericRecord current = null;

    StructConverter(StructPlan plan, Consumer<Object> sink) {
      this.plan = plan;
      this.sink = sink;
      this.template = GenericRecord.create(plan.struct);
      this.converters = new Converter[plan.children.size()];
      for (int i = 0; i < converters.length; i += 1) {
        int target = plan.targets.get(i);
        converters[i] = plan.children.get(i).create(value -> current.set(target, value));
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      current = template.newRecord();
    }

    @Override
    public void end() {
      GenericRecord record = current;
      for (int i = 0; i < plan.constants.length; i += 1) {
        if (!plan.present[i]) {
          record.set(i, io.datashard.internal.data.DefaultValues.materialize(plan.struct.fields().get(i).type(), plan.constants[i]));
        }
      }
      current = null;
      sink.accept(record);
    }
  }

  private static final class ListConverter extends GroupConverter {
    private final Consumer<Object> sink;
    private final Converter repeated;
    private List<Object> current = null;

    ListConverter(ConverterFactory element, boolean threeLevel, Consumer<Object> sink) {
      this.sink = sink;
      this.repeated = threeLevel ? new ElementConverter(element) : element.create(value -> current.add(value));
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return repeated;
    }

    @Override
    public void start() {
      current = new ArrayList<>();
    }

    @Override
    public void end() {
      List<Object> list = current;
      current = null;
      sink.accept(list);
    }

    /** The repeated group of a 3-level list; an element it does not set is null. */
    private final class ElementConverter extends GroupConverter {
      private final Converter element;
      private Object value = null;

      ElementConverter(ConverterFactory factory) {
        this.element = factory.create(item -> value = item);
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return element;
      }

      @Override
      public void start() {
        value = null;
      }

      @Override
      public void end() {
        current.add(value);
      }
    }
  }

  private static final class MapConverter extends GroupConverter {
    private final Consumer<Object> sink;
    private final KeyValueConverter keyValue;
    private Map<Object, Object> current = null;

    MapConverter(ConverterFactory key, ConverterFactory value, Consumer<Object> sink) {
      this.sink = sink;
      this.keyValue = new KeyValueConverter(key, value);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return keyValue;
    }

    @Override
    public void start() {
      current = new LinkedHashMap<>();
    }

    @Override
    public void end() {
      Map<Object, Object> map = current;
      current = null;
      sink.accept(map);
    }

    private final class KeyValueConverter extends GroupConverter {
      private final Converter key;
      private final Converter value;
      private Object currentKey = null;
      private Object currentValue = null;

      KeyValueConverter(ConverterFactory keyFactory, ConverterFactory valueFactory) {
        this.key = keyFactory.create(item -> currentKey = item);
        this.value = valueFactory.create(item -> currentValue = item);
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return fieldIndex == 0 ? key : value;
      }

      @Override
      public void start() {
        currentKey = null;
        currentValue = null;
      }

      @Override
      public void end() {
        current.put(currentKey, currentValue);
      }
    }
  }
}
