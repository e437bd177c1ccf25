package io.datashard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.HistoryEntry;
import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.internal.commit.TableImpl;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.it.IcebergInterop.FileView;
import io.datashard.it.IcebergInterop.ManifestView;
import io.datashard.it.IcebergInterop.SnapshotView;
import io.datashard.it.IcebergInterop.TaskView;
import io.datashard.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Asserts that Datashard and Apache Iceberg, each reading the same table location with its own
 * code, see the same table: metadata, snapshots, refs, manifests, file entries and scan tasks.
 */
final class TableComparison {
  private TableComparison() {
  }

  static void assertSameTable(Table ds, org.apache.iceberg.Table ice) {
    TableMetadata dsMeta = ((TableImpl) ds).metadata();
    org.apache.iceberg.TableMetadata iceMeta = ((HasTableOperations) ice).operations().current();

    assertThat(iceMeta.formatVersion()).as("format version").isEqualTo(dsMeta.formatVersion());
    assertThat(iceMeta.uuid()).as("table uuid").isEqualTo(dsMeta.uuid());
    assertThat(iceMeta.location()).as("location").isEqualTo(dsMeta.location());
    assertThat(iceMeta.lastSequenceNumber()).as("last sequence number").isEqualTo(dsMeta.lastSequenceNumber());
    assertThat(iceMeta.lastUpdatedMillis()).as("last updated").isEqualTo(dsMeta.lastUpdatedMillis());
    assertThat(iceMeta.lastColumnId()).as("last column id").isEqualTo(dsMeta.lastColumnId());
    assertThat(iceMeta.lastAssignedPartitionId()).as("last partition id").isEqualTo(dsMeta.lastPartitionId());
    assertThat(iceMeta.properties()).as("properties").isEqualTo(dsMeta.properties());
    if (dsMeta.formatVersion() >= 3) {
      assertThat(iceMeta.nextRowId()).as("next row id").isEqualTo(dsMeta.nextRowId());
    }

    // schemas, compared field by field (ids, names, optionality, types, docs, defaults)
    assertThat(ice.schema().schemaId()).as("current schema id").isEqualTo(ds.schema().schemaId());
    assertThat(ice.schemas().keySet()).as("schema ids").isEqualTo(ds.schemas().keySet());
    for (Map.Entry<Integer, Schema> entry : ds.schemas().entrySet()) {
      org.apache.iceberg.Schema iceSchema = ice.schemas().get(entry.getKey());
      assertThat(iceSchema.asStruct()).as("schema %s", entry.getKey()).isEqualTo(IcebergInterop.toIceberg(entry.getValue()));
      assertThat(iceSchema.identifierFieldIds()).as("identifier fields of schema %s", entry.getKey())
          .isEqualTo(entry.getValue().identifierFieldIds());
    }

    // partition specs
    assertThat(ice.spec().specId()).as("default spec id").isEqualTo(ds.spec().specId());
    assertThat(ice.specs().keySet()).as("spec ids").isEqualTo(ds.specs().keySet());
    for (Map.Entry<Integer, PartitionSpec> entry : ds.specs().entrySet()) {
      assertThat(IcebergInterop.describe(ice.specs().get(entry.getKey()))).as("spec %s", entry.getKey())
          .isEqualTo(IcebergInterop.describe(entry.getValue()));
    }
    assertThat(ice.sortOrder().orderId()).as("default sort order id").isEqualTo(ds.sortOrder().orderId());
    Map<Integer, List<String>> dsOrders = new TreeMap<>();
    ds.sortOrders().forEach((id, order) -> {
      List<String> fields = new ArrayList<>();
      order.fields().forEach(f -> fields.add(f.transform() + "(" + f.sourceId() + ") " + f.direction().name() + " " + f.nullOrder().name()));
      dsOrders.put(id, fields);
    });
    Map<Integer, List<String>> iceOrders = new TreeMap<>();
    ice.sortOrders().forEach((id, order) -> {
      List<String> fields = new ArrayList<>();
      order.fields().forEach(f -> fields.add(f.transform() + "(" + f.sourceId() + ") " + f.direction().name() + " " + f.nullOrder().name()));
      iceOrders.put(id, fields);
    });
    assertThat(iceOrders).as("sort orders").isEqualTo(dsOrders);

    // metadata files: this version and the log of earlier ones
    assertThat(iceMeta.metadataFileLocation()).as("metadata file").isEqualTo(dsMeta.metadataFileLocation().orElseThrow());
    List<String> dsLog = new ArrayList<>();
    dsMeta.metadataLog().forEach(entry -> dsLog.add(entry.file() + "@" + entry.timestampMillis()));
    List<String> iceLog = new ArrayList<>();
    iceMeta.previousFiles().forEach(entry -> iceLog.add(entry.file() + "@" + entry.timestampMillis()));
    assertThat(iceLog).as("metadata log").isEqualTo(dsLog);

    // snapshots, history and refs
    Map<Long, SnapshotView> dsSnapshots = new TreeMap<>();
    for (Snapshot snapshot : ds.snapshots()) {
      dsSnapshots.put(snapshot.snapshotId(), IcebergInterop.describe(snapshot));
    }
    Map<Long, SnapshotView> iceSnapshots = new TreeMap<>();
    for (org.apache.iceberg.Snapshot snapshot : ice.snapshots()) {
      iceSnapshots.put(snapshot.snapshotId(), IcebergInterop.describe(snapshot));
    }
    assertThat(iceSnapshots).as("snapshots").isEqualTo(dsSnapshots);
    assertThat(ice.currentSnapshot() == null ? null : ice.currentSnapshot().snapshotId()).as("current snapshot")
        .isEqualTo(ds.currentSnapshot().map(Snapshot::snapshotId).orElse(null));
    List<String> dsHistory = new ArrayList<>();
    for (HistoryEntry entry : ds.history()) {
      dsHistory.add(entry.snapshotId() + "@" + entry.timestampMillis());
    }
    List<String> iceHistory = new ArrayList<>();
    for (org.apache.iceberg.HistoryEntry entry : ice.history()) {
      iceHistory.add(entry.snapshotId() + "@" + entry.timestampMillis());
    }
    assertThat(iceHistory).as("snapshot log").isEqualTo(dsHistory);
    assertThat(IcebergInterop.describeIcebergRefs(ice.refs())).as("refs").isEqualTo(IcebergInterop.describeRefs(ds.refs()));

    // every snapshot's manifests, file entries and planned scan tasks
    for (Snapshot snapshot : ds.snapshots()) {
      org.apache.iceberg.Snapshot iceSnapshot = ice.snapshot(snapshot.snapshotId());
      assertSameManifests(ds, snapshot, ice, iceSnapshot);
      assertSameFiles(ds, snapshot, ice, iceSnapshot);
      assertSameScan(ds, snapshot, ice);
    }
  }

  static void assertSameManifests(Table ds, Snapshot snapshot, org.apache.iceberg.Table ice, org.apache.iceberg.Snapshot iceSnapshot) {
    List<ManifestView> dsManifests = new ArrayList<>();
    for (ManifestFile manifest : ds.manifests(snapshot)) {
      dsManifests.add(IcebergInterop.describe(manifest));
    }
    List<ManifestView> iceManifests = new ArrayList<>();
    for (org.apache.iceberg.ManifestFile manifest : iceSnapshot.allManifests(ice.io())) {
      iceManifests.add(IcebergInterop.describe(manifest));
    }
    assertThat(iceManifests).as("manifests of snapshot %s", snapshot.snapshotId()).isEqualTo(dsManifests);
  }

  static void assertSameFiles(Table ds, Snapshot snapshot, org.apache.iceberg.Table ice, org.apache.iceberg.Snapshot iceSnapshot) {
    List<FileView> dsData = new ArrayList<>();
    for (DataFile file : toList(ds.dataFiles(snapshot))) {
      dsData.add(IcebergInterop.describe(file));
    }
    List<FileView> dsDeletes = new ArrayList<>();
    for (DeleteFile file : toList(ds.deleteFiles(snapshot))) {
      dsDeletes.add(IcebergInterop.describe(file));
    }
    List<FileView> iceData = new ArrayList<>();
    List<FileView> iceDeletes = new ArrayList<>();
    for (org.apache.iceberg.ManifestFile manifest : iceSnapshot.allManifests(ice.io())) {
      if (manifest.content() == ManifestContent.DATA) {
        try (ManifestReader<org.apache.iceberg.DataFile> reader = ManifestFiles.read(manifest, ice.io(), ice.specs())) {
          for (org.apache.iceberg.DataFile file : reader) {
            iceData.add(IcebergInterop.describe(file));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        try (ManifestReader<org.apache.iceberg.DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, ice.io(), ice.specs())) {
          for (org.apache.iceberg.DeleteFile file : reader) {
            iceDeletes.add(IcebergInterop.describe(file));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    Comparator<FileView> byLocation = Comparator.comparing(FileView::location);
    dsData.sort(byLocation);
    iceData.sort(byLocation);
    dsDeletes.sort(byLocation);
    iceDeletes.sort(byLocation);
    assertThat(iceData).as("live data files of snapshot %s", snapshot.snapshotId()).isEqualTo(dsData);
    assertThat(iceDeletes).as("live delete files of snapshot %s", snapshot.snapshotId()).isEqualTo(dsDeletes);
    if (!"0".equals(snapshot.summary().getOrDefault("total-data-files", "0"))) {
      assertThat(iceData).as("live data files of snapshot %s", snapshot.snapshotId()).isNotEmpty();
    }
  }

  static void assertSameScan(Table ds, Snapshot snapshot, org.apache.iceberg.Table ice) {
    Map<String, TaskView> expected = IcebergInterop.expectedTasks(toList(ds.dataFiles(snapshot)),
        toList(ds.deleteFiles(snapshot)), ds.specs());
    Map<String, TaskView> planned;
    try (CloseableIterable<FileScanTask> tasks = ice.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      planned = IcebergInterop.icebergTasks(tasks);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(planned).as("Iceberg's scan tasks of snapshot %s", snapshot.snapshotId()).isEqualTo(expected);
  }

  /**
   * Row lineage as Iceberg reads it: each snapshot's new data manifests get row ids inside the
   * snapshot's range [first-row-id, first-row-id + added-rows), next-row-id is past every range,
   * and the live data files of the current snapshot hold disjoint row id ranges.
   */
  static void assertRowLineage(org.apache.iceberg.Table iceberg) {
    long nextRowId = ((HasTableOperations) iceberg).operations().current().nextRowId();
    long end = 0;
    for (org.apache.iceberg.Snapshot snapshot : iceberg.snapshots()) {
      if (snapshot.firstRowId() == null) {
        continue; // written before the table was upgraded to v3
      }
      assertThat(snapshot.addedRows()).as("added-rows of %s", snapshot.snapshotId()).isNotNull();
      long snapshotEnd = snapshot.firstRowId() + snapshot.addedRows();
      end = Math.max(end, snapshotEnd);
      for (org.apache.iceberg.ManifestFile manifest : snapshot.dataManifests(iceberg.io())) {
        if (manifest.snapshotId() == snapshot.snapshotId()) {
          assertThat(manifest.firstRowId()).as("first_row_id of %s", manifest.path()).isNotNull()
              .isBetween(snapshot.firstRowId(), snapshotEnd);
          assertThat(manifest.firstRowId() + manifest.addedRowsCount() + manifest.existingRowsCount())
              .as("row id range of %s", manifest.path()).isLessThanOrEqualTo(snapshotEnd);
        }
      }
    }
    assertThat(nextRowId).as("next-row-id").isEqualTo(end);
    // a file keeps its row ids in every snapshot it is live in, also when a manifest is rewritten
    Map<String, Long> firstRowIds = new TreeMap<>();
    for (org.apache.iceberg.Snapshot snapshot : iceberg.snapshots()) {
      if (snapshot.firstRowId() == null) {
        continue;
      }
      try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
        for (FileScanTask task : tasks) {
          Long previous = firstRowIds.putIfAbsent(task.file().location(), task.file().firstRowId());
          if (previous != null) {
            assertThat(task.file().firstRowId()).as("first row id of %s in snapshot %s", task.file().location(), snapshot.snapshotId())
                .isEqualTo(previous);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<long[]> ranges = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        assertThat(task.file().firstRowId()).as("first row id of %s", task.file().location()).isNotNull();
        ranges.add(new long[] {task.file().firstRowId(), task.file().firstRowId() + task.file().recordCount()});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ranges.sort((x, y) -> Long.compare(x[0], y[0]));
    for (int i = 1; i < ranges.size(); i += 1) {
      assertThat(ranges.get(i)[0]).as("row id ranges of live files overlap").isGreaterThanOrEqualTo(ranges.get(i - 1)[1]);
    }
    assertThat(ranges.get(ranges.size() - 1)[1]).isLessThanOrEqualTo(nextRowId);
  }

  static <T> List<T> toList(io.datashard.io.CloseableIterable<T> iterable) {
    return io.datashard.io.CloseableIterable.toList(iterable);
  }

}
