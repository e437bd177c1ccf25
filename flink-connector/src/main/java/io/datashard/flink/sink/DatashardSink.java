package io.datashard.flink.sink;

import io.datashard.Table;
import io.datashard.flink.TableLoader;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Exactly-once Sink V2 for a Datashard table: parallel writers write Parquet files, a single
 * aggregator gathers each checkpoint's files into one committable, and the committer commits it as
 * one snapshot once the checkpoint completes, idempotently (see {@link DatashardCommitter}).
 *
 * <pre>{@code
 * rows.sinkTo(DatashardSink.forRowData(TableLoader.forLocation(path, Map.of()), rowType).build());
 * }</pre>
 */
public final class DatashardSink
    implements Sink<RowData>, SupportsCommitter<DatashardCommittable>,
        SupportsPreCommitTopology<WriteResult, DatashardCommittable> {
  private static final long serialVersionUID = 1L;

  private final TableLoader loader;
  private final RowType rowType;
  private final boolean overwrite;
  private final String branch;

  private DatashardSink(Builder builder) {
    this.loader = builder.loader;
    this.rowType = builder.rowType;
    this.overwrite = builder.overwrite;
    this.branch = builder.branch;
  }

  /** A sink of rows of {@code rowType}; its fields are matched to the table's columns by name. */
  public static Builder forRowData(TableLoader loader, RowType rowType) {
    return new Builder(loader, rowType);
  }

  @Override
  public SinkWriter<RowData> createWriter(WriterInitContext context) {
    Table table = loader.load();
    SinkWriterMetricGroup metrics = context.metricGroup();
    return new DatashardSinkWriter(table, rowType,
        context.getTaskInfo().getIndexOfThisSubtask(), context.getTaskInfo().getAttemptNumber(),
        metrics.getNumRecordsSendCounter(), metrics.getNumBytesSendCounter(), metrics.counter("filesWritten"));
  }

  @Override
  public Committer<DatashardCommittable> createCommitter(CommitterInitContext context) {
    return new DatashardCommitter(loader, branch, context.metricGroup());
  }

  @Override
  public SimpleVersionedSerializer<DatashardCommittable> getCommittableSerializer() {
    return new JavaSerializer<>(DatashardCommittable.class);
  }

  @Override
  public SimpleVersionedSerializer<WriteResult> getWriteResultSerializer() {
    return new JavaSerializer<>(WriteResult.class);
  }

  @Override
  public DataStream<CommittableMessage<DatashardCommittable>> addPreCommitTopology(
      DataStream<CommittableMessage<WriteResult>> results) {
    String name = "Datashard commit aggregator: " + loader.location();
    // global() sends every result to the single aggregator, and its output to committer subtask 0
    return results.global()
        .transform(name, CommittableMessageTypeInfo.of(() -> new JavaSerializer<>(DatashardCommittable.class)),
            new CommitAggregator(overwrite))
        .setParallelism(1)
        .setMaxParallelism(1)
        .global();
  }

  /** Configures a {@link DatashardSink}. */
  public static final class Builder {
    private final TableLoader loader;
    private final RowType rowType;
    private boolean overwrite = false;
    private String branch = null;

    private Builder(TableLoader loader, RowType rowType) {
      this.loader = Objects.requireNonNull(loader, "loader is null");
      this.rowType = Objects.requireNonNull(rowType, "rowType is null");
    }

    /**
     * Replace the partitions the job writes (the whole table when unpartitioned) instead of
     * appending. Meant for bounded (batch) jobs: in streaming each checkpoint would replace the last.
     */
    public Builder overwrite(boolean newOverwrite) {
      this.overwrite = newOverwrite;
      return this;
    }

    /** Commit to this branch instead of main; it is created on the first commit. */
    public Builder toBranch(String newBranch) {
      this.branch = Objects.requireNonNull(newBranch, "branch is null");
      return this;
    }

    public DatashardSink build() {
      return new DatashardSink(this);
    }
  }
}
