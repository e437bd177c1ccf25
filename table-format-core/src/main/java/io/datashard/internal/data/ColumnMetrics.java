package io.datashard.internal.data;

import io.datashard.types.Conversions;
import io.datashard.types.Type;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The spec's column metrics of one data file, keyed by field id, with each column's metrics mode
 * applied: bounds are serialized with {@link Conversions} and truncated as the mode says.
 */
public record ColumnMetrics(
    Map<Integer, Long> valueCounts,
    Map<Integer, Long> nullValueCounts,
    Map<Integer, Long> nanValueCounts,
    Map<Integer, ByteBuffer> lowerBounds,
    Map<Integer, ByteBuffer> upperBounds) {

  public ColumnMetrics {
    valueCounts = Map.copyOf(valueCounts);
    nullValueCounts = Map.copyOf(nullValueCounts);
    nanValueCounts = Map.copyOf(nanValueCounts);
    lowerBounds = Map.copyOf(lowerBounds);
    upperBounds = Map.copyOf(upperBounds);
  }

  /** The metrics of the collected columns under the configured modes. */
  public static ColumnMetrics of(Iterable<FieldMetrics> fields, MetricsConfig config) {
    Map<Integer, Long> values = new HashMap<>();
    Map<Integer, Long> nulls = new HashMap<>();
    Map<Integer, Long> nans = new HashMap<>();
    Map<Integer, ByteBuffer> lowers = new HashMap<>();
    Map<Integer, ByteBuffer> uppers = new HashMap<>();
    for (FieldMetrics field : fields) {
      MetricsMode mode = config.mode(field.fieldId());
      if (!mode.keepsCounts()) {
        continue;
      }
      values.put(field.fieldId(), field.valueCount());
      nulls.put(field.fieldId(), field.nullCount());
      if (field.isFloatingPoint()) {
        nans.put(field.fieldId(), field.nanCount());
      }
      if (mode.keepsBounds() && field.lower() != null) {
        Object lower = field.lower();
        Object upper = field.upper();
        if (mode.kind() == MetricsMode.Kind.TRUNCATE) {
          lower = truncateLower(field.type(), lower, mode.length());
          upper = truncateUpper(field.type(), upper, mode.length());
        }
        lowers.put(field.fieldId(), Conversions.toByteBuffer(field.type(), lower));
        if (upper != null) {
          uppers.put(field.fieldId(), toBytes(field.type(), upper));
        }
      }
    }
    return new ColumnMetrics(values, nulls, nans, lowers, uppers);
  }

  private static ByteBuffer toBytes(Type type, Object value) {
    return Conversions.toByteBuffer(type, value);
  }

  private static Object truncateLower(Type.PrimitiveType type, Object value, int length) {
    switch (type.typeId()) {
      case STRING:
        return BoundTruncation.truncateStringLower((String) value, length);
      case BINARY:
        return BoundTruncation.truncateBinaryLower((ByteBuffer) value, length);
      default:
        return value;
    }
  }

  private static Object truncateUpper(Type.PrimitiveType type, Object value, int length) {
    switch (type.typeId()) {
      case STRING:
        return BoundTruncation.truncateStringUpper((String) value, length);
      case BINARY:
        return BoundTruncation.truncateBinaryUpper((ByteBuffer) value, length);
      default:
        return value;
    }
  }
}
