package io.datashard.spark.catalog;

import io.datashard.HistoryEntry;
import io.datashard.SnapshotRef;
import io.datashard.Table;
import io.datashard.spark.SnapshotSelection;
import java.time.Instant;

/**
 * Turns {@code VERSION AS OF}, {@code TIMESTAMP AS OF} and the read options into a checked
 * {@link SnapshotSelection}, failing early with a message that names the table and what exists.
 */
public final class TimeTravel {
  private TimeTravel() {
  }

  /** A snapshot id, or the name of a branch or tag. */
  public static SnapshotSelection version(Table table, String version) {
    String trimmed = version.trim();
    if (table.refs().containsKey(trimmed)) {
      return SnapshotSelection.ref(trimmed);
    }
    if (trimmed.matches("-?\\d+")) {
      long id;
      try {
        id = Long.parseLong(trimmed);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Cannot time travel table " + table.name() + " to version '" + version
            + "': not a snapshot id (out of range) and no branch or tag has that name", e);
      }
      return check(table, SnapshotSelection.snapshot(id));
    }
    throw new IllegalArgumentException("Cannot time travel table " + table.name() + " to version '" + version
        + "': it is neither a snapshot id nor a branch or tag of the table (refs: " + table.refs().keySet() + ")");
  }

  /** The snapshot that was current at {@code millis}. */
  public static SnapshotSelection asOf(Table table, long millis) {
    return check(table, SnapshotSelection.asOfTimestamp(millis));
  }

  /** Checks that a selection names something the table has. */
  public static SnapshotSelection check(Table table, SnapshotSelection selection) {
    if (selection.snapshotId() != null && table.snapshot(selection.snapshotId()).isEmpty()) {
      throw new IllegalArgumentException("Cannot read table " + table.name() + " at snapshot " + selection.snapshotId()
          + ": the table has no such snapshot (it may have been expired). Query the table's snapshots metadata table "
          + "for valid ids");
    }
    if (selection.ref() != null && !selection.ref().equals(SnapshotRef.MAIN_BRANCH) && !table.refs().containsKey(selection.ref())) {
      throw new IllegalArgumentException("Cannot read table " + table.name() + " at branch or tag '" + selection.ref()
          + "': no such ref (refs: " + table.refs().keySet() + ")");
    }
    if (selection.asOfTimestampMillis() != null) {
      long millis = selection.asOfTimestampMillis();
      boolean found = false;
      for (HistoryEntry entry : table.history()) {
        if (entry.timestampMillis() <= millis) {
          found = true;
          break;
        }
      }
      if (!found) {
        throw new IllegalArgumentException("Cannot read table " + table.name() + " as of " + Instant.ofEpochMilli(millis)
            + " (" + millis + " ms): the table has no snapshot that old"
            + (table.history().isEmpty() ? "" : "; the oldest is from " + Instant.ofEpochMilli(table.history().get(0).timestampMillis())));
      }
    }
    return selection;
  }
}
