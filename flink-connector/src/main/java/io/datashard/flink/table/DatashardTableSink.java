package io.datashard.flink.table;

import io.datashard.Table;
import io.datashard.flink.TableLoader;
import io.datashard.flink.sink.DatashardSink;
import io.datashard.flink.sink.PartitionKeySelector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.abilities.SupportsOverwrite;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/** The SQL sink of a Datashard table: appends, or with {@code INSERT OVERWRITE} (batch) replaces partitions. */
public final class DatashardTableSink implements DynamicTableSink, SupportsPartitioning, SupportsOverwrite {
  private final TableLoader loader;
  private final RowType rowType;
  private final String distributionMode;
  private boolean overwrite = false;
  private Map<String, String> staticPartition = new LinkedHashMap<>();

  /**
   * @param rowType the physical row type the planner writes (the DDL's physical columns)
   * @param distributionMode the {@code write.distribution-mode} option, or null for the table's
   */
  public DatashardTableSink(TableLoader loader, RowType rowType, String distributionMode) {
    this.loader = loader;
    this.rowType = rowType;
    this.distributionMode = distributionMode;
  }

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
    return ChangelogMode.insertOnly();
  }

  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    if (overwrite && !context.isBounded()) {
      throw new IllegalArgumentException("Cannot INSERT OVERWRITE table " + loader.location()
          + " in streaming mode: each checkpoint would replace the previous one's rows; run it in batch mode"
          + " (SET 'execution.runtime-mode' = 'batch')");
    }
    Table table = loader.load();
    boolean hash = DatashardOptions.hashDistribution(distributionMode, table.properties(), table.name());
    DatashardSink sink = DatashardSink.forRowData(loader, rowType).overwrite(overwrite).build();
    boolean keyBy = hash && !table.spec().isUnpartitioned();
    PartitionKeySelector selector = keyBy ? new PartitionKeySelector(table.schema(), table.spec(), rowType) : null;
    return new DataStreamSinkProvider() {
      @Override
      public DataStreamSink<?> consumeDataStream(ProviderContext provider, DataStream<RowData> rows) {
        DataStream<RowData> input = keyBy ? rows.keyBy(selector) : rows;
        DataStreamSink<RowData> result = input.sinkTo(sink).name("Datashard sink: " + loader.location());
        provider.generateUid("datashard-sink").ifPresent(result::uid);
        return result;
      }
    };
  }

  @Override
  public DynamicTableSink copy() {
    DatashardTableSink copy = new DatashardTableSink(loader, rowType, distributionMode);
    copy.overwrite = overwrite;
    copy.staticPartition = new LinkedHashMap<>(staticPartition);
    return copy;
  }

  @Override
  public String asSummaryString() {
    return "Datashard(" + loader.location() + ")";
  }

  @Override
  public void applyStaticPartition(Map<String, String> partition) {
    // the planner writes the static values into the rows themselves; the partitions written are replaced
    this.staticPartition = new LinkedHashMap<>(partition);
  }

  @Override
  public boolean requiresPartitionGrouping(boolean supportsGrouping) {
    // the writers fan out (one open file per partition), so rows need not be grouped
    return false;
  }

  @Override
  public void applyOverwrite(boolean newOverwrite) {
    this.overwrite = newOverwrite;
  }
}
