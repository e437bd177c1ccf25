package io.datashard;

import java.util.Objects;
import java.util.Optional;

/**
 * A named reference to a snapshot: a branch (can be committed to) or a tag (fixed).
 * Retention settings left unset fall back to the table properties.
 */
public record SnapshotRef(long snapshotId, Type type, Integer minSnapshotsToKeep, Long maxSnapshotAgeMs, Long maxRefAgeMs) {
  public static final String MAIN_BRANCH = "main";

  /** Kind of reference; JSON names are "branch" and "tag". */
  public enum Type {
    BRANCH,
    TAG;

    public String jsonName() {
      return this == BRANCH ? "branch" : "tag";
    }

    public static Type fromJsonName(String name) {
      return switch (name.toLowerCase(java.util.Locale.ROOT)) {
        case "branch" -> BRANCH;
        case "tag" -> TAG;
        default -> throw new IllegalArgumentException("Unknown snapshot ref type '" + name + "': expected branch or tag");
      };
    }
  }

  public SnapshotRef {
    Objects.requireNonNull(type, "type is null");
    if (type == Type.TAG && (minSnapshotsToKeep != null || maxSnapshotAgeMs != null)) {
      throw new IllegalArgumentException("Tags cannot have min-snapshots-to-keep or max-snapshot-age-ms: those apply to branches only");
    }
    if (minSnapshotsToKeep != null && minSnapshotsToKeep <= 0) {
      throw new IllegalArgumentException("min-snapshots-to-keep must be positive, got " + minSnapshotsToKeep);
    }
    if (maxSnapshotAgeMs != null && maxSnapshotAgeMs <= 0) {
      throw new IllegalArgumentException("max-snapshot-age-ms must be positive, got " + maxSnapshotAgeMs);
    }
    if (maxRefAgeMs != null && maxRefAgeMs <= 0) {
      throw new IllegalArgumentException("max-ref-age-ms must be positive, got " + maxRefAgeMs);
    }
  }

  public static SnapshotRef branch(long snapshotId) {
    return new SnapshotRef(snapshotId, Type.BRANCH, null, null, null);
  }

  public static SnapshotRef tag(long snapshotId) {
    return new SnapshotRef(snapshotId, Type.TAG, null, null, null);
  }

  public boolean isBranch() {
    return type == Type.BRANCH;
  }

  public boolean isTag() {
    return type == Type.TAG;
  }

  public Optional<Integer> minSnapshotsToKeepValue() {
    return Optional.ofNullable(minSnapshotsToKeep);
  }

  public Optional<Long> maxSnapshotAgeMsValue() {
    return Optional.ofNullable(maxSnapshotAgeMs);
  }

  public Optional<Long> maxRefAgeMsValue() {
    return Optional.ofNullable(maxRefAgeMs);
  }

  public SnapshotRef withSnapshotId(long id) {
    return new SnapshotRef(id, type, minSnapshotsToKeep, maxSnapshotAgeMs, maxRefAgeMs);
  }

  public SnapshotRef withRetention(Integer minSnapshots, Long maxSnapshotAge, Long maxRefAge) {
    return new SnapshotRef(snapshotId, type, minSnapshots, maxSnapshotAge, maxRefAge);
  }
}
