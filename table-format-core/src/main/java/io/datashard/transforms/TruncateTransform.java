package io.datashard.transforms;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * The {@code truncate[W]} transform: numbers round down to a multiple of W (the unscaled value for
 * decimals), strings keep their first W code points, binary values their first W bytes.
 */
public final class TruncateTransform implements Transform {
  private static final long serialVersionUID = 1L;

  private final int width;

  TruncateTransform(int width) {
    if (width <= 0) {
      throw new ValidationException(
          "Invalid width for truncate transform: " + width + " (must be greater than 0)");
    }
    this.width = width;
  }

  public int width() {
    return width;
  }

  @Override
  public Object apply(Type sourceType, Object value) {
    if (value == null) {
      return null;
    }
    switch (sourceType.typeId()) {
      case INTEGER: {
        int v = SourceValues.asInt(sourceType, value);
        // the remainder must be non-negative so that negative values round down, not towards zero
        return v - (((v % width) + width) % width);
      }
      case LONG: {
        long v = SourceValues.asLong(sourceType, value);
        return v - (((v % width) + width) % width);
      }
      case DECIMAL: {
        BigDecimal decimal = SourceValues.asDecimal(sourceType, value);
        BigInteger unscaled = decimal.unscaledValue();
        BigInteger w = BigInteger.valueOf(width);
        return new BigDecimal(unscaled.subtract(unscaled.mod(w)), decimal.scale());
      }
      case STRING:
        return truncateString(SourceValues.asString(sourceType, value).toString());
      case BINARY: {
        ByteBuffer buffer = SourceValues.asBytes(sourceType, value).duplicate();
        if (buffer.remaining() > width) {
          buffer.limit(buffer.position() + width);
        }
        return buffer.slice();
      }
      default:
        throw new ValidationException("Cannot apply " + this + " to a value of type " + sourceType
            + ": " + Transforms.TRUNCATE_TYPES);
    }
  }

  private String truncateString(String value) {
    // cheap exit: a string of at most W chars has at most W code points
    if (value.length() <= width || value.codePointCount(0, value.length()) <= width) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, width));
  }

  @Override
  public boolean canTransform(Type sourceType) {
    switch (sourceType.typeId()) {
      case INTEGER:
      case LONG:
      case DECIMAL:
      case STRING:
      case BINARY:
        return true;
      default:
        return false;
    }
  }

  @Override
  public Type resultType(Type sourceType) {
    return sourceType;
  }

  @Override
  public String toHumanString(Type sourceType, Object transformedValue) {
    return HumanStrings.value(sourceType, transformedValue);
  }

  @Override
  public boolean preservesOrder() {
    return true;
  }

  @Override
  public String toString() {
    return "truncate[" + width + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TruncateTransform && ((TruncateTransform) other).width == width;
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
