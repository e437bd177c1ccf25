package io.datashard.data;

import io.datashard.io.CloseableIterator;

/**
 * An iterator over the records of one data file that also tells where in the file each record is,
 * which row-level deletes need: position deletes and deletion vectors name rows by their position.
 */
public interface PositionedRecordIterator extends CloseableIterator<Record> {
  /**
   * The 0-based position in the file of the record last returned by {@link #next()}: its row index
   * counted from the file's first row, also when the reader reads only a split of the file or skips
   * row groups. -1 before the first call of {@code next()}.
   */
  long position();
}
