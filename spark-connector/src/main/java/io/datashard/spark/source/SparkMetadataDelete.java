package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.DeleteFiles;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.expressions.ResidualEvaluator;
import io.datashard.expressions.StrictMetricsEvaluator;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.TableScan;
import io.datashard.spark.SnapshotSelection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.write.RowLevelOperation.Command;

/**
 * Metadata-only {@code DELETE FROM}: when the condition converts exactly to a Datashard filter and
 * every data file it may match holds only matching rows (decided by the file's partition, then its
 * column metrics), the delete removes those files in one {@code delete} snapshot without reading or
 * writing any data. Otherwise Spark falls back to a row-level delete.
 */
public final class SparkMetadataDelete {
  private SparkMetadataDelete() {
  }

  /** Whether the predicates can be answered by removing whole files. */
  public static boolean canDelete(Table table, SnapshotSelection selection, Predicate[] predicates) {
    SparkRowLevelTarget target = SparkRowLevelTarget.of(table, selection, table.schema(), Command.DELETE);
    Optional<Expression> filter = SparkWriteFilters.convert(table.schema(), predicates);
    if (filter.isEmpty()) {
      return false;
    }
    boolean caseSensitive = caseSensitive();
    Map<Integer, ResidualEvaluator> residuals = new HashMap<>();
    TableScan scan = target.branch() == null ? table.newScan() : table.newScan().useRef(target.branch());
    try (CloseableIterable<FileScanTask> files = scan.filter(filter.get()).caseSensitive(caseSensitive)
        .includeColumnStats().planFiles()) {
      for (FileScanTask task : files) {
        DataFile file = task.file();
        PartitionSpec spec = task.spec();
        Expression residual = residuals
            .computeIfAbsent(spec.specId(), id -> ResidualEvaluator.of(spec, filter.get(), caseSensitive))
            .residualFor(file.partition());
        if (residual.op() == Expression.Operation.TRUE || residual.op() == Expression.Operation.FALSE) {
          continue;
        }
        if (!new StrictMetricsEvaluator(table.schema(), residual, caseSensitive).eval(file)) {
          return false; // some rows of this file may not match: only a row-level delete can remove the others
        }
      }
    } catch (ValidationException e) {
      return false; // e.g. a column the filter names is not in the table: let Spark's row-level path report it
    }
    return true;
  }

  /** Removes the files all of whose rows match the predicates, in one snapshot (none if no file matches). */
  public static void delete(Table table, SnapshotSelection selection, Predicate[] predicates) {
    SparkRowLevelTarget target = SparkRowLevelTarget.of(table, selection, table.schema(), Command.DELETE);
    Expression filter = SparkWriteFilters.convert(table.schema(), predicates).orElseThrow(() -> new IllegalArgumentException(
        "Cannot delete from table " + table.name() + " by metadata: the condition " + java.util.Arrays.toString(predicates)
            + " cannot be converted exactly to a Datashard filter; run a row-level DELETE"));
    boolean caseSensitive = caseSensitive();
    TableScan scan = target.branch() == null ? table.newScan() : table.newScan().useRef(target.branch());
    try (CloseableIterable<FileScanTask> files = scan.filter(filter).caseSensitive(caseSensitive).planFiles();
        io.datashard.io.CloseableIterator<FileScanTask> first = files.iterator()) {
      if (!first.hasNext()) {
        return; // no file may hold a matching row: nothing to delete, and no empty snapshot
      }
    }
    DeleteFiles delete = table.newDelete().caseSensitive(caseSensitive).deleteFromRowFilter(filter);
    target.commit(delete, null);
  }

  private static boolean caseSensitive() {
    return Boolean.parseBoolean(SparkSession.active().conf().get("spark.sql.caseSensitive", "false"));
  }
}
