package io.datashard.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.PartitionData;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.data.MergeOnReadDeleter;
import io.datashard.data.TableDeleter;
import io.datashard.deletes.DeleteTables;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.deletes.MergeOnReadDeleteWriter;
import io.datashard.deletes.PositionDeleteWriter;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expressions;
import io.datashard.scan.FileScanTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RewriteDeletesTest {
  @TempDir
  Path dir;

  /**
   * Position deletes (file-scoped and partition-scoped), a deletion vector (v3), a live equality
   * delete, an equality delete older than every data file, and position deletes of a removed data file.
   */
  private Table tableWithDeletes(int formatVersion) {
    Table table = DeleteTables.create(dir, "t", formatVersion, false, Map.of());
    DeleteFile oldEquality = DeleteTables.equalityDeletes(table, fakeUnpartitioned(table), 5L, 55L);
    table.newRowDelta().addDeletes(oldEquality).commit(); // older than every data file: applies to none
    DataFile f1 = DeleteTables.append(table, 0, 50).get(0);
    DataFile f2 = DeleteTables.append(table, 50, 100).get(0);
    DataFile f3 = DeleteTables.append(table, 100, 150).get(0);
    DataFile f4 = DeleteTables.append(table, 150, 160).get(0);
    PositionDeleteWriter shared = PositionDeleteWriter.builder(table.io().newOutputFile(
        table.location() + "/data/pos-shared-" + UUID.randomUUID() + ".parquet")).build();
    shared.delete(f1, 2).delete(f2, 3);
    shared.close();
    table.newRowDelta()
        .addDeletes(DeleteTables.positionDeletes(table, f1, 0, 1))
        .addDeletes(shared.toDeleteFile())
        .addDeletes(DeleteTables.positionDeletes(table, f4, 0))
        .addDeletes(DeleteTables.equalityDeletes(table, f2, 60L))
        .commit();
    if (formatVersion >= 3) {
      MergeOnReadDeleter.delete(table, Expressions.equal("id", 120L)); // a deletion vector for f3
    }
    table.newDelete().deleteFile(f4).commit(); // its position deletes now apply to nothing
    return table.refresh();
  }

  private static DataFile fakeUnpartitioned(Table table) {
    return DataFile.builder().withSpecId(table.spec().specId()).withPartition(PartitionData.empty())
        .withLocation(table.location() + "/data/none.parquet").withFormat(io.datashard.FileFormat.PARQUET)
        .withRecordCount(0).withFileSizeInBytes(0).build();
  }

  @Test
  void versionThreeTurnsPositionDeletesIntoOneVectorPerDataFile() {
    Table table = tableWithDeletes(3);
    List<String> before = DeleteTables.rows(table);
    RewriteDeletes.Result result = DeleteActions.rewriteDeletes(table).set("reason", "test").execute();
    assertThat(result.committed()).isTrue();
    assertThat(DeleteTables.rows(table)).isEqualTo(before);
    assertThat(table.currentSnapshot().orElseThrow().operation()).isEqualTo("replace");
    assertThat(table.currentSnapshot().orElseThrow().summary()).containsEntry("reason", "test");

    assertThat(result.deadDeleteFiles()).isEqualTo(2); // the old equality delete, the removed file's position deletes
    assertThat(result.addedDeleteFiles()).hasSize(2).allMatch(DeleteFile::isDeletionVector); // f1 and f2
    List<DeleteFile> after = DeleteTables.deleteFiles(table);
    assertThat(after).noneMatch(f -> f.content() == FileContent.POSITION_DELETES && !f.isDeletionVector());
    assertThat(DeleteTables.vectorsByDataFile(table)).hasSize(3); // f1, f2 new; f3 kept
    assertThat(DeleteTables.count(after, FileContent.EQUALITY_DELETES)).isEqualTo(1);
    for (FileScanTask task : DeleteTables.tasks(table)) {
      assertThat(task.deletes().stream().filter(d -> d.content() == FileContent.POSITION_DELETES)).hasSizeLessThanOrEqualTo(1);
    }

    RewriteDeletes.Result again = DeleteActions.rewriteDeletes(table).execute();
    assertThat(again.committed()).isFalse();
  }

  @Test
  void versionTwoDropsDeletesThatNoLongerApply() {
    Table table = tableWithDeletes(2);
    List<String> before = DeleteTables.rows(table);
    int deleteFilesBefore = DeleteTables.deleteFiles(table).size();
    RewriteDeletes.Result result = DeleteActions.rewriteDeletes(table).execute();
    assertThat(DeleteTables.rows(table)).isEqualTo(before);
    assertThat(result.deadDeleteFiles()).isEqualTo(2);
    assertThat(result.removedDeleteFiles()).hasSize(2);
    assertThat(result.addedDeleteFiles()).isEmpty();
    assertThat(DeleteTables.deleteFiles(table)).hasSize(deleteFilesBefore - 2);
  }

  @Test
  void dropsDeletesOlderThanEveryDataFileTheyCouldApplyTo() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile old = DeleteTables.append(table, 0, 10).get(0);
    MergeOnReadDeleter.delete(table, Expressions.equal("id", 3L));
    TableDeleter.delete(table, Expressions.equal("id", 4L)); // copy-on-write rewrites the file: its vector is dead
    assertThat(DeleteTables.dataFiles(table)).extracting(DataFile::location).doesNotContain(old.location());
    List<String> before = DeleteTables.rows(table);
    RewriteDeletes.Result result = DeleteActions.rewriteDeletes(table).execute();
    assertThat(result.deadDeleteFiles()).isEqualTo(1);
    assertThat(DeleteTables.deleteFiles(table)).isEmpty();
    assertThat(DeleteTables.rows(table)).isEqualTo(before).hasSize(8);
  }

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void nothingToDoCommitsNothing(int formatVersion) {
    Table table = DeleteTables.create(dir, "t", formatVersion, true, Map.of());
    DeleteTables.append(table, 0, 10);
    MergeOnReadDeleter.delete(table, Expressions.equal("id", 3L));
    long snapshot = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    assertThat(DeleteActions.rewriteDeletes(table).execute().committed()).isFalse();
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(snapshot);
  }

  @Test
  void rewriteFailsOnConcurrentDeletesForTheSameDataFileNamingTheSnapshot() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile file = DeleteTables.append(table, 0, 100).get(0);
    DeleteFile positions = DeleteTables.positionDeletes(table, file, 1, 2);
    table.newRowDelta().addDeletes(positions).commit();
    long base = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    DeleteWriteResult vector;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table).newWriter()) {
      vector = writer.delete(file, 1).delete(file, 2).finish();
    }

    MergeOnReadDeleter.delete(table, Expressions.equal("id", 50L)); // concurrent: a vector for the same file
    Snapshot concurrent = table.refresh().currentSnapshot().orElseThrow();
    assertThatThrownBy(() -> table.newRewrite()
        .deleteFile(positions)
        .addFile(vector.deleteFiles().get(0))
        .validateFromSnapshot(base)
        .validateDataFilesExist(Set.of(file.location()))
        .conflictDetectionFilter(f -> f instanceof DeleteFile d && d.referencedDataFile().filter(file.location()::equals).isPresent())
        .validateNoConflictingDeleteFiles()
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("snapshot " + concurrent.snapshotId());
  }

  @Test
  void rewriteFailsWhenTheDataFileWasRemovedConcurrently() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile file = DeleteTables.append(table, 0, 100).get(0);
    DeleteFile positions = DeleteTables.positionDeletes(table, file, 1);
    table.newRowDelta().addDeletes(positions).commit();
    long base = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    DeleteWriteResult vector;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table).newWriter()) {
      vector = writer.delete(file, 1).finish();
    }
    table.newDelete().deleteFile(file).commit();
    Snapshot concurrent = table.refresh().currentSnapshot().orElseThrow();
    assertThatThrownBy(() -> table.newRewrite()
        .deleteFile(positions)
        .addFile(vector.deleteFiles().get(0))
        .validateFromSnapshot(base)
        .validateDataFilesExist(Set.of(file.location()))
        .commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(file.location())
        .hasMessageContaining("snapshot " + concurrent.snapshotId());
  }
}
