package io.datashard.internal.scan;

import io.datashard.HistoryEntry;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.Table;
import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.TableScan;
import io.datashard.types.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link TableScan} over a table's current metadata. */
public final class TableScanImpl extends ConfiguredScan<TableScan> implements TableScan {
  /** The snapshot chosen by time travel; {@code snapshotSchema} says whether to read in its schema. */
  private record Choice(long snapshotId, boolean snapshotSchema, String how) {
  }

  private final Choice choice; // null: the current snapshot

  public TableScanImpl(Table table) {
    this(table, ScanSettings.defaults(), null);
  }

  private TableScanImpl(Table table, ScanSettings settings, Choice choice) {
    super(table, settings);
    this.choice = choice;
  }

  @Override
  TableScan withSettings(ScanSettings newSettings) {
    return new TableScanImpl(table(), newSettings, choice);
  }

  private TableScan choose(Choice newChoice) {
    if (choice != null) {
      throw new ValidationException("Cannot scan table " + table().name() + " at " + newChoice.how()
          + ": the scan already reads " + choice.how() + "; choose one of useSnapshot, asOfTime and useRef");
    }
    return new TableScanImpl(table(), settings(), newChoice);
  }

  @Override
  public TableScan useSnapshot(long snapshotId) {
    if (table().snapshot(snapshotId).isEmpty()) {
      throw new NotFoundException("Cannot scan snapshot " + snapshotId + " of table " + table().name()
          + ": the table has no such snapshot (it may have expired)");
    }
    return choose(new Choice(snapshotId, true, "snapshot " + snapshotId));
  }

  @Override
  public TableScan asOfTime(long timestampMillis) {
    List<HistoryEntry> history = table().history();
    HistoryEntry found = null;
    for (HistoryEntry entry : history) {
      if (entry.timestampMillis() <= timestampMillis) {
        found = entry; // the log is in commit order: the last one at or before the time wins
      }
    }
    if (found == null) {
      throw new ValidationException("Cannot scan table " + table().name() + " as of " + Instant.ofEpochMilli(timestampMillis)
          + " (" + timestampMillis + " ms): " + (history.isEmpty() ? "the table has no snapshot history"
          : "its first snapshot became current at " + Instant.ofEpochMilli(history.get(0).timestampMillis())
          + "; use a later time"));
    }
    if (table().snapshot(found.snapshotId()).isEmpty()) {
      throw new NotFoundException("Cannot scan table " + table().name() + " as of " + Instant.ofEpochMilli(timestampMillis)
          + ": snapshot " + found.snapshotId() + ", current at that time, has expired");
    }
    return choose(new Choice(found.snapshotId(), true, "time " + timestampMillis + " (snapshot " + found.snapshotId() + ")"));
  }

  @Override
  public TableScan useRef(String name) {
    Objects.requireNonNull(name, "name is null");
    SnapshotRef ref = table().refs().get(name);
    if (ref == null) {
      throw new NotFoundException("Cannot scan ref '" + name + "' of table " + table().name()
          + ": the table has no such branch or tag (refs: " + new java.util.TreeSet<>(table().refs().keySet()) + ")");
    }
    return choose(new Choice(ref.snapshotId(), ref.isTag(), (ref.isTag() ? "tag '" : "branch '") + name + "'"));
  }

  @Override
  public Optional<Snapshot> snapshot() {
    if (choice == null) {
      return table().currentSnapshot();
    }
    return Optional.of(table().snapshot(choice.snapshotId()).orElseThrow(() -> new NotFoundException(
        "Cannot scan " + choice.how() + " of table " + table().name() + ": snapshot " + choice.snapshotId() + " has expired")));
  }

  @Override
  Schema tableSchema() {
    if (choice == null || !choice.snapshotSchema()) {
      return table().schema();
    }
    Integer schemaId = snapshot().flatMap(Snapshot::schemaIdValue).orElse(null);
    Schema schema = schemaId == null ? null : table().schemas().get(schemaId);
    return schema == null ? table().schema() : schema;
  }

  @Override
  public CloseableIterable<FileScanTask> planFiles() {
    Optional<Snapshot> snapshot = snapshot();
    ManifestPlanner planner = planner(); // binds the filter now, so a bad filter fails here
    if (snapshot.isEmpty()) {
      return CloseableIterable.empty();
    }
    List<ManifestFile> dataManifests = new ArrayList<>();
    List<ManifestFile> deleteManifests = new ArrayList<>();
    for (ManifestFile manifest : table().manifests(snapshot.get())) {
      (manifest.content() == ManifestContent.DATA ? dataManifests : deleteManifests).add(manifest);
    }
    return () -> {
      DeleteFileIndex deletes = deleteManifests.isEmpty()
          ? DeleteFileIndex.empty(tableSchema()) : planner.deleteIndex(deleteManifests);
      return planner.plan(dataManifests, deletes, entry -> true).iterator();
    };
  }

  @Override
  public String toString() {
    return "TableScan{table=" + table().name() + (choice == null ? "" : ", " + choice.how()) + ", filter=" + filter() + "}";
  }
}
