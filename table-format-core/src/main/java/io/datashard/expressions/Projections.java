package io.datashard.expressions;

import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import java.util.Objects;

/**
 * Projects a filter on a table's rows to a filter on a spec's partition tuples, through each
 * partition field's transform. The result names partition fields and is unbound; bind it to
 * {@link PartitionSpec#partitionType()}.
 *
 * <ul>
 *   <li>An <em>inclusive</em> projection is true for the partition of every matching row: a
 *       partition it rejects holds no matching row (used to skip files and manifests).
 *   <li>A <em>strict</em> projection is true only for partitions all of whose rows match: a partition
 *       it accepts needs no row-level filtering (used for residuals and whole-file deletes).
 * </ul>
 */
public final class Projections {
  private Projections() {}

  /** Projects filters on rows to filters on partitions. */
  public interface ProjectionEvaluator {
    Expression project(Expression rowFilter);
  }

  public static ProjectionEvaluator inclusive(PartitionSpec spec) {
    return inclusive(spec, true);
  }

  public static ProjectionEvaluator inclusive(PartitionSpec spec, boolean caseSensitive) {
    Objects.requireNonNull(spec, "spec is null");
    return rowFilter -> project(spec, rowFilter, caseSensitive, true);
  }

  public static ProjectionEvaluator strict(PartitionSpec spec) {
    return strict(spec, true);
  }

  public static ProjectionEvaluator strict(PartitionSpec spec, boolean caseSensitive) {
    Objects.requireNonNull(spec, "spec is null");
    return rowFilter -> project(spec, rowFilter, caseSensitive, false);
  }

  private static Expression project(PartitionSpec spec, Expression rowFilter, boolean caseSensitive, boolean inclusive) {
    Objects.requireNonNull(rowFilter, "rowFilter is null");
    Expression bound = Expressions.rewriteNot(Binder.bind(spec.schema().asStruct(), rowFilter, caseSensitive));
    return Trees.transform(bound, leaf -> {
      BoundPredicate predicate = (BoundPredicate) leaf;
      // several fields of one column (e.g. bucket and truncate) each constrain the partition:
      // inclusively all of them must hold, strictly any one of them suffices
      Expression result = inclusive ? Expressions.alwaysTrue() : Expressions.alwaysFalse();
      for (PartitionField field : spec.fieldsBySourceId(predicate.ref().fieldId())) {
        result = inclusive
            ? Expressions.and(result, TransformProjections.inclusive(field, predicate))
            : Expressions.or(result, TransformProjections.strict(field, predicate));
      }
      return result;
    });
  }
}
