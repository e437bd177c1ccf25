package io.datashard;

/** Manages branches, tags and the current snapshot: create, replace, remove, roll back, cherry-pick. */
public interface ManageSnapshots extends PendingUpdate<Snapshot> {
  ManageSnapshots createBranch(String name);

  ManageSnapshots createBranch(String name, long snapshotId);

  ManageSnapshots createTag(String name, long snapshotId);

  ManageSnapshots removeBranch(String name);

  ManageSnapshots removeTag(String name);

  ManageSnapshots renameBranch(String name, String newName);

  ManageSnapshots replaceBranch(String name, long snapshotId);

  ManageSnapshots replaceTag(String name, long snapshotId);

  /** Moves {@code name} to the head of {@code source} if {@code name}'s head is an ancestor of it. */
  ManageSnapshots fastForwardBranch(String name, String source);

  ManageSnapshots setMinSnapshotsToKeep(String branch, int minSnapshotsToKeep);

  ManageSnapshots setMaxSnapshotAgeMs(String branch, long maxSnapshotAgeMs);

  ManageSnapshots setMaxRefAgeMs(String ref, long maxRefAgeMs);

  /** Makes an ancestor of the current snapshot current again. */
  ManageSnapshots rollbackTo(long snapshotId);

  /** Rolls back to the latest ancestor committed strictly before the time (as Iceberg does). */
  ManageSnapshots rollbackToTime(long timestampMillis);

  /** Makes any snapshot of the table current, ancestor or not. */
  ManageSnapshots setCurrentSnapshot(long snapshotId);

  /** Applies the changes of an append snapshot (from another branch or a staged commit) onto main. */
  ManageSnapshots cherrypick(long snapshotId);
}
