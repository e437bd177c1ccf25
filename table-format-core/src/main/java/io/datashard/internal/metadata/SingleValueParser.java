package io.datashard.internal.metadata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The spec's JSON single-value serialization (Appendix D), used for field defaults: decimals, dates,
 * times, timestamps, uuids and bytes as strings; structs as objects keyed by field id; lists as
 * arrays; maps as {@code {"keys": [...], "values": [...]}}. Values use the Java representation of
 * {@link Type.TypeID#javaClass()}; JSON null is Java null.
 */
public final class SingleValueParser {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final DateTimeFormatter TIME_MICROS = time(6);
  private static final DateTimeFormatter TIME_NANOS = time(9);
  private static final DateTimeFormatter TIMESTAMP_MICROS = timestamp(TIME_MICROS, false);
  private static final DateTimeFormatter TIMESTAMP_NANOS = timestamp(TIME_NANOS, false);
  private static final DateTimeFormatter TIMESTAMPTZ_MICROS = timestamp(TIME_MICROS, true);
  private static final DateTimeFormatter TIMESTAMPTZ_NANOS = timestamp(TIME_NANOS, true);
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final HexFormat HEX = HexFormat.of();

  private SingleValueParser() {}

  private static DateTimeFormatter time(int fractionDigits) {
    return new DateTimeFormatterBuilder()
        .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
        .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
        .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
        .appendFraction(ChronoField.NANO_OF_SECOND, fractionDigits, fractionDigits, true)
        .toFormatter();
  }

  private static DateTimeFormatter timestamp(DateTimeFormatter time, boolean withOffset) {
    DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder()
        .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T').append(time);
    if (withOffset) {
      builder.appendOffset("+HH:MM", "+00:00");
    }
    return builder.toFormatter();
  }

  /** The value as a JSON document. */
  public static String toJson(Type type, Object value) {
    return JsonUtil.generate(gen -> toJson(type, value, gen), false);
  }

  /**
   * Writes {@code value} (null writes JSON null).
   *
   * @throws ValidationException if the value is not of the type's Java class or does not fit the type
   */
  public static void toJson(Type type, Object value, JsonGenerator generator) {
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(generator, "generator is null");
    JsonUtil.write(gen -> write(type, value, gen), generator);
  }

  private static void write(Type type, Object value, JsonGenerator gen) throws IOException {
    if (value == null) {
      gen.writeNull();
      return;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        gen.writeBoolean(cast(Boolean.class, type, value));
        break;
      case INTEGER:
        gen.writeNumber(cast(Integer.class, type, value));
        break;
      case LONG:
        gen.writeNumber(cast(Long.class, type, value));
        break;
      case FLOAT:
        gen.writeNumber(cast(Float.class, type, value));
        break;
      case DOUBLE:
        gen.writeNumber(cast(Double.class, type, value));
        break;
      case DECIMAL:
        gen.writeString(decimalToString((Types.DecimalType) type, cast(BigDecimal.class, type, value)));
        break;
      case DATE:
        gen.writeString(LocalDate.ofEpochDay(cast(Integer.class, type, value)).toString());
        break;
      case TIME:
        gen.writeString(TIME_MICROS.format(LocalTime.ofNanoOfDay(timeNanos(cast(Long.class, type, value)))));
        break;
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        gen.writeString(timestampToString(type, cast(Long.class, type, value)));
        break;
      case STRING:
        gen.writeString(cast(CharSequence.class, type, value).toString());
        break;
      case UUID:
        gen.writeString(cast(UUID.class, type, value).toString());
        break;
      case FIXED:
      case BINARY:
        gen.writeString(HEX.formatHex(bytes(type, cast(ByteBuffer.class, type, value))));
        break;
      case STRUCT:
        writeStruct(type.asStructType(), cast(Map.class, type, value), gen);
        break;
      case LIST:
        gen.writeStartArray();
        for (Object element : cast(List.class, type, value)) {
          write(type.asListType().elementType(), element, gen);
        }
        gen.writeEndArray();
        break;
      case MAP:
        Map<?, ?> map = cast(Map.class, type, value);
        gen.writeStartObject();
        gen.writeArrayFieldStart("keys");
        for (Object key : map.keySet()) {
          write(type.asMapType().keyType(), key, gen);
        }
        gen.writeEndArray();
        gen.writeArrayFieldStart("values");
        for (Object element : map.values()) {
          write(type.asMapType().valueType(), element, gen);
        }
        gen.writeEndArray();
        gen.writeEndObject();
        break;
      default:
        throw new ValidationException("Cannot write a non-null value of type " + type + " to JSON: its values must be null");
    }
  }

  private static void writeStruct(Types.StructType struct, Map<?, ?> value, JsonGenerator gen) throws IOException {
    for (Object key : value.keySet()) {
      if (!(key instanceof Integer) || struct.findField((Integer) key).isEmpty()) {
        throw new ValidationException(
            "Cannot write struct value to JSON: key " + key + " is not a field id of " + struct);
      }
    }
    gen.writeStartObject();
    for (Types.NestedField field : struct.fields()) {
      if (value.containsKey(field.fieldId())) {
        gen.writeFieldName(String.valueOf(field.fieldId()));
        write(field.type(), value.get(field.fieldId()), gen);
      }
    }
    gen.writeEndObject();
  }

  private static String decimalToString(Types.DecimalType type, BigDecimal value) {
    if (value.scale() != type.scale()) {
      throw new ValidationException(
          "Cannot write " + value.toPlainString() + " as " + type + ": its scale " + value.scale() + " is not " + type.scale());
    }
    // The spec shows the scale through the digits after the point, and a negative scale as an exponent.
    return value.scale() >= 0 ? value.toPlainString() : value.toString();
  }

  private static long timeNanos(long micros) {
    if (micros < 0 || micros >= 86_400L * MICROS_PER_SECOND) {
      throw new ValidationException("Cannot write time value " + micros + ": microseconds from midnight must be within a day");
    }
    return micros * 1000;
  }

  private static String timestampToString(Type type, long value) {
    boolean nanos = type.typeId() == Type.TypeID.TIMESTAMP_NANO;
    long perSecond = nanos ? NANOS_PER_SECOND : MICROS_PER_SECOND;
    long seconds = Math.floorDiv(value, perSecond);
    int nanoOfSecond = (int) (Math.floorMod(value, perSecond) * (nanos ? 1 : 1000));
    LocalDateTime dateTime = LocalDateTime.ofEpochSecond(seconds, nanoOfSecond, ZoneOffset.UTC);
    if (adjustsToUtc(type)) {
      return (nanos ? TIMESTAMPTZ_NANOS : TIMESTAMPTZ_MICROS).format(dateTime.atOffset(ZoneOffset.UTC));
    }
    return (nanos ? TIMESTAMP_NANOS : TIMESTAMP_MICROS).format(dateTime);
  }

  private static boolean adjustsToUtc(Type type) {
    return type instanceof Types.TimestampType
        ? ((Types.TimestampType) type).shouldAdjustToUTC()
        : ((Types.TimestampNanoType) type).shouldAdjustToUTC();
  }

  private static byte[] bytes(Type type, ByteBuffer buffer) {
    if (type instanceof Types.FixedType && buffer.remaining() != ((Types.FixedType) type).length()) {
      throw new ValidationException("Cannot write " + buffer.remaining() + " bytes as " + type);
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static <T> T cast(Class<T> javaClass, Type type, Object value) {
    if (!javaClass.isInstance(value)) {
      throw new ValidationException(
          "Cannot write a " + value.getClass().getName() + " as " + type + " to JSON: expected a " + javaClass.getSimpleName());
    }
    return javaClass.cast(value);
  }

  /** Parses a JSON document holding one value. */
  public static Object fromJson(Type type, String json) {
    return fromJson(type, JsonUtil.parse(json));
  }

  /**
   * Reads a value of the given type; JSON null gives null.
   *
   * @throws CorruptMetadataException if the JSON is not a valid value of the type
   */
  public static Object fromJson(Type type, JsonNode node) {
    Objects.requireNonNull(type, "type is null");
    if (node == null || node.isNull()) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        check(node.isBoolean(), type, node, "expected a JSON boolean");
        return node.booleanValue();
      case INTEGER:
        check(node.isIntegralNumber() && node.canConvertToInt(), type, node, "expected a JSON int");
        return node.intValue();
      case LONG:
        check(node.isIntegralNumber() && node.canConvertToLong(), type, node, "expected a JSON long");
        return node.longValue();
      case FLOAT:
        return node.isTextual() ? (float) nonFinite(type, node) : floatingPoint(type, node).floatValue();
      case DOUBLE:
        return node.isTextual() ? nonFinite(type, node) : floatingPoint(type, node).doubleValue();
      case DECIMAL:
        return decimal((Types.DecimalType) type, node);
      case DATE:
        return parse(type, node, text -> (int) LocalDate.parse(text).toEpochDay());
      case TIME:
        return parseTime(type, node);
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return parseTimestamp(type, node);
      case STRING:
        return text(type, node);
      case UUID:
        String uuid = text(type, node);
        check(UUID_TEXT.matcher(uuid).matches(), type, node, "expected a UUID like f79c3e09-677c-4bbd-a479-3f349cb785e7");
        return UUID.fromString(uuid);
      case FIXED:
      case BINARY:
        return binary(type, node);
      case STRUCT:
        return struct(type.asStructType(), node);
      case LIST:
        return list(type.asListType(), node);
      case MAP:
        return map(type.asMapType(), node);
      default:
        throw invalid(type, node, "values of this type must be null");
    }
  }

  private static Number floatingPoint(Type type, JsonNode node) {
    check(node.isNumber(), type, node, "expected a JSON number");
    return node.numberValue();
  }

  // Jackson writes NaN and infinities as strings, since JSON numbers cannot hold them.
  private static double nonFinite(Type type, JsonNode node) {
    switch (node.textValue()) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        throw invalid(type, node, "expected a JSON number");
    }
  }

  private static BigDecimal decimal(Types.DecimalType type, JsonNode node) {
    BigDecimal value;
    try {
      value = new BigDecimal(text(type, node));
    } catch (NumberFormatException e) {
      throw invalid(type, node, "expected a decimal string such as \"14.20\"");
    }
    try {
      value = value.setScale(type.scale());
    } catch (ArithmeticException e) {
      throw invalid(type, node, "its scale " + value.scale() + " is not the type's scale " + type.scale());
    }
    check(value.precision() <= type.precision(), type, node, "it has more than " + type.precision() + " digits");
    return value;
  }

  private static long parseTime(Type type, JsonNode node) {
    long nanos = parse(type, node, text -> LocalTime.parse(text).toNanoOfDay());
    check(nanos % 1000 == 0, type, node, "time has microsecond precision");
    return nanos / 1000;
  }

  private static long parseTimestamp(Type type, JsonNode node) {
    boolean utc = adjustsToUtc(type);
    Instant instant = parse(type, node, text -> utc
        ? OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
        : LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC));
    try {
      if (type.typeId() == Type.TypeID.TIMESTAMP_NANO) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
      }
      check(instant.getNano() % 1000 == 0, type, node, "it has sub-microsecond digits");
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw invalid(type, node, "it is out of range");
    }
  }

  private interface TextParser<T> {
    T parse(String text);
  }

  private static <T> T parse(Type type, JsonNode node, TextParser<T> parser) {
    String text = text(type, node);
    try {
      return parser.parse(text);
    } catch (DateTimeParseException e) {
      String hint = type.typeId() == Type.TypeID.TIMESTAMP || type.typeId() == Type.TypeID.TIMESTAMP_NANO
          ? (adjustsToUtc(type) ? " with a zone offset (+00:00)" : " without a zone offset")
          : "";
      throw invalid(type, node, "expected an ISO-8601 " + type + hint);
    }
  }

  private static ByteBuffer binary(Type type, JsonNode node) {
    byte[] bytes;
    try {
      bytes = HEX.parseHex(text(type, node));
    } catch (IllegalArgumentException e) {
      throw invalid(type, node, "expected a hexadecimal string such as \"000102ff\"");
    }
    if (type instanceof Types.FixedType) {
      int length = ((Types.FixedType) type).length();
      check(bytes.length == length, type, node, "expected " + length + " bytes but got " + bytes.length);
    }
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  private static Map<Integer, Object> struct(Types.StructType struct, JsonNode node) {
    check(node.isObject(), struct, node, "expected a JSON object keyed by field id");
    Map<Integer, Object> result = new LinkedHashMap<>();
    for (Types.NestedField field : struct.fields()) {
      JsonNode fieldNode = node.get(String.valueOf(field.fieldId()));
      if (fieldNode != null) {
        result.put(field.fieldId(), nullable(field.type(), fieldNode, field.isOptional(), "field " + field.fieldId()));
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private static List<Object> list(Types.ListType list, JsonNode node) {
    check(node.isArray(), list, node, "expected a JSON array");
    List<Object> result = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      result.add(nullable(list.elementType(), element, list.isElementOptional(), "element"));
    }
    return Collections.unmodifiableList(result);
  }

  private static Map<Object, Object> map(Types.MapType map, JsonNode node) {
    check(node.isObject() && node.path("keys").isArray() && node.path("values").isArray(), map, node,
        "expected {\"keys\": [...], \"values\": [...]}");
    JsonNode keys = node.get("keys");
    JsonNode values = node.get("values");
    check(keys.size() == values.size(), map, node, keys.size() + " keys but " + values.size() + " values");
    Map<Object, Object> result = new LinkedHashMap<>();
    Iterator<JsonNode> valueIterator = values.iterator();
    for (JsonNode key : keys) {
      Object keyValue = nullable(map.keyType(), key, false, "key");
      result.put(keyValue, nullable(map.valueType(), valueIterator.next(), map.isValueOptional(), "value"));
    }
    return Collections.unmodifiableMap(result);
  }

  private static Object nullable(Type type, JsonNode node, boolean optional, String what) {
    Object value = fromJson(type, node);
    if (value == null && !optional) {
      throw new CorruptMetadataException("Cannot parse " + type + " value: the " + what + " is required but is null");
    }
    return value;
  }

  private static String text(Type type, JsonNode node) {
    check(node.isTextual(), type, node, "expected a JSON string");
    return node.textValue();
  }

  private static void check(boolean condition, Type type, JsonNode node, String why) {
    if (!condition) {
      throw invalid(type, node, why);
    }
  }

  private static CorruptMetadataException invalid(Type type, JsonNode node, String why) {
    return new CorruptMetadataException("Cannot parse " + type + " value from " + JsonUtil.snippet(node) + ": " + why);
  }
}
