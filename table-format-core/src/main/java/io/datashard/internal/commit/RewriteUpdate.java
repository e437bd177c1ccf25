package io.datashard.internal.commit;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.RewriteFiles;
import io.datashard.Snapshot;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.metadata.TableMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Replaces files with files holding the same rows (compaction). */
final class RewriteUpdate extends FileChangeProducer<RewriteFiles> implements RewriteFiles {
  private final List<DataFile> rewrittenData = new ArrayList<>();
  private Long startingSnapshotId = null;
  private final Set<String> requiredDataFiles = new HashSet<>();
  private Predicate<ContentFile> conflictFilter = file -> true;
  private boolean validateDataFiles = false;
  private boolean validateDeleteFiles = false;

  RewriteUpdate(ChangeCommitter committer) {
    super(committer);
    failMissingDeletePaths();
    keepCarriedSequenceNumbers();
  }

  @Override
  protected RewriteFiles self() {
    return this;
  }

  @Override
  protected String operation() {
    return DataOperations.REPLACE;
  }

  @Override
  public RewriteFiles deleteFile(DataFile file) {
    delete(Objects.requireNonNull(file, "file is null"));
    rewrittenData.add(file);
    return this;
  }

  @Override
  public RewriteFiles deleteFile(DeleteFile file) {
    delete(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public RewriteFiles addFile(DataFile file) {
    add(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public RewriteFiles addFile(DeleteFile file) {
    add(Objects.requireNonNull(file, "file is null"));
    return this;
  }

  @Override
  public RewriteFiles dataSequenceNumber(long sequenceNumber) {
    newDataFilesSequenceNumber(sequenceNumber);
    return this;
  }

  @Override
  public RewriteFiles validateFromSnapshot(long snapshotId) {
    this.startingSnapshotId = snapshotId;
    return this;
  }

  @Override
  public RewriteFiles validateDataFilesExist(Iterable<String> dataFileLocations) {
    Objects.requireNonNull(dataFileLocations, "dataFileLocations is null").forEach(requiredDataFiles::add);
    return this;
  }

  @Override
  public RewriteFiles conflictDetectionFilter(Predicate<ContentFile> filter) {
    this.conflictFilter = Objects.requireNonNull(filter, "filter is null");
    return this;
  }

  @Override
  public RewriteFiles validateNoConflictingDataFiles() {
    this.validateDataFiles = true;
    return this;
  }

  @Override
  public RewriteFiles validateNoConflictingDeleteFiles() {
    this.validateDeleteFiles = true;
    return this;
  }

  @Override
  protected void validate(TableMetadata base, Snapshot parent) {
    if (dataPathsToDelete().isEmpty() && deletePathsToDelete().isEmpty()) {
      throw new ValidationException("Rewrite of " + ops().tableName() + " replaces no files: name the files to replace");
    }
    validateConcurrentChanges(base, parent);
    if (!addedDeleteFiles().isEmpty() || rewrittenData.isEmpty() || startingSnapshotId == null) {
      return;
    }
    // Deletes added concurrently may apply to rows of the files being replaced; the new files
    // would then resurrect those rows. Deletes in other partitions or referencing other files are safe.
    Set<String> rewrittenPaths = new HashSet<>();
    Set<List<Object>> rewrittenPartitions = new HashSet<>();
    for (DataFile file : rewrittenData) {
      rewrittenPaths.add(file.location());
      rewrittenPartitions.add(List.of(file.specId(), file.partition()));
    }
    ConcurrentChanges changes = concurrentChanges(base, startingSnapshotId, parent);
    ConcurrentChanges.Conflict conflict = changes.firstAddedDeletes(file -> {
      if (file.content() == FileContent.POSITION_DELETES && file.referencedDataFile().isPresent()) {
        return rewrittenPaths.contains(file.referencedDataFile().get());
      }
      boolean unpartitioned = file.partition().size() == 0;
      return unpartitioned || rewrittenPartitions.contains(List.of(file.specId(), file.partition()));
    });
    if (conflict != null) {
      throw new ValidationException("Cannot commit rewrite of " + changes.tableName() + ": a concurrent commit added "
          + conflict.describe() + ", which may delete rows in the files being replaced. Re-run the rewrite.");
    }
  }

  /** The validations asked for with validateDataFilesExist and validateNoConflicting*Files. */
  private void validateConcurrentChanges(TableMetadata base, Snapshot parent) {
    if (startingSnapshotId == null || (requiredDataFiles.isEmpty() && !validateDataFiles && !validateDeleteFiles)) {
      return;
    }
    ConcurrentChanges changes = concurrentChanges(base, startingSnapshotId, parent);
    if (changes.isEmpty()) {
      return;
    }
    if (!requiredDataFiles.isEmpty()) {
      ConcurrentChanges.Conflict removed = changes.firstRemovedData(file -> requiredDataFiles.contains(file.location()));
      if (removed != null) {
        throw new ValidationException("Cannot commit rewrite of " + changes.tableName() + ": it adds deletes for a data file that a "
            + "concurrent commit removed: " + removed.describe() + ". Re-run the rewrite on the current table.");
      }
    }
    if (validateDataFiles) {
      ConcurrentChanges.Conflict conflict = changes.firstAddedData(conflictFilter);
      if (conflict != null) {
        throw new ValidationException("Cannot commit rewrite of " + changes.tableName() + ": a concurrent commit added "
            + conflict.describe() + " matching the conflict-detection filter. Re-run the rewrite on the current table.");
      }
    }
    if (validateDeleteFiles) {
      ConcurrentChanges.Conflict conflict = changes.firstAddedDeletes(conflictFilter);
      if (conflict != null) {
        throw new ValidationException("Cannot commit rewrite of " + changes.tableName() + ": a concurrent commit added "
            + conflict.describe() + ", which deletes rows of data files whose deletes this rewrite replaces. "
            + "Re-run the rewrite on the current table.");
      }
    }
  }
}
