package io.datashard.internal.deletes;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.actions.ConvertEqualityDeletes;
import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.deletes.DeletionVector;
import io.datashard.deletes.MergeOnReadDeleteWriter;
import io.datashard.deletes.PositionDeleteIndex;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link ConvertEqualityDeletes}: scan planning decides which equality deletes apply to which data
 * files (data sequence number strictly lower, same partition or global, overlapping equality-column
 * bounds), so only those data files are read, and only their equality columns.
 */
public final class ConvertEqualityDeletesAction implements ConvertEqualityDeletes {
  private final Table table;
  private final Map<String, String> summary = new LinkedHashMap<>();
  private Predicate<DeleteFile> deleteFileFilter = file -> true;

  public ConvertEqualityDeletesAction(Table table) {
    this.table = Objects.requireNonNull(table, "table is null");
  }

  @Override
  public ConvertEqualityDeletes deleteFileFilter(Predicate<DeleteFile> filter) {
    this.deleteFileFilter = Objects.requireNonNull(filter, "filter is null");
    return this;
  }

  @Override
  public ConvertEqualityDeletes set(String property, String value) {
    summary.put(Objects.requireNonNull(property, "property is null"), Objects.requireNonNull(value, "value is null"));
    return this;
  }

  @Override
  public Result execute() {
    Snapshot base = table.currentSnapshot().orElse(null);
    if (base == null) {
      return new Result(List.of(), List.of(), List.of(), 0, 0, false);
    }
    List<DeleteFile> converted = new ArrayList<>();
    Set<String> convertedKeys = new LinkedHashSet<>();
    try (CloseableIterator<DeleteFile> live = table.deleteFiles(base).iterator()) {
      while (live.hasNext()) {
        DeleteFile delete = live.next();
        if (delete.content() == FileContent.EQUALITY_DELETES && deleteFileFilter.test(delete)) {
          converted.add(delete);
          convertedKeys.add(DeleteRewriteCommit.key(delete));
        }
      }
    }
    if (converted.isEmpty()) {
      return new Result(List.of(), List.of(), List.of(), 0, 0, false);
    }

    boolean vectors = table.formatVersion() >= 3;
    Schema schema = table.schema();
    PositionedRows rows = new PositionedRows(table.io(), schema);
    Map<String, DeleteFile> replaced = new LinkedHashMap<>();
    Set<String> dataFiles = new LinkedHashSet<>();
    int filesRead = 0;
    long deletedRows = 0;
    DeleteWriteResult written;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table).newWriter()) {
      try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).includeColumnStats().planFiles()) {
        for (FileScanTask task : tasks) {
          List<DeleteFile> equality = new ArrayList<>();
          for (DeleteFile delete : task.deletes()) {
            if (convertedKeys.contains(DeleteRewriteCommit.key(delete))) {
              equality.add(delete);
            }
          }
          if (equality.isEmpty()) {
            continue;
          }
          filesRead += 1;
          DeletionVector matched = matchedPositions(rows, task.file(), FileScanTask.wholeFile(task.file(), equality, task.spec(),
              Expressions.alwaysTrue()));
          if (matched.isEmpty()) {
            continue;
          }
          PositionDeleteIndex existing = rows.deleteFilter().positionDeletes(task);
          DeletionVector toWrite = new DeletionVector();
          if (vectors) {
            // the data file's one vector holds what its position deletes drop today plus the matches
            toWrite.merge(existing);
            toWrite.merge(matched);
            for (DeleteFile delete : task.deletes()) {
              if (delete.isDeletionVector()
                  || (delete.content() == FileContent.POSITION_DELETES
                      && delete.referencedDataFile().filter(task.file().location()::equals).isPresent())) {
                replaced.put(DeleteRewriteCommit.key(delete), delete);
              }
            }
          } else {
            matched.forEach(pos -> {
              if (!existing.isDeleted(pos)) {
                toWrite.delete(pos);
              }
            });
          }
          deletedRows += matched.cardinality();
          if (!toWrite.isEmpty()) {
            writer.deleteAll(task.file().location(), task.file().specId(), task.file().partition(), toWrite);
            dataFiles.add(task.file().location());
          }
        }
      }
      written = writer.finish();
    }
    List<DeleteFile> removed = new ArrayList<>(converted);
    removed.addAll(replaced.values());
    DeleteRewriteCommit.commit(table, base.snapshotId(), removed, written.deleteFiles(), dataFiles, summary);
    return new Result(converted, List.copyOf(replaced.values()), written.deleteFiles(), filesRead, deletedRows, true);
  }

  /** Positions of the rows of {@code file} that the equality deletes of {@code equalityTask} match, deleted or not. */
  private static DeletionVector matchedPositions(PositionedRows rows, DataFile file, FileScanTask equalityTask) {
    Schema readSchema = rows.readSchema(equalityTask, Set.of());
    Predicate<Record> deleted = rows.deleteFilter().equalityDeletes(equalityTask, readSchema);
    DeletionVector matched = new DeletionVector();
    try (PositionedRecordIterator records = rows.openFile(file, readSchema)) {
      while (records.hasNext()) {
        if (deleted.test(records.next())) {
          matched.delete(records.position());
        }
      }
    }
    return matched;
  }
}
