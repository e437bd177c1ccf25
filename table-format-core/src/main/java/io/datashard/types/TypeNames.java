package io.datashard.types;

import io.datashard.exceptions.ValidationException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the spec's type strings ({@code int}, {@code fixed[16]}, {@code decimal(9, 2)}, ...). */
final class TypeNames {
  private static final Pattern FIXED = Pattern.compile("fixed\\[\\s*(\\d+)\\s*]");
  private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");
  private static final Map<String, Type.PrimitiveType> NAMED = Map.ofEntries(
      Map.entry("boolean", Types.BooleanType.get()),
      Map.entry("int", Types.IntegerType.get()),
      Map.entry("long", Types.LongType.get()),
      Map.entry("float", Types.FloatType.get()),
      Map.entry("double", Types.DoubleType.get()),
      Map.entry("date", Types.DateType.get()),
      Map.entry("time", Types.TimeType.get()),
      Map.entry("timestamp", Types.TimestampType.withoutZone()),
      Map.entry("timestamptz", Types.TimestampType.withZone()),
      Map.entry("timestamp_ns", Types.TimestampNanoType.withoutZone()),
      Map.entry("timestamptz_ns", Types.TimestampNanoType.withZone()),
      Map.entry("string", Types.StringType.get()),
      Map.entry("uuid", Types.UUIDType.get()),
      Map.entry("binary", Types.BinaryType.get()),
      Map.entry("unknown", Types.UnknownType.get()));

  private TypeNames() {}

  static Type parse(String typeString) {
    Objects.requireNonNull(typeString, "typeString is null");
    if ("variant".equals(typeString.trim().toLowerCase(Locale.ROOT))) {
      return Types.VariantType.get();
    }
    return parsePrimitive(typeString);
  }

  static Type.PrimitiveType parsePrimitive(String typeString) {
    Objects.requireNonNull(typeString, "typeString is null");
    String lower = typeString.trim().toLowerCase(Locale.ROOT);
    Type.PrimitiveType named = NAMED.get(lower);
    if (named != null) {
      return named;
    }
    Matcher fixed = FIXED.matcher(lower);
    if (fixed.matches()) {
      return Types.FixedType.ofLength(parseInt(fixed.group(1), typeString));
    }
    Matcher decimal = DECIMAL.matcher(lower);
    if (decimal.matches()) {
      return Types.DecimalType.of(parseInt(decimal.group(1), typeString), parseInt(decimal.group(2), typeString));
    }
    String hint = "variant".equals(lower) ? " (variant is not a primitive type; use Types.fromTypeName)" : "";
    throw new ValidationException(
        "Cannot parse type string '" + typeString + "'" + hint + ": expected one of boolean, int, long, float, "
            + "double, date, time, timestamp, timestamptz, timestamp_ns, timestamptz_ns, string, uuid, binary, "
            + "unknown, fixed[L] or decimal(P,S)");
  }

  private static int parseInt(String digits, String typeString) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new ValidationException("Cannot parse type string '" + typeString + "': " + digits + " is out of range", e);
    }
  }
}
