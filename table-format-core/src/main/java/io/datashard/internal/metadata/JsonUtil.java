package io.datashard.internal.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.RuntimeIOException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Shared helpers for the metadata JSON parsers: reading typed properties of a {@link JsonNode} with
 * errors that name the property and what was found, and writing with a {@link JsonGenerator}.
 *
 * <p>Readers throw {@link CorruptMetadataException}. The {@code OrNull} readers return null when the
 * property is absent or JSON null, because absent optional keys are normal in metadata JSON.
 */
public final class JsonUtil {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_SNIPPET = 200;

  private JsonUtil() {}

  /** Writes one JSON value; lets callers pass generator code that throws IOException. */
  @FunctionalInterface
  public interface ToJson {
    void generate(JsonGenerator generator) throws IOException;
  }

  /** Reads one value from a parsed JSON tree. */
  @FunctionalInterface
  public interface FromJson<T> {
    T parse(JsonNode node);
  }

  public static JsonFactory factory() {
    return MAPPER.getFactory();
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Runs {@code toJson} against a generator that writes to a string. */
  public static String generate(ToJson toJson, boolean pretty) {
    Objects.requireNonNull(toJson, "toJson is null");
    StringWriter writer = new StringWriter();
    try (JsonGenerator generator = factory().createGenerator(writer)) {
      if (pretty) {
        generator.useDefaultPrettyPrinter();
      }
      toJson.generate(generator);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to write JSON", e);
    }
    return writer.toString();
  }

  /**
   * Parses a JSON document into a tree.
   *
   * @throws CorruptMetadataException if the text is not valid JSON
   */
  public static JsonNode parse(String json) {
    Objects.requireNonNull(json, "json is null");
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CorruptMetadataException("Cannot parse JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses a JSON document and reads it with {@code parser}. */
  public static <T> T parse(String json, FromJson<T> parser) {
    Objects.requireNonNull(parser, "parser is null");
    return parser.parse(parse(json));
  }

  /**
   * Runs generator code, turning IOException into {@link RuntimeIOException} so that {@code toJson}
   * methods need not declare it.
   */
  public static void write(ToJson toJson, JsonGenerator generator) {
    try {
      toJson.generate(generator);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to write JSON", e);
    } catch (UncheckedIOException e) {
      throw new RuntimeIOException("Failed to write JSON", e.getCause());
    }
  }

  /** Whether the object has the property with a non-null value. */
  public static boolean has(String property, JsonNode node) {
    JsonNode value = node.get(property);
    return value != null && !value.isNull();
  }

  /** The required property's value, of any JSON kind except null. */
  public static JsonNode get(String property, JsonNode node) {
    checkObject(property, node);
    JsonNode value = node.get(property);
    if (value == null || value.isNull()) {
      throw new CorruptMetadataException(
          "Cannot read required property '" + property + "': missing from " + snippet(node));
    }
    return value;
  }

  public static int getInt(String property, JsonNode node) {
    return asInt(property, get(property, node));
  }

  public static Integer getIntOrNull(String property, JsonNode node) {
    return has(property, node) ? getInt(property, node) : null;
  }

  public static long getLong(String property, JsonNode node) {
    JsonNode value = get(property, node);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrongKind(property, "a long", value);
    }
    return value.longValue();
  }

  public static Long getLongOrNull(String property, JsonNode node) {
    return has(property, node) ? getLong(property, node) : null;
  }

  public static String getString(String property, JsonNode node) {
    JsonNode value = get(property, node);
    if (!value.isTextual()) {
      throw wrongKind(property, "a string", value);
    }
    return value.textValue();
  }

  public static String getStringOrNull(String property, JsonNode node) {
    return has(property, node) ? getString(property, node) : null;
  }

  public static boolean getBool(String property, JsonNode node) {
    JsonNode value = get(property, node);
    if (!value.isBoolean()) {
      throw wrongKind(property, "a boolean", value);
    }
    return value.booleanValue();
  }

  public static Boolean getBoolOrNull(String property, JsonNode node) {
    return has(property, node) ? getBool(property, node) : null;
  }

  public static List<Integer> getIntegerList(String property, JsonNode node) {
    List<Integer> result = new ArrayList<>();
    for (JsonNode element : array(property, node)) {
      result.add(asInt(property, element));
    }
    return Collections.unmodifiableList(result);
  }

  /** The ints of an optional array property, in order; null if absent. */
  public static Set<Integer> getIntegerSetOrNull(String property, JsonNode node) {
    return has(property, node) ? Collections.unmodifiableSet(new LinkedHashSet<>(getIntegerList(property, node))) : null;
  }

  public static List<Long> getLongList(String property, JsonNode node) {
    List<Long> result = new ArrayList<>();
    for (JsonNode element : array(property, node)) {
      if (!element.isIntegralNumber() || !element.canConvertToLong()) {
        throw wrongKind(property, "an array of longs", element);
      }
      result.add(element.longValue());
    }
    return Collections.unmodifiableList(result);
  }

  public static List<String> getStringList(String property, JsonNode node) {
    List<String> result = new ArrayList<>();
    for (JsonNode element : array(property, node)) {
      if (!element.isTextual()) {
        throw wrongKind(property, "an array of strings", element);
      }
      result.add(element.textValue());
    }
    return Collections.unmodifiableList(result);
  }

  /** A string-to-string object property, in document order. */
  public static Map<String, String> getStringMap(String property, JsonNode node) {
    JsonNode value = get(property, node);
    if (!value.isObject()) {
      throw wrongKind(property, "an object of strings", value);
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (!entry.getValue().isTextual()) {
        throw wrongKind(property + "." + entry.getKey(), "a string", entry.getValue());
      }
      result.put(entry.getKey(), entry.getValue().textValue());
    }
    return Collections.unmodifiableMap(result);
  }

  public static void writeIntegerArray(String property, Iterable<Integer> values, JsonGenerator generator) {
    write(gen -> {
      gen.writeArrayFieldStart(property);
      for (int value : values) {
        gen.writeNumber(value);
      }
      gen.writeEndArray();
    }, generator);
  }

  public static void writeLongArray(String property, Iterable<Long> values, JsonGenerator generator) {
    write(gen -> {
      gen.writeArrayFieldStart(property);
      for (long value : values) {
        gen.writeNumber(value);
      }
      gen.writeEndArray();
    }, generator);
  }

  public static void writeStringArray(String property, Iterable<String> values, JsonGenerator generator) {
    write(gen -> {
      gen.writeArrayFieldStart(property);
      for (String value : values) {
        gen.writeString(value);
      }
      gen.writeEndArray();
    }, generator);
  }

  public static void writeStringMap(String property, Map<String, String> values, JsonGenerator generator) {
    write(gen -> {
      gen.writeObjectFieldStart(property);
      for (Map.Entry<String, String> entry : values.entrySet()) {
        gen.writeStringField(entry.getKey(), entry.getValue());
      }
      gen.writeEndObject();
    }, generator);
  }

  private static int asInt(String property, JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongKind(property, "an int", value);
    }
    return value.intValue();
  }

  private static JsonNode array(String property, JsonNode node) {
    JsonNode value = get(property, node);
    if (!value.isArray()) {
      throw wrongKind(property, "an array", value);
    }
    return value;
  }

  private static void checkObject(String property, JsonNode node) {
    Objects.requireNonNull(node, "node is null");
    if (!node.isObject()) {
      throw new CorruptMetadataException(
          "Cannot read property '" + property + "': expected a JSON object but found " + snippet(node));
    }
  }

  private static CorruptMetadataException wrongKind(String property, String expected, JsonNode value) {
    return new CorruptMetadataException(
        "Cannot read property '" + property + "': expected " + expected + " but found " + snippet(value));
  }

  /** The node as JSON text, shortened so messages stay readable. */
  public static String snippet(JsonNode node) {
    String text = node.toString();
    return text.length() <= MAX_SNIPPET ? text : text.substring(0, MAX_SNIPPET) + "...";
  }
}
