package io.datashard.internal.commit;

import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.ManageSnapshots;
import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataBuilder;
import io.datashard.io.CloseableIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Branch, tag and current-snapshot operations. Each is recorded and replayed in order on the
 * base, so the whole set re-applies cleanly after a lost race.
 */
final class ManageSnapshotsUpdate implements ManageSnapshots, MetadataChange {
  /** One recorded operation, applied to the metadata built so far. */
  private interface Operation {
    TableMetadata apply(TableMetadata metadata);
  }

  private final ChangeCommitter committer;
  private final List<Operation> operations = new ArrayList<>();
  private final List<AppendUpdate> cherrypicks = new ArrayList<>();

  ManageSnapshotsUpdate(ChangeCommitter committer) {
    this.committer = committer;
  }

  private String table() {
    return committer.ops().tableName();
  }

  private ManageSnapshots record(Operation operation) {
    operations.add(operation);
    return this;
  }

  private Snapshot requireSnapshot(TableMetadata metadata, long snapshotId) {
    return metadata.snapshot(snapshotId).orElseThrow(() -> new ValidationException(
        "Table " + table() + " has no snapshot " + snapshotId + " (it may have expired)"));
  }

  private SnapshotRef requireRef(TableMetadata metadata, String name, SnapshotRef.Type type) {
    SnapshotRef ref = metadata.refs().get(name);
    if (ref == null || ref.type() != type) {
      throw new ValidationException("Table " + table() + " has no " + type.jsonName() + " named '" + name
          + "'; its refs are " + metadata.refs().keySet());
    }
    return ref;
  }

  private static TableMetadata withRef(TableMetadata metadata, String name, SnapshotRef ref) {
    return metadata.toBuilder().setRef(name, ref).build();
  }

  @Override
  public ManageSnapshots createBranch(String name) {
    Objects.requireNonNull(name, "name is null");
    return record(metadata -> {
      Snapshot current = metadata.currentSnapshot().orElseThrow(() -> new ValidationException(
          "Cannot create branch '" + name + "' of " + table() + " from the current snapshot: the table has no snapshot yet"));
      return createRef(metadata, name, SnapshotRef.branch(current.snapshotId()));
    });
  }

  @Override
  public ManageSnapshots createBranch(String name, long snapshotId) {
    Objects.requireNonNull(name, "name is null");
    return record(metadata -> {
      requireSnapshot(metadata, snapshotId);
      return createRef(metadata, name, SnapshotRef.branch(snapshotId));
    });
  }

  @Override
  public ManageSnapshots createTag(String name, long snapshotId) {
    Objects.requireNonNull(name, "name is null");
    return record(metadata -> {
      requireSnapshot(metadata, snapshotId);
      return createRef(metadata, name, SnapshotRef.tag(snapshotId));
    });
  }

  private TableMetadata createRef(TableMetadata metadata, String name, SnapshotRef ref) {
    if (metadata.refs().containsKey(name)) {
      throw new ValidationException("Cannot create " + ref.type().jsonName() + " '" + name + "' in " + table()
          + ": a ref with that name already exists. Replace it or choose another name.");
    }
    return withRef(metadata, name, ref);
  }

  @Override
  public ManageSnapshots removeBranch(String name) {
    return record(metadata -> {
      if (SnapshotRef.MAIN_BRANCH.equals(name)) {
        throw new ValidationException("Cannot remove the main branch of " + table());
      }
      requireRef(metadata, name, SnapshotRef.Type.BRANCH);
      return metadata.toBuilder().removeRef(name).build();
    });
  }

  @Override
  public ManageSnapshots removeTag(String name) {
    return record(metadata -> {
      requireRef(metadata, name, SnapshotRef.Type.TAG);
      return metadata.toBuilder().removeRef(name).build();
    });
  }

  @Override
  public ManageSnapshots renameBranch(String name, String newName) {
    Objects.requireNonNull(newName, "newName is null");
    return record(metadata -> {
      if (SnapshotRef.MAIN_BRANCH.equals(name)) {
        throw new ValidationException("Cannot rename the main branch of " + table());
      }
      SnapshotRef ref = requireRef(metadata, name, SnapshotRef.Type.BRANCH);
      TableMetadata created = createRef(metadata, newName, ref);
      return created.toBuilder().removeRef(name).build();
    });
  }

  @Override
  public ManageSnapshots replaceBranch(String name, long snapshotId) {
    return record(metadata -> {
      requireSnapshot(metadata, snapshotId);
      SnapshotRef ref = metadata.refs().get(name);
      if (ref == null) {
        return withRef(metadata, name, SnapshotRef.branch(snapshotId));
      }
      if (ref.isTag()) {
        throw new ValidationException("'" + name + "' of " + table() + " is a tag, not a branch; use replaceTag");
      }
      return withRef(metadata, name, ref.withSnapshotId(snapshotId));
    });
  }

  @Override
  public ManageSnapshots replaceTag(String name, long snapshotId) {
    return record(metadata -> {
      requireSnapshot(metadata, snapshotId);
      SnapshotRef ref = requireRef(metadata, name, SnapshotRef.Type.TAG);
      return withRef(metadata, name, ref.withSnapshotId(snapshotId));
    });
  }

  @Override
  public ManageSnapshots fastForwardBranch(String name, String source) {
    return record(metadata -> {
      SnapshotRef target = requireRef(metadata, name, SnapshotRef.Type.BRANCH);
      SnapshotRef from = metadata.refs().get(source);
      if (from == null) {
        throw new ValidationException("Cannot fast-forward '" + name + "' of " + table() + ": no ref named '" + source + "'");
      }
      Snapshot sourceHead = requireSnapshot(metadata, from.snapshotId());
      if (!Snapshots.isAncestor(metadata, sourceHead, target.snapshotId())) {
        throw new ValidationException("Cannot fast-forward '" + name + "' of " + table() + " to '" + source
            + "': the head of '" + name + "' (" + target.snapshotId() + ") is not an ancestor of " + sourceHead.snapshotId());
      }
      return withRef(metadata, name, target.withSnapshotId(sourceHead.snapshotId()));
    });
  }

  @Override
  public ManageSnapshots setMinSnapshotsToKeep(String branch, int minSnapshotsToKeep) {
    return record(metadata -> {
      SnapshotRef ref = requireRef(metadata, branch, SnapshotRef.Type.BRANCH);
      return withRef(metadata, branch, ref.withRetention(minSnapshotsToKeep, ref.maxSnapshotAgeMs(), ref.maxRefAgeMs()));
    });
  }

  @Override
  public ManageSnapshots setMaxSnapshotAgeMs(String branch, long maxSnapshotAgeMs) {
    return record(metadata -> {
      SnapshotRef ref = requireRef(metadata, branch, SnapshotRef.Type.BRANCH);
      return withRef(metadata, branch, ref.withRetention(ref.minSnapshotsToKeep(), maxSnapshotAgeMs, ref.maxRefAgeMs()));
    });
  }

  @Override
  public ManageSnapshots setMaxRefAgeMs(String name, long maxRefAgeMs) {
    return record(metadata -> {
      SnapshotRef ref = metadata.refs().get(name);
      if (ref == null) {
        throw new ValidationException("Table " + table() + " has no ref named '" + name + "'");
      }
      return withRef(metadata, name, ref.withRetention(ref.minSnapshotsToKeep(), ref.maxSnapshotAgeMs(), maxRefAgeMs));
    });
  }

  @Override
  public ManageSnapshots rollbackTo(long snapshotId) {
    return record(metadata -> {
      Snapshot target = requireSnapshot(metadata, snapshotId);
      Snapshot current = metadata.currentSnapshot().orElse(null);
      if (current == null || !Snapshots.isAncestor(metadata, current, snapshotId)) {
        throw new ValidationException("Cannot roll back " + table() + " to snapshot " + snapshotId
            + ": it is not an ancestor of the current snapshot. Use setCurrentSnapshot to move to any snapshot.");
      }
      return metadata.toBuilder().setBranchSnapshot(target.snapshotId(), SnapshotRef.MAIN_BRANCH).build();
    });
  }

  @Override
  public ManageSnapshots rollbackToTime(long timestampMillis) {
    return record(metadata -> {
      Snapshot current = metadata.currentSnapshot().orElseThrow(() -> new ValidationException(
          "Cannot roll back " + table() + ": it has no snapshots"));
      for (Snapshot ancestor : Snapshots.ancestry(metadata, current)) {
        if (ancestor.timestampMillis() < timestampMillis) {
          return metadata.toBuilder().setBranchSnapshot(ancestor.snapshotId(), SnapshotRef.MAIN_BRANCH).build();
        }
      }
      throw new ValidationException("Cannot roll back " + table() + " to before " + timestampMillis
          + ": no ancestor of the current snapshot is older than that");
    });
  }

  @Override
  public ManageSnapshots setCurrentSnapshot(long snapshotId) {
    return record(metadata -> {
      requireSnapshot(metadata, snapshotId);
      return metadata.toBuilder().setBranchSnapshot(snapshotId, SnapshotRef.MAIN_BRANCH).build();
    });
  }

  @Override
  public ManageSnapshots cherrypick(long snapshotId) {
    return record(metadata -> {
      Snapshot picked = requireSnapshot(metadata, snapshotId);
      Snapshot current = metadata.currentSnapshot().orElse(null);
      if (current != null) {
        for (Snapshot ancestor : Snapshots.ancestry(metadata, current)) {
          if (ancestor.snapshotId() == snapshotId
              || String.valueOf(snapshotId).equals(ancestor.summary().get("source-snapshot-id"))) {
            throw new ValidationException("Cannot cherry-pick snapshot " + snapshotId + " into " + table()
                + ": it is already in the current snapshot's history");
          }
        }
      }
      boolean parentIsCurrent = current == null ? picked.parentId() == null
          : picked.parentId() != null && picked.parentId() == current.snapshotId();
      if (parentIsCurrent) {
        return metadata.toBuilder().setBranchSnapshot(snapshotId, SnapshotRef.MAIN_BRANCH).build();
      }
      if (!DataOperations.APPEND.equals(picked.operation())) {
        throw new ValidationException("Cannot cherry-pick snapshot " + snapshotId + " (" + picked.operation() + ") into "
            + table() + ": only append snapshots can be cherry-picked onto a different parent");
      }
      return replayAppend(metadata, picked);
    });
  }

  private TableMetadata replayAppend(TableMetadata metadata, Snapshot picked) {
    TableMetadata[] holder = {metadata};
    ChangeCommitter local = new ChangeCommitter() {
      @Override
      public TableOperations ops() {
        return committer.ops();
      }

      @Override
      public TableMetadata current() {
        return holder[0];
      }

      @Override
      public void commit(MetadataChange change) {
        throw new IllegalStateException("cherry-pick appends are applied, not committed");
      }
    };
    AppendUpdate append = new AppendUpdate(local, false);
    for (ManifestFile manifest : Snapshots.manifests(committer.ops().io(), picked)) {
      if (manifest.addedSnapshotId() != picked.snapshotId() || !manifest.hasAddedFiles()) {
        continue;
      }
      try (CloseableIterator<ManifestEntry> entries = ManifestReader.read(committer.ops().io(), manifest, metadata.specsById()).iterator()) {
        while (entries.hasNext()) {
          ManifestEntry entry = entries.next();
          if (entry.status() == ManifestEntry.Status.ADDED && entry.file() instanceof DataFile dataFile) {
            append.appendFile(dataFile.toBuilder().withSequenceNumbers(null, null).build());
          }
        }
      }
    }
    append.set("source-snapshot-id", String.valueOf(picked.snapshotId()));
    cherrypicks.add(append);
    return append.applyTo(metadata);
  }

  @Override
  public Snapshot apply() {
    TableMetadata result = applyTo(committer.current());
    return result.currentSnapshot().orElse(null);
  }

  @Override
  public void commit() {
    committer.commit(this);
  }

  @Override
  public TableMetadata applyTo(TableMetadata base) {
    for (AppendUpdate previous : cherrypicks) {
      previous.abandoned();
    }
    cherrypicks.clear();
    TableMetadata metadata = base;
    for (Operation operation : operations) {
      metadata = operation.apply(metadata);
    }
    return metadata;
  }

  @Override
  public void committed(TableMetadata committed) {
    for (AppendUpdate append : cherrypicks) {
      append.committed(committed);
    }
  }

  @Override
  public void abandoned() {
    for (AppendUpdate append : cherrypicks) {
      append.abandoned();
    }
  }
}
