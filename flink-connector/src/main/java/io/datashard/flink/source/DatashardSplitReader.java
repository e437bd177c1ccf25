package io.datashard.flink.source;

import io.datashard.io.CloseableIterator;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;

/**
 * Reads the rows of the assigned splits, one split after another, in batches of up to {@code
 * batchSize} rows. A split restored from a checkpoint resumes at its position: whole file ranges
 * before it are not opened, and the rows already emitted from the current range are skipped.
 */
final class DatashardSplitReader implements SplitReader<RowPosition, DatashardSourceSplit> {
  private final Supplier<TaskRows> rowsFactory;
  private final Queue<DatashardSourceSplit> splits = new ArrayDeque<>();
  private final int batchSize;
  private final long limit;
  private final Counter recordsRead;
  private TaskRows taskRows;
  private DatashardSourceSplit split;
  private int fileOffset;
  private long recordOffset;
  private CloseableIterator<RowData> rows;
  private long emitted;

  DatashardSplitReader(Supplier<TaskRows> rowsFactory, int batchSize, long limit, Counter recordsRead) {
    this.rowsFactory = rowsFactory;
    this.batchSize = batchSize;
    this.limit = limit;
    this.recordsRead = recordsRead;
  }

  @Override
  public RecordsWithSplitIds<RowPosition> fetch() {
    if (split == null) {
      split = splits.poll();
      if (split == null) {
        return new Batch(null, 0, Set.of());
      }
      fileOffset = split.fileOffset();
      recordOffset = split.recordOffset();
    }
    String splitId = split.splitId();
    Batch batch = new Batch(splitId, batchSize, new HashSet<>());
    while (batch.size < batchSize) {
      if (limit >= 0 && emitted >= limit) {
        // the limit is reached: this split and every queued one end without reading more
        finishSplit(batch);
        while (!splits.isEmpty()) {
          batch.finished.add(splits.poll().splitId());
        }
        break;
      }
      RowData row = nextRow();
      if (row == null) {
        finishSplit(batch);
        break;
      }
      recordOffset += 1;
      emitted += 1;
      batch.add(row, fileOffset, recordOffset);
    }
    recordsRead.inc(batch.size);
    return batch;
  }

  private void finishSplit(Batch batch) {
    closeRows();
    batch.finished.add(split.splitId());
    split = null;
  }

  /** The next row of the split, opening its next file range when needed; null at the end of the split. */
  private RowData nextRow() {
    while (true) {
      if (rows == null) {
        if (fileOffset >= split.tasks().size()) {
          return null;
        }
        if (taskRows == null) {
          taskRows = rowsFactory.get();
        }
        rows = taskRows.open(split.tasks().get(fileOffset));
        for (long skipped = 0; skipped < recordOffset && rows.hasNext(); skipped++) {
          rows.next();
        }
      }
      if (rows.hasNext()) {
        return rows.next();
      }
      closeRows();
      fileOffset += 1;
      recordOffset = 0;
    }
  }

  private void closeRows() {
    if (rows != null) {
      CloseableIterator<RowData> toClose = rows;
      rows = null;
      toClose.close();
    }
  }

  @Override
  public void handleSplitsChanges(SplitsChange<DatashardSourceSplit> change) {
    if (!(change instanceof SplitsAddition)) {
      throw new IllegalArgumentException("Datashard source readers only take new splits, not " + change);
    }
    splits.addAll(change.splits());
  }

  @Override
  public void wakeUp() {
    // fetch() never blocks: it returns after at most one batch
  }

  @Override
  public void close() {
    closeRows();
  }

  /** Rows of one split and the splits that ended. */
  private static final class Batch implements RecordsWithSplitIds<RowPosition> {
    private final RowPosition position = new RowPosition();
    private final RowData[] rows;
    private final int[] fileOffsets;
    private final long[] recordOffsets;
    private final Set<String> finished;
    private String splitId;
    private int size;
    private int next;

    Batch(String splitId, int capacity, Set<String> finished) {
      this.splitId = splitId;
      this.rows = new RowData[capacity];
      this.fileOffsets = new int[capacity];
      this.recordOffsets = new long[capacity];
      this.finished = finished;
    }

    void add(RowData row, int fileOffset, long recordOffset) {
      rows[size] = row;
      fileOffsets[size] = fileOffset;
      recordOffsets[size] = recordOffset;
      size += 1;
    }

    @Override
    public String nextSplit() {
      String result = splitId;
      splitId = null;
      return result;
    }

    @Override
    public RowPosition nextRecordFromSplit() {
      if (next >= size) {
        return null;
      }
      position.row = rows[next];
      position.fileOffset = fileOffsets[next];
      position.recordOffset = recordOffsets[next];
      rows[next] = null;
      next += 1;
      return position;
    }

    @Override
    public Set<String> finishedSplits() {
      return finished;
    }
  }
}
