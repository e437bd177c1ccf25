package io.datashard.actions;

import io.datashard.DeleteFile;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Converts the equality deletes of a table's current snapshot into position deletes, so readers
 * stop paying for them: each data file an equality delete applies to (by data sequence number,
 * partition and equality-column bounds, as scan planning decides) is read (only its equality
 * columns), the positions of its rows the equality deletes match are written as a deletion vector
 * (format version 3, merged with the data file's existing position deletes, replacing its previous
 * vector) or a position delete file (format version 2), and the equality delete files are removed,
 * in one {@code replace} snapshot built on {@link io.datashard.RewriteFiles}. Rows read before and
 * after are the same.
 *
 * <p>This is the maintenance step for tables that receive upserts as equality deletes (Flink): run
 * it after commits, or periodically. The commit fails with a
 * {@link io.datashard.exceptions.ValidationException} naming the conflicting snapshot if a
 * concurrent commit removed one of the equality delete or data files involved, or (v3) added
 * position deletes for a data file that gets a new deletion vector; re-run the action then.
 */
public interface ConvertEqualityDeletes {
  /** Converts only the equality delete files matching {@code filter}; default: all of them. */
  ConvertEqualityDeletes deleteFileFilter(Predicate<DeleteFile> filter);

  /** Adds a property to the summary of the snapshot the action commits. */
  ConvertEqualityDeletes set(String property, String value);

  /** Plans, writes and commits; commits nothing when the snapshot has no equality deletes to convert. */
  Result execute();

  /**
   * What the action did.
   *
   * @param removedEqualityDeletes the equality delete files converted and removed
   * @param rewrittenDeleteFiles deletion vectors (v3) merged into new ones and removed
   * @param addedDeleteFiles the new deletion vectors or position delete files
   * @param dataFilesRead how many data files were read to find matching rows
   * @param deletedRows how many row positions the equality deletes matched
   * @param committed whether a snapshot was committed
   */
  record Result(List<DeleteFile> removedEqualityDeletes, List<DeleteFile> rewrittenDeleteFiles,
      List<DeleteFile> addedDeleteFiles, int dataFilesRead, long deletedRows, boolean committed) {
    public Result {
      removedEqualityDeletes = List.copyOf(Objects.requireNonNull(removedEqualityDeletes, "removedEqualityDeletes is null"));
      rewrittenDeleteFiles = List.copyOf(Objects.requireNonNull(rewrittenDeleteFiles, "rewrittenDeleteFiles is null"));
      addedDeleteFiles = List.copyOf(Objects.requireNonNull(addedDeleteFiles, "addedDeleteFiles is null"));
    }
  }
}
