package io.datashard.internal.commit;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Expression;
import io.datashard.expressions.InclusiveMetricsEvaluator;
import io.datashard.expressions.ManifestEvaluator;
import io.datashard.expressions.ResidualEvaluator;
import io.datashard.expressions.StrictMetricsEvaluator;
import io.datashard.internal.metadata.TableMetadata;
import java.util.HashMap;
import java.util.Map;

/**
 * Matches whole files against a row filter for one table state: which files have only matching
 * rows (to delete them), which may have some (for conflict detection), and which manifests can be
 * skipped. The partition decides first (through the residual for the file's partition), then the
 * file's column metrics decide the residual.
 */
final class RowFilterMatcher {
  private final TableMetadata base;
  private final Expression filter;
  private final boolean caseSensitive;
  private final String tableName;
  private final Map<Integer, ResidualEvaluator> residuals = new HashMap<>();
  private final Map<Integer, ManifestEvaluator> manifestEvaluators = new HashMap<>();

  RowFilterMatcher(TableMetadata base, Expression filter, boolean caseSensitive, String tableName) {
    this.base = base;
    // bound to the table's schema once, so that every spec (even one whose own schema is older) sees
    // the same columns, and a bad column name fails here with its name
    this.filter = Binder.bind(base.schema().asStruct(), filter, caseSensitive);
    this.caseSensitive = caseSensitive;
    this.tableName = tableName;
  }

  boolean manifestMightMatch(ManifestFile manifest) {
    PartitionSpec spec = FileChangeProducer.specFor(base, manifest.partitionSpecId());
    return manifestEvaluators
        .computeIfAbsent(spec.specId(), id -> ManifestEvaluator.forRowFilter(filter, spec, caseSensitive))
        .eval(manifest);
  }

  private Expression residual(ContentFile file) {
    PartitionSpec spec = FileChangeProducer.specFor(base, file.specId());
    return residuals
        .computeIfAbsent(spec.specId(), id -> ResidualEvaluator.of(spec, filter, caseSensitive))
        .residualFor(file.partition());
  }

  /** Whether rows of the file may match the filter. */
  boolean mightMatch(ContentFile file) {
    Expression residual = residual(file);
    switch (residual.op()) {
      case TRUE:
        return file.recordCount() != 0;
      case FALSE:
        return false;
      default:
        return new InclusiveMetricsEvaluator(base.schema(), residual, caseSensitive).eval(file);
    }
  }

  /**
   * Whether every row of the file matches, so that deleting the file deletes exactly matching rows.
   *
   * @throws ValidationException if some rows may match and others may not
   */
  boolean allRowsMatch(DataFile file) {
    Expression residual = residual(file);
    switch (residual.op()) {
      case TRUE:
        return true;
      case FALSE:
        return false;
      default:
        break;
    }
    if (new StrictMetricsEvaluator(base.schema(), residual, caseSensitive).eval(file)) {
      return true;
    }
    if (new InclusiveMetricsEvaluator(base.schema(), residual, caseSensitive).eval(file)) {
      throw new ValidationException("Cannot delete file " + file.location() + " from " + tableName
          + ": some, but not all, of its rows may match the row filter " + filter + " (after its partition, "
          + residual + " remains and the file's column metrics cannot decide it). Delete those rows with a "
          + "row-level delete instead, or use a filter that matches whole files or partitions.");
    }
    return false;
  }
}
