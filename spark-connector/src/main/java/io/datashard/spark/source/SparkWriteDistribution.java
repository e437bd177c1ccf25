package io.datashard.spark.source;

import io.datashard.NullOrder;
import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.SortField;
import io.datashard.SortOrder;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.connector.distributions.Distribution;
import org.apache.spark.sql.connector.distributions.Distributions;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;

/**
 * How Spark must shuffle and sort rows before a write so that each task writes few files: the
 * distribution and ordering for the table's partition spec and sort order under
 * {@code write.distribution-mode}, and whether tasks can use a clustered writer (one open file,
 * rows arriving grouped by partition) or need a fanout writer (one open file per partition).
 *
 * <p>Only column references are handed to Spark, because Spark can evaluate partition transforms
 * such as {@code days(ts)} or {@code bucket(16, id)} only through a function catalog, which path
 * tables do not have. Identity partitions are hash-clustered by their columns. For other
 * transforms a hash distribution is replaced by a range distribution on the source columns: every
 * transform except {@code bucket} preserves order, so a range of timestamps holds a few whole days,
 * and a task's rows sorted by {@code ts} arrive grouped by {@code days(ts)}.
 */
record SparkWriteDistribution(Distribution distribution, org.apache.spark.sql.connector.expressions.SortOrder[] ordering,
    boolean clustered, String mode) {
  static final String MODE_NONE = "none";
  static final String MODE_HASH = "hash";
  static final String MODE_RANGE = "range";

  /**
   * @param requestedMode none, hash, range, or null for the default (range for sorted tables, hash for
   *     partitioned ones, none otherwise)
   * @param fanout whether tasks may keep one file per partition open instead of sorting by partition; null
   *     for the default (fanout after a hash clustering, whose tasks see few partitions; sort otherwise)
   */
  static SparkWriteDistribution of(Schema schema, PartitionSpec spec, SortOrder sortOrder, String requestedMode,
      Boolean fanout, String tableName) {
    List<PartitionField> partitionFields = new ArrayList<>();
    for (PartitionField field : spec.fields()) {
      if (!field.transform().isVoid()) {
        partitionFields.add(field);
      }
    }
    boolean partitioned = !partitionFields.isEmpty();
    boolean allIdentity = true;
    boolean groupable = true;
    List<org.apache.spark.sql.connector.expressions.SortOrder> partitionOrdering = new ArrayList<>();
    List<Expression> clustering = new ArrayList<>();
    for (PartitionField field : partitionFields) {
      allIdentity &= field.transform().isIdentity();
      groupable &= field.transform().preservesOrder();
      NamedReference column = reference(schema, field.sourceId());
      clustering.add(column);
      partitionOrdering.add(Expressions.sort(column, SortDirection.ASCENDING, NullOrdering.NULLS_FIRST));
    }
    List<org.apache.spark.sql.connector.expressions.SortOrder> tableOrdering = new ArrayList<>();
    for (SortField field : sortOrder.fields()) {
      if (!field.transform().preservesOrder()) {
        // sorting by a bucket's source column would not sort by bucket; keep the prefix that is exact
        break;
      }
      tableOrdering.add(Expressions.sort(reference(schema, field.sourceId()),
          field.direction() == io.datashard.SortDirection.ASC ? SortDirection.ASCENDING : SortDirection.DESCENDING,
          field.nullOrder() == NullOrder.NULLS_FIRST ? NullOrdering.NULLS_FIRST : NullOrdering.NULLS_LAST));
    }
    boolean sorted = !tableOrdering.isEmpty();
    String mode = requestedMode == null ? (sorted ? MODE_RANGE : partitioned ? MODE_HASH : MODE_NONE)
        : requestedMode.trim().toLowerCase(Locale.ROOT);
    if (!mode.equals(MODE_NONE) && !mode.equals(MODE_HASH) && !mode.equals(MODE_RANGE)) {
      throw new IllegalArgumentException("Invalid write distribution mode '" + requestedMode + "' for table " + tableName
          + ": expected none, hash or range (table property write.distribution-mode or write option distribution-mode)");
    }
    List<org.apache.spark.sql.connector.expressions.SortOrder> byPartitionThenSort = new ArrayList<>();
    if (groupable) {
      byPartitionThenSort.addAll(partitionOrdering);
    }
    byPartitionThenSort.addAll(tableOrdering);

    if (!partitioned && !sorted) {
      return new SparkWriteDistribution(Distributions.unspecified(), new org.apache.spark.sql.connector.expressions.SortOrder[0],
          false, mode);
    }
    switch (mode) {
      case MODE_HASH:
        if (allIdentity && partitioned) {
          boolean useFanout = fanout == null ? !sorted : fanout;
          List<org.apache.spark.sql.connector.expressions.SortOrder> ordering = useFanout ? tableOrdering : byPartitionThenSort;
          return new SparkWriteDistribution(Distributions.clustered(clustering.toArray(new Expression[0])),
              ordering.toArray(new org.apache.spark.sql.connector.expressions.SortOrder[0]),
              !useFanout && groupable, mode);
        }
        // partition transforms cannot be evaluated by Spark here: a range on the source columns keeps
        // each partition in one or two tasks
        return ranged(byPartitionThenSort, groupable && partitioned, mode);
      case MODE_RANGE:
        return ranged(byPartitionThenSort, groupable && partitioned, mode);
      default: {
        boolean useFanout = fanout != null ? fanout : false;
        List<org.apache.spark.sql.connector.expressions.SortOrder> ordering = useFanout ? tableOrdering : byPartitionThenSort;
        return new SparkWriteDistribution(Distributions.unspecified(),
            ordering.toArray(new org.apache.spark.sql.connector.expressions.SortOrder[0]),
            !useFanout && groupable && partitioned, mode);
      }
    }
  }

  private static SparkWriteDistribution ranged(List<org.apache.spark.sql.connector.expressions.SortOrder> ordering,
      boolean clustered, String mode) {
    org.apache.spark.sql.connector.expressions.SortOrder[] array =
        ordering.toArray(new org.apache.spark.sql.connector.expressions.SortOrder[0]);
    if (array.length == 0) {
      return new SparkWriteDistribution(Distributions.unspecified(), array, false, mode);
    }
    return new SparkWriteDistribution(Distributions.ordered(array), array, clustered, mode);
  }

  private static NamedReference reference(Schema schema, int fieldId) {
    String name = schema.findColumnName(fieldId).orElseThrow(() -> new IllegalStateException(
        "Cannot plan a write: field id " + fieldId + " of the partition spec or sort order is not in the table schema"));
    return Expressions.column(name);
  }
}
