package io.datashard.data.parquet;

import io.datashard.expressions.BoundPredicate;
import io.datashard.expressions.BoundReference;
import io.datashard.expressions.Expression;
import io.datashard.types.Comparators;
import java.util.Comparator;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;

/**
 * Decides from a row group's column statistics in the footer (min, max and null count per column
 * chunk) whether the row group <em>may</em> hold rows matching a filter; {@code false} means no row
 * can match and the row group need not be read. Statistics that are missing, or that Parquet does
 * not order as Datashard does (see {@link ParquetFilterValues}), never exclude a row group. There
 * are no NaN counts in Parquet statistics, so {@code isNaN} and {@code notNaN} never exclude one.
 */
final class ParquetMetricsRowGroupFilter {
  private final Expression bound;
  private final Map<Integer, ColumnDescriptor> columns;

  /** {@code bound} is bound to the read schema with {@code not} pushed into its predicates. */
  ParquetMetricsRowGroupFilter(Expression bound, Map<Integer, ColumnDescriptor> columns) {
    this.bound = bound;
    this.columns = columns;
  }

  boolean shouldRead(BlockMetaData block) {
    if (block.getRowCount() == 0) {
      return false;
    }
    Map<ColumnPath, ColumnChunkMetaData> chunks = ParquetFilterValues.chunks(block);
    return ParquetFilterValues.eval(bound, predicate -> mightMatch(predicate, chunks));
  }

  /** Whether the statistics of the row group whose chunks these are allow rows matching one predicate. */
  boolean mightMatch(BoundPredicate predicate, Map<ColumnPath, ColumnChunkMetaData> chunks) {
    return mightMatch(predicate, stats(predicate.ref(), chunks));
  }

  /** What the footer says about one column chunk; nulls are unknowns. */
  private static final class ChunkStats {
    static final ChunkStats UNKNOWN = new ChunkStats(null, null, null, null);
    final Long valueCount;
    final Long nullCount;
    final Object lower;
    final Object upper;

    ChunkStats(Long valueCount, Long nullCount, Object lower, Object upper) {
      this.valueCount = valueCount;
      this.nullCount = nullCount;
      this.lower = lower;
      this.upper = upper;
    }

    boolean nullsOnly() {
      return valueCount != null && nullCount != null && valueCount.longValue() == nullCount.longValue();
    }

    boolean mayHaveNulls() {
      return nullCount == null || nullCount > 0;
    }
  }

  private ChunkStats stats(BoundReference ref, Map<ColumnPath, ColumnChunkMetaData> chunks) {
    ColumnDescriptor column = columns.get(ref.fieldId());
    if (column == null) {
      // not in the file: the column reads as its initial default, which statistics cannot describe
      return ChunkStats.UNKNOWN;
    }
    ColumnChunkMetaData chunk = chunks.get(ColumnPath.get(column.getPath()));
    return chunk == null ? ChunkStats.UNKNOWN : stats(ref, column, chunk.getStatistics(), chunk.getValueCount());
  }

  /**
   * Whether values with these statistics (of a page, say, from the column index) may match one predicate
   * on {@code column}, a column of the file the predicate's field id names.
   */
  static boolean mightMatch(BoundPredicate predicate, ColumnDescriptor column, Statistics<?> statistics,
      long valueCount) {
    return mightMatch(predicate, stats(predicate.ref(), column, statistics, valueCount));
  }

  private static ChunkStats stats(BoundReference ref, ColumnDescriptor column, Statistics<?> statistics,
      long valueCount) {
    if (statistics == null || statistics.isEmpty()) {
      return ChunkStats.UNKNOWN;
    }
    Long nulls = statistics.isNumNullsSet() ? statistics.getNumNulls() : null;
    Object lower = null;
    Object upper = null;
    if (statistics.hasNonNullValue()) {
      lower = ParquetFilterValues.convert(ref.type(), column.getPrimitiveType(), statistics.genericGetMin());
      upper = ParquetFilterValues.convert(ref.type(), column.getPrimitiveType(), statistics.genericGetMax());
      lower = signedZero(lower, true);
      upper = signedZero(upper, false);
    }
    return new ChunkStats(valueCount, nulls, lower, upper);
  }

  /**
   * Some writers record 0.0 for a -0.0 minimum (or the reverse for a maximum); widening a zero bound
   * to both signs keeps it a valid bound whichever writer wrote it.
   */
  private static Object signedZero(Object bound, boolean lower) {
    if (bound instanceof Float && ((Float) bound) == 0.0f) {
      return lower ? -0.0f : 0.0f;
    } else if (bound instanceof Double && ((Double) bound) == 0.0d) {
      return lower ? -0.0d : 0.0d;
    }
    return bound;
  }

  private static boolean mightMatch(BoundPredicate predicate, ChunkStats stats) {
    switch (predicate.op()) {
      case IS_NULL:
        return stats.mayHaveNulls();
      case NOT_NULL:
        return !stats.nullsOnly();
      case IS_NAN:
        return !stats.nullsOnly();
      case NOT_NAN:
      case NOT_EQ:
      case NOT_IN:
        return true;
      case NOT_STARTS_WITH:
        return notStartsWithMightMatch(predicate, stats);
      default:
        break;
    }
    // the remaining predicates never match null
    if (stats.nullsOnly()) {
      return false;
    }
    Comparator<Object> order = Comparators.forType(predicate.ref().type());
    Object lower = stats.lower;
    Object upper = stats.upper;
    switch (predicate.op()) {
      case LT:
        return lower == null || isNaN(predicate.literal()) || order.compare(lower, predicate.literal()) < 0;
      case LT_EQ:
        return lower == null || isNaN(predicate.literal()) || order.compare(lower, predicate.literal()) <= 0;
      case GT:
        return upper == null || isNaN(predicate.literal()) || order.compare(upper, predicate.literal()) > 0;
      case GT_EQ:
        return upper == null || isNaN(predicate.literal()) || order.compare(upper, predicate.literal()) >= 0;
      case EQ:
        return inRange(order, lower, upper, predicate.literal());
      case IN:
        for (Object literal : predicate.literals()) {
          if (inRange(order, lower, upper, literal)) {
            return true;
          }
        }
        return false;
      case STARTS_WITH:
        return startsWithMightMatch((String) predicate.literal(), (String) lower, (String) upper);
      default:
        return true;
    }
  }

  private static boolean inRange(Comparator<Object> order, Object lower, Object upper, Object literal) {
    if (isNaN(literal)) {
      return true;
    }
    return (lower == null || order.compare(lower, literal) <= 0) && (upper == null || order.compare(upper, literal) >= 0);
  }

  private static boolean isNaN(Object value) {
    return (value instanceof Float && ((Float) value).isNaN()) || (value instanceof Double && ((Double) value).isNaN());
  }

  /** Cutting strings to the prefix's length keeps their order, so the cut bounds must straddle the prefix. */
  private static boolean startsWithMightMatch(String prefix, String lower, String upper) {
    int length = prefix.codePointCount(0, prefix.length());
    if (lower != null && Comparators.compareCodePoints(truncate(lower, length), prefix) > 0) {
      return false;
    }
    return upper == null || Comparators.compareCodePoints(truncate(upper, length), prefix) >= 0;
  }

  /** Strings starting with a prefix form one range, so if both bounds start with it every value does. */
  private static boolean notStartsWithMightMatch(BoundPredicate predicate, ChunkStats stats) {
    if (stats.mayHaveNulls()) {
      return true;
    }
    String prefix = (String) predicate.literal();
    return !(stats.lower instanceof String && stats.upper instanceof String
        && ((String) stats.lower).startsWith(prefix) && ((String) stats.upper).startsWith(prefix));
  }

  private static String truncate(String value, int codePoints) {
    if (value.codePointCount(0, value.length()) <= codePoints) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, codePoints));
  }
}
