package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.TableScan;
import io.datashard.spark.SnapshotSelection;
import io.datashard.spark.SparkTypes;
import io.datashard.spark.data.SparkValues;
import io.datashard.types.Comparators;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Answers COUNT(*), COUNT(col), MIN(col) and MAX(col) without GROUP BY from file metadata, but only
 * when the answer is exact: no delete file applies to any data file of the snapshot, and for
 * COUNT(col)/MIN/MAX every file has value and null counts and, where it has a non-null value,
 * untruncated lower and upper bounds. Strings and binary are declined (their bounds may be
 * truncated), floating point only when every file counted its NaNs as zero. Anything else declines,
 * and Spark computes the aggregate from the rows.
 */
final class SparkAggregates {

  private SparkAggregates() {
  }

  static Optional<SparkLocalScan> answer(Table table, SnapshotSelection selection, Schema schema, Aggregation aggregation,
      boolean caseSensitive) {
    if (aggregation.groupByExpressions().length > 0) {
      return Optional.empty();
    }
    AggregateFunc[] functions = aggregation.aggregateExpressions();
    List<Types.NestedField> columns = new ArrayList<>(functions.length);
    for (AggregateFunc function : functions) {
      if (function instanceof CountStar) {
        columns.add(null);
      } else if (function instanceof Count count && !count.isDistinct()) {
        Types.NestedField column = column(schema, count.column(), caseSensitive);
        if (column == null) {
          return Optional.empty();
        }
        columns.add(column);
      } else if (function instanceof Min min) {
        Types.NestedField column = column(schema, min.column(), caseSensitive);
        if (column == null || !boundsExact(column.type())) {
          return Optional.empty();
        }
        columns.add(column);
      } else if (function instanceof Max max) {
        Types.NestedField column = column(schema, max.column(), caseSensitive);
        if (column == null || !boundsExact(column.type())) {
          return Optional.empty();
        }
        columns.add(column);
      } else {
        return Optional.empty();
      }
    }

    TableScan scan = selection.applyTo(table.newScan()).includeColumnStats();
    Optional<Snapshot> snapshot = scan.snapshot();
    if (snapshot.isPresent()) {
      String deletes = snapshot.get().summary().get("total-delete-files");
      if (deletes != null && !deletes.equals("0")) {
        return Optional.empty();
      }
    }
    long rowCount = 0;
    long[] counts = new long[functions.length];
    Object[] extremes = new Object[functions.length];
    if (snapshot.isPresent()) {
      try (CloseableIterable<FileScanTask> files = scan.planFiles()) {
        for (FileScanTask task : files) {
          if (!task.deletes().isEmpty()) {
            return Optional.empty();
          }
          DataFile file = task.file();
          rowCount += file.recordCount();
          for (int i = 0; i < functions.length; i++) {
            Types.NestedField column = columns.get(i);
            if (column == null || file.recordCount() == 0) {
              continue;
            }
            if (!accumulate(functions[i], column, file, counts, extremes, i)) {
              return Optional.empty();
            }
          }
        }
      }
    }

    StructField[] fields = new StructField[functions.length];
    Object[] values = new Object[functions.length];
    for (int i = 0; i < functions.length; i++) {
      AggregateFunc function = functions[i];
      Types.NestedField column = columns.get(i);
      DataType type;
      if (function instanceof CountStar) {
        type = DataTypes.LongType;
        values[i] = rowCount;
      } else if (function instanceof Count) {
        type = DataTypes.LongType;
        values[i] = counts[i];
      } else {
        type = SparkTypes.toSparkType(column.type());
        values[i] = extremes[i] == null ? null : SparkValues.converter(column.type()).convert(extremes[i]);
      }
      fields[i] = DataTypes.createStructField("agg_" + i, type, !(function instanceof CountStar || function instanceof Count));
    }
    StructType outputSchema = DataTypes.createStructType(fields);
    String description = "datashard " + table.name() + " [" + selection + "] aggregates from metadata: " + aggregation;
    return Optional.of(new SparkLocalScan(outputSchema, new InternalRow[] {new GenericInternalRow(values)}, description));
  }

  private static boolean accumulate(AggregateFunc function, Types.NestedField column, DataFile file, long[] counts,
      Object[] extremes, int i) {
    int id = column.fieldId();
    Long valueCount = file.valueCounts().get(id);
    Long nullCount = file.nullValueCounts().get(id);
    if (valueCount == null || nullCount == null) {
      return false;
    }
    long nonNull = valueCount - nullCount;
    if (function instanceof Count) {
      counts[i] += nonNull;
      return true;
    }
    if (nonNull == 0) {
      return true; // only nulls in this file: no bound, nothing to compare
    }
    Type.TypeID typeId = column.type().typeId();
    if (typeId == Type.TypeID.FLOAT || typeId == Type.TypeID.DOUBLE) {
      Long nans = file.nanValueCounts().get(id);
      if (nans == null || nans != 0) {
        return false; // Spark orders NaN above every number, bounds leave NaN out
      }
    }
    boolean min = function instanceof Min;
    ByteBuffer bound = min ? file.lowerBounds().get(id) : file.upperBounds().get(id);
    if (bound == null) {
      return false;
    }
    Object value = Conversions.fromByteBuffer(column.type(), bound);
    if (extremes[i] == null) {
      extremes[i] = value;
    } else {
      Comparator<Object> comparator = Comparators.forType(column.type().asPrimitiveType());
      int cmp = comparator.compare(value, extremes[i]);
      if (min ? cmp < 0 : cmp > 0) {
        extremes[i] = value;
      }
    }
    return true;
  }

  /** Types whose file bounds are the exact minimum and maximum (never truncated). */
  private static boolean boundsExact(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
      case INTEGER:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case DATE:
      case TIMESTAMP:
      case DECIMAL:
        return true;
      default:
        return false;
    }
  }

  /** The top-level primitive column an aggregate reads, or null. */
  private static Types.NestedField column(Schema schema, org.apache.spark.sql.connector.expressions.Expression expression,
      boolean caseSensitive) {
    if (!(expression instanceof NamedReference ref) || ref.fieldNames().length != 1) {
      return null;
    }
    String name = ref.fieldNames()[0];
    for (Types.NestedField column : schema.columns()) {
      if ((caseSensitive ? column.name().equals(name) : column.name().equalsIgnoreCase(name)) && column.type().isPrimitiveType()) {
        return column;
      }
    }
    return null;
  }
}
