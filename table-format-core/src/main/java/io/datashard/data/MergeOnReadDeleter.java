package io.datashard.data;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.deletes.IsolationLevel;
import io.datashard.deletes.MergeOnReadCommit;
import io.datashard.deletes.MergeOnReadDeleteWriter;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.internal.deletes.DeleteFiles;
import io.datashard.internal.deletes.PositionedRows;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import java.util.Objects;
import java.util.Set;

/**
 * Deletes the rows matching a filter, merge-on-read: data files stay, and the positions of the
 * matching rows are written as position delete files (format version 2) or deletion vectors
 * (format version 3, one per data file, merged with the data file's existing deletes, which the
 * same commit removes), in one row delta. Each data file that may match is read once, only the
 * columns the filter and its equality deletes need; memory holds one data file's positions.
 *
 * <p>The commit is validated from the snapshot read: it fails, naming the conflicting snapshot, if
 * a concurrent commit removed one of the data files or added position deletes for them, and under
 * the {@code serializable} {@code write.delete.isolation-level} (the default) also if it added data
 * files that may hold matching rows.
 *
 * <pre>{@code
 * long deleted = MergeOnReadDeleter.delete(table, Expressions.lessThan("id", 1000L));
 * }</pre>
 */
public final class MergeOnReadDeleter {
  private MergeOnReadDeleter() {
  }

  /**
   * Deletes the rows matching {@code rowFilter} (column names matched case-sensitively).
   *
   * @return how many rows were deleted; 0 leaves the table unchanged (no snapshot)
   * @throws io.datashard.exceptions.ValidationException if the table uses format version 1, or the
   *     commit conflicts with a concurrent one
   */
  public static long delete(Table table, Expression rowFilter) {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(rowFilter, "rowFilter is null");
    Snapshot base = table.currentSnapshot().orElse(null);
    if (base == null) {
      return 0;
    }
    Schema schema = table.schema();
    Set<Integer> filterIds = new java.util.LinkedHashSet<>(Binder.referencedFieldIds(Binder.bind(schema.asStruct(), rowFilter, true)));
    if (filterIds.isEmpty()) {
      filterIds.add(schema.columns().get(0).fieldId()); // positions come with rows: read at least one column
    }
    DeleteWriterFactory factory = DeleteWriterFactory.forTable(table, base.snapshotId(), rowFilter);
    PositionedRows reader = new PositionedRows(table.io(), schema);
    long deleted = 0;
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = factory.newWriter()) {
      // planFiles yields each data file once, so the deletes of a data file arrive together
      try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).filter(rowFilter).planFiles()) {
        for (FileScanTask task : tasks) {
          deleted += deleteMatching(reader, task, filterIds, rowFilter, writer);
        }
      }
      result = writer.finish();
    }
    if (deleted > 0) {
      IsolationLevel isolation = IsolationLevel.fromProperties(table.properties(), IsolationLevel.DELETE_ISOLATION_LEVEL);
      try {
        MergeOnReadCommit.commit(table, base.snapshotId(), result, rowFilter, isolation);
      } catch (CommitStateUnknownException e) {
        throw e; // the files may be part of the table now: never delete them
      } catch (RuntimeException e) {
        DeleteFiles.deleteWritten(table.io(), result, e);
        throw e;
      }
    }
    return deleted;
  }

  private static long deleteMatching(PositionedRows reader, FileScanTask task, Set<Integer> filterIds, Expression rowFilter,
      MergeOnReadDeleteWriter writer) {
    Schema readSchema = reader.readSchema(task, filterIds);
    Evaluator matches = new Evaluator(readSchema.asStruct(), rowFilter, true);
    long count = 0;
    try (PositionedRecordIterator rows = reader.open(task, readSchema)) {
      while (rows.hasNext()) {
        if (matches.eval(rows.next())) {
          writer.delete(task.file(), rows.position());
          count += 1;
        }
      }
    }
    return count;
  }

}
