package io.datashard.internal.commit;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.OverwriteFiles;
import io.datashard.Snapshot;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.internal.metadata.TableMetadata;
import java.util.Objects;
import java.util.function.Predicate;

/** Replaces data files, validating against concurrent commits when asked. */
final class OverwriteUpdate extends FileChangeProducer<OverwriteFiles> implements OverwriteFiles {
  private Long startingSnapshotId = null;
  private Predicate<ContentFile> conflictFilter = file -> true;
  private Expression conflictRowFilter = null;
  private boolean validateData = false;
  private boolean validateDeletes = false;

  OverwriteUpdate(ChangeCommitter committer) {
    super(committer);
  }

  @Override
  protected OverwriteFiles self() {
    return this;
  }

  @Override
  protected String operation() {
    if (addedDataFiles().isEmpty() && deletesData()) {
      return DataOperations.DELETE;
    }
    if (!deletesData()) {
      return DataOperations.APPEND;
    }
    return DataOperations.OVERWRITE;
  }

  @Override
  public OverwriteFiles addFile(DataFile file) {
    add(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public OverwriteFiles deleteFile(DataFile file) {
    delete(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public OverwriteFiles overwriteByFilter(Predicate<DataFile> fileFilter) {
    deleteByFilter(Objects.requireNonNull(fileFilter, "fileFilter is null"));
    return this;
  }

  @Override
  public OverwriteFiles overwriteByRowFilter(Expression rowFilter) {
    deleteByRowFilter(Objects.requireNonNull(rowFilter, "rowFilter is null"));
    return this;
  }

  @Override
  public OverwriteFiles caseSensitive(boolean caseSensitive) {
    matchCaseSensitively(caseSensitive);
    return this;
  }

  @Override
  public OverwriteFiles validateFromSnapshot(long snapshotId) {
    this.startingSnapshotId = snapshotId;
    return this;
  }

  @Override
  public OverwriteFiles conflictDetectionFilter(Predicate<ContentFile> filter) {
    this.conflictFilter = Objects.requireNonNull(filter, "filter is null");
    this.conflictRowFilter = null;
    return this;
  }

  @Override
  public OverwriteFiles conflictDetectionFilter(Expression rowFilter) {
    this.conflictRowFilter = Objects.requireNonNull(rowFilter, "rowFilter is null");
    return this;
  }

  @Override
  public OverwriteFiles validateNoConflictingData() {
    this.validateData = true;
    return this;
  }

  @Override
  public OverwriteFiles validateNoConflictingDeletes() {
    this.validateDeletes = true;
    failMissingDeletePaths();
    return this;
  }

  @Override
  protected void validate(TableMetadata base, Snapshot parent) {
    if (!validateData && !validateDeletes) {
      return;
    }
    ConcurrentChanges changes = concurrentChanges(base, startingSnapshotId, parent);
    if (changes.isEmpty()) {
      return;
    }
    Predicate<ContentFile> conflictFilter = this.conflictFilter;
    if (conflictRowFilter != null) {
      RowFilterMatcher matcher = new RowFilterMatcher(base, conflictRowFilter, isCaseSensitive(), ops().tableName());
      conflictFilter = matcher::mightMatch;
    }
    if (validateData) {
      ConcurrentChanges.Conflict conflict = changes.firstAddedData(conflictFilter);
      if (conflict != null) {
        throw new ValidationException("Overwrite of " + changes.tableName() + " conflicts with a concurrent commit that added "
            + conflict.describe() + " matching the conflict-detection filter. Re-run the overwrite on the current table.");
      }
    }
    if (validateDeletes) {
      ConcurrentChanges.Conflict conflict = changes.firstAddedDeletes(conflictFilter);
      if (conflict != null) {
        throw new ValidationException("Overwrite of " + changes.tableName() + " conflicts with a concurrent commit that added "
            + conflict.describe() + ": rows it deletes may be in files this overwrite replaces. Re-run the overwrite.");
      }
    }
  }
}
