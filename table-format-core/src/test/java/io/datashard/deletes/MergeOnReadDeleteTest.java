package io.datashard.deletes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.FileFormat;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.data.MergeOnReadDeleter;
import io.datashard.data.Record;
import io.datashard.data.TableDeleter;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MergeOnReadDeleteTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "format v{0}, partitioned {1}")
  @CsvSource({"2, false", "2, true", "3, false", "3, true"})
  void sameRowsAsCopyOnWrite(int formatVersion, boolean partitioned) {
    Table cow = DeleteTables.create(dir, "cow", formatVersion, partitioned, Map.of());
    Table mor = DeleteTables.create(dir, "mor", formatVersion, partitioned, Map.of("write.delete.mode", "merge-on-read"));
    for (Table table : List.of(cow, mor)) {
      DeleteTables.append(table, 0, 100);
      DeleteTables.append(table, 100, 200);
    }
    List<Expression> filters = List.of(
        Expressions.lessThan("id", 15L),
        Expressions.equal("part", 1),
        Expressions.and(Expressions.greaterThanOrEqual("id", 10L), Expressions.lessThan("id", 150L)), // overlaps earlier deletes
        Expressions.equal("id", 9999L));
    for (Expression filter : filters) {
      long expected = TableDeleter.delete(cow, filter);
      long deleted = MergeOnReadDeleter.delete(mor, filter);
      assertThat(deleted).as("rows deleted by %s", filter).isEqualTo(expected);
      assertThat(DeleteTables.rows(mor)).as("rows after %s", filter).isEqualTo(DeleteTables.rows(cow));
    }
    assertThat(DeleteTables.rows(mor)).isNotEmpty();
    List<DeleteFile> deletes = DeleteTables.deleteFiles(mor);
    assertThat(DeleteTables.dataFiles(mor)).hasSameSizeAs(partitioned ? List.of(1, 2, 3, 4, 5, 6) : List.of(1, 2));
    if (formatVersion == 3) {
      assertThat(deletes).allMatch(DeleteFile::isDeletionVector);
      // one vector per data file: the vectors of earlier deletes were merged and removed
      assertThat(DeleteTables.vectorsByDataFile(mor)).hasSize(deletes.size());
    } else {
      assertThat(deletes).allMatch(f -> f.format() == FileFormat.PARQUET && f.content() == FileContent.POSITION_DELETES);
    }
  }

  @Test
  void versionThreeVectorMergedWithTheExistingOne() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile file = DeleteTables.append(table, 0, 100).get(0);
    MergeOnReadDeleter.delete(table, Expressions.lessThan("id", 10L));
    DeleteFile first = DeleteTables.vectorsByDataFile(table).get(file.location());
    assertThat(first.recordCount()).isEqualTo(10);

    MergeOnReadDeleter.delete(table, Expressions.and(Expressions.greaterThanOrEqual("id", 5L), Expressions.lessThan("id", 30L)));
    List<DeleteFile> deletes = DeleteTables.deleteFiles(table);
    assertThat(deletes).hasSize(1);
    DeleteFile merged = deletes.get(0);
    assertThat(merged.location()).isNotEqualTo(first.location());
    assertThat(merged.recordCount()).isEqualTo(30);
    assertThat(new DeletionVectorReader(table.io()).read(merged)).isEqualTo(rangeVector(0, 30));
    assertThat(DeleteTables.rows(table)).hasSize(70).allMatch(r -> Long.parseLong(r.split(":")[0]) >= 30);
  }

  @Test
  void removingOneVectorKeepsTheOthersInTheSamePuffinFile() {
    Table table = DeleteTables.create(dir, "t", 3, true, Map.of());
    DeleteTables.append(table, 0, 90); // three data files, one per partition
    MergeOnReadDeleter.delete(table, Expressions.lessThan("id", 9L)); // one Puffin file, three vectors
    assertThat(DeleteTables.deleteFiles(table)).hasSize(3).extracting(DeleteFile::location).containsOnly(
        DeleteTables.deleteFiles(table).get(0).location());
    MergeOnReadDeleter.delete(table, Expressions.equal("id", 30L)); // part 0 only: its vector is replaced
    assertThat(DeleteTables.vectorsByDataFile(table)).hasSize(3);
    List<String> expected = new ArrayList<>();
    for (long id = 9; id < 90; id += 1) {
      if (id != 30) {
        expected.add(id + ":d" + id + ":" + id % 3);
      }
    }
    expected.sort(null);
    assertThat(DeleteTables.rows(table)).isEqualTo(expected);
  }

  @Test
  void positionDeleteFilesFollowTheSpecOrderAndRoll() {
    Table table = DeleteTables.create(dir, "t", 2, false,
        Map.of(DeleteWriterFactory.DELETE_TARGET_FILE_SIZE_BYTES, "1"));
    List<DataFile> files = new ArrayList<>();
    files.addAll(DeleteTables.append(table, 0, 50));
    files.addAll(DeleteTables.append(table, 50, 100));
    files.addAll(DeleteTables.append(table, 100, 150));
    files.sort((a, b) -> b.location().compareTo(a.location())); // descending: each must start a new file
    DeleteWriterFactory factory = DeleteWriterFactory.forTable(table).withExistingDeletes(Map.of());
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = factory.newWriter()) {
      for (DataFile file : files) {
        for (long pos : new long[] {7, 3, 40, 0, 3}) { // any order within a data file
          writer.delete(file, pos);
        }
      }
      result = writer.finish();
    }
    assertThat(result.deleteFiles()).hasSize(3);
    assertThat(result.referencedDataFiles()).hasSize(3);
    for (DeleteFile deleteFile : result.deleteFiles()) {
      List<String> paths = new ArrayList<>();
      List<Long> positions = new ArrayList<>();
      try (CloseableIterable<Record> rows = ParquetDataReader.builder(table.io().newInputFile(deleteFile.location()))
          .project(PositionDeleteWriter.SCHEMA).build(); CloseableIterator<Record> it = rows.iterator()) {
        while (it.hasNext()) {
          Record row = it.next();
          paths.add((String) row.get(0));
          positions.add((Long) row.get(1));
        }
      }
      assertThat(positions).containsExactly(0L, 3L, 7L, 40L);
      assertThat(deleteFile.referencedDataFile()).contains(paths.get(0));
    }

    MergeOnReadCommit.commit(table, table.currentSnapshot().orElseThrow().snapshotId(), result, Expressions.alwaysTrue(),
        IsolationLevel.SERIALIZABLE);
    assertThat(DeleteTables.rows(table)).hasSize(150 - 12);
  }

  @Test
  void oneFileHoldsSeveralDataFilesInPathOrder() {
    Table table = DeleteTables.create(dir, "t", 2, false, Map.of());
    List<DataFile> files = new ArrayList<>();
    files.addAll(DeleteTables.append(table, 0, 50));
    files.addAll(DeleteTables.append(table, 50, 100));
    files.sort((a, b) -> a.location().compareTo(b.location()));
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table).newWriter()) {
      writer.delete(files.get(0), 5).delete(files.get(0), 1);
      writer.delete(files.get(1), 2);
      result = writer.finish();
    }
    assertThat(result.deleteFiles()).hasSize(1);
    DeleteFile deleteFile = result.deleteFiles().get(0);
    assertThat(deleteFile.referencedDataFile()).isEmpty();
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = ParquetDataReader.builder(table.io().newInputFile(deleteFile.location()))
        .project(PositionDeleteWriter.SCHEMA).build(); CloseableIterator<Record> it = records.iterator()) {
      it.forEachRemaining(r -> rows.add(r.get(0) + "@" + r.get(1)));
    }
    assertThat(rows).containsExactly(files.get(0).location() + "@1", files.get(0).location() + "@5", files.get(1).location() + "@2");
  }

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void taggedWritersNameTheirFilesWithTheTag(int version) {
    Table table = DeleteTables.create(dir, "t", version, false, Map.of());
    DataFile file = DeleteTables.append(table, 0, 10).get(0);
    DeleteWriterFactory factory = DeleteWriterFactory.forTable(table);
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = factory.newWriter("job-42_a")) {
      result = writer.delete(file, 3).finish();
    }
    assertThat(result.deleteFiles()).hasSize(1);
    String location = result.deleteFiles().get(0).location();
    assertThat(location.substring(location.lastIndexOf('/') + 1)).startsWith("delete-job-42_a-");
    assertThatThrownBy(() -> factory.newWriter("../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../x'");
    assertThatThrownBy(() -> factory.newWriter("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deleteAddedFilesRemovesTheNewFilesAndKeepsTheRewrittenOnes() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile a = DeleteTables.append(table, 0, 10).get(0);
    DataFile b = DeleteTables.append(table, 10, 20).get(0);
    DeleteWriteResult first;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table).newWriter()) {
      first = writer.delete(a, 1).finish();
    }
    MergeOnReadCommit.commit(table, table.currentSnapshot().orElseThrow().snapshotId(), first, Expressions.alwaysTrue(),
        IsolationLevel.SERIALIZABLE);
    long base = table.currentSnapshot().orElseThrow().snapshotId();
    DeleteWriteResult second;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table, base, Expressions.alwaysTrue()).newWriter()) {
      second = writer.delete(a, 2).delete(b, 3).finish();
    }
    // two deletion vectors in one Puffin file, merging the committed vector of a
    assertThat(second.deleteFiles()).hasSize(2);
    assertThat(second.rewrittenDeleteFiles()).hasSize(1);
    String added = second.deleteFiles().get(0).location();
    String rewritten = second.rewrittenDeleteFiles().get(0).location();

    assertThat(second.deleteAddedFiles(table.io())).isEqualTo(1);

    assertThat(table.io().newInputFile(added).exists()).isFalse();
    assertThat(table.io().newInputFile(rewritten).exists()).isTrue();
    assertThat(DeleteTables.rows(table)).hasSize(19);
  }

  @Test
  void versionThreeWriterRefusesDeletesOfADataFileThatCameBack() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile a = DeleteTables.append(table, 0, 10).get(0);
    DataFile b = DeleteTables.append(table, 10, 20).get(0);
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table).newWriter()) {
      writer.delete(a, 1).delete(b, 1);
      assertThatThrownBy(() -> writer.delete(a, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(a.location())
          .hasMessageContaining("one deletion vector per data file");
    }
  }

  @Test
  void resultsOfTwoWritersWithVectorsForOneDataFileCannotBeCombined() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile a = DeleteTables.append(table, 0, 10).get(0);
    DeleteWriterFactory factory = DeleteWriterFactory.forTable(table);
    List<DeleteWriteResult> results = new ArrayList<>();
    for (int task = 0; task < 2; task += 1) {
      try (MergeOnReadDeleteWriter writer = factory.newWriter()) {
        results.add(writer.delete(a, task).finish());
      }
    }
    assertThatThrownBy(() -> DeleteWriteResult.merge(results))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(a.location());
  }

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void concurrentDeleteOfTheSameDataFileFailsNamingTheSnapshot(int formatVersion) {
    Table table = DeleteTables.create(dir, "t", formatVersion, false, Map.of());
    DataFile file = DeleteTables.append(table, 0, 100).get(0);
    MergeOnReadDeleter.delete(table, Expressions.equal("id", 1L)); // an existing deletion vector on v3
    long base = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    Expression filter = Expressions.lessThan("id", 10L);
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table, base, filter).newWriter()) {
      writer.delete(file, 5);
      result = writer.finish();
    }

    MergeOnReadDeleter.delete(table, Expressions.equal("id", 7L)); // concurrent
    Snapshot concurrent = table.refresh().currentSnapshot().orElseThrow();
    assertThatThrownBy(() -> MergeOnReadCommit.commit(table, base, result, filter, IsolationLevel.SNAPSHOT))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("snapshot " + concurrent.snapshotId());
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(concurrent.snapshotId());
    assertThat(DeleteTables.rows(table)).hasSize(98);
  }

  @Test
  void concurrentRemovalOfTheDataFileFailsNamingTheSnapshot() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile file = DeleteTables.append(table, 0, 100).get(0);
    long base = table.currentSnapshot().orElseThrow().snapshotId();
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table, base, Expressions.alwaysTrue()).newWriter()) {
      result = writer.delete(file, 5).finish();
    }
    TableDeleter.delete(table, Expressions.equal("id", 50L)); // copy-on-write: replaces the data file
    Snapshot concurrent = table.refresh().currentSnapshot().orElseThrow();
    assertThatThrownBy(() -> MergeOnReadCommit.commit(table, base, result, Expressions.alwaysTrue(), IsolationLevel.SNAPSHOT))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(file.location())
        .hasMessageContaining("snapshot " + concurrent.snapshotId());
  }

  @Test
  void serializableIsolationFailsOnConcurrentMatchingDataAndSnapshotIsolationDoesNot() {
    Table table = DeleteTables.create(dir, "t", 3, true, Map.of());
    DeleteTables.append(table, 0, 30);
    long base = table.currentSnapshot().orElseThrow().snapshotId();
    Expression filter = Expressions.equal("part", 1);
    DataFile partOne = DeleteTables.dataFiles(table).stream().filter(f -> f.partition().get(0, Integer.class) == 1)
        .findFirst().orElseThrow();
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table, base, filter).newWriter()) {
      result = writer.delete(partOne, 0).finish();
    }
    DeleteTables.append(table, 30, 31); // id 30 lands in part 0: no conflict even when serializable
    DeleteTables.append(table, 31, 32); // id 31 lands in part 1: may match the filter
    Snapshot concurrent = table.refresh().currentSnapshot().orElseThrow();
    assertThatThrownBy(() -> MergeOnReadCommit.commit(table, base, result, filter, IsolationLevel.SERIALIZABLE))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("snapshot " + concurrent.snapshotId());
    assertThat(MergeOnReadCommit.commit(table, base, result, filter, IsolationLevel.SNAPSHOT)).isTrue();
    assertThat(DeleteTables.rows(table)).hasSize(31);
  }

  @Test
  void formatVersionOneIsRefused() {
    Table table = DeleteTables.create(dir, "t", 1, false, Map.of());
    DeleteTables.append(table, 0, 10);
    assertThatThrownBy(() -> MergeOnReadDeleter.delete(table, Expressions.equal("id", 1L)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("format version 1");
    assertThat(DeleteTables.rows(table)).hasSize(10);
  }

  @Test
  void tableModeChoosesMergeOnRead() {
    Table table = DeleteTables.create(dir, "t", 2, false, Map.of("write.delete.mode", "merge-on-read"));
    DataFile file = DeleteTables.append(table, 0, 10).get(0);
    assertThat(TableDeleter.deleteUsingWriteMode(table, Expressions.equal("id", 3L))).isEqualTo(1);
    assertThat(DeleteTables.dataFiles(table)).extracting(DataFile::location).containsExactly(file.location());
    assertThat(DeleteTables.deleteFiles(table)).hasSize(1);
    Table cow = DeleteTables.create(dir, "cow", 2, false, Map.of());
    DeleteTables.append(cow, 0, 10);
    assertThat(TableDeleter.deleteUsingWriteMode(cow, Expressions.equal("id", 3L))).isEqualTo(1);
    assertThat(DeleteTables.deleteFiles(cow)).isEmpty();
    assertThat(DeleteTables.rows(cow)).isEqualTo(DeleteTables.rows(table));
  }

  @Test
  void factoryAndResultTravelToTasksAndBack() throws Exception {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DataFile file = DeleteTables.append(table, 0, 10).get(0);
    MergeOnReadDeleter.delete(table, Expressions.equal("id", 1L));
    long base = table.refresh().currentSnapshot().orElseThrow().snapshotId();
    DeleteWriterFactory shipped = roundTrip(DeleteWriterFactory.forTable(table, base, Expressions.alwaysTrue()));
    DeleteWriteResult result;
    try (MergeOnReadDeleteWriter writer = shipped.newWriter()) {
      result = roundTrip(writer.delete(file, 2).finish());
    }
    assertThat(result.rewrittenDeleteFiles()).hasSize(1); // the vector of id 1, merged
    MergeOnReadCommit.commit(table, base, result, Expressions.alwaysTrue(), IsolationLevel.SERIALIZABLE);
    assertThat(DeleteTables.rows(table)).hasSize(8);
    assertThat(DeleteTables.deleteFiles(table)).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  private static DeletionVector rangeVector(long from, long to) {
    DeletionVector vector = new DeletionVector();
    vector.delete(from, to);
    return vector;
  }
}
