package io.datashard.internal.commit;

import io.datashard.ExpireSnapshots;
import io.datashard.FileContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionStatisticsFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.StatisticsFile;
import io.datashard.TableProperties;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataBuilder;
import io.datashard.io.CloseableIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires snapshots by age and count, honouring branch and tag retention, then (after the commit
 * landed) deletes the manifest lists, manifests, data and delete files that no retained snapshot
 * references.
 */
final class ExpireSnapshotsUpdate implements ExpireSnapshots, MetadataChange {
  private static final Logger LOG = LoggerFactory.getLogger(ExpireSnapshotsUpdate.class);

  private final ChangeCommitter committer;
  private final long now = System.currentTimeMillis();
  private Long expireOlderThan = null;
  private Integer retainLast = null;
  private final Set<Long> explicitIds = new HashSet<>();
  private Consumer<String> deleteFunction;
  private boolean cleanFiles = true;
  private boolean dryRun = false;
  private TableMetadata lastBase;
  private TableMetadata lastResult;
  private ExpireResult result;

  ExpireSnapshotsUpdate(ChangeCommitter committer) {
    this.committer = committer;
    this.deleteFunction = location -> committer.ops().io().deleteFile(location);
  }

  @Override
  public ExpireSnapshots expireOlderThan(long timestampMillis) {
    this.expireOlderThan = timestampMillis;
    return this;
  }

  @Override
  public ExpireSnapshots expireSnapshotId(long snapshotId) {
    explicitIds.add(snapshotId);
    return this;
  }

  @Override
  public ExpireSnapshots retainLast(int numSnapshots) {
    if (numSnapshots < 1) {
      throw new IllegalArgumentException("retainLast must keep at least one snapshot, got " + numSnapshots);
    }
    this.retainLast = numSnapshots;
    return this;
  }

  @Override
  public ExpireSnapshots deleteWith(Consumer<String> function) {
    this.deleteFunction = Objects.requireNonNull(function, "function is null");
    return this;
  }

  @Override
  public ExpireSnapshots cleanExpiredFiles(boolean clean) {
    this.cleanFiles = clean;
    return this;
  }

  @Override
  public ExpireSnapshots dryRun(boolean enabled) {
    this.dryRun = enabled;
    return this;
  }

  @Override
  public ExpireResult result() {
    if (result == null) {
      throw new IllegalStateException("No result yet: call commit() first (with dryRun(true) to only compute it)");
    }
    return result;
  }

  @Override
  public List<Snapshot> apply() {
    TableMetadata base = committer.current();
    TableMetadata updated = applyTo(base);
    List<Snapshot> expired = new ArrayList<>();
    for (Snapshot snapshot : base.snapshots()) {
      if (updated.snapshot(snapshot.snapshotId()).isEmpty()) {
        expired.add(snapshot);
      }
    }
    return expired;
  }

  @Override
  public void commit() {
    if (dryRun) {
      TableMetadata base = committer.current();
      TableMetadata updated = applyTo(base);
      result = computeCleanup(base, updated, false);
      return;
    }
    committer.commit(this);
  }

  @Override
  public TableMetadata applyTo(TableMetadata base) {
    long defaultMaxAge = base.propertyAsLong(TableProperties.MAX_SNAPSHOT_AGE_MS, TableProperties.MAX_SNAPSHOT_AGE_MS_DEFAULT);
    long defaultOlderThan = expireOlderThan != null ? expireOlderThan : now - defaultMaxAge;
    int defaultMinKeep = retainLast != null ? retainLast
        : base.propertyAsInt(TableProperties.MIN_SNAPSHOTS_TO_KEEP, TableProperties.MIN_SNAPSHOTS_TO_KEEP_DEFAULT);
    long defaultMaxRefAge = base.propertyAsLong(TableProperties.MAX_REF_AGE_MS, TableProperties.MAX_REF_AGE_MS_DEFAULT);

    TableMetadataBuilder builder = base.toBuilder();
    Set<Long> retained = new HashSet<>();
    Map<String, SnapshotRef> liveRefs = new HashMap<>();
    for (Map.Entry<String, SnapshotRef> entry : base.refs().entrySet()) {
      String name = entry.getKey();
      SnapshotRef ref = entry.getValue();
      Snapshot head = base.snapshot(ref.snapshotId()).orElseThrow();
      long maxRefAge = ref.maxRefAgeMs() != null ? ref.maxRefAgeMs() : defaultMaxRefAge;
      boolean expiredRef = !name.equals(SnapshotRef.MAIN_BRANCH) && maxRefAge != Long.MAX_VALUE
          && now - head.timestampMillis() > maxRefAge;
      if (expiredRef) {
        builder.removeRef(name);
      } else {
        liveRefs.put(name, ref);
      }
    }
    for (SnapshotRef ref : liveRefs.values()) {
      Snapshot head = base.snapshot(ref.snapshotId()).orElseThrow();
      if (ref.isTag()) {
        retained.add(head.snapshotId());
        continue;
      }
      int minKeep = ref.minSnapshotsToKeep() != null ? ref.minSnapshotsToKeep() : defaultMinKeep;
      long olderThan = ref.maxSnapshotAgeMs() != null ? now - ref.maxSnapshotAgeMs() : defaultOlderThan;
      int kept = 0;
      for (Snapshot ancestor : Snapshots.ancestry(base, head)) {
        if (kept < minKeep || ancestor.timestampMillis() >= olderThan) {
          retained.add(ancestor.snapshotId());
          kept++;
        } else {
          break;
        }
      }
    }
    // snapshots on no ref (e.g. staged, or left by a rollback) age out with the default
    Set<Long> onRefs = new HashSet<>();
    for (SnapshotRef ref : liveRefs.values()) {
      for (Snapshot ancestor : Snapshots.ancestry(base, base.snapshot(ref.snapshotId()).orElseThrow())) {
        onRefs.add(ancestor.snapshotId());
      }
    }
    Set<Long> toExpire = new HashSet<>();
    for (Snapshot snapshot : base.snapshots()) {
      long id = snapshot.snapshotId();
      if (explicitIds.contains(id)) {
        for (Map.Entry<String, SnapshotRef> ref : liveRefs.entrySet()) {
          if (ref.getValue().snapshotId() == id) {
            throw new ValidationException("Cannot expire snapshot " + id + " of " + committer.ops().tableName()
                + ": it is the head of " + ref.getValue().type().jsonName() + " '" + ref.getKey() + "'. Remove or move the ref first.");
          }
        }
        toExpire.add(id);
      } else if (!retained.contains(id)) {
        boolean unreferencedAndOld = !onRefs.contains(id) && snapshot.timestampMillis() < defaultOlderThan;
        if (onRefs.contains(id) || unreferencedAndOld) {
          toExpire.add(id);
        }
      }
    }
    if (expireOlderThan == null && retainLast == null && explicitIds.isEmpty() && toExpire.isEmpty()) {
      return builder.build();
    }
    builder.removeSnapshots(toExpire);
    TableMetadata updated = builder.build();
    lastBase = base;
    lastResult = updated;
    return updated;
  }

  @Override
  public void committed(TableMetadata committed) {
    if (lastBase == null) {
      result = new ExpireResult(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
      return;
    }
    result = computeCleanup(lastBase, lastResult, cleanFiles);
  }

  /**
   * Finds (and, when {@code delete}, removes) the files only expired snapshots referenced. A file
   * still referenced by any retained snapshot's manifests is never removed.
   */
  private ExpireResult computeCleanup(TableMetadata before, TableMetadata after, boolean delete) {
    List<Long> expiredIds = new ArrayList<>();
    List<Snapshot> expired = new ArrayList<>();
    for (Snapshot snapshot : before.snapshots()) {
      if (after.snapshot(snapshot.snapshotId()).isEmpty()) {
        expiredIds.add(snapshot.snapshotId());
        expired.add(snapshot);
      }
    }
    List<String> manifestLists = new ArrayList<>();
    List<String> deletedManifests = new ArrayList<>();
    List<String> dataFiles = new ArrayList<>();
    List<String> deleteFiles = new ArrayList<>();
    List<String> statistics = new ArrayList<>();
    if (!expired.isEmpty()) {
      var io = committer.ops().io();
      Set<String> retainedManifestPaths = new HashSet<>();
      List<ManifestFile> retainedManifests = new ArrayList<>();
      for (Snapshot snapshot : after.snapshots()) {
        for (ManifestFile manifest : Snapshots.manifests(io, snapshot)) {
          if (retainedManifestPaths.add(manifest.location())) {
            retainedManifests.add(manifest);
          }
        }
      }
      Set<String> retainedLists = new HashSet<>();
      for (Snapshot snapshot : after.snapshots()) {
        if (snapshot.manifestListLocation() != null) {
          retainedLists.add(snapshot.manifestListLocation());
        }
      }
      List<ManifestFile> candidateManifests = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Snapshot snapshot : expired) {
        if (snapshot.manifestListLocation() != null && !retainedLists.contains(snapshot.manifestListLocation())) {
          manifestLists.add(snapshot.manifestListLocation());
        }
        for (ManifestFile manifest : Snapshots.manifests(io, snapshot)) {
          if (!retainedManifestPaths.contains(manifest.location()) && seen.add(manifest.location())) {
            candidateManifests.add(manifest);
          }
        }
      }
      if (!candidateManifests.isEmpty()) {
        Set<String> candidateFiles = new HashSet<>();
        Map<String, FileContent> contents = new HashMap<>();
        for (ManifestFile manifest : candidateManifests) {
          deletedManifests.add(manifest.location());
          try (CloseableIterator<ManifestEntry> entries = ManifestReader.read(io, manifest, before.specsById()).iterator()) {
            while (entries.hasNext()) {
              ManifestEntry entry = entries.next();
              candidateFiles.add(entry.file().location());
              contents.put(entry.file().location(), entry.file().content());
            }
          }
        }
        for (ManifestFile manifest : retainedManifests) {
          try (CloseableIterator<ManifestEntry> entries = ManifestReader.read(io, manifest, after.specsById()).iterator()) {
            while (entries.hasNext()) {
              ManifestEntry entry = entries.next();
              // a DELETED entry records the file's removal: it does not keep the file reachable
              if (entry.status() != ManifestEntry.Status.DELETED) {
                candidateFiles.remove(entry.file().location());
              }
            }
          }
        }
        for (String file : candidateFiles) {
          (contents.get(file) == FileContent.DATA ? dataFiles : deleteFiles).add(file);
        }
      }
      Set<String> keptStats = new HashSet<>();
      after.statisticsFiles().forEach(f -> keptStats.add(f.path()));
      after.partitionStatisticsFiles().forEach(f -> keptStats.add(f.path()));
      for (StatisticsFile file : before.statisticsFiles()) {
        if (!keptStats.contains(file.path())) {
          statistics.add(file.path());
        }
      }
      for (PartitionStatisticsFile file : before.partitionStatisticsFiles()) {
        if (!keptStats.contains(file.path())) {
          statistics.add(file.path());
        }
      }
    }
    ExpireResult computed = new ExpireResult(expiredIds, dataFiles, deleteFiles, deletedManifests, manifestLists, statistics);
    if (delete) {
      deleteAll(computed.deletedDataFiles());
      deleteAll(computed.deletedDeleteFiles());
      deleteAll(computed.deletedManifests());
      deleteAll(computed.deletedManifestLists());
      deleteAll(computed.deletedStatisticsFiles());
    }
    return computed;
  }

  private void deleteAll(List<String> files) {
    for (String file : files) {
      try {
        deleteFunction.accept(file);
      } catch (RuntimeException e) {
        // the snapshots are already expired; a leftover file is an orphan for orphan-file cleanup, not an error
        LOG.warn("Failed to delete {} while expiring snapshots of {}: {}", file, committer.ops().tableName(), e.toString());
      }
    }
  }
}
