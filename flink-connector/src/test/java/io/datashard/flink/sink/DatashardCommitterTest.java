package io.datashard.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.flink.TableLoader;
import io.datashard.flink.TestRows;
import io.datashard.flink.data.FlinkTypes;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer commits a checkpoint once, whatever is retried or replayed. */
class DatashardCommitterTest {
  @TempDir
  Path dir;

  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get())));

  private Table table;
  private TableLoader loader;

  private List<DataFile> write(long from, long to) {
    DatashardSinkWriter writer = new DatashardSinkWriter(table, FlinkTypes.toRowType(SCHEMA), 0, 0,
        new SimpleCounter(), new SimpleCounter(), new SimpleCounter());
    for (long id = from; id < to; id++) {
      writer.write(GenericRowData.of(id, StringData.fromString("v" + id)), null);
    }
    List<DataFile> files = new ArrayList<>();
    writer.prepareCommit().forEach(result -> files.addAll(result.dataFiles()));
    writer.close();
    return files;
  }

  private void setUp() {
    String path = dir.resolve("t").toString();
    table = new PathTables().create(SCHEMA, PartitionSpec.unpartitioned(), path);
    loader = TableLoader.forLocation(path, Map.of());
  }

  @Test
  void sameCheckpointTwiceMakesOneSnapshot() {
    setUp();
    DatashardCommitter committer = new DatashardCommitter(loader, null, null);
    DatashardCommittable committable = new DatashardCommittable("job-1", 5, write(0, 10), false);

    assertThat(committer.commitIfAbsent(committable)).isPresent();
    assertThat(committer.commitIfAbsent(committable)).isEmpty();
    // an older checkpoint of the same job is already covered
    assertThat(committer.commitIfAbsent(new DatashardCommittable("job-1", 4, write(10, 12), false))).isEmpty();

    table.refresh();
    assertThat(table.snapshots()).hasSize(1);
    assertThat(TestRows.read(table)).hasSize(10);
    assertThat(table.currentSnapshot().orElseThrow().summary())
        .containsEntry(DatashardCommitter.JOB_ID, "job-1").containsEntry(DatashardCommitter.CHECKPOINT_ID, "5");

    // a later checkpoint and another job's checkpoint 5 are new
    assertThat(committer.commitIfAbsent(new DatashardCommittable("job-1", 6, write(20, 23), false))).isPresent();
    assertThat(committer.commitIfAbsent(new DatashardCommittable("job-2", 5, write(30, 31), false))).isPresent();
    table.refresh();
    assertThat(table.snapshots()).hasSize(3);
    assertThat(TestRows.read(table)).hasSize(14);
  }

  @Test
  void replayedRequestsAreAcknowledgedWithoutCommitting() throws Exception {
    setUp();
    DatashardCommitter committer = new DatashardCommitter(loader, null, null);
    DatashardCommittable first = new DatashardCommittable("job-1", 1, write(0, 3), false);
    DatashardCommittable second = new DatashardCommittable("job-1", 2, write(3, 5), false);
    List<Request> requests = List.of(new Request(second), new Request(first));
    committer.commit(new ArrayList<>(requests));
    assertThat(requests).allMatch(request -> !request.alreadyCommitted);

    // a restored committer receives the same committables again
    List<Request> replay = List.of(new Request(first), new Request(second));
    committer.commit(new ArrayList<>(replay));
    assertThat(replay).allMatch(request -> request.alreadyCommitted);
    table.refresh();
    assertThat(table.snapshots()).hasSize(2);
    assertThat(TestRows.read(table)).hasSize(5);
  }

  @Test
  void serializerRoundTrips() throws Exception {
    setUp();
    DatashardCommittable committable = new DatashardCommittable("job-1", 7, write(0, 2), true);
    JavaSerializer<DatashardCommittable> serializer = new JavaSerializer<>(DatashardCommittable.class);
    DatashardCommittable copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(committable));
    assertThat(copy.jobId()).isEqualTo("job-1");
    assertThat(copy.checkpointId()).isEqualTo(7);
    assertThat(copy.overwrite()).isTrue();
    assertThat(copy.dataFiles()).extracting(DataFile::location)
        .isEqualTo(committable.dataFiles().stream().map(DataFile::location).toList());
  }

  private static final class Request implements Committer.CommitRequest<DatashardCommittable> {
    private final DatashardCommittable committable;
    private boolean alreadyCommitted = false;

    Request(DatashardCommittable committable) {
      this.committable = committable;
    }

    @Override
    public DatashardCommittable getCommittable() {
      return committable;
    }

    @Override
    public int getNumberOfRetries() {
      return 0;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      throw new AssertionError(t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      throw new AssertionError(t);
    }

    @Override
    public void retryLater() {
      throw new AssertionError("retry");
    }

    @Override
    public void updateAndRetryLater(DatashardCommittable updated) {
      throw new AssertionError("retry");
    }

    @Override
    public void signalAlreadyCommitted() {
      alreadyCommitted = true;
    }
  }
}
