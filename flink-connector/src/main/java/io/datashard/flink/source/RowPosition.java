package io.datashard.flink.source;

import org.apache.flink.table.data.RowData;

/**
 * A row and the split position after it. One instance is reused per fetched batch: the reader hands
 * it to the emitter, which uses it before asking for the next row.
 */
final class RowPosition {
  RowData row;
  int fileOffset;
  long recordOffset;
}
