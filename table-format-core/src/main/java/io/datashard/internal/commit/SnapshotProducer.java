package io.datashard.internal.commit;

import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.SnapshotUpdate;
import io.datashard.TableProperties;
import io.datashard.internal.manifest.ManifestListWriter;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataBuilder;
import io.datashard.io.FileIO;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces one snapshot per commit. Subclasses decide the snapshot's manifests; this class writes
 * the manifest list, the summary and the snapshot, points the target branch at it, and cleans up
 * the files of attempts that did not land (never after an unknown outcome).
 */
abstract class SnapshotProducer<T extends SnapshotUpdate<T>> implements SnapshotUpdate<T>, MetadataChange {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotProducer.class);

  private final ChangeCommitter committer;
  private final long snapshotId;
  private final String commitUuid = UUID.randomUUID().toString();
  private final Map<String, String> summaryProperties = new LinkedHashMap<>();
  private final Set<String> writtenFiles = new HashSet<>();
  private int attempt = 0;
  private String targetBranch = SnapshotRef.MAIN_BRANCH;
  private Snapshot lastApplied;
  private Set<String> lastAttemptFiles = Set.of();

  SnapshotProducer(ChangeCommitter committer) {
    this.committer = Objects.requireNonNull(committer, "committer is null");
    this.snapshotId = committer.ops().newSnapshotId();
  }

  protected abstract T self();

  /** The spec's operation name for the snapshot. */
  protected abstract String operation();

  /** Validates the change against the base and the target branch's head (may be null). */
  protected void validate(TableMetadata base, Snapshot parent) {
  }

  /**
   * The manifests of the new snapshot. Implementations register every file they write with
   * {@link #track(String)} and record summary counters in {@code summary}.
   */
  protected abstract List<ManifestFile> apply(TableMetadata base, Snapshot parent, SnapshotSummaryBuilder summary);

  protected final TableOperations ops() {
    return committer.ops();
  }

  protected final FileIO io() {
    return committer.ops().io();
  }

  protected final long snapshotId() {
    return snapshotId;
  }

  protected final String targetBranch() {
    return targetBranch;
  }

  /** A new manifest location for this commit, registered for cleanup. */
  protected final String newManifestLocation() {
    String location = ops().metadataFileLocation(commitUuid + "-m" + writtenFiles.size() + ".avro");
    writtenFiles.add(location);
    return location;
  }

  /** Records a file written by this producer, so an abandoned attempt can remove it. */
  protected final void track(String location) {
    writtenFiles.add(location);
  }

  @Override
  public T set(String property, String value) {
    summaryProperties.put(Objects.requireNonNull(property, "property is null"), Objects.requireNonNull(value, "value is null"));
    return self();
  }

  @Override
  public T toBranch(String branch) {
    this.targetBranch = Objects.requireNonNull(branch, "branch is null");
    return self();
  }

  @Override
  public Snapshot apply() {
    TableMetadata applied = applyTo(committer.current());
    return applied.snapshot(snapshotId).orElseThrow();
  }

  @Override
  public void commit() {
    committer.commit(this);
  }

  @Override
  public TableMetadata applyTo(TableMetadata base) {
    attempt++;
    SnapshotRef ref = base.refs().get(targetBranch);
    if (ref != null && ref.isTag()) {
      throw new io.datashard.exceptions.ValidationException("Cannot commit to '" + targetBranch + "' of " + ops().tableName()
          + ": it is a tag, and tags cannot move. Commit to a branch instead.");
    }
    // a branch that does not exist yet forks from main's current snapshot, as in Iceberg
    Snapshot parent = ref == null ? base.currentSnapshot().orElse(null) : base.snapshot(ref.snapshotId()).orElseThrow();
    validate(base, parent);

    SnapshotSummaryBuilder summary = new SnapshotSummaryBuilder();
    List<ManifestFile> manifests = apply(base, parent, summary);

    long sequenceNumber = base.nextSequenceNumber();
    Long firstRowId = base.formatVersion() >= 3 ? base.nextRowId() : null;
    String manifestList = ops().metadataFileLocation(
        "snap-" + snapshotId + "-" + attempt + "-" + commitUuid + ".avro");
    writtenFiles.add(manifestList);
    ManifestListWriter.Result written = ManifestListWriter.write(io().newOutputFile(manifestList), base.formatVersion(),
        snapshotId, parent == null ? null : parent.snapshotId(), sequenceNumber, firstRowId, manifests);

    Map<String, String> summaryMap = summary.build(parent == null ? null : parent.summary());
    summaryMap.putAll(summaryProperties);
    Snapshot snapshot = new Snapshot(sequenceNumber, snapshotId, parent == null ? null : parent.snapshotId(),
        System.currentTimeMillis(), manifestList, List.of(), operation(), summaryMap, base.currentSchemaId(),
        firstRowId, firstRowId == null ? null : written.assignedRows());

    Set<String> attemptFiles = new HashSet<>();
    attemptFiles.add(manifestList);
    for (ManifestFile manifest : manifests) {
      attemptFiles.add(manifest.location());
    }
    lastAttemptFiles = attemptFiles;
    lastApplied = snapshot;

    TableMetadataBuilder builder = base.toBuilder();
    builder.addSnapshot(snapshot);
    builder.setBranchSnapshot(snapshotId, targetBranch);
    return builder.build();
  }

  /** The snapshot of the last successful apply, for callers that need its id after commit. */
  public Snapshot lastApplied() {
    return lastApplied;
  }

  @Override
  public void committed(TableMetadata committed) {
    Set<String> stale = new HashSet<>(writtenFiles);
    stale.removeAll(lastAttemptFiles);
    deleteQuietly(stale);
  }

  @Override
  public void abandoned() {
    deleteQuietly(writtenFiles);
  }

  private void deleteQuietly(Set<String> files) {
    for (String file : files) {
      try {
        io().deleteFile(file);
      } catch (RuntimeException e) {
        LOG.warn("Failed to delete uncommitted file {} of {}: {}", file, ops().tableName(), e.toString());
      }
    }
  }

  /** Manifest merging settings of the base table. */
  protected static boolean mergeEnabled(TableMetadata base) {
    return base.propertyAsBoolean(TableProperties.MANIFEST_MERGE_ENABLED, TableProperties.MANIFEST_MERGE_ENABLED_DEFAULT);
  }
}
