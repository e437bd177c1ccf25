package io.datashard.spark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The abort protocol between the driver and write tasks, in the two orders a job failure can race
 * with a task that Spark already allowed to commit: the task finishing before and after the driver's
 * abort. Neither order may leave a data file behind, and the driver never needs the task's result.
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
}
