package io.datashard.internal.deletes;

import io.datashard.DeleteFile;
import io.datashard.RewriteFiles;
import io.datashard.Table;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.exceptions.CommitStateUnknownException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commits a rewrite of delete files (rows unchanged) as one {@code replace} snapshot, validated
 * against commits since the snapshot that was read.
 */
final class DeleteRewriteCommit {
  private DeleteRewriteCommit() {
  }

  /**
   * @param removed delete files to remove; the commit fails if one is no longer in the table
   * @param added new delete files (deletion vectors or position delete files)
   * @param dataFiles data files the new deletes apply to: they must still exist, and (v3) no
   *     position deletes may have been added for them concurrently, since the new deletion vector
   *     would hide them
   */
  static void commit(Table table, long baseSnapshotId, List<DeleteFile> removed, List<DeleteFile> added, Set<String> dataFiles,
      Map<String, String> summary) {
    RewriteFiles rewrite = table.newRewrite();
    removed.forEach(rewrite::deleteFile);
    added.forEach(rewrite::addFile);
    rewrite.validateFromSnapshot(baseSnapshotId);
    if (!dataFiles.isEmpty()) {
      rewrite.validateDataFilesExist(dataFiles);
      if (table.formatVersion() >= 3) {
        List<DeleteConflicts.PartitionKey> partitions = new ArrayList<>();
        for (DeleteFile file : added) {
          partitions.add(new DeleteConflicts.PartitionKey(file.specId(), file.partition()));
        }
        rewrite.conflictDetectionFilter(DeleteConflicts.positionDeletesFor(dataFiles, partitions))
            .validateNoConflictingDeleteFiles();
      }
    }
    summary.forEach(rewrite::set);
    try {
      rewrite.commit();
    } catch (CommitStateUnknownException e) {
      throw e; // the new files may be part of the table: never delete them
    } catch (RuntimeException e) {
      DeleteFiles.deleteWritten(table.io(), new DeleteWriteResult(added, List.of(), Set.of()), e);
      throw e;
    }
  }

  /** Identity of a delete file in a snapshot: location, plus the blob offset for deletion vectors. */
  static String key(DeleteFile file) {
    return file.location() + "#" + file.contentOffset().orElse(-1L);
  }
}
