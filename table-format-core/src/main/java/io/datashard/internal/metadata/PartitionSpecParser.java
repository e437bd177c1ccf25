package io.datashard.internal.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.exceptions.ValidationException;
import io.datashard.transforms.Transform;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Objects;

/**
 * Reads and writes partition specs as the spec's JSON (Appendix C): the object form
 * {@code {"spec-id": 0, "fields": [...]}} and the v1 form, a bare array of fields.
 *
 * <p>Reading binds the spec to a schema without checking the fields against it, because specs of
 * older table versions may name columns that have since been dropped or renamed. Transforms this
 * version does not implement are kept as unknown transforms, as the spec requires of readers.
 */
public final class PartitionSpecParser {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private static final String SPEC_ID = "spec-id";
  private static final String FIELDS = "fields";
  private static final String SOURCE_ID = "source-id";
  private static final String SOURCE_IDS = "source-ids";
  private static final String FIELD_ID = "field-id";
  private static final String NAME = "name";
  private static final String TRANSFORM = "transform";

  private PartitionSpecParser() {}

  public static String toJson(PartitionSpec spec) {
    return write(gen -> toJson(spec, gen), "partition spec " + spec.specId());
  }

  /** Writes {@code {"spec-id": .., "fields": [..]}}. */
  public static void toJson(PartitionSpec spec, JsonGenerator gen) throws IOException {
    Objects.requireNonNull(spec, "spec is null");
    gen.writeStartObject();
    gen.writeNumberField(SPEC_ID, spec.specId());
    gen.writeFieldName(FIELDS);
    fieldsToJson(spec, gen);
    gen.writeEndObject();
  }

  /** The v1 form: only the array of fields, as in a manifest's {@code partition-spec} metadata. */
  public static String fieldsToJson(PartitionSpec spec) {
    return write(gen -> fieldsToJson(spec, gen), "partition spec " + spec.specId());
  }

  /** Writes the array of fields, each {@code {"name", "transform", "source-id", "field-id"}}. */
  public static void fieldsToJson(PartitionSpec spec, JsonGenerator gen) throws IOException {
    gen.writeStartArray();
    for (PartitionField field : spec.fields()) {
      gen.writeStartObject();
      gen.writeStringField(NAME, field.name());
      gen.writeStringField(TRANSFORM, field.transform().toString());
      gen.writeNumberField(SOURCE_ID, field.sourceId());
      gen.writeNumberField(FIELD_ID, field.fieldId());
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  public static PartitionSpec fromJson(Schema schema, String json) {
    return fromJson(schema, readTree(json));
  }

  /** Reads the object form; unknown keys are ignored. */
  public static PartitionSpec fromJson(Schema schema, JsonNode json) {
    Objects.requireNonNull(json, "json is null");
    if (!json.isObject()) {
      throw new CorruptMetadataException("Cannot parse partition spec from non-object: " + json);
    }
    int specId = requiredInt(json, SPEC_ID, "partition spec");
    return fromJsonFields(schema, specId, required(json, FIELDS, "partition spec " + specId));
  }

  public static PartitionSpec fromJsonFields(Schema schema, int specId, String json) {
    return fromJsonFields(schema, specId, readTree(json));
  }

  /**
   * Reads the v1 array form. Fields without {@code field-id} (written by v1 writers) get ids
   * sequentially from {@link PartitionSpec#PARTITION_DATA_ID_START}, as the reference implementation
   * assigned them.
   */
  public static PartitionSpec fromJsonFields(Schema schema, int specId, JsonNode fields) {
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(fields, "fields is null");
    String what = "partition spec " + specId;
    if (!fields.isArray()) {
      throw new CorruptMetadataException("Cannot parse the fields of " + what + " from non-array: " + fields);
    }
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema).withSpecId(specId).checkConflicts(false);
    int nextFieldId = PartitionSpec.PARTITION_DATA_ID_START;
    for (JsonNode field : fields) {
      if (!field.isObject()) {
        throw new CorruptMetadataException("Cannot parse a field of " + what + " from non-object: " + field);
      }
      String name = requiredString(field, NAME, "a field of " + what);
      String fieldWhat = "field '" + name + "' of " + what;
      String transform = requiredString(field, TRANSFORM, fieldWhat);
      int sourceId = sourceId(field, fieldWhat);
      int fieldId = field.has(FIELD_ID) ? requiredInt(field, FIELD_ID, fieldWhat) : nextFieldId;
      nextFieldId = fieldId + 1;
      Transform parsed = parseTransform(transform, fieldWhat);
      try {
        builder.add(sourceId, fieldId, name, parsed);
      } catch (ValidationException e) {
        // e.g. two fields with the same name or id: the metadata, not the caller, is at fault
        throw new CorruptMetadataException("Cannot parse " + what + ": " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  private static Transform parseTransform(String transform, String what) {
    try {
      return Transforms.fromStringAllowingUnknown(transform);
    } catch (ValidationException e) {
      throw new CorruptMetadataException("Cannot parse " + what + ": " + e.getMessage(), e);
    }
  }

  private static int sourceId(JsonNode field, String what) {
    if (field.has(SOURCE_ID)) {
      return requiredInt(field, SOURCE_ID, what);
    }
    // v3 writers write source-ids instead when a transform takes several arguments; Datashard implements
    // no such transform yet, so only the single-argument form can be read
    JsonNode sourceIds = field.get(SOURCE_IDS);
    if (sourceIds != null && sourceIds.isArray() && sourceIds.size() == 1 && sourceIds.get(0).canConvertToInt()) {
      return sourceIds.get(0).intValue();
    }
    if (sourceIds != null) {
      throw new CorruptMetadataException("Cannot read " + what + ": multi-argument transforms (source-ids "
          + sourceIds + ") are not supported by this version of Datashard");
    }
    throw new CorruptMetadataException("Cannot parse " + what + ": missing int field '" + SOURCE_ID + "'");
  }

  private static JsonNode required(JsonNode node, String key, String what) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw new CorruptMetadataException("Cannot parse " + what + ": missing field '" + key + "' in " + node);
    }
    return value;
  }

  private static int requiredInt(JsonNode node, String key, String what) {
    JsonNode value = required(node, key, what);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new CorruptMetadataException("Cannot parse " + what + ": field '" + key + "' must be an int, not " + value);
    }
    return value.intValue();
  }

  private static String requiredString(JsonNode node, String key, String what) {
    JsonNode value = required(node, key, what);
    if (!value.isTextual()) {
      throw new CorruptMetadataException("Cannot parse " + what + ": field '" + key + "' must be a string, not " + value);
    }
    return value.textValue();
  }

  private static JsonNode readTree(String json) {
    Objects.requireNonNull(json, "json is null");
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CorruptMetadataException("Cannot parse JSON: " + e.getOriginalMessage(), e);
    }
  }

  private interface JsonWriter {
    void write(JsonGenerator gen) throws IOException;
  }

  private static String write(JsonWriter writer, String what) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      writer.write(gen);
    } catch (IOException e) {
      throw new RuntimeIOException("Cannot write " + what + " as JSON", e);
    }
    return out.toString();
  }
}
