package io.datashard.flink.sink;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers the write results of every writer subtask for a checkpoint into ONE committable, so the
 * committer makes one snapshot per checkpoint however many writers there are. Runs with
 * parallelism 1 after a global partitioning: with aligned checkpoints, every writer's results for
 * checkpoint n arrive before barrier n, so they are complete when {@link #prepareSnapshotPreBarrier}
 * runs. Holds no state: results not yet passed on when a job fails are rewritten after the restore.
 */
final class CommitAggregator extends AbstractStreamOperator<CommittableMessage<DatashardCommittable>>
    implements OneInputStreamOperator<CommittableMessage<WriteResult>, CommittableMessage<DatashardCommittable>> {
  private static final long serialVersionUID = 1L;

  private final boolean overwrite;
  private transient List<DataFile> pending;
  private transient List<DeleteFile> pendingDeletes;
  private transient List<KeyFile> pendingKeys;
  private transient long lastCheckpointId;
  private transient String jobId;

  CommitAggregator(boolean overwrite) {
    this.overwrite = overwrite;
  }

  @Override
  public void initializeState(org.apache.flink.runtime.state.StateInitializationContext context) throws Exception {
    super.initializeState(context);
    // after a restore, ids at or below the restored checkpoint may already be committed
    this.lastCheckpointId = context.getRestoredCheckpointId().orElse(0L);
  }

  @Override
  public void open() throws Exception {
    super.open();
    this.pending = new ArrayList<>();
    this.pendingDeletes = new ArrayList<>();
    this.pendingKeys = new ArrayList<>();
    this.jobId = getRuntimeContext().getJobInfo().getJobId().toString();
  }

  @Override
  public void processElement(StreamRecord<CommittableMessage<WriteResult>> element) {
    if (element.getValue() instanceof CommittableWithLineage<WriteResult> result) {
      pending.addAll(result.getCommittable().dataFiles());
      pendingDeletes.addAll(result.getCommittable().deleteFiles());
      // writers are keyed by primary key, so no two results hold the same key
      pendingKeys.addAll(result.getCommittable().keyFiles());
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    emit(checkpointId);
    lastCheckpointId = checkpointId;
  }

  @Override
  public void finish() throws Exception {
    // end of input without a further checkpoint (batch): the committer commits everything up to
    // its last completed checkpoint + 1 at end of input, so use that id
    emit(lastCheckpointId + 1);
    super.finish();
  }

  private void emit(long checkpointId) {
    if (pending.isEmpty() && pendingKeys.isEmpty()) {
      return;
    }
    DatashardCommittable committable =
        new DatashardCommittable(jobId, checkpointId, pending, pendingDeletes, pendingKeys, overwrite);
    pending = new ArrayList<>();
    pendingDeletes = new ArrayList<>();
    pendingKeys = new ArrayList<>();
    output.collect(new StreamRecord<>(new CommittableSummary<>(0, 1, checkpointId, 1, 0)));
    output.collect(new StreamRecord<>(new CommittableWithLineage<>(committable, checkpointId, 0)));
  }
}
