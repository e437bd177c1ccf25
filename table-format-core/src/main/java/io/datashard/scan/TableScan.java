package io.datashard.scan;

import io.datashard.Snapshot;
import java.util.Optional;

/**
 * A scan of one snapshot of a table: the current snapshot of the main branch unless told otherwise
 * with {@link #useSnapshot}, {@link #asOfTime} or {@link #useRef} (at most one of them).
 */
public interface TableScan extends Scan<TableScan> {
  /**
   * Reads the snapshot with this id, in the schema that was current when it was written.
   *
   * @throws io.datashard.exceptions.NotFoundException if the table has no such snapshot
   * @throws io.datashard.exceptions.ValidationException if a snapshot was already chosen
   */
  TableScan useSnapshot(long snapshotId);

  /**
   * Reads the snapshot that was current in the main branch at {@code timestampMillis}: the latest
   * one in the table's history that became current at or before that time.
   *
   * @throws io.datashard.exceptions.ValidationException if the time is before the table's first
   *     snapshot, or a snapshot was already chosen
   */
  TableScan asOfTime(long timestampMillis);

  /**
   * Reads the snapshot a branch or tag points to. A tag is read in the schema of its snapshot, a
   * branch in the table's current schema (a branch is written to with that schema).
   *
   * @throws io.datashard.exceptions.NotFoundException if the table has no such ref
   */
  TableScan useRef(String name);

  /** The snapshot the scan reads; empty for a table (or branch) without snapshots. */
  Optional<Snapshot> snapshot();
}
