package io.datashard.spark.source;

import io.datashard.Table;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.spark.SnapshotSelection;
import io.datashard.spark.SparkTypes;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Collects what Spark pushes into a Datashard read (columns, predicates, a limit, an aggregate)
 * and builds the {@link SparkScan}, or a {@link SparkLocalScan} when an aggregate can be answered
 * exactly from metadata.
 *
 * <p>Every pushed predicate is also returned to Spark as a post-scan filter: the scan uses the
 * converted predicates to prune partitions, files, row groups and rows, and Spark re-checks the
 * rows, so results never depend on the conversion being exact under NULLs.
 */
public final class SparkScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownV2Filters,
    SupportsPushDownLimit, SupportsPushDownAggregates {

  private final Table table;
  private final SnapshotSelection selection;
  private final Schema schema;
  private final SparkReadOptions options;
  private final boolean caseSensitive;
  private Schema projection;
  private final List<Expression> filters = new ArrayList<>();
  private final List<Predicate> pushed = new ArrayList<>();
  private Integer limit = null;
  private SparkLocalScan aggregateScan = null;
  private final List<SparkRowLevelColumns> metadata = new ArrayList<>();
  private boolean copyOnWrite = false;
  private java.util.function.Consumer<SparkScan> onBuild = null;

  public SparkScanBuilder(Table table, SnapshotSelection selection, Schema schema, CaseInsensitiveStringMap options) {
    this.table = Objects.requireNonNull(table, "table is null");
    this.selection = Objects.requireNonNull(selection, "selection is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.options = new SparkReadOptions(Objects.requireNonNull(options, "options is null"));
    this.caseSensitive = SQLConf.get().caseSensitiveAnalysis();
    this.projection = schema;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    // top-level pruning: Spark projects nested fields out of the structs we return
    Set<String> names = new LinkedHashSet<>();
    metadata.clear();
    for (StructField field : requiredSchema.fields()) {
      names.add(field.name());
      Optional<SparkRowLevelColumns> column = SparkRowLevelColumns.named(field.name());
      // a table column of the same name wins over the metadata column
      if (column.isPresent() && schema.findField(field.name()).isEmpty() && !metadata.contains(column.get())) {
        metadata.add(column.get());
      }
    }
    List<io.datashard.types.Types.NestedField> columns = new ArrayList<>();
    for (io.datashard.types.Types.NestedField column : schema.columns()) {
      boolean wanted = false;
      for (String name : names) {
        if (caseSensitive ? name.equals(column.name()) : name.equalsIgnoreCase(column.name())) {
          wanted = true;
          break;
        }
      }
      if (wanted) {
        columns.add(column);
      }
    }
    this.projection = new Schema(schema.schemaId(), columns);
  }

  @Override
  public Predicate[] pushPredicates(Predicate[] predicates) {
    for (Predicate predicate : predicates) {
      Optional<Expression> converted = SparkFilters.convert(schema, predicate, caseSensitive);
      if (converted.isPresent()) {
        filters.add(converted.get());
        pushed.add(predicate);
      }
    }
    return predicates;
  }

  @Override
  public Predicate[] pushedPredicates() {
    return pushed.toArray(new Predicate[0]);
  }

  @Override
  public boolean pushLimit(int newLimit) {
    this.limit = newLimit;
    return true;
  }

  @Override
  public boolean isPartiallyPushed() {
    return true; // Spark still applies the limit: the scan only stops planning once enough rows are certain
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return true;
  }

  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    if (!options.aggregatePushDownEnabled() || !filters.isEmpty() || onBuild != null) {
      return false;
    }
    Optional<SparkLocalScan> answer = SparkAggregates.answer(table, selection, schema, aggregation, caseSensitive);
    answer.ifPresent(scan -> this.aggregateScan = scan);
    return answer.isPresent();
  }

  private Expression filter() {
    Expression result = Expressions.alwaysTrue();
    for (Expression filter : filters) {
      result = Expressions.and(result, filter);
    }
    return result;
  }

  /**
   * Makes this the scan of a row-level operation, which learns the scan built (its snapshot, filter
   * and files decide what the operation commits); a copy-on-write scan returns whole files.
   */
  SparkScanBuilder forRowLevelOperation(boolean copyOnWriteScan, java.util.function.Consumer<SparkScan> built) {
    this.copyOnWrite = copyOnWriteScan;
    this.onBuild = Objects.requireNonNull(built, "built is null");
    return this;
  }

  @Override
  public Scan build() {
    if (aggregateScan != null) {
      return aggregateScan;
    }
    StructType readSchema = SparkTypes.toSparkType(projection);
    for (StructField field : SparkRowLevelColumns.fields(metadata)) {
      readSchema = readSchema.add(field);
    }
    SparkScan scan = new SparkScan(table, selection, schema, projection, filter(), pushedDescriptions(), caseSensitive,
        onBuild != null ? null : limit, options, readSchema, metadata, copyOnWrite);
    if (onBuild != null) {
      onBuild.accept(scan);
    }
    return scan;
  }

  private List<String> pushedDescriptions() {
    List<String> result = new ArrayList<>(pushed.size());
    for (Predicate predicate : pushed) {
      result.add(predicate.describe());
    }
    return result;
  }
}
