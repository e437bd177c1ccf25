package io.datashard.flink.source;

import io.datashard.Table;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.flink.TableLoader;
import io.datashard.flink.data.FlinkTypes;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * A FLIP-27 source of the rows of a Datashard table, as Flink {@link RowData}: a bounded read of one
 * snapshot (current, by id, branch, tag or time), or an unbounded read that emits the rows of each
 * newly committed append snapshot.
 *
 * <pre>{@code
 * DatashardSource source = DatashardSource.forRowData(TableLoader.forLocation("/lake/events", Map.of()))
 *     .streaming(true).monitorInterval(Duration.ofSeconds(10)).select("id", "ts").build();
 * DataStream<RowData> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "events");
 * }</pre>
 */
public final class DatashardSource
    implements Source<RowData, DatashardSourceSplit, DatashardEnumeratorState>, ResultTypeQueryable<RowData> {
  private static final long serialVersionUID = 1L;

  private final TableLoader loader;
  private final ScanContext scan;
  private final Schema tableSchema;
  private final Types.StructType output;

  private DatashardSource(TableLoader loader, ScanContext scan, Schema tableSchema, Types.StructType output) {
    this.loader = loader;
    this.scan = scan;
    this.tableSchema = tableSchema;
    this.output = output;
  }

  /** A builder of a source reading the table that {@code loader} loads. */
  public static Builder forRowData(TableLoader loader) {
    return new Builder(Objects.requireNonNull(loader, "loader is null"));
  }

  @Override
  public Boundedness getBoundedness() {
    return scan.streaming ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<RowData, DatashardSourceSplit> createReader(SourceReaderContext context) {
    TableLoader tableLoader = loader;
    Schema schema = tableSchema;
    Types.StructType fields = output;
    Expression filter = scan.filter;
    boolean caseSensitive = scan.caseSensitive;
    Supplier<TaskRows> rows = () -> new TaskRows(tableLoader.load().io(), schema, fields, filter, caseSensitive);
    int watermarkPosition = -1;
    DatashardSourceReader.WatermarkReader watermarkReader = null;
    if (scan.watermarkColumn != null) {
      for (int i = 0; i < output.fields().size(); i++) {
        Types.NestedField field = output.fields().get(i);
        if (field.name().equals(scan.watermarkColumn)) {
          watermarkPosition = i;
          watermarkReader = watermarkReader(field.type());
        }
      }
    }
    return new DatashardSourceReader(rows, scan.limit, watermarkPosition, watermarkReader, context);
  }

  private static DatashardSourceReader.WatermarkReader watermarkReader(Type type) {
    switch (type.typeId()) {
      case TIMESTAMP:
        return (row, pos) -> row.getTimestamp(pos, 6).getMillisecond();
      case TIMESTAMP_NANO:
        return (row, pos) -> row.getTimestamp(pos, 9).getMillisecond();
      default:
        return (row, pos) -> row.getLong(pos);
    }
  }

  @Override
  public SplitEnumerator<DatashardSourceSplit, DatashardEnumeratorState> createEnumerator(
      SplitEnumeratorContext<DatashardSourceSplit> context) {
    return new DatashardSplitEnumerator(context, loader, scan, null);
  }

  @Override
  public SplitEnumerator<DatashardSourceSplit, DatashardEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<DatashardSourceSplit> context, DatashardEnumeratorState checkpoint) {
    return new DatashardSplitEnumerator(context, loader, scan, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<DatashardSourceSplit> getSplitSerializer() {
    return DatashardSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<DatashardEnumeratorState> getEnumeratorCheckpointSerializer() {
    return DatashardEnumeratorStateSerializer.INSTANCE;
  }

  ScanContext scanContext() {
    return scan;
  }

  TableLoader loader() {
    return loader;
  }

  /** The Flink row type of the rows this source emits. */
  public RowType rowType() {
    return FlinkTypes.toRowType(new Schema(output.fields()));
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return InternalTypeInfo.of(rowType());
  }

  /** Builds a {@link DatashardSource}; every option has the name of its SQL table option. */
  public static final class Builder {
    private final TableLoader loader;
    private boolean streaming;
    private Duration monitorInterval = Duration.ofSeconds(10);
    private ScanContext.StreamingStart streamingStart = ScanContext.StreamingStart.FULL;
    private Long startSnapshotId;
    private Long snapshotId;
    private String branch;
    private String tag;
    private Long asOfTimestampMillis;
    private Expression filter = Expressions.alwaysTrue();
    private boolean caseSensitive = true;
    private long limit = -1;
    private String watermarkColumn;
    private final Map<String, String> options = new LinkedHashMap<>();
    private List<String> columns;

    private Builder(TableLoader loader) {
      this.loader = loader;
    }

    /** {@code streaming}: read new snapshots as they are committed (default false: one snapshot, bounded). */
    public Builder streaming(boolean value) {
      this.streaming = value;
      return this;
    }

    /** {@code monitor-interval}: how often a streaming read looks for new snapshots (default 10 s). */
    public Builder monitorInterval(Duration value) {
      this.monitorInterval = Objects.requireNonNull(value, "monitorInterval is null");
      return this;
    }

    /**
     * {@code streaming-start}: where a streaming read without start-snapshot-id starts: {@code full}
     * (default: the current snapshot whole, then every later append), {@code earliest} (the appends of
     * every snapshot the table still holds) or {@code latest} (only snapshots committed from now on).
     */
    public Builder streamingStart(String value) {
      Objects.requireNonNull(value, "streamingStart is null");
      try {
        this.streamingStart = ScanContext.StreamingStart.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid streaming-start '" + value + "' for table " + loader.location()
            + ": use full, earliest or latest (or set start-snapshot-id)", e);
      }
      if (streamingStart == ScanContext.StreamingStart.FROM_SNAPSHOT) {
        throw new IllegalArgumentException("Invalid streaming-start '" + value + "': set start-snapshot-id instead");
      }
      return this;
    }

    /** {@code start-snapshot-id}: a streaming read starts with the appends of this snapshot (inclusive). */
    public Builder startSnapshotId(long value) {
      this.startSnapshotId = value;
      return this;
    }

    /** {@code snapshot-id}: a bounded read of this snapshot. */
    public Builder snapshotId(long value) {
      this.snapshotId = value;
      return this;
    }

    /** {@code branch}: read this branch (bounded: its head; streaming: its new snapshots). */
    public Builder branch(String value) {
      this.branch = Objects.requireNonNull(value, "branch is null");
      return this;
    }

    /** {@code tag}: a bounded read of the snapshot this tag points to. */
    public Builder tag(String value) {
      this.tag = Objects.requireNonNull(value, "tag is null");
      return this;
    }

    /** {@code as-of-timestamp}: a bounded read of the snapshot current at this time (epoch millis). */
    public Builder asOfTimestamp(long epochMillis) {
      this.asOfTimestampMillis = epochMillis;
      return this;
    }

    /** Only rows matching this filter (ANDed with earlier filters); prunes files and row groups. */
    public Builder filter(Expression value) {
      Objects.requireNonNull(value, "filter is null");
      this.filter = filter.op() == Expression.Operation.TRUE ? value : Expressions.and(filter, value);
      return this;
    }

    public Builder caseSensitive(boolean value) {
      this.caseSensitive = value;
      return this;
    }

    /** At most this many rows per reader (bounded reads stop reading once every reader reached it). */
    public Builder limit(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("Invalid limit " + value + ": must not be negative");
      }
      this.limit = value;
      return this;
    }

    /**
     * {@code watermark-column}: a timestamp column (or long of epoch millis) whose value is each row's
     * event time; each split emits, before its rows, a watermark at the column's smallest value in its
     * files (from their statistics), and splits of a snapshot are read oldest data first.
     */
    public Builder watermarkColumn(String value) {
      this.watermarkColumn = Objects.requireNonNull(value, "watermarkColumn is null");
      return this;
    }

    /** Only these top-level columns, in this order (default: every column). */
    public Builder select(String... names) {
      return select(List.of(names));
    }

    public Builder select(List<String> names) {
      this.columns = List.copyOf(names);
      return this;
    }

    /** A scan option such as {@code read.split.target-size}, overriding the table property. */
    public Builder option(String key, String value) {
      options.put(Objects.requireNonNull(key, "key is null"), Objects.requireNonNull(value, "value is null"));
      return this;
    }

    public DatashardSource build() {
      Table table = loader.load();
      Schema schema = table.schema();
      List<Types.NestedField> fields = new ArrayList<>();
      if (columns == null) {
        fields.addAll(schema.columns());
      } else {
        for (String name : columns) {
          fields.add((caseSensitive ? schema.findField(name) : schema.caseInsensitiveFindField(name))
              .filter(field -> schema.asStruct().findField(field.fieldId()).isPresent())
              .orElseThrow(() -> new IllegalArgumentException("Cannot select column " + name + " of table "
                  + table.name() + ": no such top-level column in " + schema.asStruct())));
        }
      }
      List<String> names = new ArrayList<>();
      for (Types.NestedField field : fields) {
        names.add(field.name());
      }
      if (watermarkColumn != null) {
        Types.NestedField field = schema.findField(watermarkColumn).orElseThrow(() -> new IllegalArgumentException(
            "Cannot use watermark-column " + watermarkColumn + ": table " + table.name() + " has no such column"));
        WatermarkColumn.check(field.type(), watermarkColumn, table.name());
      }
      ScanContext context = new ScanContext(streaming, monitorInterval.toMillis(), streamingStart, startSnapshotId,
          snapshotId, branch, tag, asOfTimestampMillis, filter, caseSensitive, limit, watermarkColumn, options, names,
          table.name());
      return new DatashardSource(loader, context, schema, Types.StructType.of(fields));
    }
  }
}
