package io.datashard.internal.scan;

import io.datashard.DataOperations;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.IncrementalAppendScan;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An {@link IncrementalAppendScan} over a table's current metadata, in the current schema. */
public final class IncrementalAppendScanImpl extends ConfiguredScan<IncrementalAppendScan> implements IncrementalAppendScan {
  private final Long fromId;
  private final boolean fromInclusive;
  private final Long toId;

  public IncrementalAppendScanImpl(Table table) {
    this(table, ScanSettings.defaults(), null, false, null);
  }

  private IncrementalAppendScanImpl(Table table, ScanSettings settings, Long fromId, boolean fromInclusive, Long toId) {
    super(table, settings);
    this.fromId = fromId;
    this.fromInclusive = fromInclusive;
    this.toId = toId;
  }

  @Override
  IncrementalAppendScan withSettings(ScanSettings newSettings) {
    return new IncrementalAppendScanImpl(table(), newSettings, fromId, fromInclusive, toId);
  }

  @Override
  public IncrementalAppendScan fromSnapshotExclusive(long snapshotId) {
    return new IncrementalAppendScanImpl(table(), settings(), snapshotId, false, toId);
  }

  @Override
  public IncrementalAppendScan fromSnapshotInclusive(long snapshotId) {
    requireSnapshot(snapshotId, "start");
    return new IncrementalAppendScanImpl(table(), settings(), snapshotId, true, toId);
  }

  @Override
  public IncrementalAppendScan toSnapshot(long snapshotId) {
    requireSnapshot(snapshotId, "end");
    return new IncrementalAppendScanImpl(table(), settings(), fromId, fromInclusive, snapshotId);
  }

  private Snapshot requireSnapshot(long snapshotId, String role) {
    return table().snapshot(snapshotId).orElseThrow(() -> new NotFoundException("Cannot use snapshot " + snapshotId
        + " as the " + role + " of an incremental scan of table " + table().name() + ": the table has no such snapshot"));
  }

  @Override
  Schema tableSchema() {
    return table().schema();
  }

  /** The snapshots of the range, newest first. */
  private List<Snapshot> range() {
    Snapshot to = toId == null ? table().currentSnapshot().orElse(null) : requireSnapshot(toId, "end");
    List<Snapshot> result = new ArrayList<>();
    Snapshot current = to;
    boolean reachedFrom = fromId == null;
    while (current != null) {
      if (fromId != null && current.snapshotId() == fromId) {
        if (fromInclusive) {
          result.add(current);
        }
        reachedFrom = true;
        break;
      }
      result.add(current);
      current = current.parentId() == null ? null : table().snapshot(current.parentId()).orElse(null);
    }
    if (!reachedFrom) {
      throw new ValidationException("Cannot scan appends of table " + table().name() + " from snapshot " + fromId
          + " to " + (to == null ? "the current state" : "snapshot " + to.snapshotId()) + ": " + fromId
          + " is not an ancestor of " + (to == null ? "it (the table has no snapshot)" : to.snapshotId())
          + "; choose a start in the end snapshot's history");
    }
    return result;
  }

  @Override
  public CloseableIterable<FileScanTask> planFiles() {
    ManifestPlanner planner = planner();
    Set<Long> appends = new HashSet<>();
    List<ManifestFile> manifests = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Snapshot snapshot : range()) {
      if (!DataOperations.APPEND.equals(snapshot.operation())) {
        continue;
      }
      appends.add(snapshot.snapshotId());
      for (ManifestFile manifest : table().manifests(snapshot)) {
        // an append's files are in the manifests it wrote (merged appends write them as added too)
        if (manifest.content() == ManifestContent.DATA && manifest.addedSnapshotId() == snapshot.snapshotId()
            && seen.add(manifest.location())) {
          manifests.add(manifest);
        }
      }
    }
    if (manifests.isEmpty()) {
      return CloseableIterable.empty();
    }
    DeleteFileIndex noDeletes = DeleteFileIndex.empty(tableSchema());
    return planner.plan(manifests, noDeletes,
        entry -> entry.status() == ManifestEntry.Status.ADDED && appends.contains(entry.snapshotId()));
  }
}
