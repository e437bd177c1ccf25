package io.datashard.internal.commit;

import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static io.datashard.internal.commit.TableTestSupport.summaryLong;
import static io.datashard.internal.commit.TableTestSupport.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.manifest.ManifestWriter;
import io.datashard.io.CloseableIterator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendTest {
  @TempDir
  Path dir;

  private static List<String> manifestLocations(Table table, Snapshot snapshot) {
    List<String> result = new ArrayList<>();
    for (ManifestFile manifest : table.manifests(snapshot)) {
      result.add(manifest.location());
    }
    return result;
  }

  private static List<ManifestEntry> entries(Table table, ManifestFile manifest) {
    List<ManifestEntry> result = new ArrayList<>();
    try (CloseableIterator<ManifestEntry> it = ManifestReader.read(table.io(), manifest, table.specs()).iterator()) {
      while (it.hasNext()) {
        result.add(it.next());
      }
    }
    return result;
  }

  private static Map<String, Long> dataSequenceNumbers(Table table, Snapshot snapshot) {
    Map<String, Long> result = new HashMap<>();
    for (DataFile file : toList(table.dataFiles(snapshot))) {
      result.put(file.location(), file.dataSequenceNumber().orElse(null));
    }
    return result;
  }

  @Test
  void fastAppendWritesOneManifestPerCommit() {
    Table table = create(dir);
    DataFile a = dataFile(table, "a", "f1", 10);
    DataFile b = dataFile(table, "b", "f2", 20);
    DataFile c = dataFile(table, "a", "f3", 30);

    table.newFastAppend().appendFile(a).appendFile(b).commit();
    Snapshot first = current(table);
    List<String> firstManifests = manifestLocations(table, first);
    assertThat(firstManifests).hasSize(1);
    ManifestFile manifest = table.manifests(first).get(0);
    assertThat(manifest.content()).isEqualTo(ManifestContent.DATA);
    assertThat(manifest.addedSnapshotId()).isEqualTo(first.snapshotId());
    assertThat(manifest.addedFilesCount()).isEqualTo(2);
    assertThat(manifest.addedRowsCount()).isEqualTo(30);
    assertThat(manifest.sequenceNumber()).isEqualTo(first.sequenceNumber());

    table.newFastAppend().appendFile(c).commit();
    Snapshot second = current(table);
    List<String> secondManifests = manifestLocations(table, second);
    assertThat(secondManifests).hasSize(2).containsAll(firstManifests);
    assertThat(second.operation()).isEqualTo(DataOperations.APPEND);
    assertThat(second.parentId()).isEqualTo(first.snapshotId());
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a, b, c));
    assertThat(liveDataLocations(table, first)).isEqualTo(locationsOf(a, b));
  }

  @Test
  void sequenceNumbersIncreaseAndAreInherited() {
    Table table = create(dir);
    DataFile a = dataFile(table, "a", "f1", 10);
    DataFile b = dataFile(table, "a", "f2", 10);
    table.newFastAppend().appendFile(a).commit();
    Snapshot first = current(table);
    table.newAppend().appendFile(b).commit();
    Snapshot second = current(table);

    assertThat(first.sequenceNumber()).isEqualTo(1);
    assertThat(second.sequenceNumber()).isEqualTo(2);
    Map<String, Long> sequences = dataSequenceNumbers(table, second);
    assertThat(sequences).containsEntry(a.location(), 1L).containsEntry(b.location(), 2L);
    for (DataFile file : toList(table.dataFiles(second))) {
      assertThat(file.fileSequenceNumber()).isEqualTo(file.dataSequenceNumber());
    }
    assertThat(load(table).snapshots()).extracting(Snapshot::sequenceNumber).containsExactly(1L, 2L);
  }

  @Test
  void formatVersionOneHasNoSequenceNumbers() {
    Table table = create(dir, Map.of(TableProperties.FORMAT_VERSION, "1"));
    table.newFastAppend().appendFile(dataFile(table, "a", "f1", 10)).commit();
    table.newFastAppend().appendFile(dataFile(table, "a", "f2", 10)).commit();

    assertThat(table.formatVersion()).isEqualTo(1);
    assertThat(table.snapshots()).extracting(Snapshot::sequenceNumber).containsExactly(0L, 0L);
    assertThat(dataSequenceNumbers(table, current(table)).values()).containsOnly(0L);
    assertThat(liveDataLocations(load(table))).hasSize(2);
  }

  @Test
  void appendedFileGetsTheCommitsSequenceNumberEvenIfItCarriesOne() {
    Table table = create(dir);
    DataFile a = dataFile(table, "a", "f1", 10);
    table.newFastAppend().appendFile(a).commit();
    DataFile read = toList(table.dataFiles(current(table))).get(0);
    assertThat(read.dataSequenceNumber()).contains(1L);
    table.newDelete().deleteFile(a.location()).commit();

    // re-adding a file read from an older snapshot: it is new data for this commit, so deletes
    // committed before it must not apply to it
    table.newFastAppend().appendFile(read).commit();

    Snapshot head = current(table);
    assertThat(head.sequenceNumber()).isEqualTo(3);
    assertThat(dataSequenceNumbers(table, head)).containsExactly(Map.entry(a.location(), 3L));
  }

  @Test
  void summaryCountersAndTotals() {
    Table table = create(dir);
    DataFile a = dataFile(table, "a", "f1", 10);
    DataFile b = dataFile(table, "b", "f2", 20);
    DataFile c = dataFile(table, "b", "f3", 5);

    table.newFastAppend().appendFile(a).appendFile(b).set("app-id", "job-1").commit();
    Snapshot first = current(table);
    assertThat(summaryLong(first, "added-data-files")).isEqualTo(2);
    assertThat(summaryLong(first, "added-records")).isEqualTo(30);
    assertThat(summaryLong(first, "added-files-size")).isEqualTo(a.fileSizeInBytes() + b.fileSizeInBytes());
    assertThat(summaryLong(first, "changed-partition-count")).isEqualTo(2);
    assertThat(summaryLong(first, "total-data-files")).isEqualTo(2);
    assertThat(summaryLong(first, "total-records")).isEqualTo(30);
    assertThat(summaryLong(first, "total-files-size")).isEqualTo(a.fileSizeInBytes() + b.fileSizeInBytes());
    assertThat(summaryLong(first, "total-delete-files")).isZero();
    assertThat(summaryLong(first, "total-position-deletes")).isZero();
    assertThat(summaryLong(first, "total-equality-deletes")).isZero();
    assertThat(first.summary()).containsEntry("app-id", "job-1").doesNotContainKey("deleted-data-files");

    table.newAppend().appendFile(c).commit();
    Snapshot second = current(table);
    assertThat(summaryLong(second, "added-data-files")).isEqualTo(1);
    assertThat(summaryLong(second, "added-records")).isEqualTo(5);
    assertThat(summaryLong(second, "changed-partition-count")).isEqualTo(1);
    assertThat(summaryLong(second, "total-data-files")).isEqualTo(3);
    assertThat(summaryLong(second, "total-records")).isEqualTo(35);
    assertThat(summaryLong(second, "total-files-size"))
        .isEqualTo(a.fileSizeInBytes() + b.fileSizeInBytes() + c.fileSizeInBytes());
    assertThat(second.summary()).doesNotContainKey("app-id");
  }

  @Test
  void mergeAppendMergesOnceMinCountIsReached() {
    Table table = create(dir, Map.of(TableProperties.MANIFEST_MIN_MERGE_COUNT, "3"));
    DataFile a = dataFile(table, "a", "f1", 10);
    DataFile b = dataFile(table, "a", "f2", 10);
    DataFile c = dataFile(table, "b", "f3", 10);

    table.newAppend().appendFile(a).commit();
    table.newAppend().appendFile(b).commit();
    Snapshot second = current(table);
    assertThat(table.manifests(second)).hasSize(2);

    table.newAppend().appendFile(c).commit();
    Snapshot third = current(table);
    List<ManifestFile> manifests = table.manifests(third);
    assertThat(manifests).hasSize(1);
    ManifestFile merged = manifests.get(0);
    assertThat(merged.addedSnapshotId()).isEqualTo(third.snapshotId());
    assertThat(merged.addedFilesCount()).isEqualTo(1);
    assertThat(merged.existingFilesCount()).isEqualTo(2);
    assertThat(merged.existingRowsCount()).isEqualTo(20);
    assertThat(merged.minSequenceNumber()).isEqualTo(1);
    assertThat(manifestLocations(table, second)).doesNotContain(merged.location());

    // merged entries keep the snapshot that added them and their sequence numbers
    Map<String, ManifestEntry> byPath = new HashMap<>();
    for (ManifestEntry entry : entries(table, merged)) {
      byPath.put(entry.file().location(), entry);
    }
    assertThat(byPath.get(a.location()).status()).isEqualTo(ManifestEntry.Status.EXISTING);
    assertThat(byPath.get(a.location()).snapshotId()).isEqualTo(table.snapshots().get(0).snapshotId());
    assertThat(byPath.get(a.location()).dataSequenceNumber()).isEqualTo(1L);
    assertThat(byPath.get(b.location()).dataSequenceNumber()).isEqualTo(2L);
    assertThat(byPath.get(c.location()).status()).isEqualTo(ManifestEntry.Status.ADDED);
    assertThat(byPath.get(c.location()).dataSequenceNumber()).isEqualTo(3L);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a, b, c));
    assertThat(summaryLong(third, "total-data-files")).isEqualTo(3);
  }

  @Test
  void fastAppendNeverMerges() {
    Table table = create(dir, Map.of(TableProperties.MANIFEST_MIN_MERGE_COUNT, "2"));
    for (int i = 0; i < 3; i++) {
      table.newFastAppend().appendFile(dataFile(table, "a", "f" + i, 10)).commit();
    }
    assertThat(table.manifests(current(table))).hasSize(3);
  }

  @Test
  void mergeDisabledKeepsEveryManifest() {
    Table table = create(dir, Map.of(
        TableProperties.MANIFEST_MIN_MERGE_COUNT, "2",
        TableProperties.MANIFEST_MERGE_ENABLED, "false"));
    for (int i = 0; i < 3; i++) {
      table.newAppend().appendFile(dataFile(table, "a", "f" + i, 10)).commit();
    }
    assertThat(table.manifests(current(table))).hasSize(3);
  }

  @Test
  void manifestsAtTargetSizeAreNotMerged() {
    Table table = create(dir, Map.of(
        TableProperties.MANIFEST_MIN_MERGE_COUNT, "2",
        TableProperties.MANIFEST_TARGET_SIZE_BYTES, "1"));
    for (int i = 0; i < 3; i++) {
      table.newAppend().appendFile(dataFile(table, "a", "f" + i, 10)).commit();
    }
    assertThat(table.manifests(current(table))).hasSize(3);
    assertThat(liveDataLocations(table)).hasSize(3);
  }

  @Test
  void targetSizeSplitsMergedManifests() {
    Table table = create(dir, Map.of(TableProperties.MANIFEST_MIN_MERGE_COUNT, "100"));
    for (int i = 0; i < 4; i++) {
      table.newAppend().appendFile(dataFile(table, "a", "f" + i, 10)).commit();
    }
    List<ManifestFile> before = table.manifests(current(table));
    assertThat(before).hasSize(4);
    long oneManifest = before.get(0).length();
    // room for two manifests per bin, so four small manifests plus the new one merge into three
    table.updateProperties()
        .set(TableProperties.MANIFEST_MIN_MERGE_COUNT, "2")
        .set(TableProperties.MANIFEST_TARGET_SIZE_BYTES, String.valueOf(oneManifest * 2 + oneManifest / 2))
        .commit();
    table.newAppend().appendFile(dataFile(table, "a", "f4", 10)).commit();

    List<ManifestFile> after = table.manifests(current(table));
    assertThat(after).hasSize(3);
    assertThat(after.stream().mapToInt(ManifestFile::liveFilesCount).sum()).isEqualTo(5);
    assertThat(liveDataLocations(table)).hasSize(5);
  }

  @Test
  void appendManifestRewritesItWithTheCommitsSnapshot() {
    Table table = create(dir);
    DataFile a = dataFile(table, "a", "f1", 10);
    DataFile b = dataFile(table, "b", "f2", 20);
    String location = table.location() + "/metadata/prewritten-m0.avro";
    ManifestWriter writer = ManifestWriter.forData(table.spec(), table.schema(), table.formatVersion(),
        table.io().newOutputFile(location), 0L);
    try (writer) {
      writer.add(a);
      writer.add(b);
    }
    ManifestFile prewritten = writer.toManifestFile();

    table.newFastAppend().appendManifest(prewritten).commit();

    Snapshot snapshot = current(table);
    List<ManifestFile> manifests = table.manifests(snapshot);
    assertThat(manifests).hasSize(1);
    assertThat(manifests.get(0).location()).isNotEqualTo(location);
    assertThat(manifests.get(0).addedSnapshotId()).isEqualTo(snapshot.snapshotId());
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a, b));
    assertThat(dataSequenceNumbers(table, snapshot).values()).containsOnly(1L);
    for (ManifestEntry entry : entries(table, manifests.get(0))) {
      assertThat(entry.snapshotId()).isEqualTo(snapshot.snapshotId());
    }
    assertThat(summaryLong(snapshot, "added-data-files")).isEqualTo(2);
    assertThat(summaryLong(snapshot, "added-records")).isEqualTo(30);
    assertThat(summaryLong(snapshot, "total-data-files")).isEqualTo(2);
  }

  @Test
  void appendManifestWithExistingEntriesIsRejected() {
    Table table = create(dir);
    DataFile a = dataFile(table, "a", "f1", 10);
    table.newFastAppend().appendFile(a).commit();
    table.newAppend().appendFile(dataFile(table, "a", "f2", 1)).commit();
    ManifestWriter writer = ManifestWriter.forData(table.spec(), table.schema(), table.formatVersion(),
        table.io().newOutputFile(table.location() + "/metadata/existing-m0.avro"), 0L);
    try (writer) {
      writer.existing(a, current(table).snapshotId(), 1L, 1L);
    }
    assertThatThrownBy(() -> table.newAppend().appendManifest(writer.toManifestFile()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("existing-m0.avro");
  }

  @Test
  void commitToBranchLeavesMainUntouched() {
    Table table = create(dir);
    DataFile a = dataFile(table, "a", "f1", 10);
    DataFile b = dataFile(table, "a", "f2", 10);
    DataFile c = dataFile(table, "a", "f3", 10);
    table.newFastAppend().appendFile(a).commit();
    Snapshot main = current(table);

    table.newFastAppend().appendFile(b).toBranch("audit").commit();
    Snapshot audit = table.snapshot("audit").orElseThrow();
    assertThat(table.refs().get("audit").isBranch()).isTrue();
    assertThat(current(table).snapshotId()).isEqualTo(main.snapshotId());
    assertThat(audit.parentId()).isEqualTo(main.snapshotId());
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a));
    assertThat(liveDataLocations(table, audit)).isEqualTo(locationsOf(a, b));
    assertThat(table.history()).hasSize(1);

    table.newAppend().appendFile(c).toBranch("audit").commit();
    Snapshot audit2 = table.snapshot("audit").orElseThrow();
    assertThat(audit2.parentId()).isEqualTo(audit.snapshotId());
    assertThat(audit2.sequenceNumber()).isGreaterThan(audit.sequenceNumber());
    assertThat(summaryLong(audit2, "total-data-files")).isEqualTo(3);
    assertThat(liveDataLocations(table, audit2)).isEqualTo(locationsOf(a, b, c));
    assertThat(current(load(table)).snapshotId()).isEqualTo(main.snapshotId());
  }

  @Test
  void firstCommitToANewBranchOfAnEmptyTable() {
    Table table = create(dir);
    DataFile a = dataFile(table, "a", "f1", 10);
    table.newFastAppend().appendFile(a).toBranch("staging").commit();

    assertThat(table.currentSnapshot()).isEmpty();
    Snapshot staging = table.snapshot("staging").orElseThrow();
    assertThat(staging.parentId()).isNull();
    assertThat(liveDataLocations(table, staging)).isEqualTo(locationsOf(a));
  }

  @Test
  void committingToATagFailsAndCleansUp() {
    Table table = create(dir);
    table.newFastAppend().appendFile(dataFile(table, "a", "f1", 10)).commit();
    table.manageSnapshots().createTag("v1", current(table).snapshotId()).commit();
    Set<String> before = TableTestSupport.metadataFileNames(table);

    assertThatThrownBy(() -> table.newFastAppend().appendFile(dataFile(table, "a", "f2", 10)).toBranch("v1").commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'v1'")
        .hasMessageContaining("tag");
    assertThat(TableTestSupport.metadataFileNames(table)).isEqualTo(before);
    assertThat(table.refs().get("v1").type()).isEqualTo(SnapshotRef.Type.TAG);
  }

  @Test
  void applyDoesNotCommit() {
    Table table = create(dir);
    Snapshot applied = table.newFastAppend().appendFile(dataFile(table, "a", "f1", 10)).apply();

    assertThat(applied.operation()).isEqualTo(DataOperations.APPEND);
    assertThat(summaryLong(applied, "added-data-files")).isEqualTo(1);
    assertThat(table.refresh().currentSnapshot()).isEmpty();
    assertThat(TableTestSupport.metadataVersionFiles(table)).containsExactly("v1.metadata.json");
  }

  @Test
  void appendsOnlyWhatWasAskedAfterARetry() {
    Table table = create(dir);
    Table other = load(table);
    DataFile a = dataFile(table, "a", "f1", 10);
    DataFile b = dataFile(table, "b", "f2", 10);

    other.newFastAppend().appendFile(a).commit();
    table.newAppend().appendFile(b).commit(); // table is stale: the commit is retried on the new version

    Snapshot head = current(table.refresh());
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a, b));
    assertThat(summaryLong(head, "total-data-files")).isEqualTo(2);
    assertThat(summaryLong(head, "added-data-files")).isEqualTo(1);
    assertThat(head.sequenceNumber()).isEqualTo(2);
    // the failed attempt's manifest list is removed; only the committed snapshots' lists remain
    long manifestLists = TableTestSupport.metadataFileNames(table).stream().filter(n -> n.startsWith("snap-")).count();
    assertThat(manifestLists).isEqualTo(2);
  }
}
