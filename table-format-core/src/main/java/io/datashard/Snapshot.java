package io.datashard;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot: the state of the table after one commit.
 *
 * @param sequenceNumber data sequence number assigned by the commit (0 for v1 tables)
 * @param snapshotId unique id
 * @param parentId parent snapshot id, or null for the first snapshot of a lineage
 * @param timestampMillis commit time
 * @param manifestListLocation manifest list path, or null for v1 snapshots that embed manifests
 * @param v1ManifestLocations v1 only: manifests listed inline instead of a manifest list
 * @param operation append, replace, overwrite or delete; null if unknown
 * @param summary the snapshot summary (counters and engine properties)
 * @param schemaId schema current when the snapshot was written, or null
 * @param firstRowId v3: first row id assigned to the snapshot's new rows, or null
 * @param addedRows v3: rows added by the snapshot, or null
 */
public record Snapshot(
    long sequenceNumber,
    long snapshotId,
    Long parentId,
    long timestampMillis,
    String manifestListLocation,
    List<String> v1ManifestLocations,
    String operation,
    Map<String, String> summary,
    Integer schemaId,
    Long firstRowId,
    Long addedRows) {

  public Snapshot {
    v1ManifestLocations = v1ManifestLocations == null ? List.of() : List.copyOf(v1ManifestLocations);
    summary = summary == null ? Map.of() : Map.copyOf(summary);
  }

  public Optional<Long> parentIdValue() {
    return Optional.ofNullable(parentId);
  }

  public Optional<Integer> schemaIdValue() {
    return Optional.ofNullable(schemaId);
  }

  public Optional<String> operationValue() {
    return Optional.ofNullable(operation);
  }
}
