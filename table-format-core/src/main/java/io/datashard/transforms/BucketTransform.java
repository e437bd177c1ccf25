package io.datashard.transforms;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;

/**
 * The {@code bucket[N]} transform: {@code (murmur3_x86_32(v) & Integer.MAX_VALUE) % N}, hashing each
 * type as the spec's Appendix B defines, so that bucket numbers match every other Iceberg engine.
 */
public final class BucketTransform implements Transform {
  private static final long serialVersionUID = 1L;

  private final int numBuckets;

  BucketTransform(int numBuckets) {
    if (numBuckets <= 0) {
      throw new ValidationException(
          "Invalid number of buckets for bucket transform: " + numBuckets + " (must be greater than 0)");
    }
    this.numBuckets = numBuckets;
  }

  public int numBuckets() {
    return numBuckets;
  }

  @Override
  public Object apply(Type sourceType, Object value) {
    if (value == null) {
      return null;
    }
    return (hash(sourceType, value) & Integer.MAX_VALUE) % numBuckets;
  }

  /** The spec's 32-bit hash of a value of {@code sourceType}, before the modulo. */
  static int hash(Type sourceType, Object value) {
    switch (sourceType.typeId()) {
      case INTEGER:
      case DATE:
        // ints are hashed as longs so that promoting int to long keeps every bucket (spec note 1)
        return Murmur3.hashLong(SourceValues.asInt(sourceType, value));
      case LONG:
      case TIME:
      case TIMESTAMP:
        return Murmur3.hashLong(SourceValues.asLong(sourceType, value));
      case TIMESTAMP_NANO:
        // nanosecond timestamps hash as micros so that they bucket like the same microsecond timestamp
        return Murmur3.hashLong(Math.floorDiv(SourceValues.asLong(sourceType, value), 1000L));
      case DECIMAL:
        BigDecimal decimal = SourceValues.asDecimal(sourceType, value);
        return Murmur3.hashBytes(decimal.unscaledValue().toByteArray());
      case STRING:
        return Murmur3.hashString(SourceValues.asString(sourceType, value));
      case UUID:
        return Murmur3.hashUuid(SourceValues.asUuid(sourceType, value));
      case FIXED:
      case BINARY:
        return Murmur3.hashBytes(SourceValues.asBytes(sourceType, value));
      default:
        throw new ValidationException(
            "Cannot apply bucket[N] to a value of type " + sourceType + ": " + Transforms.BUCKET_TYPES);
    }
  }

  @Override
  public boolean canTransform(Type sourceType) {
    switch (sourceType.typeId()) {
      case INTEGER:
      case LONG:
      case DECIMAL:
      case DATE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
      case STRING:
      case UUID:
      case FIXED:
      case BINARY:
        return true;
      default:
        return false;
    }
  }

  @Override
  public Type resultType(Type sourceType) {
    return Types.IntegerType.get();
  }

  @Override
  public String toHumanString(Type sourceType, Object transformedValue) {
    return String.valueOf(transformedValue);
  }

  @Override
  public boolean preservesOrder() {
    return false;
  }

  @Override
  public String toString() {
    return "bucket[" + numBuckets + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BucketTransform && ((BucketTransform) other).numBuckets == numBuckets;
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
