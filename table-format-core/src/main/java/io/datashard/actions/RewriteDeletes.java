package io.datashard.actions;

import io.datashard.DeleteFile;
import java.util.List;
import java.util.Objects;

/**
 * Compacts the delete files of a table's current snapshot, without changing its rows, in one
 * {@code replace} snapshot built on {@link io.datashard.RewriteFiles}:
 *
 * <ul>
 *   <li>drops delete files that apply to no live data file: their data files are gone, or every
 *       data file they could apply to is newer (by data sequence number) or outside their
 *       partition or column bounds;
 *   <li>on format version 3, turns position delete files into deletion vectors: every data file
 *       that position delete files apply to gets one deletion vector holding all its deleted
 *       positions (its previous vector, if any, is replaced), and the position delete files are
 *       removed.
 * </ul>
 *
 * Equality deletes that still apply are kept; {@link ConvertEqualityDeletes} turns them into
 * position deletes. The commit fails with a {@link io.datashard.exceptions.ValidationException}
 * naming the conflicting snapshot if a concurrent commit removed one of the files, or added position
 * deletes for a data file that gets a new deletion vector; re-run the action then.
 */
public interface RewriteDeletes {
  /** Adds a property to the summary of the snapshot the action commits. */
  RewriteDeletes set(String property, String value);

  /** Plans, writes and commits; commits nothing when there is nothing to rewrite. */
  Result execute();

  /**
   * What the action did.
   *
   * @param removedDeleteFiles delete files removed: dead ones, and (v3) position delete files and
   *     deletion vectors replaced by new deletion vectors
   * @param deadDeleteFiles how many of the removed files applied to no live data file
   * @param addedDeleteFiles the new deletion vectors
   * @param committed whether a snapshot was committed
   */
  record Result(List<DeleteFile> removedDeleteFiles, int deadDeleteFiles, List<DeleteFile> addedDeleteFiles, boolean committed) {
    public Result {
      removedDeleteFiles = List.copyOf(Objects.requireNonNull(removedDeleteFiles, "removedDeleteFiles is null"));
      addedDeleteFiles = List.copyOf(Objects.requireNonNull(addedDeleteFiles, "addedDeleteFiles is null"));
    }
  }
}
