package io.datashard.flink.source;

import io.datashard.data.batch.ColumnBatch;
import io.datashard.flink.data.ColumnarRows;
import io.datashard.io.CloseableIterator;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 *
 * <p>Parquet files whose projected columns fit Flink's column vectors are read columnar: the live rows
 * of the core's batches are copied into {@link ColumnarRows} and emitted as one reused columnar row,
 * like Flink's own Parquet reader does. Since the fetcher thread reads ahead while the task thread
 * emits, each handed-out batch owns its vectors until Flink recycles it; recycled vectors go back to a
 * pool (at most the element queue's capacity plus two are ever alive). Other files are converted row by
 * row; a batch holds rows of one kind only.
 */
final class DatashardSplitReader implements SplitReader<RowPosition, DatashardSourceSplit> {
  private final Supplier<TaskRows> rowsFactory;
  private final Queue<DatashardSourceSplit> splits = new ArrayDeque<>();
  // filled by the task thread (recycle), drained by the fetcher; vectors beyond its capacity are dropped
  private final BlockingQueue<ColumnarRows> pool = new ArrayBlockingQueue<>(8);
  private final int batchSize;
  private final long limit;
  private final Counter recordsRead;
  private TaskRows taskRows;
  private DatashardSourceSplit split;
  private int fileOffset;
  private long recordOffset;
  private CloseableIterator<RowData> rows;
  private CloseableIterator<ColumnBatch> columnBatches;
  private ColumnBatch columnBatch;
  private int nextLive;
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
        return new Batch(null, 0, Set.of(), pool);
      }
      fileOffset = split.fileOffset();
      recordOffset = split.recordOffset();
    }
    String splitId = split.splitId();
    Batch batch = new Batch(splitId, batchSize, new HashSet<>(), pool);
    while (batch.size < batchSize) {
      if (limit >= 0 && emitted >= limit) {
        // the limit is reached: this split and every queued one end without reading more
        finishSplit(batch);
        while (!splits.isEmpty()) {
          batch.finished.add(splits.poll().splitId());
        }
        break;
      }
      if (!openFile()) {
        finishSplit(batch);
        break;
      }
      if (columnBatches != null) {
        if (batch.rows != null) {
          break; // the batch holds converted rows; this file's columnar rows go in the next batch
        }
        if (columnBatch == null || nextLive >= columnBatch.numLiveRows()) {
          if (columnBatches.hasNext()) {
            columnBatch = columnBatches.next();
            nextLive = 0;
          } else {
            nextFile();
          }
          continue;
        }
        int count = Math.min(columnBatch.numLiveRows() - nextLive, batchSize - batch.size);
        if (limit >= 0) {
          count = (int) Math.min(count, limit - emitted);
        }
        batch.columnar(taskRows).append(columnBatch, nextLive, count);
        for (int i = 0; i < count; i++) {
          recordOffset += 1;
          batch.position(fileOffset, recordOffset);
        }
        nextLive += count;
        emitted += count;
      } else {
        if (batch.columnar != null) {
          break; // the batch holds columnar rows; this file's rows go in the next batch
        }
        if (!rows.hasNext()) {
          nextFile();
          continue;
        }
        RowData row = rows.next();
        recordOffset += 1;
        emitted += 1;
        batch.add(row, fileOffset, recordOffset);
      }
    }
    recordsRead.inc(batch.size);
    return batch;
  }

  private void finishSplit(Batch batch) {
    closeFile();
    batch.finished.add(split.splitId());
    split = null;
  }

  /**
   * Makes sure the current file range of the split is open, skipping the rows before the split's
   * position; false at the end of the split.
   */
  private boolean openFile() {
    if (rows != null || columnBatches != null) {
      return true;
    }
    if (fileOffset >= split.tasks().size()) {
      return false;
    }
    if (taskRows == null) {
      taskRows = rowsFactory.get();
    }
    columnBatches = taskRows.openBatches(split.tasks().get(fileOffset));
    if (columnBatches != null) {
      long toSkip = recordOffset;
      while (toSkip > 0 && columnBatches.hasNext()) {
        ColumnBatch next = columnBatches.next();
        if (next.numLiveRows() > toSkip) {
          columnBatch = next;
          nextLive = (int) toSkip;
          break;
        }
        toSkip -= next.numLiveRows();
      }
      return true;
    }
    rows = taskRows.open(split.tasks().get(fileOffset));
    for (long skipped = 0; skipped < recordOffset && rows.hasNext(); skipped++) {
      rows.next();
    }
    return true;
  }

  private void nextFile() {
    closeFile();
    fileOffset += 1;
    recordOffset = 0;
  }

  private void closeFile() {
    columnBatch = null;
    nextLive = 0;
    if (columnBatches != null) {
      CloseableIterator<ColumnBatch> toClose = columnBatches;
      columnBatches = null;
      toClose.close();
    }
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
    closeFile();
  }

  /** Rows of one split, either converted rows or columnar rows, and the splits that ended. */
  private static final class Batch implements RecordsWithSplitIds<RowPosition> {
    private final RowPosition position = new RowPosition();
    private final int capacity;
    private final int[] fileOffsets;
    private final long[] recordOffsets;
    private final Set<String> finished;
    private final BlockingQueue<ColumnarRows> pool;
    private RowData[] rows;
    private ColumnarRows columnar;
    private String splitId;
    private int size;
    private int next;

    Batch(String splitId, int capacity, Set<String> finished, BlockingQueue<ColumnarRows> pool) {
      this.splitId = splitId;
      this.capacity = capacity;
      this.fileOffsets = new int[capacity];
      this.recordOffsets = new long[capacity];
      this.finished = finished;
      this.pool = pool;
    }

    void add(RowData row, int fileOffset, long recordOffset) {
      if (rows == null) {
        rows = new RowData[capacity];
      }
      rows[size] = row;
      position(fileOffset, recordOffset);
    }

    /** The column vectors of this batch, taken from the pool (or made) on first use. */
    ColumnarRows columnar(TaskRows taskRows) {
      if (columnar == null) {
        ColumnarRows pooled = pool.poll();
        columnar = pooled != null && pooled.capacity() >= capacity ? pooled : taskRows.newColumnarRows(capacity);
      }
      return columnar;
    }

    void position(int fileOffset, long recordOffset) {
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
      if (columnar != null) {
        position.row = columnar.row(next);
      } else {
        position.row = rows[next];
        rows[next] = null;
      }
      position.fileOffset = fileOffsets[next];
      position.recordOffset = recordOffsets[next];
      next += 1;
      return position;
    }

    @Override
    public Set<String> finishedSplits() {
      return finished;
    }

    @Override
    public void recycle() {
      // every row has been emitted: the vectors can take the rows of a later batch
      if (columnar != null) {
        ColumnarRows vectors = columnar;
        columnar = null;
        vectors.clear();
        pool.offer(vectors);
      }
    }
  }
}
