package io.datashard.deletes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileContent;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.data.GenericRecord;
import io.datashard.data.PrimaryKeyDeletes;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expressions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrimaryKeyDeletesTest {
  @TempDir
  Path dir;

  /** Upserts the ids as rows with data "new": old versions deleted by position, new rows added, one row delta. */
  private static long upsert(Table table, List<Long> ids) {
    Snapshot base = table.refresh().currentSnapshot().orElseThrow();
    List<List<Object>> keys = new ArrayList<>();
    ids.forEach(id -> keys.add(List.of(id)));
    DeleteWriteResult deletes;
    long deleted;
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table, base.snapshotId(), Expressions.alwaysTrue()).newWriter()) {
      deleted = PrimaryKeyDeletes.deleteKeys(table, base.snapshotId(), List.of("id"), keys, writer);
      deletes = writer.finish();
    }
    DataFile added;
    try (ParquetDataWriter writer = ParquetDataWriter.builder(table.io().newOutputFile(
        table.location() + "/data/upsert-" + UUID.randomUUID() + ".parquet")).schema(DeleteTables.SCHEMA).build()) {
      for (long id : ids) {
        GenericRecord row = GenericRecord.create(DeleteTables.SCHEMA);
        row.set(0, id);
        row.set(1, "new");
        row.set(2, (int) (id % 3));
        writer.write(row);
      }
      writer.close();
      added = writer.toDataFile();
    }
    MergeOnReadCommit.configure(table.newRowDelta().addRows(added), table, base.snapshotId(), deletes,
        Expressions.alwaysTrue(), IsolationLevel.SNAPSHOT).commit();
    return deleted;
  }

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void upsertsLeaveNoEqualityDeletes(int formatVersion) {
    Table table = DeleteTables.create(dir, "t", formatVersion, false, Map.of());
    DeleteTables.append(table, 0, 50);
    DeleteTables.append(table, 50, 100);
    assertThat(upsert(table, List.of(5L, 50L, 77L, 1000L))).isEqualTo(3);
    assertThat(upsert(table, List.of(5L, 6L))).isEqualTo(2); // 5 again: now its newest version is deleted

    List<String> expected = new ArrayList<>();
    for (long id = 0; id < 100; id += 1) {
      boolean upserted = id == 5 || id == 6 || id == 50 || id == 77;
      expected.add(id + ":" + (upserted ? "new" : "d" + id) + ":" + id % 3);
    }
    expected.add("1000:new:1");
    expected.sort(null);
    assertThat(DeleteTables.rows(table)).isEqualTo(expected);
    assertThat(DeleteTables.count(DeleteTables.deleteFiles(table), FileContent.EQUALITY_DELETES)).isZero();
    if (formatVersion == 3) {
      DeleteTables.vectorsByDataFile(table); // fails on two vectors for one data file
    }
  }

  @Test
  void badKeysAreRefused() {
    Table table = DeleteTables.create(dir, "t", 3, false, Map.of());
    DeleteTables.append(table, 0, 10);
    long snapshot = table.currentSnapshot().orElseThrow().snapshotId();
    try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table).newWriter()) {
      assertThatThrownBy(() -> PrimaryKeyDeletes.deleteKeys(table, snapshot, List.of("nope"), List.of(List.of(1L)), writer))
          .isInstanceOf(ValidationException.class).hasMessageContaining("'nope'");
      assertThatThrownBy(() -> PrimaryKeyDeletes.deleteKeys(table, snapshot, List.of("id"), List.of(List.of(1L, 2L)), writer))
          .isInstanceOf(ValidationException.class).hasMessageContaining("[1, 2]");
    }
  }
}
