package io.datashard.data.parquet;

import io.datashard.expressions.And;
import io.datashard.expressions.BoundPredicate;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Or;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.internal.filter2.columnindex.RowRanges;

/**
 * Narrows a row group to the rows of the pages that may hold rows matching a filter, from the file's
 * column index (per-page min, max and null counts) and offset index (each page's first row): the
 * same per-predicate rules as {@link ParquetMetricsRowGroupFilter}, applied page by page; {@code and}
 * intersects the predicates' row ranges and {@code or} unites them. A column without a column index, or
 * whose statistics Parquet does not order as Datashard does, keeps every row. Rows of the ranges may
 * still not match: callers apply the filter to them.
 */
final class ParquetPageFilter {
  private final Expression bound;
  private final Map<Integer, ColumnDescriptor> columns;

  /** {@code bound} is bound to the read schema with {@code not} pushed into its predicates. */
  ParquetPageFilter(Expression bound, Map<Integer, ColumnDescriptor> columns) {
    this.bound = bound;
    this.columns = columns;
  }

  /** The rows of a row group of {@code rowCount} rows that may match; all of them when the indexes cannot tell. */
  RowRanges rowRanges(ColumnIndexStore indexes, long rowCount) {
    return eval(bound, indexes, rowCount);
  }

  private RowRanges eval(Expression expression, ColumnIndexStore indexes, long rowCount) {
    switch (expression.op()) {
      case FALSE:
        return RowRanges.EMPTY;
      case AND: {
        RowRanges left = eval(((And) expression).left(), indexes, rowCount);
        if (left.rowCount() == 0) {
          return left;
        }
        return RowRanges.intersection(left, eval(((And) expression).right(), indexes, rowCount));
      }
      case OR: {
        RowRanges left = eval(((Or) expression).left(), indexes, rowCount);
        if (left.rowCount() == rowCount) {
          return left;
        }
        return RowRanges.union(left, eval(((Or) expression).right(), indexes, rowCount));
      }
      default:
        if (expression instanceof BoundPredicate predicate) {
          return pages(predicate, indexes, rowCount);
        }
        // TRUE, and anything else reading must not drop
        return RowRanges.createSingle(rowCount);
    }
  }

  private RowRanges pages(BoundPredicate predicate, ColumnIndexStore indexes, long rowCount) {
    ColumnDescriptor column = columns.get(predicate.ref().fieldId());
    if (column == null) {
      return RowRanges.createSingle(rowCount); // not in the file: read as a default the index cannot describe
    }
    ColumnPath path = ColumnPath.get(column.getPath());
    ColumnIndex index = indexes.getColumnIndex(path);
    OffsetIndex offsets = offsetIndex(indexes, path);
    if (index == null || offsets == null) {
      return RowRanges.createSingle(rowCount);
    }
    List<Boolean> nullPages = index.getNullPages();
    List<Long> nullCounts = index.getNullCounts();
    List<ByteBuffer> mins = index.getMinValues();
    List<ByteBuffer> maxes = index.getMaxValues();
    int[] kept = new int[offsets.getPageCount()];
    int keptCount = 0;
    for (int page = 0; page < offsets.getPageCount(); page += 1) {
      // a flat column holds one value per row, null or not
      long values = offsets.getLastRowIndex(page, rowCount) - offsets.getFirstRowIndex(page) + 1;
      Statistics.Builder builder = Statistics.getBuilderForReading(column.getPrimitiveType());
      if (nullCounts != null) {
        builder.withNumNulls(nullCounts.get(page));
      } else if (nullPages.get(page)) {
        builder.withNumNulls(values);
      }
      if (!nullPages.get(page)) {
        builder.withMin(bytes(mins.get(page))).withMax(bytes(maxes.get(page)));
      }
      if (ParquetMetricsRowGroupFilter.mightMatch(predicate, column, builder.build(), values)) {
        kept[keptCount] = page;
        keptCount += 1;
      }
    }
    return RowRanges.create(rowCount, IntStream.of(kept).limit(keptCount).iterator(), offsets);
  }

  private static OffsetIndex offsetIndex(ColumnIndexStore indexes, ColumnPath path) {
    try {
      return indexes.getOffsetIndex(path);
    } catch (ColumnIndexStore.MissingOffsetIndexException e) {
      return null; // the file has no offset index: its pages cannot be told apart by row
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
