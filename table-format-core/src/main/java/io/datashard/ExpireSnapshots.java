package io.datashard;

import java.util.List;
import java.util.function.Consumer;

/**
 * Removes old snapshots and, unless disabled, the manifests, manifest lists and data files that
 * only they referenced. Branch and tag retention ({@code min-snapshots-to-keep},
 * {@code max-snapshot-age-ms}, {@code max-ref-age-ms}) and the table's {@code history.expire.*}
 * properties decide what is kept.
 */
public interface ExpireSnapshots extends PendingUpdate<List<Snapshot>> {
  ExpireSnapshots expireOlderThan(long timestampMillis);

  ExpireSnapshots expireSnapshotId(long snapshotId);

  ExpireSnapshots retainLast(int numSnapshots);

  /** Where file deletes go (default: the table's FileIO). */
  ExpireSnapshots deleteWith(Consumer<String> deleteFunction);

  ExpireSnapshots cleanExpiredFiles(boolean clean);

  /** Computes what would be removed, deletes nothing and commits nothing. */
  ExpireSnapshots dryRun(boolean dryRun);

  /** After {@link #commit()} (or a dry run), what was or would be removed. */
  ExpireResult result();

  /** Counts and paths of what an expiry removed. */
  record ExpireResult(List<Long> expiredSnapshotIds, List<String> deletedDataFiles, List<String> deletedDeleteFiles,
                      List<String> deletedManifests, List<String> deletedManifestLists, List<String> deletedStatisticsFiles) {
    public ExpireResult {
      expiredSnapshotIds = List.copyOf(expiredSnapshotIds);
      deletedDataFiles = List.copyOf(deletedDataFiles);
      deletedDeleteFiles = List.copyOf(deletedDeleteFiles);
      deletedManifests = List.copyOf(deletedManifests);
      deletedManifestLists = List.copyOf(deletedManifestLists);
      deletedStatisticsFiles = List.copyOf(deletedStatisticsFiles);
    }
  }
}
