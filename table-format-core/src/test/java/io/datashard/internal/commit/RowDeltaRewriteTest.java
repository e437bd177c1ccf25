package io.datashard.internal.commit;

import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.equalityDeletes;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.locations;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static io.datashard.internal.commit.TableTestSupport.positionDeletes;
import static io.datashard.internal.commit.TableTestSupport.positionDeletesFor;
import static io.datashard.internal.commit.TableTestSupport.summaryLong;
import static io.datashard.internal.commit.TableTestSupport.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.ValidationException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowDeltaRewriteTest {
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
    table.newFastAppend().appendFile(a1).appendFile(a2).appendFile(b1).commit();
  }

  private static Predicate<ContentFile> inCategory(String category) {
    return file -> category.equals(file.partition().get(0, String.class));
  }

  private Map<String, DataFile> liveData(Snapshot snapshot) {
    Map<String, DataFile> result = new HashMap<>();
    for (DataFile file : toList(table.dataFiles(snapshot))) {
      result.put(file.location(), file);
    }
    return result;
  }

  // ------------------------------------------------------------------ row delta

  @Test
  void rowDeltaAddsDataAndDeletes() {
    DataFile a3 = dataFile(table, "a", "a3", 5);
    DeleteFile pos = positionDeletesFor(table, a1, "d1", 2);
    DeleteFile eq = equalityDeletes(table, "b", "d2", 3);

    table.newRowDelta().addRows(a3).addDeletes(pos).addDeletes(eq).commit();

    Snapshot snapshot = current(table);
    assertThat(snapshot.operation()).isEqualTo(DataOperations.OVERWRITE);
    assertThat(snapshot.sequenceNumber()).isEqualTo(2);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1, a2, b1, a3));
    List<DeleteFile> deletes = toList(table.deleteFiles(snapshot));
    assertThat(locations(table.deleteFiles(snapshot))).isEqualTo(locationsOf(pos, eq));
    for (DeleteFile delete : deletes) {
      assertThat(delete.dataSequenceNumber()).contains(2L);
      assertThat(delete.fileSequenceNumber()).contains(2L);
      if (delete.content() == FileContent.EQUALITY_DELETES) {
        assertThat(delete.equalityFieldIds()).containsExactly(1);
      } else {
        assertThat(delete.referencedDataFile()).contains(a1.location());
      }
    }
    List<ManifestFile> deleteManifests = table.manifests(snapshot).stream()
        .filter(m -> m.content() == ManifestContent.DELETES).toList();
    assertThat(deleteManifests).hasSize(1);
    assertThat(deleteManifests.get(0).addedFilesCount()).isEqualTo(2);

    assertThat(summaryLong(snapshot, "added-data-files")).isEqualTo(1);
    assertThat(summaryLong(snapshot, "added-records")).isEqualTo(5);
    assertThat(summaryLong(snapshot, "added-delete-files")).isEqualTo(2);
    assertThat(summaryLong(snapshot, "added-position-delete-files")).isEqualTo(1);
    assertThat(summaryLong(snapshot, "added-equality-delete-files")).isEqualTo(1);
    assertThat(summaryLong(snapshot, "added-position-deletes")).isEqualTo(2);
    assertThat(summaryLong(snapshot, "added-equality-deletes")).isEqualTo(3);
    assertThat(summaryLong(snapshot, "changed-partition-count")).isEqualTo(2);
    assertThat(summaryLong(snapshot, "total-data-files")).isEqualTo(4);
    assertThat(summaryLong(snapshot, "total-delete-files")).isEqualTo(2);
    assertThat(summaryLong(snapshot, "total-position-deletes")).isEqualTo(2);
    assertThat(summaryLong(snapshot, "total-equality-deletes")).isEqualTo(3);
    assertThat(summaryLong(snapshot, "added-files-size"))
        .isEqualTo(a3.fileSizeInBytes() + pos.fileSizeInBytes() + eq.fileSizeInBytes());

    // the next commit keeps the delete manifest and the delete totals
    table.newFastAppend().appendFile(dataFile(table, "c", "c1", 1)).commit();
    Snapshot next = current(table);
    assertThat(locations(table.deleteFiles(next))).isEqualTo(locationsOf(pos, eq));
    assertThat(summaryLong(next, "total-delete-files")).isEqualTo(2);
    assertThat(summaryLong(next, "total-equality-deletes")).isEqualTo(3);
  }

  @Test
  void rowDeltaWithOnlyRowsIsAnAppend() {
    table.newRowDelta().addRows(dataFile(table, "a", "a3", 5)).commit();
    assertThat(current(table).operation()).isEqualTo(DataOperations.APPEND);
  }

  @Test
  void deletesNeedFormatVersionTwo() {
    Table v1 = TableTestSupport.tables().create(TableTestSupport.SCHEMA, TableTestSupport.SPEC,
        Map.of(TableProperties.FORMAT_VERSION, "1"), dir.resolve("v1").toString());
    assertThatThrownBy(() -> v1.newRowDelta().addDeletes(positionDeletes(v1, "a", "d", 1)).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("format version 1");
    assertThat(v1.refresh().snapshots()).isEmpty();
  }

  @Test
  void removeDeletes() {
    DeleteFile d1 = positionDeletes(table, "a", "d1", 2);
    DeleteFile d2 = positionDeletes(table, "a", "d2", 3);
    table.newRowDelta().addDeletes(d1).addDeletes(d2).commit();

    table.newRowDelta().removeDeletes(d1).commit();

    Snapshot snapshot = current(table);
    assertThat(locations(table.deleteFiles(snapshot))).isEqualTo(locationsOf(d2));
    assertThat(summaryLong(snapshot, "removed-delete-files")).isEqualTo(1);
    assertThat(summaryLong(snapshot, "removed-position-deletes")).isEqualTo(2);
    assertThat(summaryLong(snapshot, "total-delete-files")).isEqualTo(1);
    assertThat(summaryLong(snapshot, "total-position-deletes")).isEqualTo(3);

    assertThatThrownBy(() -> table.newRowDelta().removeDeletes(d1).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(d1.location());
  }

  @Test
  void validateDataFilesExistFailsWhenAReferencedFileWasRemoved() {
    Snapshot read = current(table);
    load(table).newDelete().deleteFile(a1).commit();

    assertThatThrownBy(() -> table.newRowDelta()
        .addDeletes(positionDeletesFor(table, a1, "d1", 1))
        .validateFromSnapshot(read.snapshotId())
        .validateDataFilesExist(List.of(a1.location()))
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(a1.location());
    assertThat(table.refresh().deleteFiles(current(table))).isEmpty();
  }

  @Test
  void validateDataFilesExistPassesWhenOtherFilesWereRemoved() {
    Snapshot read = current(table);
    load(table).newDelete().deleteFile(b1).commit();
    DeleteFile pos = positionDeletesFor(table, a1, "d1", 1);

    table.newRowDelta()
        .addDeletes(pos)
        .validateFromSnapshot(read.snapshotId())
        .validateDataFilesExist(List.of(a1.location()))
        .commit();

    assertThat(locations(table.deleteFiles(current(table)))).isEqualTo(locationsOf(pos));
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1, a2));
  }

  @Test
  void serializableRowDeltaFailsOnConcurrentMatchingData() {
    Snapshot read = current(table);
    DataFile concurrent = dataFile(table, "a", "concurrent", 1);
    load(table).newFastAppend().appendFile(concurrent).commit();

    assertThatThrownBy(() -> table.newRowDelta()
        .addDeletes(equalityDeletes(table, "a", "d1", 1))
        .validateFromSnapshot(read.snapshotId())
        .conflictDetectionFilter(inCategory("a"))
        .validateNoConflictingDataFiles()
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(concurrent.location());

    // outside the filter: no conflict
    DeleteFile forB = equalityDeletes(table, "b", "d2", 1);
    table.newRowDelta()
        .addDeletes(forB)
        .validateFromSnapshot(read.snapshotId())
        .conflictDetectionFilter(inCategory("b"))
        .validateNoConflictingDataFiles()
        .commit();
    assertThat(locations(table.deleteFiles(current(table)))).isEqualTo(locationsOf(forB));
  }

  @Test
  void rowDeltaFailsOnConcurrentDeleteFiles() {
    Snapshot read = current(table);
    DeleteFile concurrent = positionDeletesFor(table, a1, "concurrent", 1);
    load(table).newRowDelta().addDeletes(concurrent).commit();

    assertThatThrownBy(() -> table.newRowDelta()
        .addDeletes(positionDeletesFor(table, a1, "mine", 1))
        .validateFromSnapshot(read.snapshotId())
        .validateNoConflictingDeleteFiles()
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(concurrent.location());
  }

  // ------------------------------------------------------------------ rewrite

  @Test
  void rewriteReplacesFilesWithoutChangingData() {
    DataFile a12 = dataFile(table, "a", "a12", 30);
    Snapshot before = current(table);

    table.newRewrite().deleteFile(a1).deleteFile(a2).addFile(a12).commit();

    Snapshot after = current(table);
    assertThat(after.operation()).isEqualTo(DataOperations.REPLACE);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a12, b1));
    assertThat(summaryLong(after, "added-data-files")).isEqualTo(1);
    assertThat(summaryLong(after, "deleted-data-files")).isEqualTo(2);
    assertThat(summaryLong(after, "total-records")).isEqualTo(summaryLong(before, "total-records"));
    assertThat(summaryLong(after, "total-data-files")).isEqualTo(2);
    // without an explicit sequence number the new file is data of this commit
    assertThat(liveData(after).get(a12.location()).dataSequenceNumber()).contains(after.sequenceNumber());
    assertThat(liveData(after).get(b1.location()).dataSequenceNumber()).contains(1L);
  }

  @Test
  void rewriteKeepsTheDataSequenceNumberWhenAsked() {
    DeleteFile eq = equalityDeletes(table, "a", "eq", 1);
    table.newRowDelta().addDeletes(eq).commit(); // sequence 2: applies to data with sequence < 2
    DataFile a12 = dataFile(table, "a", "a12", 30);

    table.newRewrite().deleteFile(a1).deleteFile(a2).addFile(a12).dataSequenceNumber(1).commit();

    Snapshot after = current(table);
    assertThat(after.sequenceNumber()).isEqualTo(3);
    DataFile rewritten = liveData(after).get(a12.location());
    assertThat(rewritten.dataSequenceNumber()).contains(1L);
    assertThat(rewritten.fileSequenceNumber()).contains(3L);
    ManifestFile added = table.manifests(after).stream()
        .filter(m -> m.addedSnapshotId() == after.snapshotId() && m.hasAddedFiles()).findFirst().orElseThrow();
    assertThat(added.minSequenceNumber()).isEqualTo(1);
    assertThat(added.sequenceNumber()).isEqualTo(3);
    assertThat(load(table).snapshots()).hasSize(3);
  }

  @Test
  void rewriteOfDeleteFiles() {
    DeleteFile d1 = positionDeletes(table, "a", "d1", 2);
    DeleteFile d2 = positionDeletes(table, "a", "d2", 3);
    table.newRowDelta().addDeletes(d1).addDeletes(d2).commit();
    DeleteFile merged = positionDeletes(table, "a", "d12", 5);

    table.newRewrite().deleteFile(d1).deleteFile(d2).addFile(merged).commit();

    Snapshot after = current(table);
    assertThat(locations(table.deleteFiles(after))).isEqualTo(locationsOf(merged));
    assertThat(summaryLong(after, "total-delete-files")).isEqualTo(1);
    assertThat(summaryLong(after, "total-position-deletes")).isEqualTo(5);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a1, a2, b1));
  }

  @Test
  void rewriteFailsWhenAReplacedFileWasDeletedConcurrently() {
    Snapshot read = current(table);
    load(table).newDelete().deleteFile(a1).commit();

    assertThatThrownBy(() -> table.newRewrite()
        .deleteFile(a1)
        .deleteFile(a2)
        .addFile(dataFile(table, "a", "a12", 30))
        .validateFromSnapshot(read.snapshotId())
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(a1.location());
    assertThat(liveDataLocations(table.refresh())).isEqualTo(locationsOf(a2, b1));
  }

  @Test
  void rewriteFailsOnConcurrentDeletesForAReplacedFile() {
    Snapshot read = current(table);
    DeleteFile concurrent = positionDeletesFor(table, a1, "concurrent", 1);
    load(table).newRowDelta().addDeletes(concurrent).commit();

    assertThatThrownBy(() -> table.newRewrite()
        .deleteFile(a1)
        .deleteFile(a2)
        .addFile(dataFile(table, "a", "a12", 30))
        .validateFromSnapshot(read.snapshotId())
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(concurrent.location());
  }

  @Test
  void rewriteIgnoresConcurrentDeletesElsewhere() {
    Snapshot read = current(table);
    DeleteFile otherPartition = equalityDeletes(table, "b", "concurrent", 1);
    load(table).newRowDelta().addDeletes(otherPartition).commit();
    DataFile a12 = dataFile(table, "a", "a12", 30);

    table.newRewrite().deleteFile(a1).deleteFile(a2).addFile(a12).validateFromSnapshot(read.snapshotId()).commit();

    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a12, b1));
    assertThat(locations(table.deleteFiles(current(table)))).isEqualTo(locationsOf(otherPartition));
  }

  @Test
  void rewriteMustNameFiles() {
    assertThatThrownBy(() -> table.newRewrite().addFile(dataFile(table, "a", "x", 1)).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("replaces no files");
  }
}
