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

  /**
   * Sets {@code marks[i]} for every deleted position {@code start + i} with {@code 0 <= i < count}
   * (leaving the other marks as they are) and returns how many it set: a batch reader's test of a
   * whole run of rows at once.
   */
  default int markDeleted(long start, int count, boolean[] marks) {
    int found = 0;
    for (int i = 0; i < count; i += 1) {
      if (isDeleted(start + i)) {
        marks[i] = true;
        found += 1;
      }
    }
    return found;
  }
}
