package io.datashard.expressions;

import io.datashard.ContentFile;
import io.datashard.types.Conversions;
import java.nio.ByteBuffer;

/**
 * The column metrics of one file as the metrics evaluators need them. Missing metrics mean "unknown"
 * and never let an evaluator conclude anything. String and binary bounds may be truncated (the lower
 * bound to a prefix, the upper bound to a prefix with its last character incremented); both remain
 * valid bounds, which is all the evaluators rely on.
 */
final class FileStats {
  private final ContentFile file;

  FileStats(ContentFile file) {
    this.file = file;
  }

  long recordCount() {
    return file.recordCount();
  }

  private Long valueCount(BoundReference ref) {
    return file.valueCounts().get(ref.fieldId());
  }

  private Long nullCount(BoundReference ref) {
    return file.nullValueCounts().get(ref.fieldId());
  }

  private Long nanCount(BoundReference ref) {
    return file.nanValueCounts().get(ref.fieldId());
  }

  /** Every value is null (known from counts). */
  boolean nullsOnly(BoundReference ref) {
    Long values = valueCount(ref);
    Long nulls = nullCount(ref);
    return values != null && nulls != null && values.longValue() == nulls.longValue();
  }

  /** Every value is NaN (known from counts). */
  boolean nansOnly(BoundReference ref) {
    Long values = valueCount(ref);
    Long nans = nanCount(ref);
    return Values.isFloatingPoint(ref.type()) && values != null && nans != null && values.longValue() == nans.longValue();
  }

  /** Some value may be null: the column is optional and no count says there are none. */
  boolean mayHaveNulls(BoundReference ref) {
    Long nulls = nullCount(ref);
    return ref.isOptional() && (nulls == null || nulls > 0);
  }

  /** Some value is known to be null. */
  boolean hasNulls(BoundReference ref) {
    Long nulls = nullCount(ref);
    return nulls != null && nulls > 0;
  }

  boolean mayHaveNaNs(BoundReference ref) {
    if (!Values.isFloatingPoint(ref.type())) {
      return false;
    }
    Long nans = nanCount(ref);
    return nans == null || nans > 0;
  }

  /** Known to have no NaN: NaN counts say so, or the column is not floating point. */
  boolean hasNoNaNs(BoundReference ref) {
    return !mayHaveNaNs(ref);
  }

  Object lower(BoundReference ref) {
    return decode(ref, file.lowerBounds().get(ref.fieldId()));
  }

  Object upper(BoundReference ref) {
    return decode(ref, file.upperBounds().get(ref.fieldId()));
  }

  static Object decode(BoundReference ref, ByteBuffer bound) {
    if (bound == null) {
      return null;
    }
    Object value = Conversions.fromByteBuffer(ref.type(), bound);
    // older writers put NaN into float bounds; such a bound says nothing about the other values
    return Values.isNaN(value) ? null : value;
  }
}
