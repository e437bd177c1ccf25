package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.data.TableWriter;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives errors that name the file or column at fault. */
class BadInputTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "name", Types.StringType.get())));

  @TempDir
  Path dir;

  private Table tableWithOneFile() {
    Table table = new PathTables(new LocalFileIO()).create(SCHEMA, dir.resolve("table").toString());
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < 50; i += 1) {
      GenericRecord record = GenericRecord.create(SCHEMA);
      record.set(0, (long) i);
      record.set(1, "name-" + i);
      rows.add(record);
    }
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(rows);
      writer.commit();
    }
    return table.refresh();
  }

  private static List<FileScanTask> plan(Table table, Expression filter) {
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().filter(filter).planFiles()) {
      planned.forEach(tasks::add);
    }
    return tasks;
  }

  private static void read(Table table, FileScanTask task) {
    DataFile file = task.file();
    try (CloseableIterator<Record> records = ParquetDataReader.builder(
            table.io().newInputFile(file.location(), file.fileSizeInBytes()))
        .project(table.schema()).build().iterator()) {
      while (records.hasNext()) {
        records.next();
      }
    }
  }

  private static void readAll(Table table) {
    try (CloseableIterator<Record> records = TableReader.read(table).iterator()) {
      while (records.hasNext()) {
        records.next();
      }
    }
  }

  @Test
  void dataFileMissingFromStorage() throws Exception {
    Table table = tableWithOneFile();
    List<FileScanTask> tasks = plan(table, Expressions.alwaysTrue());
    assertThat(tasks).hasSize(1);
    String location = tasks.get(0).file().location();
    Files.delete(Path.of(location));

    assertThatThrownBy(() -> read(table, tasks.get(0)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Cannot read data file " + location)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> readAll(table))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(location);
  }

  @Test
  void corruptFooter() throws Exception {
    Table table = tableWithOneFile();
    List<FileScanTask> tasks = plan(table, Expressions.alwaysTrue());
    String location = tasks.get(0).file().location();
    // the last 8 bytes are the footer length and the magic "PAR1"
    try (RandomAccessFile file = new RandomAccessFile(location, "rw")) {
      file.seek(file.length() - 8);
      file.write(new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 'X', 'X', 'X', 'X'});
    }
    assertThatThrownBy(() -> read(table, tasks.get(0)))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(location)
        .hasMessageContaining("footer");
    assertThatThrownBy(() -> readAll(table))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(location);
  }

  @Test
  void corruptFooterContentWithValidMagic() throws Exception {
    Table table = tableWithOneFile();
    List<FileScanTask> tasks = plan(table, Expressions.alwaysTrue());
    String location = tasks.get(0).file().location();
    // keep the length and magic, garble the Thrift-encoded footer before them
    try (RandomAccessFile file = new RandomAccessFile(location, "rw")) {
      file.seek(file.length() - 8);
      int footerLength = Integer.reverseBytes(file.readInt());
      file.seek(file.length() - 8 - footerLength);
      byte[] garbage = new byte[footerLength];
      java.util.Arrays.fill(garbage, (byte) 0xff);
      file.write(garbage);
    }
    assertThatThrownBy(() -> read(table, tasks.get(0)))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(location)
        .hasMessageContaining("corrupt");
  }

  @Test
  void filterOnMissingColumnFailsAtPlanning() {
    Table table = tableWithOneFile();
    assertThatThrownBy(() -> plan(table, Expressions.equal("no_such_column", 5L)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("no_such_column");
    assertThatThrownBy(() -> plan(table, Expressions.and(Expressions.greaterThan("id", 1L), Expressions.isNull("nmae"))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("nmae");
    // case-sensitive by default; insensitive scans find the column
    assertThatThrownBy(() -> plan(table, Expressions.equal("ID", 5L)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("ID");
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().caseSensitive(false)
        .filter(Expressions.equal("ID", 5L)).planFiles()) {
      planned.forEach(tasks::add);
    }
    assertThat(tasks).hasSize(1);
  }

  @Test
  void literalOfTheWrongTypeFailsAtPlanning() {
    Table table = tableWithOneFile();
    assertThatThrownBy(() -> plan(table, Expressions.equal("id", "seven")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'id'")
        .hasMessageContaining("seven");
    assertThatThrownBy(() -> plan(table, Expressions.lessThan("name", 3.5)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'name'");
    assertThatThrownBy(() -> plan(table, Expressions.startsWith("id", "1")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'id'");
  }
}
