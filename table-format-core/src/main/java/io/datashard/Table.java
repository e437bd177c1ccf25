package io.datashard;

import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table: its current metadata and the updates that change it. A Table caches the metadata it
 * last loaded; {@link #refresh()} reloads it. Every update reads the latest state when it commits.
 */
public interface Table {
  /** Name in its catalog, or the location for path tables. */
  String name();

  String location();

  /** The table UUID from its metadata. */
  String uuid();

  int formatVersion();

  Schema schema();

  Map<Integer, Schema> schemas();

  PartitionSpec spec();

  Map<Integer, PartitionSpec> specs();

  SortOrder sortOrder();

  Map<Integer, SortOrder> sortOrders();

  Map<String, String> properties();

  Optional<Snapshot> currentSnapshot();

  Optional<Snapshot> snapshot(long snapshotId);

  /** The snapshot a branch or tag points to. */
  Optional<Snapshot> snapshot(String refName);

  /** Every snapshot the metadata still holds, oldest first. */
  List<Snapshot> snapshots();

  /** When the current snapshot changed, and to which (the snapshot log). */
  List<HistoryEntry> history();

  Map<String, SnapshotRef> refs();

  List<StatisticsFile> statisticsFiles();

  FileIO io();

  /** Reloads the metadata, returning this table. */
  Table refresh();

  /** An append that also merges small manifests. */
  AppendFiles newAppend();

  /** An append that writes one manifest and never rewrites existing ones. */
  AppendFiles newFastAppend();

  OverwriteFiles newOverwrite();

  DeleteFiles newDelete();

  RowDelta newRowDelta();

  RewriteFiles newRewrite();

  UpdateProperties updateProperties();

  UpdateSchema updateSchema();

  UpdatePartitionSpec updateSpec();

  ManageSnapshots manageSnapshots();

  ExpireSnapshots expireSnapshots();

  /** Stacks several updates and commits them as one metadata change. */
  Transaction newTransaction();

  /** Live data files of a snapshot, streamed from its manifests, with their sequence numbers. */
  io.datashard.io.CloseableIterable<DataFile> dataFiles(Snapshot snapshot);

  /** Live delete files of a snapshot, streamed from its manifests, with their sequence numbers. */
  io.datashard.io.CloseableIterable<DeleteFile> deleteFiles(Snapshot snapshot);

  /** Manifests of a snapshot. */
  List<ManifestFile> manifests(Snapshot snapshot);

  /** A scan of the current snapshot, to refine with a filter, projection or time travel and plan. */
  io.datashard.scan.TableScan newScan();

  /** A scan of the data files appended between two snapshots. */
  io.datashard.scan.IncrementalAppendScan newIncrementalAppendScan();
}
