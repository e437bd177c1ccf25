package io.datashard.internal.commit;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The files that commits made after a starting snapshot added and removed, read from the
 * manifests those commits wrote. Used to validate a commit against concurrent ones.
 */
final class ConcurrentChanges {
  private final List<Snapshot> snapshots;
  private final FileIO io;
  private final TableMetadata base;
  private final String tableName;

  private ConcurrentChanges(List<Snapshot> snapshots, FileIO io, TableMetadata base, String tableName) {
    this.snapshots = snapshots;
    this.io = io;
    this.base = base;
    this.tableName = tableName;
  }

  /**
   * Commits on the branch after {@code startingSnapshotId} (exclusive) up to {@code parent}
   * (inclusive). With no starting snapshot, every ancestor counts, as nothing was read before.
   */
  static ConcurrentChanges since(FileIO io, TableMetadata base, Long startingSnapshotId, Snapshot parent, String tableName) {
    List<Snapshot> result = new ArrayList<>();
    boolean found = startingSnapshotId == null;
    for (Snapshot snapshot : Snapshots.ancestry(base, parent)) {
      if (startingSnapshotId != null && snapshot.snapshotId() == startingSnapshotId) {
        found = true;
        break;
      }
      result.add(snapshot);
    }
    if (!found) {
      throw new ValidationException("Cannot validate commit to " + tableName + ": starting snapshot " + startingSnapshotId
          + " is not an ancestor of the branch head " + (parent == null ? "(none)" : parent.snapshotId())
          + " (it was expired or rolled back). Re-plan the operation against the current table state.");
    }
    return new ConcurrentChanges(result, io, base, tableName);
  }

  boolean isEmpty() {
    return snapshots.isEmpty();
  }

  /** First data file added concurrently that the filter matches, with the snapshot that added it. */
  Conflict firstAddedData(Predicate<ContentFile> filter) {
    return first(ManifestContent.DATA, ManifestEntry.Status.ADDED, filter);
  }

  Conflict firstAddedDeletes(Predicate<ContentFile> filter) {
    return first(ManifestContent.DELETES, ManifestEntry.Status.ADDED, filter);
  }

  Conflict firstRemovedData(Predicate<ContentFile> filter) {
    return first(ManifestContent.DATA, ManifestEntry.Status.DELETED, filter);
  }

  Conflict firstRemovedDeletes(Predicate<ContentFile> filter) {
    return first(ManifestContent.DELETES, ManifestEntry.Status.DELETED, filter);
  }

  /** A concurrent change that conflicts. */
  record Conflict(Snapshot snapshot, ContentFile file) {
    String describe() {
      return (file instanceof DataFile ? "data file " : file instanceof DeleteFile ? "delete file " : "file ")
          + file.location() + " (snapshot " + snapshot.snapshotId() + ", " + snapshot.operation() + ")";
    }
  }

  private Conflict first(ManifestContent content, ManifestEntry.Status status, Predicate<ContentFile> filter) {
    for (Snapshot snapshot : snapshots) {
      for (ManifestFile manifest : Snapshots.manifests(io, snapshot)) {
        if (manifest.content() != content || manifest.addedSnapshotId() != snapshot.snapshotId()) {
          continue;
        }
        if (status == ManifestEntry.Status.ADDED && !manifest.hasAddedFiles()) {
          continue;
        }
        if (status == ManifestEntry.Status.DELETED && !manifest.hasDeletedFiles()) {
          continue;
        }
        try (CloseableIterator<ManifestEntry> entries = ManifestReader.read(io, manifest, base.specsById()).iterator()) {
          while (entries.hasNext()) {
            ManifestEntry entry = entries.next();
            if (entry.status() == status && entry.snapshotId() != null && entry.snapshotId() == snapshot.snapshotId()
                && filter.test(entry.file())) {
              return new Conflict(snapshot, entry.file());
            }
          }
        }
      }
    }
    return null;
  }

  String tableName() {
    return tableName;
  }
}
