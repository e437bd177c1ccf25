package io.datashard.internal.commit;

import io.datashard.AppendFiles;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.DeleteFiles;
import io.datashard.ExpireSnapshots;
import io.datashard.HistoryEntry;
import io.datashard.ManageSnapshots;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.OverwriteFiles;
import io.datashard.PartitionSpec;
import io.datashard.RewriteFiles;
import io.datashard.RowDelta;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.SortOrder;
import io.datashard.StatisticsFile;
import io.datashard.Table;
import io.datashard.Transaction;
import io.datashard.UpdatePartitionSpec;
import io.datashard.UpdateProperties;
import io.datashard.UpdateSchema;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.metadata.SnapshotLogEntry;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link Table} over {@link TableOperations}. */
public final class TableImpl extends Updates implements Table {
  private final TableOperations ops;
  private final String name;

  public TableImpl(TableOperations ops, String name) {
    this(ops, ChangeCommitter.direct(ops), name);
  }

  private static final int CACHED_MANIFEST_LISTS = 4;
  private final java.util.Map<String, List<ManifestFile>> manifestLists = new java.util.LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, List<ManifestFile>> eldest) {
      return size() > CACHED_MANIFEST_LISTS;
    }
  };

  TableImpl(TableOperations ops, ChangeCommitter committer, String name) {
    super(committer);
    this.ops = ops;
    this.name = name;
  }

  /** The operations behind this table, for engines and maintenance code. */
  public TableOperations operations() {
    return ops;
  }

  public TableMetadata metadata() {
    return ops.current();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String location() {
    return metadata().location();
  }

  @Override
  public String uuid() {
    return metadata().uuid();
  }

  @Override
  public int formatVersion() {
    return metadata().formatVersion();
  }

  @Override
  public Schema schema() {
    return metadata().schema();
  }

  @Override
  public Map<Integer, Schema> schemas() {
    return metadata().schemasById();
  }

  @Override
  public PartitionSpec spec() {
    return metadata().spec();
  }

  @Override
  public Map<Integer, PartitionSpec> specs() {
    return metadata().specsById();
  }

  @Override
  public SortOrder sortOrder() {
    return metadata().sortOrder();
  }

  @Override
  public Map<Integer, SortOrder> sortOrders() {
    return metadata().sortOrdersById();
  }

  @Override
  public Map<String, String> properties() {
    return metadata().properties();
  }

  @Override
  public Optional<Snapshot> currentSnapshot() {
    return metadata().currentSnapshot();
  }

  @Override
  public Optional<Snapshot> snapshot(long snapshotId) {
    return metadata().snapshot(snapshotId);
  }

  @Override
  public Optional<Snapshot> snapshot(String refName) {
    return metadata().snapshotForRef(refName);
  }

  @Override
  public List<Snapshot> snapshots() {
    return metadata().snapshots();
  }

  @Override
  public List<HistoryEntry> history() {
    List<HistoryEntry> history = new ArrayList<>();
    for (SnapshotLogEntry entry : metadata().snapshotLog()) {
      history.add(new HistoryEntry(entry.timestampMillis(), entry.snapshotId()));
    }
    return history;
  }

  @Override
  public Map<String, SnapshotRef> refs() {
    return metadata().refs();
  }

  @Override
  public List<StatisticsFile> statisticsFiles() {
    return metadata().statisticsFiles();
  }

  @Override
  public FileIO io() {
    return ops.io();
  }

  @Override
  public Table refresh() {
    ops.refresh();
    return this;
  }












  @Override
  public Transaction newTransaction() {
    return new TransactionImpl(ops, name);
  }

  @Override
  public CloseableIterable<DataFile> dataFiles(Snapshot snapshot) {
    return liveFiles(snapshot, ManifestContent.DATA).map(file -> (DataFile) file);
  }

  @Override
  public CloseableIterable<DeleteFile> deleteFiles(Snapshot snapshot) {
    return liveFiles(snapshot, ManifestContent.DELETES).map(file -> (DeleteFile) file);
  }

  private CloseableIterable<io.datashard.ContentFile> liveFiles(Snapshot snapshot, ManifestContent content) {
    TableMetadata metadata = metadata();
    List<CloseableIterable<io.datashard.ContentFile>> perManifest = new ArrayList<>();
    for (ManifestFile manifest : manifests(snapshot)) {
      if (manifest.content() == content) {
        perManifest.add(ManifestReader.read(io(), manifest, metadata.specsById())
            .filter(entry -> entry.status() != ManifestEntry.Status.DELETED)
            .map(ManifestEntry::file));
      }
    }
    return CloseableIterable.concat(perManifest);
  }

  @Override
  public List<ManifestFile> manifests(Snapshot snapshot) {
    String list = snapshot.manifestListLocation();
    if (list == null) {
      return Snapshots.manifests(io(), snapshot);
    }
    // A manifest list never changes once written, so repeated plans of the same snapshot (the common
    // case: many scans of the current state) skip reading and decoding it again. Few entries are kept,
    // each a list of small records.
    synchronized (manifestLists) {
      List<ManifestFile> cached = manifestLists.get(list);
      if (cached != null) {
        return cached;
      }
    }
    List<ManifestFile> manifests = List.copyOf(Snapshots.manifests(io(), snapshot));
    synchronized (manifestLists) {
      manifestLists.put(list, manifests);
    }
    return manifests;
  }

  @Override
  public io.datashard.scan.TableScan newScan() {
    return new io.datashard.internal.scan.TableScanImpl(this);
  }

  @Override
  public io.datashard.scan.IncrementalAppendScan newIncrementalAppendScan() {
    return new io.datashard.internal.scan.IncrementalAppendScanImpl(this);
  }

  @Override
  public String toString() {
    return name;
  }
}
