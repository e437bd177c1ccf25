package io.datashard.internal.manifest;

import io.datashard.PartitionData;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;

/**
 * Converts partition values between Datashard's Java representation (see {@link Type.TypeID#javaClass()})
 * and the generic Avro values of a manifest's {@code partition} record.
 */
final class PartitionValues {
  private PartitionValues() {}

  /** The partition tuple as a record of {@code partitionSchema}, which must be {@link ManifestAvroSchemas#partitionSchema} of the type. */
  static GenericData.Record toAvro(Schema partitionSchema, Types.StructType partitionType, PartitionData partition, String fileLocation) {
    List<Types.NestedField> fields = partitionType.fields();
    if (partition.size() != fields.size()) {
      throw new IllegalArgumentException(String.format(
          "Cannot write file %s to a manifest: its partition tuple has %d values but the manifest's partition type has %d fields %s",
          fileLocation, partition.size(), fields.size(), partitionType));
    }
    GenericData.Record record = new GenericData.Record(partitionSchema);
    for (int i = 0; i < fields.size(); i += 1) {
      Types.NestedField field = fields.get(i);
      Object value = partition.get(i, Object.class);
      Schema fieldSchema = nonNull(partitionSchema.getFields().get(i).schema());
      try {
        record.put(i, toAvroValue(field.type(), fieldSchema, value));
      } catch (ClassCastException | IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format(
            "Cannot write file %s to a manifest: partition field '%s' of type %s has invalid value %s (%s): %s",
            fileLocation, field.name(), field.type(), value, value.getClass().getSimpleName(), e.getMessage()), e);
      }
    }
    return record;
  }

  private static Object toAvroValue(Type type, Schema schema, Object value) {
    if (value == null || type.typeId() == Type.TypeID.UNKNOWN) {
      return null;
    }
    switch (type.typeId()) {
      case UUID: {
        UUID uuid = (UUID) value;
        byte[] bytes = ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array();
        return new GenericData.Fixed(schema, bytes);
      }
      case FIXED: {
        byte[] bytes = toArray((ByteBuffer) value);
        if (bytes.length != schema.getFixedSize()) {
          throw new IllegalArgumentException("expected " + schema.getFixedSize() + " bytes but got " + bytes.length);
        }
        return new GenericData.Fixed(schema, bytes);
      }
      case BINARY:
        return ByteBuffer.wrap(toArray((ByteBuffer) value));
      case DECIMAL:
        return new GenericData.Fixed(schema, decimalToFixed((Types.DecimalType) type, (BigDecimal) value, schema.getFixedSize()));
      case STRING:
        return ((CharSequence) value).toString();
      default:
        Class<?> expected = type.typeId().javaClass();
        if (!expected.isInstance(value)) {
          throw new IllegalArgumentException("expected a " + expected.getSimpleName());
        }
        return value;
    }
  }

  /** Sign-extends the unscaled value to the fixed size, as Avro's decimal-on-fixed requires. */
  private static byte[] decimalToFixed(Types.DecimalType type, BigDecimal value, int size) {
    if (value.scale() != type.scale()) {
      throw new IllegalArgumentException("expected scale " + type.scale() + " but the value has scale " + value.scale());
    }
    if (value.precision() > type.precision()) {
      throw new IllegalArgumentException("the value has more than " + type.precision() + " digits");
    }
    byte[] unscaled = value.unscaledValue().toByteArray();
    byte[] result = new byte[size];
    byte fill = (byte) (value.signum() < 0 ? 0xFF : 0x00);
    int offset = size - unscaled.length;
    for (int i = 0; i < offset; i += 1) {
      result[i] = fill;
    }
    System.arraycopy(unscaled, 0, result, offset, unscaled.length);
    return result;
  }

  /**
   * Converts a generic Avro value read from a manifest to the Java representation of {@code type}.
   * Also accepts the representations other writers choose (uuid as string, decimal as bytes) and the
   * spec's type promotions (int to long, float to double).
   *
   * @throws IllegalArgumentException if the value cannot represent the type
   */
  static Object fromAvroValue(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case UNKNOWN:
        return null;
      case BOOLEAN:
        return (Boolean) value;
      case INTEGER:
      case DATE:
        return (Integer) value;
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return value instanceof Integer ? Long.valueOf((Integer) value) : (Long) value;
      case FLOAT:
        return (Float) value;
      case DOUBLE:
        return value instanceof Float ? Double.valueOf((Float) value) : (Double) value;
      case STRING:
        return value.toString();
      case UUID:
        if (value instanceof CharSequence) {
          return UUID.fromString(value.toString());
        }
        ByteBuffer uuid = ByteBuffer.wrap(bytesOf(value));
        if (uuid.remaining() != 16) {
          throw new IllegalArgumentException("a uuid needs 16 bytes but the value has " + uuid.remaining());
        }
        return new UUID(uuid.getLong(0), uuid.getLong(8));
      case FIXED:
      case BINARY:
        return ByteBuffer.wrap(bytesOf(value));
      case DECIMAL:
        return new BigDecimal(new BigInteger(bytesOf(value)), ((Types.DecimalType) type).scale());
      default:
        throw new IllegalArgumentException("type " + type + " cannot be a partition value");
    }
  }

  private static byte[] bytesOf(Object value) {
    if (value instanceof GenericFixed) {
      return ((GenericFixed) value).bytes().clone();
    } else if (value instanceof ByteBuffer) {
      return toArray((ByteBuffer) value);
    } else if (value instanceof CharSequence) {
      return value.toString().getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("expected bytes but got a " + value.getClass().getSimpleName());
  }

  static byte[] toArray(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** The non-null branch of an optional union, or the schema itself. */
  static Schema nonNull(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() != Schema.Type.NULL) {
          return branch;
        }
      }
    }
    return schema;
  }
}
