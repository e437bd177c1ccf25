package io.datashard.spark;

/**
 * Which snapshot of a table Spark reads: the latest one of the main branch, a snapshot id, a branch
 * or tag, or the snapshot current at a point in time. At most one of the components is set.
 *
 * @param snapshotId the snapshot to read, or null
 * @param ref the branch or tag to read (a branch is also where writes go), or null
 * @param asOfTimestampMillis read the snapshot that was current at this time, or null
 */
public record SnapshotSelection(Long snapshotId, String ref, Long asOfTimestampMillis) implements java.io.Serializable {

  private static final SnapshotSelection LATEST = new SnapshotSelection(null, null, null);

  public SnapshotSelection {
    int set = (snapshotId != null ? 1 : 0) + (ref != null ? 1 : 0) + (asOfTimestampMillis != null ? 1 : 0);
    if (set > 1) {
      throw new IllegalArgumentException("Cannot select a snapshot by more than one of snapshot-id (" + snapshotId
          + "), branch/tag (" + ref + ") and as-of-timestamp (" + asOfTimestampMillis + "): pass only one");
    }
    if (ref != null && ref.isBlank()) {
      throw new IllegalArgumentException("Branch or tag name is blank: pass a ref name or no ref");
    }
  }

  /** The latest snapshot of the main branch. */
  public static SnapshotSelection latest() {
    return LATEST;
  }

  public static SnapshotSelection snapshot(long snapshotId) {
    return new SnapshotSelection(snapshotId, null, null);
  }

  public static SnapshotSelection ref(String ref) {
    java.util.Objects.requireNonNull(ref, "ref is null");
    return new SnapshotSelection(null, ref, null);
  }

  public static SnapshotSelection asOfTimestamp(long millis) {
    return new SnapshotSelection(null, null, millis);
  }

  public boolean isLatest() {
    return snapshotId == null && ref == null && asOfTimestampMillis == null;
  }

  /** Whether this selects a fixed point in history (snapshot id or time), which cannot be written to. */
  public boolean isTimeTravel() {
    return snapshotId != null || asOfTimestampMillis != null;
  }

  /** Applies this selection to a scan of the table. */
  public io.datashard.scan.TableScan applyTo(io.datashard.scan.TableScan scan) {
    if (snapshotId != null) {
      return scan.useSnapshot(snapshotId);
    } else if (ref != null) {
      return scan.useRef(ref);
    } else if (asOfTimestampMillis != null) {
      return scan.asOfTime(asOfTimestampMillis);
    }
    return scan;
  }

  @Override
  public String toString() {
    if (snapshotId != null) {
      return "snapshot-id=" + snapshotId;
    } else if (ref != null) {
      return "ref=" + ref;
    } else if (asOfTimestampMillis != null) {
      return "as-of-timestamp=" + asOfTimestampMillis;
    }
    return "latest";
  }
}
