package io.datashard.expressions;

import io.datashard.ManifestFile;
import io.datashard.PartitionFieldSummary;
import io.datashard.PartitionSpec;
import io.datashard.types.Comparators;
import java.util.List;
import java.util.Objects;

/**
 * Decides from a manifest's partition field summaries whether the manifest <em>may</em> list files
 * with rows matching a filter, so that manifests can be skipped before they are opened.
 */
public final class ManifestEvaluator {
  private final Expression bound;

  private ManifestEvaluator(PartitionSpec spec, Expression partitionFilter, boolean caseSensitive) {
    this.bound = Expressions.rewriteNot(Binder.bind(spec.partitionType(), partitionFilter, caseSensitive));
  }

  /** For a filter on the table's rows, projected inclusively through the spec's transforms. */
  public static ManifestEvaluator forRowFilter(Expression rowFilter, PartitionSpec spec, boolean caseSensitive) {
    Objects.requireNonNull(rowFilter, "rowFilter is null");
    Objects.requireNonNull(spec, "spec is null");
    return new ManifestEvaluator(spec, Projections.inclusive(spec, caseSensitive).project(rowFilter), caseSensitive);
  }

  /** For a filter on the spec's partition fields, by partition field name. */
  public static ManifestEvaluator forPartitionFilter(Expression partitionFilter, PartitionSpec spec, boolean caseSensitive) {
    Objects.requireNonNull(partitionFilter, "partitionFilter is null");
    Objects.requireNonNull(spec, "spec is null");
    return new ManifestEvaluator(spec, partitionFilter, caseSensitive);
  }

  /** Whether the manifest might list matching files; {@code false} only when none can match. */
  public boolean eval(ManifestFile manifest) {
    List<PartitionFieldSummary> summaries = manifest.partitions();
    if (bound.op() == Expression.Operation.TRUE || bound.op() == Expression.Operation.FALSE) {
      return bound.op() == Expression.Operation.TRUE;
    }
    if (summaries.isEmpty()) {
      return true; // a manifest without summaries says nothing
    }
    return Trees.eval(bound, predicate -> mightMatch(predicate, summaries));
  }

  private static boolean mightMatch(BoundPredicate predicate, List<PartitionFieldSummary> summaries) {
    BoundReference ref = predicate.ref();
    int position = ref.topLevelPosition();
    if (position >= summaries.size()) {
      return true;
    }
    PartitionFieldSummary summary = summaries.get(position);
    Object lower = summary.lowerBound() == null ? null : FileStats.decode(ref, summary.lowerBound());
    Object upper = summary.upperBound() == null ? null : FileStats.decode(ref, summary.upperBound());
    boolean mayHaveNaN = summary.containsNaN() == null || summary.containsNaN();
    // the bounds cover every value that is neither null nor NaN; without them there is no such value
    boolean onlyNullOrNaN = summary.lowerBound() == null;
    switch (predicate.op()) {
      case IS_NULL:
        return summary.containsNull();
      case NOT_NULL:
        return !(onlyNullOrNaN && summary.containsNull() && !(Values.isFloatingPoint(ref.type()) && mayHaveNaN));
      case IS_NAN:
        return Values.isFloatingPoint(ref.type()) && mayHaveNaN;
      case NOT_NAN:
        // only NaN: NaN reported, no null, no bounds
        return !(onlyNullOrNaN && Boolean.TRUE.equals(summary.containsNaN()) && !summary.containsNull());
      case NOT_EQ:
      case NOT_IN:
        return true;
      case NOT_STARTS_WITH: {
        if (summary.containsNull() || lower == null || upper == null) {
          return true;
        }
        String prefix = (String) predicate.literal();
        return !(((String) lower).startsWith(prefix) && ((String) upper).startsWith(prefix));
      }
      default:
        break;
    }
    if (lower == null || upper == null) {
      return false; // only null or NaN values, which no comparison matches
    }
    switch (predicate.op()) {
      case LT:
        return Values.compare(ref.type(), lower, predicate.literal()) < 0;
      case LT_EQ:
        return Values.compare(ref.type(), lower, predicate.literal()) <= 0;
      case GT:
        return Values.compare(ref.type(), upper, predicate.literal()) > 0;
      case GT_EQ:
        return Values.compare(ref.type(), upper, predicate.literal()) >= 0;
      case EQ:
        return Values.compare(ref.type(), lower, predicate.literal()) <= 0
            && Values.compare(ref.type(), upper, predicate.literal()) >= 0;
      case IN:
        for (Object literal : predicate.literals()) {
          if (Values.compare(ref.type(), lower, literal) <= 0 && Values.compare(ref.type(), upper, literal) >= 0) {
            return true;
          }
        }
        return false;
      case STARTS_WITH: {
        String prefix = (String) predicate.literal();
        int length = Values.codePointLength(prefix);
        return Comparators.compareCodePoints(Values.truncate((String) lower, length), prefix) <= 0
            && Comparators.compareCodePoints(Values.truncate((String) upper, length), prefix) >= 0;
      }
      default:
        throw new IllegalStateException("Unexpected operation " + predicate.op());
    }
  }
}
