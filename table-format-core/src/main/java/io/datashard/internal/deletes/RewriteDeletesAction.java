package io.datashard.internal.deletes;

import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.actions.RewriteDeletes;
import io.datashard.data.DeleteFilter;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.deletes.MergeOnReadDeleteWriter;
import io.datashard.deletes.PositionDeleteIndex;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.FileScanTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link RewriteDeletes}: which delete files apply to which data files is decided by scan planning
 * (the scan's delete index), so a delete file that no task carries applies to nothing, and the new
 * deletion vector of a data file holds exactly the positions its readers drop today.
 */
public final class RewriteDeletesAction implements RewriteDeletes {
  private final Table table;
  private final Map<String, String> summary = new LinkedHashMap<>();

  public RewriteDeletesAction(Table table) {
    this.table = Objects.requireNonNull(table, "table is null");
  }

  @Override
  public RewriteDeletes set(String property, String value) {
    summary.put(Objects.requireNonNull(property, "property is null"), Objects.requireNonNull(value, "value is null"));
    return this;
  }

  @Override
  public Result execute() {
    Snapshot base = table.currentSnapshot().orElse(null);
    if (base == null) {
      return new Result(List.of(), 0, List.of(), false);
    }
    boolean vectors = table.formatVersion() >= 3;
    Set<String> applied = new HashSet<>();
    Map<String, DeleteFile> replacedVectors = new LinkedHashMap<>();
    Set<String> dataFiles = new LinkedHashSet<>();
    DeleteWriteResult written = DeleteWriteResult.empty();
    MergeOnReadDeleteWriter writer = vectors ? DeleteWriterFactory.forTable(table).newWriter() : null;
    try {
      DeleteFilter filter = new DeleteFilter(table.io(), table.schema());
      try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).includeColumnStats().planFiles()) {
        for (FileScanTask task : tasks) {
          boolean hasPositionFiles = false;
          for (DeleteFile delete : task.deletes()) {
            applied.add(DeleteRewriteCommit.key(delete));
            hasPositionFiles |= delete.content() == FileContent.POSITION_DELETES && !delete.isDeletionVector();
          }
          if (vectors && hasPositionFiles) {
            // everything the readers of this data file drop by position, in one vector
            PositionDeleteIndex positions = filter.positionDeletes(task);
            String location = task.file().location();
            writer.deleteAll(location, task.file().specId(), task.file().partition(), positions);
            dataFiles.add(location);
            for (DeleteFile delete : task.deletes()) {
              if (delete.isDeletionVector()) {
                replacedVectors.put(DeleteRewriteCommit.key(delete), delete);
              }
            }
          }
        }
      }
      if (writer != null) {
        written = writer.finish();
      }
    } finally {
      if (writer != null) {
        writer.close();
      }
    }

    List<DeleteFile> removed = new ArrayList<>();
    int dead = 0;
    try (CloseableIterator<DeleteFile> live = table.deleteFiles(base).iterator()) {
      while (live.hasNext()) {
        DeleteFile delete = live.next();
        String key = DeleteRewriteCommit.key(delete);
        if (!applied.contains(key)) {
          removed.add(delete);
          dead += 1;
        } else if (vectors && (replacedVectors.containsKey(key)
            || (delete.content() == FileContent.POSITION_DELETES && !delete.isDeletionVector()))) {
          // every data file this position delete file applies to now has a deletion vector holding its positions
          removed.add(delete);
        }
      }
    }
    if (removed.isEmpty()) {
      // nothing written either: a new vector is written only for data files with position delete files, which are removed
      return new Result(List.of(), 0, List.of(), false);
    }
    DeleteRewriteCommit.commit(table, base.snapshotId(), removed, written.deleteFiles(), dataFiles, summary);
    return new Result(removed, dead, written.deleteFiles(), true);
  }
}
