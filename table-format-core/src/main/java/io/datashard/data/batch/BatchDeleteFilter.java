package io.datashard.data.batch;

import io.datashard.data.DeleteFilter;
import io.datashard.data.Record;
import io.datashard.deletes.PositionDeleteIndex;
import io.datashard.io.FileIO;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Applies the delete files of one scan task to the batches of its data file by narrowing each
 * batch's selection of live rows ({@link ColumnBatch#selection()}); values are never copied or
 * compacted. Position deletes and deletion vectors are checked by row position
 * ({@link ColumnBatch#firstRowPosition()} plus the row index) without reading any value; equality
 * deletes compare the values of their columns through a row view of the batch, so the batch must
 * hold the columns of {@link DeleteFilter#requiredFieldIds}.
 *
 * <pre>{@code
 * BatchDeleteFilter deletes = BatchDeleteFilter.forTask(new DeleteFilter(io, tableSchema), task, readSchema);
 * while (batches.hasNext()) { ColumnBatch batch = batches.next(); deletes.apply(batch); ... }
 * }</pre>
 *
 * <p>Not thread-safe; one per reading thread and task.
 */
public final class BatchDeleteFilter {
  private final PositionDeleteIndex positions;
  private final Predicate<Record> equalityDeleted;
  private final boolean hasEqualityDeletes;
  private int[] selection = new int[0];
  private boolean[] deleted = new boolean[0];

  private BatchDeleteFilter(PositionDeleteIndex positions, Predicate<Record> equalityDeleted, boolean hasEqualityDeletes) {
    this.positions = positions;
    this.equalityDeleted = equalityDeleted;
    this.hasEqualityDeletes = hasEqualityDeletes;
  }

  /**
   * Reads the task's delete files (through {@code deletes}, which caches equality deletes shared by
   * consecutive tasks) for batches read in {@code readSchema}.
   */
  public static BatchDeleteFilter forTask(DeleteFilter deletes, FileScanTask task, Schema readSchema) {
    Objects.requireNonNull(deletes, "deletes is null");
    Objects.requireNonNull(task, "task is null");
    Objects.requireNonNull(readSchema, "readSchema is null");
    if (task.deletes().isEmpty()) {
      return new BatchDeleteFilter(null, null, false);
    }
    PositionDeleteIndex positions = deletes.positionDeletes(task);
    boolean equality = !DeleteFilter.requiredFieldIds(task).isEmpty();
    return new BatchDeleteFilter(positions.isEmpty() ? null : positions,
        equality ? deletes.equalityDeletes(task, readSchema) : null, equality);
  }

  /** Whether {@link #apply} can drop rows at all. */
  public boolean hasDeletes() {
    return positions != null || hasEqualityDeletes;
  }

  /** Removes the deleted rows from the batch's selection. */
  public void apply(ColumnBatch batch) {
    Objects.requireNonNull(batch, "batch is null");
    if (positions != null) {
      int rows = batch.numRows();
      if (deleted.length < rows) {
        deleted = new boolean[Math.max(rows, deleted.length * 2)];
      } else {
        Arrays.fill(deleted, 0, rows, false);
      }
      // the batch's deleted rows in one walk of the index, then one pass over the live rows
      if (positions.markDeleted(batch.firstRowPosition(), rows, deleted) > 0) {
        boolean[] marks = deleted;
        selection = retain(batch, selection, row -> !marks[row]);
      }
    }
    if (hasEqualityDeletes) {
      BatchRow view = new BatchRow(batch);
      selection = retain(batch, selection, row -> !equalityDeleted.test(view.at(row)));
    }
  }

  /** A test of one row of a batch by its index in the vectors. */
  interface RowTest {
    boolean test(int row);
  }

  /**
   * Keeps the live rows of the batch that pass {@code test}, writing the new selection into
   * {@code buffer} (or a larger array, returned) and setting it on the batch.
   */
  static int[] retain(ColumnBatch batch, int[] buffer, RowTest test) {
    int[] out = buffer.length >= batch.numRows() ? buffer : new int[Math.max(batch.numRows(), buffer.length * 2)];
    int live = batch.numLiveRows();
    int count = 0;
    // compacting in place is safe when out is the batch's selection: each write is at or before its read
    for (int i = 0; i < live; i += 1) {
      int row = batch.liveRow(i);
      if (test.test(row)) {
        out[count] = row;
        count += 1;
      }
    }
    if (count == batch.numRows()) {
      batch.select(null, 0);
    } else {
      batch.select(out, count);
    }
    return out;
  }
}
