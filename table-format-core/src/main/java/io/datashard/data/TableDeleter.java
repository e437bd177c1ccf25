package io.datashard.data;

import io.datashard.DataFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Deletes the rows matching a filter from a table, copy-on-write: every data file that holds a
 * matching row is replaced by new files with its other rows (files whose rows all match are simply
 * removed), in one overwrite snapshot. Rows are streamed twice, once to find the files with matches
 * and once to copy the rest, so memory stays bounded by one file at a time.
 *
 * <p>The commit is validated from the snapshot that was read: if another writer added data or
 * deletes matching the filter meanwhile, it fails with a {@link io.datashard.exceptions.ValidationException}
 * instead of missing their rows.
 */
public final class TableDeleter {
  private TableDeleter() {}

  /**
   * Deletes the rows matching {@code rowFilter} in the table's {@code write.delete.mode}:
   * {@code copy-on-write} (the default, {@link #delete}) or {@code merge-on-read}
   * ({@link MergeOnReadDeleter#delete}).
   *
   * @return how many rows were deleted
   */
  public static long deleteUsingWriteMode(Table table, Expression rowFilter) {
    Objects.requireNonNull(table, "table is null");
    String mode = table.properties().getOrDefault(io.datashard.TableProperties.DELETE_MODE, "copy-on-write");
    if ("merge-on-read".equals(mode)) {
      return MergeOnReadDeleter.delete(table, rowFilter);
    } else if ("copy-on-write".equals(mode)) {
      return delete(table, rowFilter);
    }
    throw new io.datashard.exceptions.ValidationException("Cannot delete from " + table.name() + ": table property "
        + io.datashard.TableProperties.DELETE_MODE + "='" + mode + "' is neither copy-on-write nor merge-on-read");
  }

  /**
   * Deletes the rows matching {@code rowFilter} (column names matched case-sensitively).
   *
   * @return how many rows were deleted; 0 leaves the table unchanged (no snapshot)
   */
  public static long delete(Table table, Expression rowFilter) {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(rowFilter, "rowFilter is null");
    Snapshot base = table.currentSnapshot().orElse(null);
    if (base == null) {
      return 0;
    }
    Schema schema = table.schema();
    Evaluator matches = new Evaluator(schema.asStruct(), rowFilter, true);
    ScanTaskReader reader = new ScanTaskReader(table.io(), schema, schema, Expressions.alwaysTrue(), true);

    List<FileScanTask> affected = new ArrayList<>();
    long deleted = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).filter(rowFilter).planFiles()) {
      for (FileScanTask task : tasks) {
        FileScanTask whole = FileScanTask.wholeFile(task.file(), task.deletes(), task.spec(), Expressions.alwaysTrue());
        long matching = 0;
        try (CloseableIterator<Record> rows = reader.open(whole)) {
          while (rows.hasNext()) {
            if (matches.eval(rows.next())) {
              matching += 1;
            }
          }
        }
        if (matching > 0) {
          affected.add(whole);
          deleted += matching;
        }
      }
    }
    if (affected.isEmpty()) {
      return 0;
    }

    List<DataFile> replaced = new ArrayList<>();
    affected.forEach(task -> replaced.add(task.file()));
    try (TableWriter writer = TableWriter.replacing(table, replaced, base.snapshotId(), rowFilter)) {
      for (FileScanTask task : affected) {
        try (CloseableIterator<Record> rows = reader.open(task)) {
          while (rows.hasNext()) {
            Record row = rows.next();
            if (!matches.eval(row)) {
              writer.write(row);
            }
          }
        }
      }
      writer.commit();
    }
    return deleted;
  }
}
