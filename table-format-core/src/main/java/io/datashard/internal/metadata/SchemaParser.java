package io.datashard.internal.metadata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes schemas and types as the spec's JSON (Appendix C), for example {@code
 * {"type":"struct","schema-id":0,"identifier-field-ids":[1],"fields":[{"id":1,"name":"id","required":true,"type":"long"}]}}.
 * Optional keys are written only when present; unknown keys are ignored on read.
 */
public final class SchemaParser {
  private static final String TYPE = "type";
  private static final String STRUCT = "struct";
  private static final String LIST = "list";
  private static final String MAP = "map";
  private static final String SCHEMA_ID = "schema-id";
  private static final String IDENTIFIER_FIELD_IDS = "identifier-field-ids";
  private static final String FIELDS = "fields";
  private static final String ID = "id";
  private static final String NAME = "name";
  private static final String REQUIRED = "required";
  private static final String DOC = "doc";
  private static final String INITIAL_DEFAULT = "initial-default";
  private static final String WRITE_DEFAULT = "write-default";
  private static final String ELEMENT_ID = "element-id";
  private static final String ELEMENT_REQUIRED = "element-required";
  private static final String ELEMENT = "element";
  private static final String KEY_ID = "key-id";
  private static final String KEY = "key";
  private static final String VALUE_ID = "value-id";
  private static final String VALUE_REQUIRED = "value-required";
  private static final String VALUE = "value";

  private SchemaParser() {}

  public static String toJson(Schema schema) {
    return toJson(schema, false);
  }

  public static String toJson(Schema schema, boolean pretty) {
    Objects.requireNonNull(schema, "schema is null");
    return JsonUtil.generate(gen -> toJson(schema, gen), pretty);
  }

  /** Writes the schema as one JSON object. */
  public static void toJson(Schema schema, JsonGenerator generator) {
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(generator, "generator is null");
    JsonUtil.write(gen -> {
      gen.writeStartObject();
      gen.writeStringField(TYPE, STRUCT);
      gen.writeNumberField(SCHEMA_ID, schema.schemaId());
      if (!schema.identifierFieldIds().isEmpty()) {
        JsonUtil.writeIntegerArray(IDENTIFIER_FIELD_IDS, schema.identifierFieldIds(), gen);
      }
      writeFields(schema.asStruct(), gen);
      gen.writeEndObject();
    }, generator);
  }

  /** Writes a type: a JSON string for primitives and variant, an object for struct, list and map. */
  public static void toJson(Type type, JsonGenerator generator) {
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(generator, "generator is null");
    JsonUtil.write(gen -> writeType(type, gen), generator);
  }

  private static void writeType(Type type, JsonGenerator gen) throws IOException {
    if (type.isStructType()) {
      gen.writeStartObject();
      gen.writeStringField(TYPE, STRUCT);
      writeFields(type.asStructType(), gen);
      gen.writeEndObject();
    } else if (type.isListType()) {
      Types.ListType list = type.asListType();
      gen.writeStartObject();
      gen.writeStringField(TYPE, LIST);
      gen.writeNumberField(ELEMENT_ID, list.elementId());
      gen.writeBooleanField(ELEMENT_REQUIRED, list.isElementRequired());
      gen.writeFieldName(ELEMENT);
      writeType(list.elementType(), gen);
      gen.writeEndObject();
    } else if (type.isMapType()) {
      Types.MapType map = type.asMapType();
      gen.writeStartObject();
      gen.writeStringField(TYPE, MAP);
      gen.writeNumberField(KEY_ID, map.keyId());
      gen.writeFieldName(KEY);
      writeType(map.keyType(), gen);
      gen.writeNumberField(VALUE_ID, map.valueId());
      gen.writeBooleanField(VALUE_REQUIRED, map.isValueRequired());
      gen.writeFieldName(VALUE);
      writeType(map.valueType(), gen);
      gen.writeEndObject();
    } else {
      gen.writeString(type.toString());
    }
  }

  private static void writeFields(Types.StructType struct, JsonGenerator gen) throws IOException {
    gen.writeArrayFieldStart(FIELDS);
    for (Types.NestedField field : struct.fields()) {
      gen.writeStartObject();
      gen.writeNumberField(ID, field.fieldId());
      gen.writeStringField(NAME, field.name());
      gen.writeBooleanField(REQUIRED, field.isRequired());
      gen.writeFieldName(TYPE);
      writeType(field.type(), gen);
      if (field.doc().isPresent()) {
        gen.writeStringField(DOC, field.doc().get());
      }
      if (field.initialDefault().isPresent()) {
        gen.writeFieldName(INITIAL_DEFAULT);
        SingleValueParser.toJson(field.type(), field.initialDefault().get(), gen);
      }
      if (field.writeDefault().isPresent()) {
        gen.writeFieldName(WRITE_DEFAULT);
        SingleValueParser.toJson(field.type(), field.writeDefault().get(), gen);
      }
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  public static Schema fromJson(String json) {
    return fromJson(JsonUtil.parse(json));
  }

  /**
   * Reads a schema object; {@code schema-id} defaults to 0 when absent (v1 metadata).
   *
   * @throws CorruptMetadataException if the JSON is not a valid schema
   */
  public static Schema fromJson(JsonNode node) {
    Objects.requireNonNull(node, "node is null");
    Type type = typeFromJson(node);
    if (!type.isStructType()) {
      throw new CorruptMetadataException("Cannot parse schema: expected a struct but found type " + type);
    }
    int schemaId = node.has(SCHEMA_ID) ? JsonUtil.getInt(SCHEMA_ID, node) : Schema.DEFAULT_SCHEMA_ID;
    Set<Integer> identifierFieldIds = JsonUtil.getIntegerSetOrNull(IDENTIFIER_FIELD_IDS, node);
    try {
      return new Schema(schemaId, type.asStructType().fields(), identifierFieldIds == null ? Set.of() : identifierFieldIds);
    } catch (ValidationException e) {
      throw new CorruptMetadataException("Cannot parse schema " + schemaId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a type: a JSON string such as {@code "decimal(9,2)"} or a struct, list or map object.
   *
   * @throws CorruptMetadataException if the JSON is not a valid type
   */
  public static Type typeFromJson(JsonNode node) {
    Objects.requireNonNull(node, "node is null");
    if (node.isTextual()) {
      try {
        return Types.fromTypeName(node.textValue());
      } catch (ValidationException e) {
        throw new CorruptMetadataException(e.getMessage(), e);
      }
    }
    if (!node.isObject()) {
      throw new CorruptMetadataException(
          "Cannot parse type: expected a type string or object but found " + JsonUtil.snippet(node));
    }
    String kind = JsonUtil.getString(TYPE, node);
    switch (kind) {
      case STRUCT:
        return structFromJson(node);
      case LIST:
        return listFromJson(node);
      case MAP:
        return mapFromJson(node);
      default:
        throw new CorruptMetadataException(
            "Cannot parse type: unknown nested type '" + kind + "' (expected struct, list or map) in " + JsonUtil.snippet(node));
    }
  }

  private static Types.StructType structFromJson(JsonNode node) {
    JsonNode fieldsNode = JsonUtil.get(FIELDS, node);
    if (!fieldsNode.isArray()) {
      throw new CorruptMetadataException("Cannot parse struct: 'fields' must be an array but found " + JsonUtil.snippet(fieldsNode));
    }
    List<Types.NestedField> fields = new ArrayList<>(fieldsNode.size());
    for (JsonNode fieldNode : fieldsNode) {
      fields.add(fieldFromJson(fieldNode));
    }
    try {
      return Types.StructType.of(fields);
    } catch (ValidationException e) {
      throw new CorruptMetadataException(e.getMessage(), e);
    }
  }

  private static Types.NestedField fieldFromJson(JsonNode node) {
    int id = JsonUtil.getInt(ID, node);
    String name = JsonUtil.getString(NAME, node);
    Type type = typeFromJson(JsonUtil.get(TYPE, node));
    boolean required = JsonUtil.getBool(REQUIRED, node);
    Types.NestedField.Builder builder = Types.NestedField.builder(id, name, type).isOptional(!required);
    String doc = JsonUtil.getStringOrNull(DOC, node);
    if (doc != null) {
      builder.withDoc(doc);
    }
    Object initialDefault = defaultFromJson(INITIAL_DEFAULT, id, name, type, node);
    if (initialDefault != null) {
      builder.withInitialDefault(initialDefault);
    }
    Object writeDefault = defaultFromJson(WRITE_DEFAULT, id, name, type, node);
    if (writeDefault != null) {
      builder.withWriteDefault(writeDefault);
    }
    try {
      return builder.build();
    } catch (ValidationException e) {
      throw new CorruptMetadataException("Cannot parse field " + id + " '" + name + "': " + e.getMessage(), e);
    }
  }

  private static Object defaultFromJson(String property, int id, String name, Type type, JsonNode node) {
    try {
      return SingleValueParser.fromJson(type, node.get(property));
    } catch (CorruptMetadataException e) {
      throw new CorruptMetadataException(
          "Cannot parse " + property + " of field " + id + " '" + name + "': " + e.getMessage(), e);
    }
  }

  private static Types.ListType listFromJson(JsonNode node) {
    int elementId = JsonUtil.getInt(ELEMENT_ID, node);
    Type elementType = typeFromJson(JsonUtil.get(ELEMENT, node));
    boolean required = JsonUtil.getBool(ELEMENT_REQUIRED, node);
    try {
      return required ? Types.ListType.ofRequired(elementId, elementType) : Types.ListType.ofOptional(elementId, elementType);
    } catch (ValidationException e) {
      throw new CorruptMetadataException("Cannot parse list: " + e.getMessage(), e);
    }
  }

  private static Types.MapType mapFromJson(JsonNode node) {
    int keyId = JsonUtil.getInt(KEY_ID, node);
    Type keyType = typeFromJson(JsonUtil.get(KEY, node));
    int valueId = JsonUtil.getInt(VALUE_ID, node);
    Type valueType = typeFromJson(JsonUtil.get(VALUE, node));
    boolean required = JsonUtil.getBool(VALUE_REQUIRED, node);
    try {
      return required
          ? Types.MapType.ofRequired(keyId, valueId, keyType, valueType)
          : Types.MapType.ofOptional(keyId, valueId, keyType, valueType);
    } catch (ValidationException e) {
      throw new CorruptMetadataException("Cannot parse map: " + e.getMessage(), e);
    }
  }
}
