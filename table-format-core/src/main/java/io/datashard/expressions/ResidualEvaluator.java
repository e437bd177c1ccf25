package io.datashard.expressions;

import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.StructLike;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of a row filter that still has to be applied to the rows of a file, given the file's
 * partition tuple: predicates that the partition decides become {@code true} (every row in the
 * partition matches) or {@code false} (none does), and the rest is kept. E.g. for a table partitioned
 * by {@code day(ts)}, the filter {@code ts >= '2024-01-02T00:00' and id = 5} leaves {@code id = 5}
 * for files of 2024-01-02 and later and {@code false} for earlier files.
 */
public final class ResidualEvaluator {
  private final Expression bound;
  private final Map<BoundPredicate, List<Projected>> projections = new IdentityHashMap<>();

  /** A predicate's projections onto one partition field, bound to the partition type. */
  private record Projected(Expression strict, Expression inclusive) {
  }

  private ResidualEvaluator(PartitionSpec spec, Expression rowFilter, boolean caseSensitive) {
    this.bound = Expressions.rewriteNot(Binder.bind(spec.schema().asStruct(), rowFilter, caseSensitive));
    Types.StructType partitionType = spec.partitionType();
    Trees.transform(bound, leaf -> {
      BoundPredicate predicate = (BoundPredicate) leaf;
      List<Projected> projected = new ArrayList<>();
      for (PartitionField field : spec.fieldsBySourceId(predicate.ref().fieldId())) {
        projected.add(new Projected(
            Binder.bind(partitionType, TransformProjections.strict(field, predicate), true),
            Binder.bind(partitionType, TransformProjections.inclusive(field, predicate), true)));
      }
      projections.put(predicate, projected);
      return leaf;
    });
  }

  /** Residuals of {@code rowFilter} for the partitions of {@code spec}. */
  public static ResidualEvaluator of(PartitionSpec spec, Expression rowFilter, boolean caseSensitive) {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(rowFilter, "rowFilter is null");
    return new ResidualEvaluator(spec, rowFilter, caseSensitive);
  }

  /** The bound residual for a file with the given partition tuple (one value per field of the spec). */
  public Expression residualFor(StructLike partition) {
    Objects.requireNonNull(partition, "partition is null");
    return Trees.transform(bound, leaf -> {
      for (Projected projected : projections.get((BoundPredicate) leaf)) {
        if (eval(projected.strict(), partition)) {
          return Expressions.alwaysTrue();
        }
        if (!eval(projected.inclusive(), partition)) {
          return Expressions.alwaysFalse();
        }
      }
      return leaf;
    });
  }

  private static boolean eval(Expression boundOnPartition, StructLike partition) {
    return Trees.eval(boundOnPartition, predicate -> predicate.test(predicate.ref().get(partition)));
  }
}
