package io.datashard.data.batch;

import io.datashard.expressions.And;
import io.datashard.expressions.BoundPredicate;
import io.datashard.expressions.BoundReference;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Or;
import io.datashard.types.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A row filter compiled for column batches: the bound expression of an {@link Evaluator} turned into
 * one test per row that reads the column vectors directly. Comparisons, {@code in}, {@code not in},
 * {@code is null} and {@code not null} on top-level int, long, date, time, timestamp, float and double
 * columns compare primitives, with no row view and no boxing. On top-level string columns
 * {@code =}, {@code !=}, {@code in} and {@code not in} (up to {@value #MAX_STRING_SET} values),
 * {@code startsWith} and {@code notStartsWith} compare the UTF-8 bytes in place, without a String per
 * row (the same answers as comparing Strings, for valid UTF-8). Every other predicate, and any null or
 * NaN value met by a comparison, is answered by the predicate itself on the boxed value, so the result
 * is the evaluator's.
 */
final class BatchFilter {
  static final int MAX_STRING_SET = 16;

  private final Node root;

  /** A compiled (sub)expression; {@link #bind} makes its test for one batch's vectors. */
  private interface Node {
    BatchDeleteFilter.RowTest bind(ColumnBatch batch, BatchRow view);
  }

  BatchFilter(Evaluator evaluator) {
    this.root = compile(evaluator.expression());
  }

  /** Keeps the batch's live rows that match, like {@link BatchDeleteFilter#retain}; returns the selection buffer. */
  int[] retain(ColumnBatch batch, int[] selection) {
    return BatchDeleteFilter.retain(batch, selection, root.bind(batch, new BatchRow(batch)));
  }

  /** Whether any row of the batch, deleted or not, matches. */
  boolean anyMatch(ColumnBatch batch) {
    BatchDeleteFilter.RowTest test = root.bind(batch, new BatchRow(batch));
    for (int row = 0; row < batch.numRows(); row += 1) {
      if (test.test(row)) {
        return true;
      }
    }
    return false;
  }

  private static Node compile(Expression expression) {
    switch (expression.op()) {
      case TRUE:
        return (batch, view) -> row -> true;
      case FALSE:
        return (batch, view) -> row -> false;
      case AND: {
        Node left = compile(((And) expression).left());
        Node right = compile(((And) expression).right());
        return (batch, view) -> {
          BatchDeleteFilter.RowTest l = left.bind(batch, view);
          BatchDeleteFilter.RowTest r = right.bind(batch, view);
          return row -> l.test(row) && r.test(row);
        };
      }
      case OR: {
        Node left = compile(((Or) expression).left());
        Node right = compile(((Or) expression).right());
        return (batch, view) -> {
          BatchDeleteFilter.RowTest l = left.bind(batch, view);
          BatchDeleteFilter.RowTest r = right.bind(batch, view);
          return row -> l.test(row) || r.test(row);
        };
      }
      default:
        if (!(expression instanceof BoundPredicate predicate)) {
          // an evaluator's expression has its not() rewritten into the predicates
          throw new IllegalStateException("Cannot filter batches by unbound or negated expression " + expression);
        }
        return predicate(predicate);
    }
  }

  private static Node predicate(BoundPredicate predicate) {
    BoundReference ref = predicate.ref();
    Node boxed = (batch, view) -> row -> predicate.test(ref.get(view.at(row)));
    if (!ref.isTopLevel()) {
      return boxed;
    }
    int position = ref.topLevelPosition();
    switch (predicate.op()) {
      case IS_NULL:
        return (batch, view) -> batch.column(position)::isNull;
      case NOT_NULL:
        return (batch, view) -> {
          ColumnVector vector = batch.column(position);
          return row -> !vector.isNull(row);
        };
      default:
        break;
    }
    switch (ColumnVector.storageOf(ref.type())) {
      case INT:
      case LONG:
        return integral(predicate, boxed, position);
      case FLOAT:
      case DOUBLE:
        return floating(predicate, boxed, position);
      default:
        return ref.type().typeId() == Type.TypeID.STRING ? string(predicate, boxed, position) : boxed;
    }
  }

  /** Equality, set membership and prefixes of a string column, on the UTF-8 bytes. */
  private static Node string(BoundPredicate predicate, Node boxed, int position) {
    ColumnVector.Utf8Reader<Boolean> test = utf8Test(predicate);
    if (test == null) {
      return boxed;
    }
    return (batch, view) -> {
      ColumnVector vector = batch.column(position);
      BatchDeleteFilter.RowTest fallback = boxed.bind(batch, view);
      return row -> vector.isNull(row) ? fallback.test(row) : vector.readUtf8(row, test);
    };
  }

  private static ColumnVector.Utf8Reader<Boolean> utf8Test(BoundPredicate predicate) {
    switch (predicate.op()) {
      case EQ: {
        byte[] literal = utf8(predicate.literal());
        return (bytes, offset, length) -> equal(bytes, offset, length, literal);
      }
      case NOT_EQ: {
        byte[] literal = utf8(predicate.literal());
        return (bytes, offset, length) -> !equal(bytes, offset, length, literal);
      }
      case STARTS_WITH: {
        byte[] prefix = utf8(predicate.literal());
        return (bytes, offset, length) -> length >= prefix.length && equal(bytes, offset, prefix.length, prefix);
      }
      case NOT_STARTS_WITH: {
        byte[] prefix = utf8(predicate.literal());
        return (bytes, offset, length) -> length < prefix.length || !equal(bytes, offset, prefix.length, prefix);
      }
      case IN:
      case NOT_IN: {
        if (predicate.literals().size() > MAX_STRING_SET) {
          return null;
        }
        byte[][] literals = new byte[predicate.literals().size()][];
        for (int i = 0; i < literals.length; i += 1) {
          literals[i] = utf8(predicate.literals().get(i));
        }
        boolean in = predicate.op() == Expression.Operation.IN;
        return (bytes, offset, length) -> {
          for (byte[] literal : literals) {
            if (equal(bytes, offset, length, literal)) {
              return in;
            }
          }
          return !in;
        };
      }
      default:
        return null;
    }
  }

  private static byte[] utf8(Object literal) {
    return literal.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean equal(byte[] bytes, int offset, int length, byte[] literal) {
    return length == literal.length && Arrays.equals(bytes, offset, offset + length, literal, 0, literal.length);
  }

  /** Int and long storage (int, date, long, time, timestamps): exact as longs. */
  private static Node integral(BoundPredicate predicate, Node boxed, int position) {
    boolean ints = ColumnVector.storageOf(predicate.ref().type()) == ColumnVector.Storage.INT;
    LongTest test = longTest(predicate);
    if (test == null) {
      return boxed;
    }
    return (batch, view) -> {
      ColumnVector vector = batch.column(position);
      BatchDeleteFilter.RowTest fallback = boxed.bind(batch, view);
      if (ints) {
        return row -> vector.isNull(row) ? fallback.test(row) : test.test(vector.getInt(row));
      }
      return row -> vector.isNull(row) ? fallback.test(row) : test.test(vector.getLong(row));
    };
  }

  private interface LongTest {
    boolean test(long value);
  }

  private static LongTest longTest(BoundPredicate predicate) {
    switch (predicate.op()) {
      case LT: {
        long literal = ((Number) predicate.literal()).longValue();
        return value -> value < literal;
      }
      case LT_EQ: {
        long literal = ((Number) predicate.literal()).longValue();
        return value -> value <= literal;
      }
      case GT: {
        long literal = ((Number) predicate.literal()).longValue();
        return value -> value > literal;
      }
      case GT_EQ: {
        long literal = ((Number) predicate.literal()).longValue();
        return value -> value >= literal;
      }
      case EQ: {
        long literal = ((Number) predicate.literal()).longValue();
        return value -> value == literal;
      }
      case NOT_EQ: {
        long literal = ((Number) predicate.literal()).longValue();
        return value -> value != literal;
      }
      case IN: {
        long[] literals = sortedLongs(predicate.literals());
        return value -> Arrays.binarySearch(literals, value) >= 0;
      }
      case NOT_IN: {
        long[] literals = sortedLongs(predicate.literals());
        return value -> Arrays.binarySearch(literals, value) < 0;
      }
      default:
        return null;
    }
  }

  private static long[] sortedLongs(List<Object> literals) {
    long[] values = new long[literals.size()];
    for (int i = 0; i < values.length; i += 1) {
      values[i] = ((Number) literals.get(i)).longValue();
    }
    Arrays.sort(values);
    return values;
  }

  /**
   * Float and double storage. A NaN value goes to the predicate itself (comparisons are false for it,
   * their negations true); other values compare with {@link Double#compare}, the order the evaluator uses.
   */
  private static Node floating(BoundPredicate predicate, Node boxed, int position) {
    boolean floats = ColumnVector.storageOf(predicate.ref().type()) == ColumnVector.Storage.FLOAT;
    DoubleTest test = doubleTest(predicate, floats);
    if (test == null) {
      return boxed;
    }
    return (batch, view) -> {
      ColumnVector vector = batch.column(position);
      BatchDeleteFilter.RowTest fallback = boxed.bind(batch, view);
      if (floats) {
        return row -> {
          if (vector.isNull(row)) {
            return fallback.test(row);
          }
          float value = vector.getFloat(row);
          return Float.isNaN(value) ? fallback.test(row) : test.test(value);
        };
      }
      return row -> {
        if (vector.isNull(row)) {
          return fallback.test(row);
        }
        double value = vector.getDouble(row);
        return Double.isNaN(value) ? fallback.test(row) : test.test(value);
      };
    };
  }

  private interface DoubleTest {
    boolean test(double value);
  }

  private static DoubleTest doubleTest(BoundPredicate predicate, boolean floats) {
    switch (predicate.op()) {
      case LT:
      case LT_EQ:
      case GT:
      case GT_EQ:
      case EQ:
      case NOT_EQ:
        break;
      default:
        return null;
    }
    // a float column's values and literal compare as floats (Float.compare), widened exactly to double
    double literal = floats ? ((Number) predicate.literal()).floatValue() : ((Number) predicate.literal()).doubleValue();
    switch (predicate.op()) {
      case LT:
        return value -> Double.compare(value, literal) < 0;
      case LT_EQ:
        return value -> Double.compare(value, literal) <= 0;
      case GT:
        return value -> Double.compare(value, literal) > 0;
      case GT_EQ:
        return value -> Double.compare(value, literal) >= 0;
      case EQ:
        return value -> Double.compare(value, literal) == 0;
      default:
        return value -> Double.compare(value, literal) != 0;
    }
  }
}
