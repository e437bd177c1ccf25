package io.datashard.flink.sink;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.deletes.DeletionVector;
import io.datashard.deletes.MergeOnReadDeleteWriter;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The primary-key bookkeeping of one writer subtask between two checkpoints: where the newest row
 * of each key written since the last checkpoint is, the rows a later change of the same key
 * superseded (deleted by position in the writer's own new files), and the keys whose rows already
 * in the table must go. The committer resolves those keys to positions against the snapshot it
 * commits on, so no equality delete is ever written.
 *
 * <p>Memory grows with the distinct keys changed per checkpoint (not with the table).
 */
final class CheckpointChanges {
  private record RowSlot(String location, long position) {}

  private final Map<List<Object>, RowSlot> newest = new HashMap<>();
  private final Map<String, DeletionVector> superseded = new HashMap<>();
  private final Set<List<Object>> tableDeletes = new LinkedHashSet<>();

  /** Records that the newest row of {@code key} is at {@code position} of the file at {@code location}. */
  void written(List<Object> key, String location, long position) {
    newest.put(key, new RowSlot(location, position));
  }

  /** Deletes the row this writer wrote for {@code key} since the last checkpoint, if any. */
  void supersede(List<Object> key) {
    RowSlot slot = newest.remove(key);
    if (slot != null) {
      superseded.computeIfAbsent(slot.location(), location -> new DeletionVector()).delete(slot.position());
    }
  }

  /** Deletes the rows of {@code key} committed before this checkpoint. */
  void deleteFromTable(List<Object> key) {
    tableDeletes.add(key);
  }

  /** Writes the keys to delete from the table to a key file at {@code location} (none if no keys), and forgets them. */
  List<KeyFile> writeTableDeletes(FileIO io, String location, Schema keySchema, Map<String, String> properties) {
    if (tableDeletes.isEmpty()) {
      return List.of();
    }
    KeyFile file = KeyFiles.write(io, location, keySchema, properties, tableDeletes);
    tableDeletes.clear();
    return List.of(file);
  }

  /**
   * Writes the superseded positions of {@code files} (the files closed for this checkpoint) as
   * position deletes, or deletion vectors on format v3, and forgets every row slot: the next
   * checkpoint starts from the committed table.
   */
  List<DeleteFile> writeSuperseded(List<DataFile> files, DeleteWriterFactory factory) {
    newest.clear();
    if (superseded.isEmpty()) {
      return List.of();
    }
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = factory.newWriter()) {
      for (DataFile file : files) {
        DeletionVector positions = superseded.get(file.location());
        if (positions != null) {
          writer.deleteAll(file.location(), file.specId(), file.partition(), positions);
        }
      }
      result = writer.finish();
    }
    superseded.clear();
    return result.deleteFiles();
  }

  /** Forgets everything (the writer is closing without handing anything over). */
  void clear() {
    newest.clear();
    superseded.clear();
    tableDeletes.clear();
  }
}
