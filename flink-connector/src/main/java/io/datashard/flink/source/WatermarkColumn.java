package io.datashard.flink.source;

import io.datashard.types.Type;

/** The event time of a watermark column's value: timestamps of any precision, or longs holding epoch millis. */
final class WatermarkColumn {
  private WatermarkColumn() {}

  static void check(Type type, String column, String table) {
    switch (type.typeId()) {
      case TIMESTAMP:
      case TIMESTAMP_NANO:
      case LONG:
        return;
      default:
        throw new IllegalArgumentException("Cannot use column " + column + " of table " + table
            + " as watermark-column: its type is " + type + "; use a timestamp column or a long of epoch millis");
    }
  }

  /** Epoch millis of a value in Datashard's representation (micros, nanos or millis). */
  static long toMillis(Type type, Object value) {
    long raw = (Long) value;
    switch (type.typeId()) {
      case TIMESTAMP:
        return Math.floorDiv(raw, 1000L);
      case TIMESTAMP_NANO:
        return Math.floorDiv(raw, 1_000_000L);
      default:
        return raw;
    }
  }
}
