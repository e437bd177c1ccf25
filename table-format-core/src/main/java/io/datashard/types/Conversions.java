package io.datashard.types;

import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.ValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The spec's binary single-value serialization (Appendix D), used for column bounds and partition
 * values in manifests: little-endian numbers, UTF-8 strings without length, big-endian UUIDs, and
 * decimals as the minimal two's-complement big-endian bytes of the unscaled value.
 */
public final class Conversions {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private Conversions() {}

  /**
   * Serializes a value in the Java representation of {@link Type.TypeID#javaClass()}.
   *
   * @return a new read-only buffer positioned at 0
   * @throws ValidationException if the type has no binary form or the value does not fit the type
   */
  public static ByteBuffer toByteBuffer(Type type, Object value) {
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(value, "value is null");
    ByteBuffer result;
    switch (type.typeId()) {
      case BOOLEAN:
        result = ByteBuffer.allocate(1).put(0, cast(Boolean.class, type, value) ? (byte) 1 : (byte) 0);
        break;
      case INTEGER:
      case DATE:
        result = littleEndian(4).putInt(0, cast(Integer.class, type, value));
        break;
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        result = littleEndian(8).putLong(0, cast(Long.class, type, value));
        break;
      case FLOAT:
        result = littleEndian(4).putFloat(0, cast(Float.class, type, value));
        break;
      case DOUBLE:
        result = littleEndian(8).putDouble(0, cast(Double.class, type, value));
        break;
      case STRING:
        result = ByteBuffer.wrap(cast(CharSequence.class, type, value).toString().getBytes(StandardCharsets.UTF_8));
        break;
      case UUID:
        UUID uuid = cast(UUID.class, type, value);
        result = ByteBuffer.allocate(16).putLong(0, uuid.getMostSignificantBits()).putLong(8, uuid.getLeastSignificantBits());
        break;
      case FIXED:
        ByteBuffer fixed = cast(ByteBuffer.class, type, value);
        int length = ((Types.FixedType) type).length();
        if (fixed.remaining() != length) {
          throw new ValidationException(
              "Cannot serialize a value of " + fixed.remaining() + " bytes as " + type + ": expected " + length + " bytes");
        }
        result = copy(fixed);
        break;
      case BINARY:
        result = copy(cast(ByteBuffer.class, type, value));
        break;
      case DECIMAL:
        result = ByteBuffer.wrap(unscaled((Types.DecimalType) type, cast(BigDecimal.class, type, value)).toByteArray());
        break;
      default:
        throw new ValidationException(
            "Cannot serialize a value of type " + type + " to bytes: the spec defines no binary single-value form for it");
    }
    return result.asReadOnlyBuffer();
  }

  /**
   * Reads a value written by {@link #toByteBuffer}; the caller's buffer position is not changed. Bounds
   * written before a type promotion are widened as the spec describes: 4 bytes read as {@code long} are
   * an int, as {@code double} a float, and as a timestamp a date.
   *
   * @throws CorruptMetadataException if the bytes do not have a valid length for the type
   */
  public static Object fromByteBuffer(Type type, ByteBuffer buffer) {
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(buffer, "buffer is null");
    ByteBuffer bytes = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int size = bytes.remaining();
    switch (type.typeId()) {
      case BOOLEAN:
        checkLength(type, size, 1);
        return bytes.get(bytes.position()) != 0;
      case INTEGER:
      case DATE:
        checkLength(type, size, 4);
        return bytes.getInt(bytes.position());
      case LONG:
      case TIME:
        if (size == 4 && type.typeId() == Type.TypeID.LONG) {
          return (long) bytes.getInt(bytes.position());
        }
        checkLength(type, size, 8);
        return bytes.getLong(bytes.position());
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        if (size == 4) {
          // A bound written while the column was still a date: days from the epoch.
          int days = bytes.getInt(bytes.position());
          try {
            return Math.multiplyExact(days, type.typeId() == Type.TypeID.TIMESTAMP ? MICROS_PER_DAY : NANOS_PER_DAY);
          } catch (ArithmeticException e) {
            throw new CorruptMetadataException("Cannot read " + type + " value from date " + days + ": out of range", e);
          }
        }
        checkLength(type, size, 8);
        return bytes.getLong(bytes.position());
      case FLOAT:
        checkLength(type, size, 4);
        return bytes.getFloat(bytes.position());
      case DOUBLE:
        if (size == 4) {
          return (double) bytes.getFloat(bytes.position());
        }
        checkLength(type, size, 8);
        return bytes.getDouble(bytes.position());
      case STRING:
        return new String(toArray(bytes), StandardCharsets.UTF_8);
      case UUID:
        checkLength(type, size, 16);
        ByteBuffer bigEndian = bytes.order(ByteOrder.BIG_ENDIAN);
        return new UUID(bigEndian.getLong(bigEndian.position()), bigEndian.getLong(bigEndian.position() + 8));
      case FIXED:
      case BINARY:
        return ByteBuffer.wrap(toArray(bytes)).asReadOnlyBuffer();
      case DECIMAL:
        if (size == 0) {
          throw new CorruptMetadataException("Cannot read " + type + " value: no bytes");
        }
        return new BigDecimal(new BigInteger(toArray(bytes)), ((Types.DecimalType) type).scale());
      default:
        throw new ValidationException(
            "Cannot read a value of type " + type + " from bytes: the spec defines no binary single-value form for it");
    }
  }

  private static BigInteger unscaled(Types.DecimalType type, BigDecimal value) {
    if (value.scale() != type.scale()) {
      throw new ValidationException(
          "Cannot serialize " + value.toPlainString() + " as " + type + ": its scale " + value.scale()
              + " is not the type's scale " + type.scale());
    }
    if (value.precision() > type.precision()) {
      throw new ValidationException(
          "Cannot serialize " + value.toPlainString() + " as " + type + ": it needs precision " + value.precision());
    }
    return value.unscaledValue();
  }

  private static void checkLength(Type type, int actual, int expected) {
    if (actual != expected) {
      throw new CorruptMetadataException(
          "Cannot read " + type + " value: expected " + expected + " bytes but got " + actual);
    }
  }

  private static <T> T cast(Class<T> javaClass, Type type, Object value) {
    if (!javaClass.isInstance(value)) {
      throw new ValidationException(
          "Cannot serialize a " + value.getClass().getName() + " as " + type + ": expected a " + javaClass.getSimpleName());
    }
    return javaClass.cast(value);
  }

  private static ByteBuffer littleEndian(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteBuffer copy(ByteBuffer buffer) {
    return ByteBuffer.wrap(toArray(buffer.duplicate()));
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
