package io.datashard.spark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The abort protocol between the driver and write tasks, in the two orders a job failure can race
 * with a task that Spark already allowed to commit: the task finishing before and after the driver's
 * abort. Neither order may leave a data file (or a merge-on-read task's delete file) behind, and the
 * driver never needs the task's result.
 */
class AbortedWritesTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get())));

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  private SparkDataWriterFactory factory(String writeId) {
    return new SparkDataWriterFactory("db.t", io, SCHEMA, PartitionSpec.unpartitioned(), new HashMap<>(),
        FileFormat.PARQUET, dir.resolve("data").toString(), 1L << 30, false, writeId);
  }

  private static SparkDataWriter writer(SparkDataWriterFactory factory, int partition) {
    SparkDataWriter writer = new SparkDataWriter(factory, partition, 100 + partition);
    for (long id = 0; id < 10; id++) {
      writer.write(new GenericInternalRow(new Object[] {id, UTF8String.fromString("row " + id)}));
    }
    return writer;
  }

  private List<Path> visibleFiles() throws IOException {
    Path data = dir.resolve("data");
    if (!Files.exists(data)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(data)) {
      return paths.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }

  @Test
  void taskThatFinishesAfterTheAbortDeletesItsOwnFiles() throws IOException {
    SparkDataWriterFactory factory = factory("write-a");
    SparkDataWriter reported = writer(factory, 0);
    SparkWriteCommitMessage message = (SparkWriteCommitMessage) reported.commit();
    SparkDataWriter late = writer(factory, 1); // allowed to commit, still writing when the job fails

    AbortedWrites.abort(io, factory.dataLocation(), "write-a",
        message.files().stream().map(DataFile::location).toList(), true, "test write");
    assertThat(visibleFiles()).isEmpty();

    assertThatThrownBy(late::commit).hasMessageContaining("finished after its job was aborted");
    late.close();
    assertThat(visibleFiles()).isEmpty();
  }

  @Test
  void driverDeletesFilesOfTasksWhoseResultsItNeverGot() throws IOException {
    SparkDataWriterFactory factory = factory("write-b");
    writer(factory, 0).commit(); // committed, but its result is lost with the failed job
    SparkDataWriterFactory other = factory("write-c");
    SparkWriteCommitMessage unrelated = (SparkWriteCommitMessage) writer(other, 0).commit();
    assertThat(visibleFiles()).hasSize(2);

    int deleted = AbortedWrites.abort(io, factory.dataLocation(), "write-b", List.of(), true, "test write");

    assertThat(deleted).isEqualTo(1);
    assertThat(visibleFiles()).containsExactly(Path.of(unrelated.files().get(0).location()));
  }

  @Test
  void withoutMissingResultsOnlyReportedFilesAreDeletedAndTasksStillCommit() throws IOException {
    SparkDataWriterFactory factory = factory("write-d");
    SparkWriteCommitMessage message = (SparkWriteCommitMessage) writer(factory, 0).commit();
    SparkDataWriter stray = writer(factory, 1);
    stray.commit();
    assertThat(visibleFiles()).hasSize(2);

    // a failed table commit: every task reported, so no listing and no marker
    AbortedWrites.abort(io, factory.dataLocation(), "write-d",
        message.files().stream().map(DataFile::location).toList(), false, "test write");

    assertThat(visibleFiles()).hasSize(1);
    assertThat(AbortedWrites.isAborted(io, factory.dataLocation(), "write-d")).isFalse();
    assertThat(writer(factory, 2).commit()).isNotNull();
  }

  // ---- merge-on-read tasks: delete files follow the same protocol ----

  private SparkPositionDeltaWriter deltaWriter(SparkDataWriterFactory dataFactory, int partition, boolean inserts) {
    Table table = new PathTables().load(dir.toString());
    String target = dir.resolve("data").resolve("target.parquet").toString();
    HashMap<Long, SparkPositionDeltaWrite.FileRef> files = new HashMap<>();
    files.put(SparkFileIds.of(target), new SparkPositionDeltaWrite.FileRef(target, 0, PartitionData.empty()));
    SparkPositionDeltaWriter writer = new SparkPositionDeltaWriter("db.t", dataFactory,
        DeleteWriterFactory.forTable(table), files, partition, 200 + partition);
    for (long pos = 0; pos < 5; pos++) {
      writer.delete(null, new GenericInternalRow(new Object[] {SparkFileIds.of(target), pos}));
    }
    if (inserts) {
      writer.insert(new GenericInternalRow(new Object[] {99L, UTF8String.fromString("new")}));
    }
    return writer;
  }

  private void createTable() {
    new PathTables().create(SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "2"), dir.toString());
  }

  @ParameterizedTest(name = "with inserts: {0}")
  @ValueSource(booleans = {false, true})
  void mergeOnReadTaskThatFinishesAfterTheAbortDeletesItsDeleteFiles(boolean inserts) throws IOException {
    createTable();
    SparkDataWriterFactory factory = factory("write-e");
    SparkPositionDeltaWriter late = deltaWriter(factory, 0, inserts);

    AbortedWrites.abort(io, factory.dataLocation(), "write-e", List.of(), true, "test write");

    assertThatThrownBy(late::commit).hasMessageContaining("finished after its job was aborted");
    late.close();
    assertThat(visibleFiles()).isEmpty();
  }

  @Test
  void driverDeletesDeleteFilesOfTasksWhoseResultsItNeverGot() throws IOException {
    createTable();
    SparkDataWriterFactory factory = factory("write-f");
    SparkPositionDeltaCommitMessage lost = (SparkPositionDeltaCommitMessage) deltaWriter(factory, 0, true).commit();
    assertThat(lost.deletes().deleteFiles()).hasSize(1);
    assertThat(visibleFiles()).hasSize(2); // the delete file and the data file, both named with the write id

    AbortedWrites.abort(io, factory.dataLocation(), "write-f", List.of(), true, "test write");

    assertThat(visibleFiles()).isEmpty();
  }
}
