package io.datashard.deletes;

import java.util.function.LongConsumer;

/** The deleted row positions of one data file, as a reader applies them. */
public interface PositionDeleteIndex {
  /** Whether the row at {@code position} (0-based) is deleted. */
  boolean isDeleted(long position);

  /** The number of deleted positions. */
  long cardinality();

  default boolean isEmpty() {
    return cardinality() == 0;
  }

  /** Calls {@code consumer} with every deleted position in ascending order. */
  void forEach(LongConsumer consumer);
}
