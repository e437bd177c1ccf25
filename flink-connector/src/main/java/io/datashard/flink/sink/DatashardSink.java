package io.datashard.flink.sink;

import io.datashard.Table;
import io.datashard.flink.TableLoader;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.java.functions.KeySelector;
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
 *
 * <p>With {@link Builder#primaryKey primary key columns} the sink takes a changelog (inserts,
 * update-befores, update-afters, deletes), or with {@link Builder#upsert upsert} inserts that replace
 * the key's row. Every change of a key must reach the same writer subtask: key the stream with
 * {@link #keySelector()} first (the SQL connector does). Replaced and deleted rows are deleted by
 * position (deletion vectors on format v3), never by equality deletes, so reads stay as fast as
 * reads of a table without deletes:
 *
 * <pre>{@code
 * DatashardSink sink = DatashardSink.forRowData(loader, rowType).primaryKey(List.of("id")).upsert(true).build();
 * changes.keyBy(sink.keySelector()).sinkTo(sink);
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
  private final PrimaryKeys keys;
  private final boolean upsert;
  private final io.datashard.types.Schema tableSchema;

  private DatashardSink(Builder builder, PrimaryKeys keys, io.datashard.types.Schema tableSchema) {
    this.loader = builder.loader;
    this.rowType = builder.rowType;
    this.overwrite = builder.overwrite;
    this.branch = builder.branch;
    this.keys = keys;
    this.upsert = builder.upsert;
    this.tableSchema = tableSchema;
  }

  /**
   * Keys a stream by primary key, so every change of a key reaches one writer subtask.
   *
   * @throws IllegalStateException if the sink has no primary key
   */
  public KeySelector<RowData, Integer> keySelector() {
    if (keys == null) {
      throw new IllegalStateException("Cannot key rows for the sink of " + loader.location()
          + ": it has no primary key columns (Builder.primaryKey)");
    }
    return keys.selector(tableSchema, rowType);
  }

  /** Whether the sink writes a changelog by primary key (and so needs its input keyed by {@link #keySelector()}). */
  public boolean hasPrimaryKey() {
    return keys != null;
  }

  /** A sink of rows of {@code rowType}; its fields are matched to the table's columns by name. */
  public static Builder forRowData(TableLoader loader, RowType rowType) {
    return new Builder(loader, rowType);
  }

  @Override
  public SinkWriter<RowData> createWriter(WriterInitContext context) {
    Table table = loader.load();
    SinkWriterMetricGroup metrics = context.metricGroup();
    return new DatashardSinkWriter(table, rowType, keys, upsert,
        context.getTaskInfo().getIndexOfThisSubtask(), context.getTaskInfo().getAttemptNumber(),
        metrics.getNumRecordsSendCounter(), metrics.getNumBytesSendCounter(), metrics.counter("filesWritten"));
  }

  @Override
  public Committer<DatashardCommittable> createCommitter(CommitterInitContext context) {
    return new DatashardCommitter(loader, branch, keys == null ? List.of() : keys.columns(), context.metricGroup());
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
    private List<String> primaryKey = List.of();
    private boolean upsert = false;

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

    /**
     * Write a changelog keyed by these columns (top-level, primitive, not float or double):
     * deletes and update-befores delete the key's row, inserts and update-afters add one.
     */
    public Builder primaryKey(List<String> columns) {
      this.primaryKey = List.copyOf(Objects.requireNonNull(columns, "columns is null"));
      return this;
    }

    /**
     * Upsert mode: an insert or update-after replaces the key's row wherever it is (the input need
     * not carry update-befores, which are ignored). Needs {@link #primaryKey}.
     */
    public Builder upsert(boolean newUpsert) {
      this.upsert = newUpsert;
      return this;
    }

    /**
     * @throws IllegalArgumentException if upsert is set without a primary key, a key column cannot
     *     be a key, the table's format version has no row-level deletes, or keys are combined with
     *     overwrite
     */
    public DatashardSink build() {
      if (primaryKey.isEmpty()) {
        if (upsert) {
          throw new IllegalArgumentException("Cannot upsert into table " + loader.location()
              + ": upsert mode needs a primary key; declare PRIMARY KEY (...) NOT ENFORCED (or Builder.primaryKey)");
        }
        return new DatashardSink(this, null, null);
      }
      Table table = loader.load();
      if (overwrite) {
        throw new IllegalArgumentException("Cannot overwrite table " + table.name() + " by primary key: INSERT"
            + " OVERWRITE replaces whole partitions; write it without a primary key, or use upserts instead");
      }
      if (table.formatVersion() < 2) {
        throw new IllegalArgumentException("Cannot write changes by primary key to table " + table.name()
            + ": it uses format version 1, which has no row-level deletes; create it with 'format-version' = '2'"
            + " (or 3 for deletion vectors)");
      }
      return new DatashardSink(this, PrimaryKeys.of(table.schema(), primaryKey, table.name()), table.schema());
    }
  }
}
