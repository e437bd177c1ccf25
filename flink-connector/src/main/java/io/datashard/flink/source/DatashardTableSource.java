package io.datashard.flink.source;

import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Expression;
import io.datashard.flink.TableLoader;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;

/**
 * The scan side of the {@code datashard} SQL connector: builds a {@link DatashardSource} from the
 * table options ({@link DatashardSourceOptions}) and what the planner pushed down. Projections read
 * only the selected columns; filters prune manifests, files and row groups and filter rows in the
 * reader, and are also left to Flink (so its null and collation semantics hold exactly); a limit
 * stops each reader once it emitted that many rows.
 */
public final class DatashardTableSource
    implements ScanTableSource, SupportsProjectionPushDown, SupportsFilterPushDown, SupportsLimitPushDown {
  private final TableLoader loader;
  private final ResolvedSchema schema;
  private final ReadableConfig options;
  private List<String> columns;
  private final List<Expression> filters = new ArrayList<>();
  private long limit = -1;

  public DatashardTableSource(TableLoader loader, ResolvedSchema schema, ReadableConfig options) {
    this.loader = java.util.Objects.requireNonNull(loader, "loader is null");
    this.schema = java.util.Objects.requireNonNull(schema, "schema is null");
    this.options = java.util.Objects.requireNonNull(options, "options is null");
    this.columns = physicalColumns(schema);
  }

  private static List<String> physicalColumns(ResolvedSchema schema) {
    List<String> names = new ArrayList<>();
    for (Column column : schema.getColumns()) {
      if (column.isPhysical()) {
        names.add(column.getName());
      }
    }
    return names;
  }

  @Override
  public ChangelogMode getChangelogMode() {
    return ChangelogMode.insertOnly();
  }

  @Override
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext runtimeProviderContext) {
    return SourceProvider.of(source());
  }

  /** The source this table source runs, with everything pushed down so far. */
  public DatashardSource source() {
    DatashardSource.Builder builder = DatashardSource.forRowData(loader)
        .streaming(options.get(DatashardSourceOptions.STREAMING))
        .monitorInterval(options.get(DatashardSourceOptions.MONITOR_INTERVAL))
        .caseSensitive(options.get(DatashardSourceOptions.CASE_SENSITIVE))
        .select(columns);
    if (options.get(DatashardSourceOptions.STREAMING)) {
      builder.streamingStart(options.get(DatashardSourceOptions.STREAMING_START));
    }
    options.getOptional(DatashardSourceOptions.START_SNAPSHOT_ID).ifPresent(builder::startSnapshotId);
    options.getOptional(DatashardSourceOptions.SNAPSHOT_ID).ifPresent(builder::snapshotId);
    options.getOptional(DatashardSourceOptions.BRANCH).ifPresent(builder::branch);
    options.getOptional(DatashardSourceOptions.TAG).ifPresent(builder::tag);
    options.getOptional(DatashardSourceOptions.AS_OF_TIMESTAMP).ifPresent(builder::asOfTimestamp);
    options.getOptional(DatashardSourceOptions.WATERMARK_COLUMN).ifPresent(builder::watermarkColumn);
    for (Expression filter : filters) {
      builder.filter(filter);
    }
    if (limit >= 0) {
      builder.limit(limit);
    }
    return builder.build();
  }

  @Override
  public boolean supportsNestedProjection() {
    return false;
  }

  @Override
  public void applyProjection(int[][] projectedFields, DataType producedDataType) {
    List<String> physical = physicalColumns(schema);
    List<String> selected = new ArrayList<>(projectedFields.length);
    for (int[] path : projectedFields) {
      selected.add(physical.get(path[0]));
    }
    this.columns = selected;
  }

  @Override
  public Result applyFilters(List<ResolvedExpression> flinkFilters) {
    List<ResolvedExpression> accepted = new ArrayList<>();
    Schema tableSchema = null;
    for (ResolvedExpression flinkFilter : flinkFilters) {
      Optional<Expression> converted = FlinkFilters.convert(flinkFilter);
      if (converted.isEmpty()) {
        continue;
      }
      if (tableSchema == null) {
        tableSchema = loader.load().schema();
      }
      try {
        // a literal the column type cannot hold, or a column the table lacks, stays with Flink only
        Binder.bind(tableSchema.asStruct(), converted.get(), options.get(DatashardSourceOptions.CASE_SENSITIVE));
      } catch (ValidationException | IllegalArgumentException e) {
        continue;
      }
      filters.add(converted.get());
      accepted.add(flinkFilter);
    }
    // every filter stays with Flink too: the reader applies the accepted ones, but SQL's three-valued
    // logic and Flink's own comparison rules are re-checked on the (already much smaller) row stream
    return Result.of(accepted, flinkFilters);
  }

  @Override
  public void applyLimit(long newLimit) {
    this.limit = newLimit;
  }

  /** The filters pushed into the scan. */
  public List<Expression> pushedFilters() {
    return List.copyOf(filters);
  }

  /** The columns the scan reads, in output order. */
  public List<String> columns() {
    return List.copyOf(columns);
  }

  @Override
  public DynamicTableSource copy() {
    DatashardTableSource copy = new DatashardTableSource(loader, schema, options);
    copy.columns = columns;
    copy.filters.addAll(filters);
    copy.limit = limit;
    return copy;
  }

  @Override
  public String asSummaryString() {
    return "Datashard(" + loader.location() + ")";
  }
}
