package io.datashard.expressions;

import io.datashard.ContentFile;
import io.datashard.types.Comparators;
import io.datashard.types.Schema;
import java.util.Objects;

/**
 * Decides from a file's column metrics (value, null and NaN counts, lower and upper bounds) whether
 * the file <em>may</em> contain rows matching an expression: {@code false} means no row can match and
 * the file can be skipped.
 */
public final class InclusiveMetricsEvaluator {
  private final Expression bound;

  public InclusiveMetricsEvaluator(Schema schema, Expression expression) {
    this(schema, expression, true);
  }

  public InclusiveMetricsEvaluator(Schema schema, Expression expression, boolean caseSensitive) {
    Objects.requireNonNull(schema, "schema is null");
    this.bound = Expressions.rewriteNot(Binder.bind(schema.asStruct(), expression, caseSensitive));
  }

  /** Whether rows of the file might match; {@code false} only when no row can. */
  public boolean eval(ContentFile file) {
    if (file.recordCount() == 0) {
      return false;
    }
    FileStats stats = new FileStats(file);
    return Trees.eval(bound, predicate -> mightMatch(predicate, stats));
  }

  static boolean mightMatch(BoundPredicate predicate, FileStats stats) {
    BoundReference ref = predicate.ref();
    switch (predicate.op()) {
      case IS_NULL:
        return stats.mayHaveNulls(ref);
      case NOT_NULL:
        return !stats.nullsOnly(ref);
      case IS_NAN:
        return stats.mayHaveNaNs(ref) && !stats.nullsOnly(ref);
      case NOT_NAN:
        return !stats.nansOnly(ref);
      case NOT_EQ:
      case NOT_IN:
        return true;
      case NOT_STARTS_WITH:
        return notStartsWithMightMatch(predicate, stats);
      default:
        break;
    }
    // comparisons, in and startsWith never match null or NaN
    if (stats.nullsOnly(ref) || stats.nansOnly(ref)) {
      return false;
    }
    Object lower = stats.lower(ref);
    Object upper = stats.upper(ref);
    switch (predicate.op()) {
      case LT:
        return lower == null || Values.compare(ref.type(), lower, predicate.literal()) < 0;
      case LT_EQ:
        return lower == null || Values.compare(ref.type(), lower, predicate.literal()) <= 0;
      case GT:
        return upper == null || Values.compare(ref.type(), upper, predicate.literal()) > 0;
      case GT_EQ:
        return upper == null || Values.compare(ref.type(), upper, predicate.literal()) >= 0;
      case EQ:
        return (lower == null || Values.compare(ref.type(), lower, predicate.literal()) <= 0)
            && (upper == null || Values.compare(ref.type(), upper, predicate.literal()) >= 0);
      case IN:
        for (Object literal : predicate.literals()) {
          if ((lower == null || Values.compare(ref.type(), lower, literal) <= 0)
              && (upper == null || Values.compare(ref.type(), upper, literal) >= 0)) {
            return true;
          }
        }
        return false;
      case STARTS_WITH:
        return startsWithMightMatch((String) predicate.literal(), (String) lower, (String) upper);
      default:
        throw new IllegalStateException("Unexpected operation " + predicate.op());
    }
  }

  /**
   * Values between the bounds start with a prefix only if the bounds' prefixes of the same length
   * do not both lie on one side of it (truncating is monotonic).
   */
  static boolean startsWithMightMatch(String prefix, String lower, String upper) {
    int length = Values.codePointLength(prefix);
    if (lower != null && Comparators.compareCodePoints(Values.truncate(lower, length), prefix) > 0) {
      return false;
    }
    return upper == null || Comparators.compareCodePoints(Values.truncate(upper, length), prefix) >= 0;
  }

  private static boolean notStartsWithMightMatch(BoundPredicate predicate, FileStats stats) {
    BoundReference ref = predicate.ref();
    if (stats.mayHaveNulls(ref)) {
      return true; // null does not start with the prefix
    }
    String prefix = (String) predicate.literal();
    Object lower = stats.lower(ref);
    Object upper = stats.upper(ref);
    // every value lies between two strings that start with the prefix, so every value does too
    boolean allStartWith = lower != null && upper != null
        && ((String) lower).startsWith(prefix) && ((String) upper).startsWith(prefix);
    return !allStartWith;
  }
}
