package io.datashard.deletes;

import io.datashard.ContentFile;
import io.datashard.DeleteFile;
import io.datashard.RowDelta;
import io.datashard.Table;
import io.datashard.expressions.Expression;
import io.datashard.internal.deletes.DeleteConflicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Commits merge-on-read deletes written by {@link MergeOnReadDeleteWriter}s as one row delta:
 * adds the new delete files, removes the ones they replace (merged deletion vectors), and validates
 * concurrent commits since the snapshot that was read:
 *
 * <ul>
 *   <li>always: none of the data files the deletes refer to was removed, and no position delete or
 *       deletion vector was added for them (on v3 two vectors for one data file would break the
 *       one-vector rule, and a newer vector would hide the other's rows);
 *   <li>{@link IsolationLevel#SERIALIZABLE}: no data file was added that may hold rows matching the
 *       operation's filter.
 * </ul>
 *
 * A conflict fails with a {@link io.datashard.exceptions.ValidationException} naming the
 * conflicting file and snapshot; re-run the operation on the refreshed table.
 */
public final class MergeOnReadCommit {
  private MergeOnReadCommit() {
  }

  /**
   * Adds the result to {@code delta} with the validations above, for callers that also add rows
   * (UPDATE, MERGE) to the same delta; the caller commits.
   *
   * @param table the table written to, for its schema and specs (to evaluate {@code conflictFilter})
   * @param baseSnapshotId the snapshot the operation read
   * @param conflictFilter rows the operation may have changed (e.g. the DELETE condition); {@code
   *     alwaysTrue()} when unknown
   */
  public static RowDelta configure(RowDelta delta, Table table, long baseSnapshotId, DeleteWriteResult result,
      Expression conflictFilter, IsolationLevel isolation) {
    Objects.requireNonNull(delta, "delta is null");
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(result, "result is null");
    Objects.requireNonNull(conflictFilter, "conflictFilter is null");
    Objects.requireNonNull(isolation, "isolation is null");
    for (DeleteFile file : result.deleteFiles()) {
      delta.addDeletes(file);
    }
    for (DeleteFile file : result.rewrittenDeleteFiles()) {
      delta.removeDeletes(file);
    }
    List<DeleteConflicts.PartitionKey> partitions = new ArrayList<>();
    for (DeleteFile file : result.deleteFiles()) {
      partitions.add(new DeleteConflicts.PartitionKey(file.specId(), file.partition()));
    }
    Predicate<ContentFile> conflicts = DeleteConflicts.positionDeletesFor(result.referencedDataFiles(), partitions);
    if (isolation == IsolationLevel.SERIALIZABLE) {
      conflicts = conflicts.or(DeleteConflicts.dataMayMatch(table.schema(), table.specs(), conflictFilter, true));
      delta.validateNoConflictingDataFiles();
    }
    return delta.validateFromSnapshot(baseSnapshotId)
        .validateDataFilesExist(result.referencedDataFiles())
        .conflictDetectionFilter(conflicts)
        .validateNoConflictingDeleteFiles();
  }

  /**
   * Commits the result as one row delta (see {@link #configure}); nothing when it holds no deletes.
   *
   * @return whether a snapshot was committed
   */
  public static boolean commit(Table table, long baseSnapshotId, DeleteWriteResult result, Expression conflictFilter,
      IsolationLevel isolation) {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(result, "result is null");
    if (result.isEmpty()) {
      return false;
    }
    configure(table.newRowDelta(), table, baseSnapshotId, result, conflictFilter, isolation).commit();
    return true;
  }
}
