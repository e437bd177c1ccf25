package io.datashard.internal.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datashard.NullOrder;
import io.datashard.SortDirection;
import io.datashard.SortField;
import io.datashard.SortOrder;
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
 * Reads and writes sort orders as the spec's JSON (Appendix C):
 * {@code {"order-id": 1, "fields": [{"transform": "identity", "source-id": 2, "direction": "asc",
 * "null-order": "nulls-first"}]}}.
 *
 * <p>Reading does not check fields against the schema, because orders of older table versions may
 * use columns that have since been dropped. Unknown transforms are kept, as the spec requires.
 */
public final class SortOrderParser {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private static final String ORDER_ID = "order-id";
  private static final String FIELDS = "fields";
  private static final String TRANSFORM = "transform";
  private static final String SOURCE_ID = "source-id";
  private static final String SOURCE_IDS = "source-ids";
  private static final String DIRECTION = "direction";
  private static final String NULL_ORDER = "null-order";

  private SortOrderParser() {}

  public static String toJson(SortOrder order) {
    Objects.requireNonNull(order, "order is null");
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      toJson(order, gen);
    } catch (IOException e) {
      throw new RuntimeIOException("Cannot write sort order " + order.orderId() + " as JSON", e);
    }
    return out.toString();
  }

  public static void toJson(SortOrder order, JsonGenerator gen) throws IOException {
    Objects.requireNonNull(order, "order is null");
    gen.writeStartObject();
    gen.writeNumberField(ORDER_ID, order.orderId());
    gen.writeArrayFieldStart(FIELDS);
    for (SortField field : order.fields()) {
      gen.writeStartObject();
      gen.writeStringField(TRANSFORM, field.transform().toString());
      gen.writeNumberField(SOURCE_ID, field.sourceId());
      gen.writeStringField(DIRECTION, field.direction().jsonName());
      gen.writeStringField(NULL_ORDER, field.nullOrder().jsonName());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }

  public static SortOrder fromJson(Schema schema, String json) {
    Objects.requireNonNull(json, "json is null");
    try {
      return fromJson(schema, MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new CorruptMetadataException("Cannot parse sort order JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a sort order; unknown keys are ignored. */
  public static SortOrder fromJson(Schema schema, JsonNode json) {
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(json, "json is null");
    if (!json.isObject()) {
      throw new CorruptMetadataException("Cannot parse sort order from non-object: " + json);
    }
    int orderId = requiredInt(json, ORDER_ID, "sort order");
    String what = "sort order " + orderId;
    JsonNode fields = required(json, FIELDS, what);
    if (!fields.isArray()) {
      throw new CorruptMetadataException("Cannot parse the fields of " + what + " from non-array: " + fields);
    }
    SortOrder.Builder builder = SortOrder.builderFor(schema).withOrderId(orderId).checkConflicts(false);
    int position = 0;
    for (JsonNode field : fields) {
      String fieldWhat = "field " + position + " of " + what;
      position += 1;
      if (!field.isObject()) {
        throw new CorruptMetadataException("Cannot parse " + fieldWhat + " from non-object: " + field);
      }
      try {
        Transform transform = Transforms.fromStringAllowingUnknown(requiredString(field, TRANSFORM, fieldWhat));
        int sourceId = sourceId(field, fieldWhat);
        SortDirection direction = SortDirection.fromJsonName(requiredString(field, DIRECTION, fieldWhat));
        NullOrder nullOrder = NullOrder.fromJsonName(requiredString(field, NULL_ORDER, fieldWhat));
        builder.sortBy(transform, sourceId, direction, nullOrder);
      } catch (ValidationException e) {
        throw new CorruptMetadataException("Cannot parse " + fieldWhat + ": " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (ValidationException e) {
      throw new CorruptMetadataException("Cannot parse " + what + ": " + e.getMessage(), e);
    }
  }

  private static int sourceId(JsonNode field, String what) {
    if (field.has(SOURCE_ID)) {
      return requiredInt(field, SOURCE_ID, what);
    }
    // v3 writers write source-ids for multi-argument transforms, which Datashard does not implement yet
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
}
