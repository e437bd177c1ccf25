package io.datashard.flink.table;

import io.datashard.Table;
import io.datashard.flink.TableLoader;
import io.datashard.flink.sink.DatashardSink;
import io.datashard.flink.sink.PartitionKeySelector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;
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
import org.apache.flink.types.RowKind;

/**
 * The SQL sink of a Datashard table: appends, or with {@code INSERT OVERWRITE} (batch) replaces
 * partitions. With a {@code PRIMARY KEY} it takes a changelog (or upserts with {@code
 * 'write.upsert.enabled' = 'true'}); rows are keyed by primary key before the writers, and replaced
 * or deleted rows are deleted by position (see {@link DatashardSink}).
 */
public final class DatashardTableSink implements DynamicTableSink, SupportsPartitioning, SupportsOverwrite {
  private final TableLoader loader;
  private final RowType rowType;
  private final String distributionMode;
  private final List<String> primaryKey;
  private final String upsertOption;
  private boolean overwrite = false;
  private Map<String, String> staticPartition = new LinkedHashMap<>();

  /**
   * @param rowType the physical row type the planner writes (the DDL's physical columns)
   * @param distributionMode the {@code write.distribution-mode} option, or null for the table's
   */
  public DatashardTableSink(TableLoader loader, RowType rowType, String distributionMode) {
    this(loader, rowType, distributionMode, List.of(), null);
  }

  /**
   * @param primaryKey the DDL's primary key columns, empty for none
   * @param upsertOption the {@code write.upsert.enabled} option, or null for the table's property
   */
  public DatashardTableSink(TableLoader loader, RowType rowType, String distributionMode, List<String> primaryKey,
      String upsertOption) {
    this.loader = loader;
    this.rowType = rowType;
    this.distributionMode = distributionMode;
    this.primaryKey = List.copyOf(primaryKey);
    this.upsertOption = upsertOption;
  }

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
    // inserts only (e.g. an upsert source is not involved): the writers still replace rows by key in
    // upsert mode, and the planner needs no upsert materialization (Flink 2.3 would ask for ON CONFLICT)
    if (primaryKey.isEmpty() || requestedMode.containsOnly(RowKind.INSERT)) {
      return ChangelogMode.insertOnly();
    }
    ChangelogMode.Builder mode = ChangelogMode.newBuilder()
        .addContainedKind(RowKind.INSERT)
        .addContainedKind(RowKind.UPDATE_AFTER)
        .addContainedKind(RowKind.DELETE);
    if (!upsert(loader.load())) {
      mode.addContainedKind(RowKind.UPDATE_BEFORE);
    }
    return mode.build();
  }

  private boolean upsert(Table table) {
    boolean upsert = DatashardOptions.upsert(upsertOption, table.properties(), table.name());
    if (upsert && primaryKey.isEmpty()) {
      throw new IllegalArgumentException("Cannot upsert into table " + table.name() + " ('write.upsert.enabled' ="
          + " 'true'): the table has no primary key; declare PRIMARY KEY (...) NOT ENFORCED in its DDL");
    }
    return upsert;
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
    boolean upsert = upsert(table);
    if (overwrite && upsert) {
      throw new IllegalArgumentException("Cannot INSERT OVERWRITE table " + table.name() + " in upsert mode"
          + " ('write.upsert.enabled' = 'true'): an overwrite replaces partitions, an upsert replaces rows by key;"
          + " run the overwrite with 'write.upsert.enabled' = 'false'");
    }
    DatashardSink.Builder builder = DatashardSink.forRowData(loader, rowType).overwrite(overwrite);
    if (!overwrite && !primaryKey.isEmpty()) {
      // an overwrite (batch, inserts only) replaces partitions whole and needs no keys
      builder.primaryKey(primaryKey).upsert(upsert);
    }
    DatashardSink sink = builder.build();
    // by key: every change of a key must reach one writer; else by partition for hash distribution
    KeySelector<RowData, ?> selector = sink.hasPrimaryKey() ? sink.keySelector()
        : hash && !table.spec().isUnpartitioned() ? new PartitionKeySelector(table.schema(), table.spec(), rowType)
        : null;
    return new DataStreamSinkProvider() {
      @Override
      public DataStreamSink<?> consumeDataStream(ProviderContext provider, DataStream<RowData> rows) {
        DataStream<RowData> input = selector != null ? rows.keyBy(selector) : rows;
        DataStreamSink<RowData> result = input.sinkTo(sink).name("Datashard sink: " + loader.location());
        provider.generateUid("datashard-sink").ifPresent(result::uid);
        return result;
      }
    };
  }

  @Override
  public DynamicTableSink copy() {
    DatashardTableSink copy = new DatashardTableSink(loader, rowType, distributionMode, primaryKey, upsertOption);
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
