package io.datashard.internal.commit;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.DeleteFile;
import io.datashard.RowDelta;
import io.datashard.Snapshot;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.metadata.TableMetadata;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Adds data and delete files together: the commit of a row-level change. */
final class RowDeltaUpdate extends FileChangeProducer<RowDelta> implements RowDelta {
  private Long startingSnapshotId = null;
  private Predicate<ContentFile> conflictFilter = file -> true;
  private final Set<String> requiredDataFiles = new HashSet<>();
  private boolean validateDataFiles = false;
  private boolean validateDeleteFiles = false;

  RowDeltaUpdate(ChangeCommitter committer) {
    super(committer);
  }

  @Override
  protected RowDelta self() {
    return this;
  }

  @Override
  protected String operation() {
    if (addedDeleteFiles().isEmpty() && deletePathsToDelete().isEmpty()) {
      return DataOperations.APPEND;
    }
    return DataOperations.OVERWRITE;
  }

  @Override
  public RowDelta addRows(DataFile file) {
    add(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public RowDelta addDeletes(DeleteFile file) {
    add(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public RowDelta removeDeletes(DeleteFile file) {
    delete(Objects.requireNonNull(file, "file is null"));
    failMissingDeletePaths();
    return this;
  }

  @Override
  public RowDelta validateFromSnapshot(long snapshotId) {
    this.startingSnapshotId = snapshotId;
    return this;
  }

  @Override
  public RowDelta validateDataFilesExist(Iterable<String> dataFileLocations) {
    dataFileLocations.forEach(requiredDataFiles::add);
    return this;
  }

  @Override
  public RowDelta conflictDetectionFilter(Predicate<ContentFile> filter) {
    this.conflictFilter = Objects.requireNonNull(filter, "filter is null");
    return this;
  }

  @Override
  public RowDelta validateNoConflictingDataFiles() {
    this.validateDataFiles = true;
    return this;
  }

  @Override
  public RowDelta validateNoConflictingDeleteFiles() {
    this.validateDeleteFiles = true;
    return this;
  }

  @Override
  protected void validate(TableMetadata base, Snapshot parent) {
    if (requiredDataFiles.isEmpty() && !validateDataFiles && !validateDeleteFiles) {
      return;
    }
    ConcurrentChanges changes = concurrentChanges(base, startingSnapshotId, parent);
    if (changes.isEmpty()) {
      return;
    }
    if (!requiredDataFiles.isEmpty()) {
      ConcurrentChanges.Conflict removed = changes.firstRemovedData(file -> requiredDataFiles.contains(file.location()));
      if (removed != null) {
        throw new ValidationException("Row delta on " + changes.tableName() + " references a data file that a concurrent commit removed: "
            + removed.describe() + ". Its deletes would be lost; re-run the operation on the current table.");
      }
    }
    if (validateDataFiles) {
      ConcurrentChanges.Conflict conflict = changes.firstAddedData(conflictFilter);
      if (conflict != null) {
        throw new ValidationException("Row delta on " + changes.tableName() + " conflicts with a concurrent commit that added "
            + conflict.describe() + " matching the conflict-detection filter (serializable isolation). Re-run the operation.");
      }
    }
    if (validateDeleteFiles) {
      ConcurrentChanges.Conflict conflict = changes.firstAddedDeletes(conflictFilter);
      if (conflict != null) {
        throw new ValidationException("Row delta on " + changes.tableName() + " conflicts with a concurrent commit that added "
            + conflict.describe() + " matching the conflict-detection filter. Re-run the operation.");
      }
    }
  }
}
