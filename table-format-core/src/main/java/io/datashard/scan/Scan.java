package io.datashard.scan;

import io.datashard.expressions.Expression;
import io.datashard.io.CloseableIterable;
import io.datashard.types.Schema;
import java.util.Collection;
import java.util.concurrent.ExecutorService;

/**
 * What every scan of a table's files can be refined by. Scans are immutable: each refinement returns
 * a new scan and leaves this one unchanged, so a scan can be shared and refined from several threads.
 *
 * @param <T> the type of the concrete scan, returned by the refinements
 */
public interface Scan<T extends Scan<T>> {
  /** Split files to about this many bytes (default 128 MiB); set with {@link #option}. */
  String SPLIT_SIZE = "read.split.target-size";
  long SPLIT_SIZE_DEFAULT = 128L * 1024 * 1024;
  /** Estimated cost of opening a file, in bytes, added to small splits when packing tasks (default 4 MiB). */
  String SPLIT_OPEN_FILE_COST = "read.split.open-file-cost";
  long SPLIT_OPEN_FILE_COST_DEFAULT = 4L * 1024 * 1024;
  /** How many open bins task packing considers for each split (default 10). */
  String SPLIT_LOOKBACK = "read.split.planning-lookback";
  int SPLIT_LOOKBACK_DEFAULT = 10;

  /** A scan that returns only rows matching this filter too (ANDed with the current filter). */
  T filter(Expression expression);

  /** The filter on rows, {@code alwaysTrue()} when there is none. */
  Expression filter();

  /** A scan that reads only the named columns (full names such as {@code "location.lat"}). */
  T select(String... columns);

  T select(Collection<String> columns);

  /** A scan that reads the given projection of the table's schema; fields are matched by id. */
  T project(Schema projection);

  /** Whether column names in filters and selections are matched case-sensitively (default true). */
  T caseSensitive(boolean caseSensitive);

  boolean isCaseSensitive();

  /**
   * Sets a read option for this scan only, overriding the table property of the same name: {@link
   * #SPLIT_SIZE}, {@link #SPLIT_OPEN_FILE_COST}, {@link #SPLIT_LOOKBACK}.
   */
  T option(String key, String value);

  /** The option that {@link #includeColumnStats()} sets. */
  String INCLUDE_COLUMN_STATS = "include-column-stats";

  /**
   * Keeps the column statistics (value, null and NaN counts, bounds, column sizes) in the planned
   * files. Without it, a scan with no filter leaves them out of its files and does not decode them,
   * which makes planning large tables faster; a filtered scan always reads them to prune.
   */
  default T includeColumnStats() {
    return option(INCLUDE_COLUMN_STATS, "true");
  }

  /**
   * Reads manifests in parallel on {@code executor}, which the caller owns, bounds and shuts down.
   * Without an executor manifests are read one after another on the calling thread. Files come out
   * in no particular order when planning in parallel.
   */
  T planWith(ExecutorService executor);

  /** The schema of the rows the scan returns (the projection). */
  Schema schema();

  /**
   * The data files to read, each with the delete files that apply to it and the residual filter.
   * Streams from the manifests; close the iterators.
   */
  CloseableIterable<FileScanTask> planFiles();

  /** {@link #planFiles()} split to the target split size and packed into tasks of about that size. */
  CloseableIterable<CombinedScanTask> planTasks();

  long targetSplitSize();

  long splitOpenFileCost();

  int splitLookback();
}
