package io.datashard.data;

import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.lessThan;
import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overwrite by filter and copy-on-write deletes of rows through the Java API, checked by reading back. */
class RowChangesFromJavaTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "category", Types.StringType.get())));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

  @TempDir
  Path dir;

  private Table createWithRows() {
    Table table = new PathTables(new LocalFileIO()).create(SCHEMA, SPEC, Map.of(), dir.resolve("t").toString());
    try (TableWriter writer = TableWriter.append(table)) {
      for (long id = 0; id < 30; id++) {
        writer.write(row(id, id < 10 ? "a" : id < 20 ? "b" : "c"));
      }
      writer.commit();
    }
    return table;
  }

  private static Record row(long id, String category) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.set("id", id);
    row.set("category", category);
    return row;
  }

  private static List<Long> ids(Table table) {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = TableReader.read(table)) {
      rows.forEach(row -> ids.add((Long) row.get("id")));
    }
    return ids.stream().sorted().collect(Collectors.toList());
  }

  private static List<Long> range(long from, long to) {
    List<Long> result = new ArrayList<>();
    for (long id = from; id < to; id++) {
      result.add(id);
    }
    return result;
  }

  @Test
  void overwriteReplacesTheRowsOfTheMatchingPartition() {
    Table table = createWithRows();
    try (TableWriter writer = TableWriter.overwrite(table, equal("category", "a"))) {
      writer.write(row(100, "a")).write(row(101, "a"));
      writer.commit();
    }
    List<Long> expected = new ArrayList<>(range(10, 30));
    expected.addAll(List.of(100L, 101L));
    assertThat(ids(table)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(table.currentSnapshot().orElseThrow().operation()).isEqualTo("overwrite");
  }

  @Test
  void overwriteByAFilterThatSplitsAFileFailsAndChangesNothing() {
    Table table = createWithRows();
    Snapshot before = table.currentSnapshot().orElseThrow();
    TableWriter writer = TableWriter.overwrite(table, lessThan("id", 5L));
    writer.write(row(200, "a"));
    assertThatThrownBy(writer::commit).isInstanceOf(ValidationException.class);
    writer.close();
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before.snapshotId());
    assertThat(ids(table)).isEqualTo(range(0, 30));
  }

  @Test
  void deleteRewritesOnlyTheFilesWithMatchingRows() {
    Table table = createWithRows();
    long deleted = TableDeleter.delete(table, lessThan("id", 5L));
    assertThat(deleted).isEqualTo(5);
    assertThat(ids(table)).isEqualTo(range(5, 30));

    // a delete covering a whole partition removes its file without writing a new one
    assertThat(TableDeleter.delete(table, equal("category", "c"))).isEqualTo(10);
    assertThat(ids(table)).isEqualTo(range(5, 20));
    assertThat(table.currentSnapshot().orElseThrow().summary()).doesNotContainKey("added-data-files").containsEntry("deleted-data-files", "1");
  }

  @Test
  void deleteWithNoMatchCommitsNothing() {
    Table table = createWithRows();
    Snapshot before = table.currentSnapshot().orElseThrow();
    assertThat(TableDeleter.delete(table, equal("category", "zzz"))).isZero();
    assertThat(TableDeleter.delete(table, lessThan("id", -1L))).isZero();
    assertThat(table.refresh().currentSnapshot().orElseThrow().snapshotId()).isEqualTo(before.snapshotId());
  }
}
