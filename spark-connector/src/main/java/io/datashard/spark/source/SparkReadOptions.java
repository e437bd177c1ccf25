package io.datashard.spark.source;

import io.datashard.scan.Scan;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Read options of a Datashard scan, from {@code spark.read.option(...)}:
 * <ul>
 *   <li>{@code vectorization-enabled} (default true): read Parquet files with primitive columns in
 *       columnar batches;</li>
 *   <li>{@code batch-size} (default 4096): rows per columnar batch;</li>
 *   <li>{@code split-size}, {@code file-open-cost}, {@code lookback}: task packing, overriding the
 *       table's {@code read.split.*} properties;</li>
 *   <li>{@code aggregate-push-down-enabled} (default true): answer COUNT/MIN/MAX from metadata when exact.</li>
 * </ul>
 */
public final class SparkReadOptions implements Serializable {
  public static final String VECTORIZATION_ENABLED = "vectorization-enabled";
  public static final String BATCH_SIZE = "batch-size";
  public static final String SPLIT_SIZE = "split-size";
  public static final String FILE_OPEN_COST = "file-open-cost";
  public static final String LOOKBACK = "lookback";
  public static final String AGGREGATE_PUSH_DOWN_ENABLED = "aggregate-push-down-enabled";

  private final boolean vectorization;
  private final int batchSize;
  private final String splitSize;
  private final String openFileCost;
  private final String lookback;
  private final boolean aggregatePushDown;

  public SparkReadOptions(CaseInsensitiveStringMap options) {
    this.vectorization = bool(options, VECTORIZATION_ENABLED, true);
    this.aggregatePushDown = bool(options, AGGREGATE_PUSH_DOWN_ENABLED, true);
    String size = options.get(BATCH_SIZE);
    try {
      this.batchSize = size == null ? 4096 : Integer.parseInt(size.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid read option " + BATCH_SIZE + "='" + size + "': expected a positive integer", e);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("Invalid read option " + BATCH_SIZE + "=" + batchSize + ": must be positive");
    }
    this.splitSize = options.get(SPLIT_SIZE);
    this.openFileCost = options.get(FILE_OPEN_COST);
    this.lookback = options.get(LOOKBACK);
  }

  private static boolean bool(CaseInsensitiveStringMap options, String key, boolean defaultValue) {
    String value = options.get(key);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("Invalid read option " + key + "='" + value + "': expected true or false");
    };
  }

  public boolean vectorizationEnabled() {
    return vectorization;
  }

  public int batchSize() {
    return batchSize;
  }

  public boolean aggregatePushDownEnabled() {
    return aggregatePushDown;
  }

  /** Applies the task-packing options to a core scan. */
  public <T extends Scan<T>> T applyTo(T scan) {
    T result = scan;
    if (splitSize != null) {
      result = result.option(Scan.SPLIT_SIZE, splitSize);
    }
    if (openFileCost != null) {
      result = result.option(Scan.SPLIT_OPEN_FILE_COST, openFileCost);
    }
    if (lookback != null) {
      result = result.option(Scan.SPLIT_LOOKBACK, lookback);
    }
    return result;
  }

  @Override
  public String toString() {
    return "vectorization=" + vectorization + ", batch-size=" + batchSize;
  }
}
