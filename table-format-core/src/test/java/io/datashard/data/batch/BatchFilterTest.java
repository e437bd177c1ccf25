package io.datashard.data.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compiled batch filter keeps exactly the rows the row evaluator accepts, for random filters over
 * every fast-path type (nulls, NaN, -0.0, equal values, strings stored as byte ranges and as objects)
 * and over types that fall back.
 */
class BatchFilterTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.optional(1, "i", Types.IntegerType.get()),
      Types.NestedField.optional(2, "l", Types.LongType.get()),
      Types.NestedField.optional(3, "d", Types.DateType.get()),
      Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(5, "f", Types.FloatType.get()),
      Types.NestedField.optional(6, "x", Types.DoubleType.get()),
      Types.NestedField.optional(7, "s", Types.StringType.get()),
      Types.NestedField.optional(8, "b", Types.BooleanType.get()),
      Types.NestedField.required(9, "r", Types.LongType.get())));
  private static final int ROWS = 500;
  private static final float[] FLOATS = {-2.5f, -0.0f, 0.0f, 1.0f, 2.5f, Float.NaN};
  private static final double[] DOUBLES = {-2.5, -0.0, 0.0, 1.0, 2.5, Double.NaN};

  @Test
  void keepsExactlyTheRowsTheEvaluatorAccepts() {
    Random random = new Random(42);
    ColumnBatch batch = randomBatch(random);
    int checked = 0;
    for (int round = 0; round < 400; round++) {
      Expression filter = randomExpression(random, 3);
      Evaluator evaluator = new Evaluator(SCHEMA.asStruct(), filter);
      BatchFilter compiled = new BatchFilter(evaluator);

      // some rows already deleted: only live rows are tested
      int[] live = new int[ROWS];
      int count = 0;
      for (int row = 0; row < ROWS; row++) {
        if (round % 2 == 0 || row % 7 != 3) {
          live[count++] = row;
        }
      }
      batch.select(round % 2 == 0 ? null : live, round % 2 == 0 ? 0 : count);
      List<Integer> expected = new ArrayList<>();
      BatchRow view = new BatchRow(batch);
      for (int i = 0; i < batch.numLiveRows(); i++) {
        int row = batch.liveRow(i);
        if (evaluator.eval(view.at(row))) {
          expected.add(row);
        }
      }
      boolean anyExpected = false;
      for (int row = 0; row < ROWS; row++) {
        anyExpected |= evaluator.eval(view.at(row));
      }

      assertThat(compiled.anyMatch(batch)).as("%s", filter).isEqualTo(anyExpected);
      compiled.retain(batch, new int[0]);
      List<Integer> actual = new ArrayList<>();
      for (int i = 0; i < batch.numLiveRows(); i++) {
        actual.add(batch.liveRow(i));
      }
      assertThat(actual).as("%s", filter).isEqualTo(expected);
      checked += expected.isEmpty() || expected.size() == ROWS ? 0 : 1;
    }
    // most filters split the rows, so the comparison says something
    assertThat(checked).isGreaterThan(200);
  }

  private static ColumnBatch randomBatch(Random random) {
    List<ColumnVector> vectors = new ArrayList<>();
    for (Types.NestedField column : SCHEMA.columns()) {
      vectors.add(ColumnVector.allocate(column.type(), ROWS));
    }
    for (int row = 0; row < ROWS; row++) {
      for (int c = 0; c < vectors.size(); c++) {
        ColumnVector vector = vectors.get(c);
        if (c < 8 && random.nextInt(8) == 0) {
          vector.setNull(row);
          continue;
        }
        int small = random.nextInt(11) - 5;
        switch (c) {
          case 0, 2 -> vector.setInt(row, small);
          case 1, 3, 8 -> vector.setLong(row, small);
          case 4 -> vector.setFloat(row, FLOATS[random.nextInt(FLOATS.length)]);
          case 5 -> vector.setDouble(row, DOUBLES[random.nextInt(DOUBLES.length)]);
          case 6 -> {
            // strings as a reader sets them (a range of a larger array) and as objects
            if (row % 2 == 0) {
              byte[] padded = ("xx" + "v" + small + "yy").getBytes(StandardCharsets.UTF_8);
              vector.setUtf8(row, padded, 2, padded.length - 4);
            } else {
              vector.setObject(row, "v" + small);
            }
          }
          default -> vector.setBoolean(row, small > 0);
        }
      }
    }
    ColumnBatch batch = new ColumnBatch(SCHEMA, vectors);
    batch.setRows(0, ROWS);
    return batch;
  }

  private static Expression randomExpression(Random random, int depth) {
    if (depth > 0 && random.nextInt(3) == 0) {
      Expression left = randomExpression(random, depth - 1);
      Expression right = randomExpression(random, depth - 1);
      return switch (random.nextInt(3)) {
        case 0 -> Expressions.and(left, right);
        case 1 -> Expressions.or(left, right);
        default -> Expressions.not(left);
      };
    }
    String[] names = {"i", "l", "d", "ts", "f", "x", "s", "b", "r"};
    String name = names[random.nextInt(names.length)];
    Object literal = literal(name, random);
    Object other = literal(name, random);
    if (name.equals("s") && random.nextInt(4) == 0) {
      String prefix = new String[] {"v", "v-", "v1", "v-5", "w", ""}[random.nextInt(6)];
      return random.nextBoolean() ? Expressions.startsWith(name, prefix) : Expressions.notStartsWith(name, prefix);
    }
    int op = random.nextInt(name.equals("f") || name.equals("x") ? 12 : 10);
    return switch (op) {
      case 0 -> Expressions.lessThan(name, literal);
      case 1 -> Expressions.lessThanOrEqual(name, literal);
      case 2 -> Expressions.greaterThan(name, literal);
      case 3 -> Expressions.greaterThanOrEqual(name, literal);
      case 4 -> Expressions.equal(name, literal);
      case 5 -> Expressions.notEqual(name, literal);
      case 6 -> Expressions.in(name, literal, other, literal(name, random));
      case 7 -> Expressions.notIn(name, literal, other);
      case 8 -> Expressions.isNull(name);
      case 9 -> Expressions.notNull(name);
      case 10 -> Expressions.isNaN(name);
      default -> Expressions.notNaN(name);
    };
  }

  private static Object literal(String name, Random random) {
    int small = random.nextInt(11) - 5;
    return switch (name) {
      case "i", "d" -> small;
      case "l", "ts", "r" -> (long) small;
      case "f" -> FLOATS[random.nextInt(FLOATS.length - 1)];
      case "x" -> DOUBLES[random.nextInt(DOUBLES.length - 1)];
      case "s" -> "v" + small;
      default -> small > 0;
    };
  }
}
