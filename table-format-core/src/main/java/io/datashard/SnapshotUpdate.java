package io.datashard;

/** An update that produces a new snapshot. */
public interface SnapshotUpdate<T extends SnapshotUpdate<T>> extends PendingUpdate<Snapshot> {
  /** Adds a property to the snapshot summary. */
  T set(String property, String value);

  /** Commits to the given branch instead of main; the branch is created if it does not exist. */
  T toBranch(String branch);
}
