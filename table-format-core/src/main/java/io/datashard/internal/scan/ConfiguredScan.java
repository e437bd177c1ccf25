package io.datashard.internal.scan;

import io.datashard.Table;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.Scan;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/** The refinements and task planning every scan shares; subclasses choose the files. */
abstract class ConfiguredScan<T extends Scan<T>> implements Scan<T> {
  private final Table table;
  private final ScanSettings settings;

  ConfiguredScan(Table table, ScanSettings settings) {
    this.table = Objects.requireNonNull(table, "table is null");
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  /** A scan like this one with other settings. */
  abstract T withSettings(ScanSettings newSettings);

  /** The schema the scan reads in before projection; filters bind to it. */
  abstract Schema tableSchema();

  Table table() {
    return table;
  }

  ScanSettings settings() {
    return settings;
  }

  @Override
  public T filter(Expression expression) {
    Objects.requireNonNull(expression, "expression is null");
    return withSettings(settings.withFilter(Expressions.and(settings.filter(), expression)));
  }

  @Override
  public Expression filter() {
    return settings.filter();
  }

  @Override
  public T select(String... columns) {
    return select(List.of(columns));
  }

  @Override
  public T select(Collection<String> columns) {
    Objects.requireNonNull(columns, "columns is null");
    return withSettings(settings.withSelected(new ArrayList<>(columns)));
  }

  @Override
  public T project(Schema projection) {
    Objects.requireNonNull(projection, "projection is null");
    return withSettings(settings.withProjection(projection));
  }

  @Override
  public T caseSensitive(boolean caseSensitive) {
    return withSettings(settings.withCaseSensitive(caseSensitive));
  }

  @Override
  public boolean isCaseSensitive() {
    return settings.caseSensitive();
  }

  @Override
  public T option(String key, String value) {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(value, "value is null");
    return withSettings(settings.withOption(key, value));
  }

  @Override
  public T planWith(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor is null");
    return withSettings(settings.withExecutor(executor));
  }

  @Override
  public Schema schema() {
    Schema base = tableSchema();
    if (settings.projection() != null) {
      return settings.projection();
    }
    if (settings.selected() == null) {
      return base;
    }
    if (settings.caseSensitive()) {
      return base.select(settings.selected());
    }
    List<String> exact = new ArrayList<>();
    for (String name : settings.selected()) {
      if ("*".equals(name)) {
        return base;
      }
      Types.NestedField field = base.caseInsensitiveFindField(name).orElseThrow(() -> new ValidationException(
          "Cannot select column '" + name + "' of table " + table.name() + ": schema " + base.schemaId()
              + " has no such field (case-insensitive)"));
      exact.add(base.findColumnName(field.fieldId()).orElseThrow());
    }
    return base.select(exact);
  }

  /** A planner for this scan's filter, over the schema the scan reads. */
  ManifestPlanner planner() {
    return new ManifestPlanner(table.io(), table.specs(), tableSchema(), settings.filter(),
        settings.caseSensitive(), settings.executor(),
        Boolean.parseBoolean(settings.options().getOrDefault(io.datashard.scan.Scan.INCLUDE_COLUMN_STATS, "false")));
  }

  @Override
  public CloseableIterable<CombinedScanTask> planTasks() {
    long targetSize = targetSplitSize();
    int lookback = splitLookback();
    long openFileCost = splitOpenFileCost();
    return SplitAndPack.pack(SplitAndPack.split(planFiles(), targetSize), targetSize, lookback, openFileCost);
  }

  @Override
  public long targetSplitSize() {
    long value = longOption(SPLIT_SIZE, SPLIT_SIZE_DEFAULT);
    if (value <= 0) {
      throw new ValidationException("Invalid " + SPLIT_SIZE + " for table " + table.name() + ": " + value + "; it must be positive");
    }
    return value;
  }

  @Override
  public long splitOpenFileCost() {
    long value = longOption(SPLIT_OPEN_FILE_COST, SPLIT_OPEN_FILE_COST_DEFAULT);
    if (value < 0) {
      throw new ValidationException("Invalid " + SPLIT_OPEN_FILE_COST + " for table " + table.name() + ": " + value + "; it must not be negative");
    }
    return value;
  }

  @Override
  public int splitLookback() {
    long value = longOption(SPLIT_LOOKBACK, SPLIT_LOOKBACK_DEFAULT);
    if (value <= 0 || value > Integer.MAX_VALUE) {
      throw new ValidationException("Invalid " + SPLIT_LOOKBACK + " for table " + table.name() + ": " + value + "; it must be a positive int");
    }
    return (int) value;
  }

  /** A scan option, else the table property of the same name, else the default. */
  private long longOption(String key, long defaultValue) {
    String value = settings.options().get(key);
    String source = "scan option";
    if (value == null) {
      value = table.properties().get(key);
      source = "table property";
    }
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ValidationException("Invalid " + source + " " + key + " for table " + table.name() + ": '" + value
          + "' is not a number of " + (key.equals(SPLIT_LOOKBACK) ? "bins" : "bytes"), e);
    }
  }
}
