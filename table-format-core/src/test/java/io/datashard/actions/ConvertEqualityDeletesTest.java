package io.datashard.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.RowDelta;
import io.datashard.Table;
import io.datashard.data.MergeOnReadDeleter;
import io.datashard.deletes.DeleteTables;
import io.datashard.expressions.Expressions;
import io.datashard.scan.FileScanTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvertEqualityDeletesTest {
  private static final Set<Long> FIRST_KEYS = Set.of(3L, 4L, 5L, 33L, 34L, 35L);
  private static final Set<Long> SECOND_KEYS = Set.of(210L, 500L, 501L);

  @TempDir
  Path dir;

  /**
   * An upsert history: rows 0..59, equality deletes of some keys, keys 0..9 written again (newer,
   * so not deleted), a position delete, rows 200..259, equality deletes of 210 and of keys no data
   * file holds.
   */
  private Table upserted(int formatVersion, boolean partitioned) {
    Table table = DeleteTables.create(dir, "t", formatVersion, partitioned, Map.of());
    List<DataFile> first = DeleteTables.append(table, 0, 60);
    addEqualityDeletes(table, first, FIRST_KEYS);
    DeleteTables.append(table, 0, 10);
    MergeOnReadDeleter.delete(table, Expressions.equal("id", 40L));
    List<DataFile> third = DeleteTables.append(table, 200, 260);
    addEqualityDeletes(table, third, SECOND_KEYS);
    return table.refresh();
  }

  /** One equality delete file per data file's partition, with the keys that belong there. */
  private static void addEqualityDeletes(Table table, List<DataFile> partitionsOf, Set<Long> keys) {
    RowDelta delta = table.newRowDelta();
    for (DataFile file : partitionsOf) {
      List<Long> inPartition = new ArrayList<>();
      for (long key : keys) {
        if (file.partition().size() == 0 || file.partition().get(0, Integer.class) == (int) (key % 3)) {
          inPartition.add(key);
        }
      }
      if (!inPartition.isEmpty()) {
        delta.addDeletes(DeleteTables.equalityDeletes(table, file, inPartition.stream().mapToLong(Long::longValue).toArray()));
      }
    }
    delta.commit();
  }

  private static List<String> expectedRows() {
    List<String> rows = new ArrayList<>();
    for (long id = 0; id < 60; id += 1) {
      if (!FIRST_KEYS.contains(id) && id != 40) {
        rows.add(DeleteTables.row(id).get(0) + ":d" + id + ":" + id % 3);
      }
    }
    for (long id = 0; id < 10; id += 1) {
      rows.add(id + ":d" + id + ":" + id % 3);
    }
    for (long id = 200; id < 260; id += 1) {
      if (!SECOND_KEYS.contains(id)) {
        rows.add(id + ":d" + id + ":" + id % 3);
      }
    }
    rows.sort(null);
    return rows;
  }

  @ParameterizedTest(name = "format v{0}, partitioned {1}")
  @CsvSource({"2, false", "2, true", "3, false", "3, true"})
  void readsAreIdenticalAndEqualityDeletesAreGone(int formatVersion, boolean partitioned) {
    Table table = upserted(formatVersion, partitioned);
    assertThat(DeleteTables.rows(table)).isEqualTo(expectedRows());
    long tasksWithEquality = DeleteTables.tasks(table).stream()
        .filter(t -> t.deletes().stream().anyMatch(d -> d.content() == FileContent.EQUALITY_DELETES)).count();
    int equalityFiles = (int) DeleteTables.count(DeleteTables.deleteFiles(table), FileContent.EQUALITY_DELETES);

    ConvertEqualityDeletes.Result result = DeleteActions.convertEqualityDeletes(table).execute();

    assertThat(result.committed()).isTrue();
    assertThat(result.removedEqualityDeletes()).hasSize(equalityFiles);
    assertThat(result.deletedRows()).isEqualTo(FIRST_KEYS.size() + 1); // 210; the re-written keys 3, 4, 5 are newer
    assertThat(DeleteTables.rows(table)).isEqualTo(expectedRows());
    assertThat(table.currentSnapshot().orElseThrow().operation()).isEqualTo("replace");
    List<DeleteFile> deletes = DeleteTables.deleteFiles(table);
    assertThat(DeleteTables.count(deletes, FileContent.EQUALITY_DELETES)).isZero();
    for (FileScanTask task : DeleteTables.tasks(table)) {
      assertThat(task.deletes()).noneMatch(d -> d.content() == FileContent.EQUALITY_DELETES);
    }
    if (formatVersion == 3) {
      assertThat(deletes).allMatch(DeleteFile::isDeletionVector);
      assertThat(DeleteTables.vectorsByDataFile(table)).hasSize(deletes.size()); // one per data file
      assertThat(result.rewrittenDeleteFiles()).hasSize(1); // the vector of id 40, merged
    } else {
      assertThat(result.rewrittenDeleteFiles()).isEmpty();
    }
    // only data files older than an equality delete whose bounds overlap it were read
    assertThat(result.dataFilesRead()).isEqualTo((int) tasksWithEquality);
    if (!partitioned) {
      assertThat(result.dataFilesRead()).isEqualTo(2); // rows 0..59 for the first deletes, 200..259 for 210
    }
  }

  @Test
  void convertsOnlyTheSelectedDeleteFiles() {
    Table table = upserted(3, false);
    List<DeleteFile> equality = DeleteTables.deleteFiles(table).stream()
        .filter(d -> d.content() == FileContent.EQUALITY_DELETES).toList();
    assertThat(equality).hasSize(2);
    DeleteFile second = equality.stream().filter(d -> d.recordCount() == SECOND_KEYS.size()).findFirst().orElseThrow();
    ConvertEqualityDeletes.Result result = DeleteActions.convertEqualityDeletes(table)
        .deleteFileFilter(d -> d.location().equals(second.location())).execute();
    assertThat(result.removedEqualityDeletes()).containsExactly(second);
    assertThat(result.deletedRows()).isEqualTo(1);
    assertThat(DeleteTables.rows(table)).isEqualTo(expectedRows());
    assertThat(DeleteTables.count(DeleteTables.deleteFiles(table), FileContent.EQUALITY_DELETES)).isEqualTo(1);
  }

  @Test
  void noEqualityDeletesCommitsNothing() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DeleteTables.append(table, 0, 10);
    assertThat(DeleteActions.convertEqualityDeletes(table).execute().committed()).isFalse();
  }

  @Test
  void rewriteAfterConversionLeavesOnlyVectors() {
    Table table = upserted(3, true);
    DeleteActions.convertEqualityDeletes(table).execute();
    DeleteActions.rewriteDeletes(table).execute();
    assertThat(DeleteTables.rows(table)).isEqualTo(expectedRows());
    assertThat(DeleteTables.deleteFiles(table)).allMatch(DeleteFile::isDeletionVector);
  }
}
