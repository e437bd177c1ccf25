package io.datashard.internal.commit;

import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.internal.manifest.ManifestListReader;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.io.FileIO;
import java.util.ArrayList;
import java.util.List;

/** Reading a snapshot's manifests and walking its ancestry. */
public final class Snapshots {
  private Snapshots() {
  }

  /** The snapshot's manifests, from its manifest list (or, for old v1 snapshots, its inline list). */
  public static List<ManifestFile> manifests(FileIO io, Snapshot snapshot) {
    if (snapshot.manifestListLocation() != null) {
      return ManifestListReader.read(io, snapshot.manifestListLocation());
    }
    List<ManifestFile> manifests = new ArrayList<>();
    for (String location : snapshot.v1ManifestLocations()) {
      manifests.add(ManifestListReader.describeV1(io, location, snapshot.snapshotId()));
    }
    return manifests;
  }

  /** The snapshot and its ancestors, newest first, as far as the metadata still holds them. */
  public static List<Snapshot> ancestry(TableMetadata metadata, Snapshot head) {
    List<Snapshot> result = new ArrayList<>();
    Snapshot current = head;
    while (current != null) {
      result.add(current);
      current = current.parentId() == null ? null : metadata.snapshot(current.parentId()).orElse(null);
    }
    return result;
  }

  public static boolean isAncestor(TableMetadata metadata, Snapshot head, long snapshotId) {
    for (Snapshot snapshot : ancestry(metadata, head)) {
      if (snapshot.snapshotId() == snapshotId) {
        return true;
      }
    }
    return false;
  }
}
