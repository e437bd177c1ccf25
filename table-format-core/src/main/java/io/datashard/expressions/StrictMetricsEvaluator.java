package io.datashard.expressions;

import io.datashard.ContentFile;
import io.datashard.types.Comparators;
import io.datashard.types.Schema;
import java.util.Objects;

/**
 * Decides from a file's column metrics whether <em>every</em> row of the file matches an expression:
 * {@code true} means all rows match (so the whole file can be deleted for a row filter), {@code false}
 * means some row might not match.
 */
public final class StrictMetricsEvaluator {
  private final Expression bound;

  public StrictMetricsEvaluator(Schema schema, Expression expression) {
    this(schema, expression, true);
  }

  public StrictMetricsEvaluator(Schema schema, Expression expression, boolean caseSensitive) {
    Objects.requireNonNull(schema, "schema is null");
    this.bound = Expressions.rewriteNot(Binder.bind(schema.asStruct(), expression, caseSensitive));
  }

  /** Whether every row of the file matches; {@code true} for a file without rows. */
  public boolean eval(ContentFile file) {
    if (file.recordCount() == 0) {
      return true;
    }
    FileStats stats = new FileStats(file);
    return Trees.eval(bound, predicate -> mustMatch(predicate, stats));
  }

  static boolean mustMatch(BoundPredicate predicate, FileStats stats) {
    BoundReference ref = predicate.ref();
    switch (predicate.op()) {
      case IS_NULL:
        return stats.nullsOnly(ref);
      case NOT_NULL:
        return !stats.mayHaveNulls(ref);
      case IS_NAN:
        return stats.nansOnly(ref);
      case NOT_NAN:
        return stats.hasNoNaNs(ref) || stats.nullsOnly(ref);
      case NOT_EQ:
      case NOT_IN:
      case NOT_STARTS_WITH:
        return negativeMustMatch(predicate, stats);
      default:
        break;
    }
    // comparisons, in and startsWith are false for null and NaN: there must be none
    if (stats.mayHaveNulls(ref) || stats.mayHaveNaNs(ref)) {
      return false;
    }
    Object lower = stats.lower(ref);
    Object upper = stats.upper(ref);
    switch (predicate.op()) {
      case LT:
        return upper != null && Values.compare(ref.type(), upper, predicate.literal()) < 0;
      case LT_EQ:
        return upper != null && Values.compare(ref.type(), upper, predicate.literal()) <= 0;
      case GT:
        return lower != null && Values.compare(ref.type(), lower, predicate.literal()) > 0;
      case GT_EQ:
        return lower != null && Values.compare(ref.type(), lower, predicate.literal()) >= 0;
      case EQ:
        // lower >= x and upper <= x leave x as the only possible value, even for truncated bounds
        return lower != null && upper != null
            && Values.compare(ref.type(), lower, predicate.literal()) == 0
            && Values.compare(ref.type(), upper, predicate.literal()) == 0;
      case IN:
        return lower != null && upper != null && Values.compare(ref.type(), lower, upper) == 0
            && predicate.contains(lower);
      case STARTS_WITH: {
        String prefix = (String) predicate.literal();
        return lower != null && upper != null
            && ((String) lower).startsWith(prefix) && ((String) upper).startsWith(prefix);
      }
      default:
        throw new IllegalStateException("Unexpected operation " + predicate.op());
    }
  }

  /** {@code !=}, {@code not in} and {@code notStartsWith} are true for null and NaN, so only the bounds matter. */
  private static boolean negativeMustMatch(BoundPredicate predicate, FileStats stats) {
    BoundReference ref = predicate.ref();
    if (stats.nullsOnly(ref) || stats.nansOnly(ref)) {
      return true;
    }
    Object lower = stats.lower(ref);
    Object upper = stats.upper(ref);
    if (lower == null || upper == null) {
      return false;
    }
    switch (predicate.op()) {
      case NOT_EQ:
        return outside(ref, predicate.literal(), lower, upper);
      case NOT_IN:
        for (Object literal : predicate.literals()) {
          if (!outside(ref, literal, lower, upper)) {
            return false;
          }
        }
        return true;
      case NOT_STARTS_WITH: {
        String prefix = (String) predicate.literal();
        int length = Values.codePointLength(prefix);
        return Comparators.compareCodePoints(Values.truncate((String) lower, length), prefix) > 0
            || Comparators.compareCodePoints(Values.truncate((String) upper, length), prefix) < 0;
      }
      default:
        throw new IllegalStateException("Unexpected operation " + predicate.op());
    }
  }

  private static boolean outside(BoundReference ref, Object literal, Object lower, Object upper) {
    return Values.compare(ref.type(), lower, literal) > 0 || Values.compare(ref.type(), upper, literal) < 0;
  }
}
