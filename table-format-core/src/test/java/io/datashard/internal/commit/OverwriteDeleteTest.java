package io.datashard.internal.commit;

import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static io.datashard.internal.commit.TableTestSupport.metadataFileNames;
import static io.datashard.internal.commit.TableTestSupport.positionDeletes;
import static io.datashard.internal.commit.TableTestSupport.summaryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.ManifestFile;
import io.datashard.OverwriteFiles;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.io.CloseableIterator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverwriteDeleteTest {
  @TempDir
  Path dir;

  private Table table;
  private DataFile a1;
  private DataFile a2;
  private DataFile b1;

  @BeforeEach
  void setUp() {
    table = create(dir);
    a1 = dataFile(table, "a", "a1", 10);
    a2 = dataFile(table, "a", "a2", 20);
    b1 = dataFile(table, "b", "b1", 40);
    table.newFastAppend().appendFile(a1).appendFile(a2).commit();
    table.newFastAppend().appendFile(b1).commit();
  }

  private static Predicate<ContentFile> inCategory(String category) {
    return file -> category.equals(file.partition().get(0, String.class));
  }

  private List<ManifestEntry> entries(ManifestFile manifest) {
    List<ManifestEntry> result = new ArrayList<>();
    try (CloseableIterator<ManifestEntry> it = ManifestReader.read(table.io(), manifest, table.specs()).iterator()) {
      while (it.hasNext()) {
        result.add(it.next());
      }
    }
    return result;
  }

  private List<ManifestEntry> entries(Snapshot snapshot) {
    List<ManifestEntry> result = new ArrayList<>();
    for (ManifestFile manifest : table.manifests(snapshot)) {
      result.addAll(entries(manifest));
    }
    return result;
  }

  // ------------------------------------------------------------------ overwrite

  @Test
  void overwriteReplacesFiles() {
    DataFile a3 = dataFile(table, "a", "a3", 25);
    Snapshot before = current(table);

    table.newOverwrite().deleteFile(a1).addFile(a3).commit();

    Snapshot after = current(table);
    assertThat(after.operation()).isEqualTo(DataOperations.OVERWRITE);
    assertThat(after.parentId()).isEqualTo(before.snapshotId());
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a2, b1, a3));
    assertThat(summaryLong(after, "added-data-files")).isEqualTo(1);
    assertThat(summaryLong(after, "deleted-data-files")).isEqualTo(1);
    assertThat(summaryLong(after, "added-records")).isEqualTo(25);
    assertThat(summaryLong(after, "deleted-records")).isEqualTo(10);
    assertThat(summaryLong(after, "removed-files-size")).isEqualTo(a1.fileSizeInBytes());
    assertThat(summaryLong(after, "changed-partition-count")).isEqualTo(1);
    assertThat(summaryLong(after, "total-data-files")).isEqualTo(3);
    assertThat(summaryLong(after, "total-records")).isEqualTo(20 + 40 + 25);

    // the removed file is recorded as DELETED with its original sequence numbers
    ManifestEntry deleted = entries(after).stream()
        .filter(e -> e.status() == ManifestEntry.Status.DELETED).findFirst().orElseThrow();
    assertThat(deleted.file().location()).isEqualTo(a1.location());
    assertThat(deleted.snapshotId()).isEqualTo(after.snapshotId());
    assertThat(deleted.dataSequenceNumber()).isEqualTo(1L);
    assertThat(deleted.fileSequenceNumber()).isEqualTo(1L);
    // the file that stays keeps its sequence number
    ManifestEntry kept = entries(after).stream()
        .filter(e -> e.file().location().equals(a2.location())).findFirst().orElseThrow();
    assertThat(kept.status()).isEqualTo(ManifestEntry.Status.EXISTING);
    assertThat(kept.dataSequenceNumber()).isEqualTo(1L);
    assertThat(liveDataLocations(load(table))).isEqualTo(locationsOf(a2, b1, a3));
  }

  @Test
  void overwriteByFilterRemovesWholeFiles() {
    DataFile a3 = dataFile(table, "a", "a3", 5);
    table.newOverwrite().overwriteByFilter(f -> "a".equals(f.partition().get(0, String.class))).addFile(a3).commit();

    Snapshot after = current(table);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(b1, a3));
    assertThat(summaryLong(after, "deleted-data-files")).isEqualTo(2);
    assertThat(summaryLong(after, "deleted-records")).isEqualTo(30);
    assertThat(summaryLong(after, "total-records")).isEqualTo(45);
  }

  @Test
  void overwriteFailsOnConcurrentAppendMatchingTheFilter() {
    Snapshot read = current(table);
    DataFile concurrent = dataFile(table, "a", "concurrent", 7);
    Table other = load(table);
    other.newFastAppend().appendFile(concurrent).commit();
    long concurrentId = current(other).snapshotId();
    Set<String> filesBefore = metadataFileNames(table.refresh());

    OverwriteFiles overwrite = table.newOverwrite()
        .deleteFile(a1)
        .addFile(dataFile(table, "a", "a3", 5))
        .validateFromSnapshot(read.snapshotId())
        .conflictDetectionFilter(inCategory("a"))
        .validateNoConflictingData();

    assertThatThrownBy(overwrite::commit)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(String.valueOf(concurrentId))
        .hasMessageContaining(concurrent.location());
    assertThat(current(table.refresh()).snapshotId()).isEqualTo(concurrentId);
    assertThat(metadataFileNames(table)).isEqualTo(filesBefore);
  }

  @Test
  void overwriteFromAStaleTableFailsWhenTheRetrySeesAConflict() {
    Snapshot read = current(table);
    Table other = load(table);
    DataFile concurrent = dataFile(table, "a", "concurrent", 7);
    other.newFastAppend().appendFile(concurrent).commit();
    long concurrentId = current(other).snapshotId();

    // table has not seen the concurrent commit: the first attempt loses the race, the retry validates
    assertThatThrownBy(() -> table.newOverwrite()
        .deleteFile(a1)
        .validateFromSnapshot(read.snapshotId())
        .conflictDetectionFilter(inCategory("a"))
        .validateNoConflictingData()
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(String.valueOf(concurrentId));
    assertThat(liveDataLocations(table.refresh())).isEqualTo(locationsOf(a1, a2, b1, concurrent));
    long lists = metadataFileNames(table).stream().filter(n -> n.startsWith("snap-")).count();
    assertThat(lists).isEqualTo(table.snapshots().size());
  }

  @Test
  void overwriteIgnoresConcurrentAppendOutsideTheFilter() {
    Snapshot read = current(table);
    DataFile concurrent = dataFile(table, "b", "concurrent", 7);
    load(table).newFastAppend().appendFile(concurrent).commit();
    DataFile a3 = dataFile(table, "a", "a3", 5);

    table.newOverwrite()
        .deleteFile(a1)
        .addFile(a3)
        .validateFromSnapshot(read.snapshotId())
        .conflictDetectionFilter(inCategory("a"))
        .validateNoConflictingData()
        .commit();

    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a2, b1, concurrent, a3));
  }

  @Test
  void overwriteWithoutValidationIgnoresConcurrentAppends() {
    Snapshot read = current(table);
    DataFile concurrent = dataFile(table, "a", "concurrent", 7);
    load(table).newFastAppend().appendFile(concurrent).commit();

    table.newOverwrite().deleteFile(a1).validateFromSnapshot(read.snapshotId()).commit();

    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a2, b1, concurrent));
    assertThat(current(table).operation()).isEqualTo(DataOperations.DELETE);
  }

  @Test
  void overwriteFailsWhenAReplacedFileWasDeletedConcurrently() {
    Snapshot read = current(table);
    load(table).newDelete().deleteFile(a1).commit();

    assertThatThrownBy(() -> table.newOverwrite()
        .deleteFile(a1)
        .addFile(dataFile(table, "a", "a3", 5))
        .validateFromSnapshot(read.snapshotId())
        .validateNoConflictingDeletes()
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(a1.location());
    assertThat(liveDataLocations(table.refresh())).isEqualTo(locationsOf(a2, b1));
  }

  @Test
  void overwriteFailsOnConcurrentDeleteFilesMatchingTheFilter() {
    Snapshot read = current(table);
    load(table).newRowDelta().addDeletes(positionDeletes(table, "a", "d1", 1)).commit();

    assertThatThrownBy(() -> table.newOverwrite()
        .deleteFile(a1)
        .validateFromSnapshot(read.snapshotId())
        .conflictDetectionFilter(inCategory("a"))
        .validateNoConflictingDeletes()
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("d1-pos.parquet");
  }

  @Test
  void overwriteValidationNeedsAnAncestorAsStartingSnapshot() {
    Table fresh = TableTestSupport.tables().create(TableTestSupport.SCHEMA, TableTestSupport.SPEC,
        java.util.Map.of(), dir.resolve("other").toString());
    fresh.newFastAppend().appendFile(dataFile(fresh, "a", "x", 1)).commit();
    long foreign = current(fresh).snapshotId();

    assertThatThrownBy(() -> table.newOverwrite()
        .deleteFile(a1)
        .validateFromSnapshot(foreign)
        .validateNoConflictingData()
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(String.valueOf(foreign))
        .hasMessageContaining("not an ancestor");
  }

  // ------------------------------------------------------------------ delete

  @Test
  void deleteByPath() {
    table.newDelete().deleteFile(a1.location()).commit();

    Snapshot after = current(table);
    assertThat(after.operation()).isEqualTo(DataOperations.DELETE);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a2, b1));
    assertThat(summaryLong(after, "deleted-data-files")).isEqualTo(1);
    assertThat(summaryLong(after, "deleted-records")).isEqualTo(10);
    assertThat(summaryLong(after, "total-data-files")).isEqualTo(2);
    assertThat(summaryLong(after, "total-records")).isEqualTo(60);
    assertThat(summaryLong(after, "total-files-size")).isEqualTo(a2.fileSizeInBytes() + b1.fileSizeInBytes());
    assertThat(after.summary()).doesNotContainKey("added-data-files");
  }

  @Test
  void deleteByFile() {
    table.newDelete().deleteFile(b1).commit();
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1, a2));
  }

  @Test
  void deleteByFilterMatchingWholeFiles() {
    table.newDelete().deleteFromFilter(f -> f.recordCount() >= 20).commit();

    Snapshot after = current(table);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1));
    assertThat(summaryLong(after, "deleted-data-files")).isEqualTo(2);
    assertThat(summaryLong(after, "changed-partition-count")).isEqualTo(2);
  }

  @Test
  void deleteMissingPathFailsClearlyWhenValidated() {
    String missing = table.location() + "/data/never-added.parquet";
    Set<String> before = metadataFileNames(table);
    long head = current(table).snapshotId();

    assertThatThrownBy(() -> table.newDelete().deleteFile(missing).deleteFile(a1.location()).validateFilesExist().commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(missing)
        .hasMessageNotContaining(a1.location());
    assertThat(current(table.refresh()).snapshotId()).isEqualTo(head);
    assertThat(metadataFileNames(table)).isEqualTo(before);
  }

  @Test
  void deleteMissingPathWithoutValidationChangesNoData() {
    table.newDelete().deleteFile(table.location() + "/data/never-added.parquet").commit();
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1, a2, b1));
    assertThat(summaryLong(current(table), "total-data-files")).isEqualTo(3);
  }

  @Test
  void deleteFailsWhenAConcurrentCommitRemovedTheFile() {
    Table other = load(table);
    other.newDelete().deleteFile(a1).commit();

    // table is stale; its retry must notice that a1 is gone
    assertThatThrownBy(() -> table.newDelete().deleteFile(a1).validateFilesExist().commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(a1.location());
  }

  @Test
  void deleteAndOverwriteOnABranchLeaveMainUntouched() {
    Snapshot main = current(table);
    DataFile a3 = dataFile(table, "a", "a3", 5);

    table.newDelete().deleteFile(b1).toBranch("cleanup").commit();
    table.newOverwrite().deleteFile(a1).addFile(a3).toBranch("cleanup").commit();

    Snapshot branch = table.snapshot("cleanup").orElseThrow();
    assertThat(liveDataLocations(table, branch)).isEqualTo(locationsOf(a2, a3));
    assertThat(summaryLong(branch, "total-data-files")).isEqualTo(2);
    assertThat(current(table).snapshotId()).isEqualTo(main.snapshotId());
    assertThat(liveDataLocations(load(table))).isEqualTo(locationsOf(a1, a2, b1));
  }

  @Test
  void manifestsWithOnlyDeletedEntriesAreDroppedByLaterCommits() {
    table.newDelete().deleteFile(b1).commit();
    Snapshot deleted = current(table);
    ManifestFile deletesOnly = table.manifests(deleted).stream()
        .filter(m -> m.liveFilesCount() == 0).findFirst().orElseThrow();
    assertThat(deletesOnly.deletedFilesCount()).isEqualTo(1);
    assertThat(deletesOnly.addedSnapshotId()).isEqualTo(deleted.snapshotId());

    DataFile c = dataFile(table, "c", "c1", 1);
    table.newFastAppend().appendFile(c).commit();
    List<ManifestFile> later = table.manifests(current(table));
    assertThat(later).extracting(ManifestFile::location).doesNotContain(deletesOnly.location());
    assertThat(later).allMatch(m -> m.liveFilesCount() > 0);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1, a2, c));

    table.newDelete().deleteFile(c).commit();
    assertThat(table.manifests(current(table))).noneMatch(m -> m.liveFilesCount() == 0
        && m.addedSnapshotId() != current(table).snapshotId());
  }

  @Test
  void deletedEntriesAreNotCarriedForward() {
    table.newDelete().deleteFile(a1).commit();
    table.newDelete().deleteFile(a2).commit();

    Snapshot head = current(table);
    List<ManifestEntry> deleted = entries(head).stream()
        .filter(e -> e.status() == ManifestEntry.Status.DELETED).toList();
    assertThat(deleted).extracting(e -> e.file().location()).containsExactly(a2.location());
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(b1));
  }
}
