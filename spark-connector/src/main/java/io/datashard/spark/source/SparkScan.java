package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.expressions.InclusiveMetricsEvaluator;
import io.datashard.expressions.Projections;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.TableScan;
import io.datashard.spark.SnapshotSelection;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.connector.read.SupportsRuntimeV2Filtering;
import org.apache.spark.sql.types.StructType;

/**
 * A planned read of one snapshot of a Datashard table. Planning happens once, on the driver, the
 * first time Spark needs the files (statistics or the batch); runtime filters from dynamic partition
 * pruning then drop planned files whose partition (or column metrics) cannot match, without planning
 * again.
 */
public final class SparkScan implements SupportsReportStatistics, SupportsRuntimeV2Filtering {
  private final Table table;
  private final SnapshotSelection selection;
  private final Schema tableSchema;
  private final Schema projection;
  private final Expression filter;
  private final List<String> pushedFilters;
  private final boolean caseSensitive;
  private final Integer limit;
  private final SparkReadOptions options;
  private final StructType readSchema;
  private final long snapshotId;
  private final List<SparkRowLevelColumns> metadata;
  private final boolean copyOnWrite;
  private Set<String> runtimeFiles = null;

  private List<CombinedScanTask> tasks = null;
  private Snapshot snapshot = null;
  private long planningMillis = 0;
  private long snapshotDataFiles = -1;
  private final List<Expression> runtimeFilters = new ArrayList<>();

  SparkScan(Table table, SnapshotSelection selection, Schema tableSchema, Schema projection, Expression filter,
      List<String> pushedFilters, boolean caseSensitive, Integer limit, SparkReadOptions options, StructType readSchema) {
    this(table, selection, tableSchema, projection, filter, pushedFilters, caseSensitive, limit, options, readSchema,
        List.of(), false);
  }

  /**
   * @param metadata metadata columns appended to each row after the projection
   * @param copyOnWrite a copy-on-write row-level scan: the filter only selects files, every live row
   *     of a selected file is returned (Spark keeps the rows the operation does not change), and
   *     runtime filtering by {@code _file_id} narrows the files to those holding changed rows
   */
  SparkScan(Table table, SnapshotSelection selection, Schema tableSchema, Schema projection, Expression filter,
      List<String> pushedFilters, boolean caseSensitive, Integer limit, SparkReadOptions options, StructType readSchema,
      List<SparkRowLevelColumns> metadata, boolean copyOnWrite) {
    this.metadata = List.copyOf(metadata);
    this.copyOnWrite = copyOnWrite;
    this.table = Objects.requireNonNull(table, "table is null");
    this.selection = Objects.requireNonNull(selection, "selection is null");
    this.tableSchema = Objects.requireNonNull(tableSchema, "tableSchema is null");
    this.projection = Objects.requireNonNull(projection, "projection is null");
    this.filter = Objects.requireNonNull(filter, "filter is null");
    this.pushedFilters = List.copyOf(pushedFilters);
    this.caseSensitive = caseSensitive;
    this.limit = limit;
    this.options = Objects.requireNonNull(options, "options is null");
    this.readSchema = Objects.requireNonNull(readSchema, "readSchema is null");
    // resolving the selection reads no manifest; the id keeps equals/hashCode stable before and after planning
    this.snapshotId = selection.applyTo(table.newScan()).snapshot().map(Snapshot::snapshotId).orElse(-1L);
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  /** The filter the scan plans and reads with (converted pushed predicates). */
  public Expression filter() {
    return filter;
  }

  /** The id of the snapshot read, -1 when the table has none. */
  long snapshotId() {
    return snapshotId;
  }

  boolean caseSensitive() {
    return caseSensitive;
  }

  /** The planned tasks, after runtime filtering. Plans on first use. */
  public synchronized List<CombinedScanTask> tasks() {
    if (tasks == null) {
      plan();
    }
    return tasks;
  }

  private void plan() {
    long start = System.nanoTime();
    TableScan scan = options.applyTo(selection.applyTo(table.newScan()))
        .caseSensitive(caseSensitive)
        .filter(filter)
        .project(projection);
    this.snapshot = scan.snapshot().orElse(null);
    List<CombinedScanTask> planned = new ArrayList<>();
    if (snapshot != null) {
      boolean unfiltered = filter.op() == Expression.Operation.TRUE;
      if (limit != null && unfiltered) {
        planForLimit(scan, planned);
      } else {
        try (CloseableIterable<CombinedScanTask> combined = scan.planTasks()) {
          for (CombinedScanTask task : combined) {
            planned.add(task);
          }
        }
      }
      String total = snapshot.summary().get("total-data-files");
      if (total != null) {
        try {
          this.snapshotDataFiles = Long.parseLong(total);
        } catch (NumberFormatException e) {
          this.snapshotDataFiles = -1; // a summary written by another engine may hold anything; the metric is then omitted
        }
      }
    }
    this.tasks = planned;
    this.planningMillis = (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * With a limit and no filter, stops planning once the files without deletes hold enough rows; Spark
   * still applies the limit. Files with deletes are kept but not counted, since some rows may be deleted.
   */
  private void planForLimit(TableScan scan, List<CombinedScanTask> planned) {
    long rows = 0;
    try (CloseableIterable<FileScanTask> files = scan.planFiles()) {
      for (FileScanTask file : files) {
        planned.add(new CombinedScanTask(List.of(file)));
        if (file.deletes().isEmpty()) {
          rows += file.file().recordCount();
        }
        if (rows >= limit) {
          break;
        }
      }
    }
  }

  /**
   * Whether every planned file is Parquet and every projected column primitive: then Spark reads
   * columnar batches, metadata columns ({@code _file}, {@code _pos}, {@code _spec_id}, {@code _file_id})
   * included as vectors, so the filters and projections of row-level operations run over columns too.
   */
  boolean columnar() {
    if (!options.vectorizationEnabled() || projection.columns().isEmpty()) {
      return false;
    }
    for (Types.NestedField column : projection.columns()) {
      if (!column.type().isPrimitiveType()) {
        return false;
      }
    }
    for (CombinedScanTask task : tasks()) {
      for (FileScanTask file : task.files()) {
        if (file.file().format() != FileFormat.PARQUET) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public Batch toBatch() {
    // a copy-on-write scan returns every row of its files: its filter prunes files, never rows
    Expression rowFilter = copyOnWrite ? Expressions.alwaysTrue() : filter;
    SparkReaderFactory readers = new SparkReaderFactory(table.io(), tableSchema, projection, rowFilter, caseSensitive,
        columnar(), options.batchSize(), metadata);
    return new SparkBatch(this, tasks(), metadata.contains(SparkRowLevelColumns.FILE_ID), readers);
  }

  @Override
  public ColumnarSupportMode columnarSupportMode() {
    return columnar() ? ColumnarSupportMode.SUPPORTED : ColumnarSupportMode.UNSUPPORTED;
  }

  // ---- runtime filtering ----

  @Override
  public NamedReference[] filterAttributes() {
    if (copyOnWrite) {
      // Spark's runtime group filtering then passes the files that hold rows the operation changes
      return new NamedReference[] {
          org.apache.spark.sql.connector.expressions.Expressions.column(SparkRowLevelColumns.FILE_ID.name())};
    }
    Set<String> names = new LinkedHashSet<>();
    for (PartitionSpec spec : table.specs().values()) {
      for (PartitionField field : spec.fields()) {
        if (field.transform().isVoid()) {
          continue;
        }
        Optional<String> name = tableSchema.findColumnName(field.sourceId());
        // only top-level columns the scan projects: Spark resolves these against the relation's pruned
        // output (a MERGE's join on id reads only id and _file), and an unprojected one fails the query
        if (name.isPresent() && projection.columns().stream().anyMatch(column -> column.fieldId() == field.sourceId())) {
          names.add(name.get());
        }
      }
    }
    NamedReference[] result = new NamedReference[names.size()];
    int i = 0;
    for (String name : names) {
      result[i++] = org.apache.spark.sql.connector.expressions.Expressions.column(name);
    }
    return result;
  }

  @Override
  public synchronized void filter(Predicate[] predicates) {
    if (copyOnWrite) {
      Optional<Set<String>> kept = SparkCopyOnWriteFiles.locations(predicates, plannedLocations());
      if (kept.isPresent()) {
        this.runtimeFiles = new java.util.TreeSet<>(kept.get());
        this.tasks = SparkCopyOnWriteFiles.keep(tasks(), kept.get());
      }
      return;
    }
    Expression runtime = Expressions.alwaysTrue();
    boolean any = false;
    for (Predicate predicate : predicates) {
      Optional<Expression> converted = SparkFilters.convert(tableSchema, predicate, caseSensitive);
      if (converted.isPresent()) {
        runtime = Expressions.and(runtime, converted.get());
        any = true;
      }
    }
    if (!any) {
      return;
    }
    runtimeFilters.add(runtime);
    List<CombinedScanTask> kept = new ArrayList<>();
    Map<Integer, Evaluator> partitionEvaluators = new HashMap<>();
    InclusiveMetricsEvaluator metrics = new InclusiveMetricsEvaluator(tableSchema, runtime, caseSensitive);
    Expression bound = runtime;
    for (CombinedScanTask task : tasks()) {
      List<FileScanTask> files = new ArrayList<>(task.files().size());
      for (FileScanTask file : task.files()) {
        PartitionSpec spec = file.spec();
        Evaluator evaluator = partitionEvaluators.computeIfAbsent(spec.specId(), id -> new Evaluator(
            spec.partitionType(), Projections.inclusive(spec, caseSensitive).project(bound), caseSensitive));
        if (evaluator.eval(file.file().partition()) && metrics.eval(file.file())) {
          files.add(file);
        }
      }
      if (!files.isEmpty()) {
        kept.add(files.size() == task.files().size() ? task : new CombinedScanTask(files));
      }
    }
    this.tasks = kept;
  }

  // ---- statistics and metrics ----

  @Override
  public Statistics estimateStatistics() {
    long rows = 0;
    long bytes = 0;
    for (CombinedScanTask task : tasks()) {
      for (FileScanTask file : task.files()) {
        DataFile data = file.file();
        long size = Math.max(1, data.fileSizeInBytes());
        // a split holds about its share of the file's rows
        rows += (long) ((double) data.recordCount() * file.length() / size);
        bytes += file.length();
      }
    }
    long numRows = rows;
    long sizeInBytes = bytes;
    return new Statistics() {
      @Override
      public OptionalLong sizeInBytes() {
        return OptionalLong.of(sizeInBytes);
      }

      @Override
      public OptionalLong numRows() {
        return OptionalLong.of(numRows);
      }
    };
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return SparkReadMetrics.supported();
  }

  /** Data files to read (distinct files, whatever the splits). */
  public long filesScanned() {
    return plannedLocations().size();
  }

  private Set<String> plannedLocations() {
    Set<String> files = new HashSet<>();
    for (CombinedScanTask task : tasks()) {
      for (FileScanTask file : task.files()) {
        files.add(file.file().location());
      }
    }
    return files;
  }

  /** Distinct delete files applied to the files read. */
  public long deleteFilesApplied() {
    Set<String> files = new HashSet<>();
    for (CombinedScanTask task : tasks()) {
      for (FileScanTask file : task.files()) {
        for (DeleteFile delete : file.deletes()) {
          files.add(delete.location() + (delete.contentOffset().isPresent() ? "@" + delete.contentOffset().get() : ""));
        }
      }
    }
    return files.size();
  }

  /** Data files of the snapshot that were pruned, or -1 when the snapshot summary does not tell the total. */
  public long filesSkipped() {
    long scanned = filesScanned();
    return snapshotDataFiles < 0 ? -1 : Math.max(0, snapshotDataFiles - scanned);
  }

  @Override
  public CustomTaskMetric[] reportDriverMetrics() {
    List<CustomTaskMetric> metrics = new ArrayList<>();
    metrics.add(new SparkReadMetrics.TaskMetric(SparkReadMetrics.FILES_SCANNED, filesScanned()));
    long skipped = filesSkipped();
    if (skipped >= 0) {
      metrics.add(new SparkReadMetrics.TaskMetric(SparkReadMetrics.FILES_SKIPPED, skipped));
    }
    metrics.add(new SparkReadMetrics.TaskMetric(SparkReadMetrics.DELETE_FILES_APPLIED, deleteFilesApplied()));
    metrics.add(new SparkReadMetrics.TaskMetric(SparkReadMetrics.PLANNING_TIME_MS, planningMillis));
    return metrics.toArray(new CustomTaskMetric[0]);
  }

  // ---- identity, for plan comparison and exchange reuse ----

  /** What makes two scans read the same rows. */
  String key() {
    return table.location() + "|" + snapshotId + "|" + filter
        + "|" + runtimeFilters + "|" + projection.asStruct() + "|" + limit + "|" + metadata + "|" + copyOnWrite
        + "|" + runtimeFiles;
  }

  @Override
  public String description() {
    return "datashard " + table.name() + " [" + selection + "] filters=" + pushedFilters + " columns="
        + columnNames() + (runtimeFilters.isEmpty() ? "" : " runtimeFilters=" + runtimeFilters)
        + (limit != null ? " limit=" + limit : "");
  }

  private List<String> columnNames() {
    List<String> names = new ArrayList<>();
    for (Types.NestedField column : projection.columns()) {
      names.add(column.name());
    }
    return names;
  }

  @Override
  public String toString() {
    return description();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SparkScan that && key().equals(that.key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }
}
