package io.datashard.expressions;

import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.greaterThan;
import static io.datashard.expressions.Expressions.greaterThanOrEqual;
import static io.datashard.expressions.Expressions.in;
import static io.datashard.expressions.Expressions.isNaN;
import static io.datashard.expressions.Expressions.isNull;
import static io.datashard.expressions.Expressions.lessThan;
import static io.datashard.expressions.Expressions.lessThanOrEqual;
import static io.datashard.expressions.Expressions.notEqual;
import static io.datashard.expressions.Expressions.notIn;
import static io.datashard.expressions.Expressions.notNaN;
import static io.datashard.expressions.Expressions.notNull;
import static io.datashard.expressions.Expressions.notStartsWith;
import static io.datashard.expressions.Expressions.startsWith;
import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.StructLike;
import io.datashard.expressions.Expression.Operation;
import io.datashard.types.Comparators;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsEvaluatorTest {
  static final Schema SCHEMA = new Schema(List.of(
      optional(1, "id", Types.LongType.get()),
      optional(2, "s", Types.StringType.get()),
      optional(3, "d", Types.DoubleType.get()),
      required(4, "r", Types.IntegerType.get())));

  /**
   * Column metrics computed from rows as a writer would: counts, and bounds over non-null, non-NaN
   * values, with string bounds optionally truncated to 2 code points (the upper one incremented).
   */
  static DataFile file(List<StructLike> rows, boolean truncateStrings, boolean withNanCounts) {
    Map<Integer, Long> values = new HashMap<>();
    Map<Integer, Long> nulls = new HashMap<>();
    Map<Integer, Long> nans = new HashMap<>();
    Map<Integer, ByteBuffer> lower = new HashMap<>();
    Map<Integer, ByteBuffer> upper = new HashMap<>();
    for (int pos = 0; pos < SCHEMA.columns().size(); pos += 1) {
      Types.NestedField field = SCHEMA.columns().get(pos);
      Type.PrimitiveType type = field.type().asPrimitiveType();
      long nullCount = 0;
      long nanCount = 0;
      Object min = null;
      Object max = null;
      for (StructLike row : rows) {
        Object value = row.get(pos, Object.class);
        if (value == null) {
          nullCount += 1;
        } else if (Values.isNaN(value)) {
          nanCount += 1;
        } else {
          min = min == null || Comparators.forType(type).compare(value, min) < 0 ? value : min;
          max = max == null || Comparators.forType(type).compare(value, max) > 0 ? value : max;
        }
      }
      values.put(field.fieldId(), (long) rows.size());
      nulls.put(field.fieldId(), nullCount);
      if (type.typeId() == Type.TypeID.DOUBLE && withNanCounts) {
        nans.put(field.fieldId(), nanCount);
      }
      if (min != null) {
        if (truncateStrings && type.typeId() == Type.TypeID.STRING) {
          min = Values.truncate((String) min, 2);
          String truncatedMax = Values.truncate((String) max, 2);
          if (!truncatedMax.equals(max)) {
            char last = truncatedMax.charAt(truncatedMax.length() - 1);
            max = truncatedMax.substring(0, truncatedMax.length() - 1) + (char) (last + 1);
          }
        }
        lower.put(field.fieldId(), Conversions.toByteBuffer(type, min));
        upper.put(field.fieldId(), Conversions.toByteBuffer(type, max));
      }
    }
    return DataFile.builder(PartitionSpec.unpartitioned())
        .withLocation("memory://file-" + rows.size() + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.empty())
        .withRecordCount(rows.size())
        .withFileSizeInBytes(10)
        .withValueCounts(values)
        .withNullValueCounts(nulls)
        .withNanValueCounts(nans)
        .withLowerBounds(lower)
        .withUpperBounds(upper)
        .build();
  }

  private static StructLike row(Long id, String s, Double d) {
    return PartitionData.of(id, s, d, 0);
  }

  private static boolean inclusive(Expression expression, DataFile file) {
    return new InclusiveMetricsEvaluator(SCHEMA, expression).eval(file);
  }

  private static boolean strict(Expression expression, DataFile file) {
    return new StrictMetricsEvaluator(SCHEMA, expression).eval(file);
  }

  // ids 10..20, strings "bbb".."ddd", doubles 1.0..3.0 plus one null and one NaN
  private final DataFile mixed = file(List.of(
      row(10L, "bbb", 1.0), row(20L, "ddd", 3.0), row(15L, null, Double.NaN), row(12L, "ccc", null)), false, true);
  private final DataFile allNull = file(List.of(row(null, null, null), row(null, null, null)), false, true);
  private final DataFile allNaN = file(List.of(row(1L, "a", Double.NaN), row(1L, "a", Double.NaN)), false, true);
  private final DataFile exact = file(List.of(row(7L, "abc", 2.0), row(7L, "abd", 2.0)), false, true);

  @Test
  void inclusiveComparisonsUseBounds() {
    assertThat(inclusive(lessThan("id", 10), mixed)).isFalse();
    assertThat(inclusive(lessThan("id", 11), mixed)).isTrue();
    assertThat(inclusive(lessThanOrEqual("id", 10), mixed)).isTrue();
    assertThat(inclusive(lessThanOrEqual("id", 9), mixed)).isFalse();
    assertThat(inclusive(greaterThan("id", 20), mixed)).isFalse();
    assertThat(inclusive(greaterThan("id", 19), mixed)).isTrue();
    assertThat(inclusive(greaterThanOrEqual("id", 20), mixed)).isTrue();
    assertThat(inclusive(greaterThanOrEqual("id", 21), mixed)).isFalse();
    assertThat(inclusive(equal("id", 9), mixed)).isFalse();
    assertThat(inclusive(equal("id", 13), mixed)).isTrue(); // within the bounds
    assertThat(inclusive(in("id", 1, 2, 21), mixed)).isFalse();
    assertThat(inclusive(in("id", 1, 20), mixed)).isTrue();
    assertThat(inclusive(notEqual("id", 13), mixed)).isTrue();
    assertThat(inclusive(notIn("id", 13), mixed)).isTrue();
    assertThat(inclusive(startsWith("s", "c"), mixed)).isTrue();
    assertThat(inclusive(startsWith("s", "a"), mixed)).isFalse();
    assertThat(inclusive(startsWith("s", "e"), mixed)).isFalse();
    assertThat(inclusive(notStartsWith("s", "a"), mixed)).isTrue();
    // every value of "exact" starts with "ab", and there is no null
    assertThat(inclusive(notStartsWith("s", "ab"), exact)).isFalse();
    assertThat(inclusive(notStartsWith("s", "abc"), exact)).isTrue();
  }

  @Test
  void inclusiveNullsAndNaN() {
    assertThat(inclusive(isNull("s"), mixed)).isTrue();
    assertThat(inclusive(isNull("s"), exact)).isFalse();
    assertThat(inclusive(isNull("r"), mixed)).as("required column").isFalse();
    assertThat(inclusive(notNull("s"), allNull)).isFalse();
    assertThat(inclusive(notNull("s"), mixed)).isTrue();
    assertThat(inclusive(equal("s", "a"), allNull)).isFalse();
    assertThat(inclusive(notEqual("s", "a"), allNull)).isTrue();
    assertThat(inclusive(isNaN("d"), mixed)).isTrue();
    assertThat(inclusive(isNaN("d"), exact)).isFalse();
    assertThat(inclusive(isNaN("d"), allNull)).isFalse();
    assertThat(inclusive(notNaN("d"), allNaN)).isFalse();
    assertThat(inclusive(notNaN("d"), mixed)).isTrue();
    assertThat(inclusive(lessThan("d", 100.0), allNaN)).isFalse();
    assertThat(inclusive(greaterThan("d", 2.5), mixed)).isTrue();
    assertThat(inclusive(greaterThan("d", 3.0), mixed)).isFalse();
  }

  @Test
  void missingMetricsMeanMightMatchAndNotAllMatch() {
    DataFile bare = DataFile.builder(PartitionSpec.unpartitioned()).withLocation("memory://bare.parquet")
        .withFormat(FileFormat.PARQUET).withPartition(PartitionData.empty()).withRecordCount(3).withFileSizeInBytes(1).build();
    for (Expression expression : List.of(equal("id", 1), isNull("s"), notNull("s"), isNaN("d"), lessThan("d", 1.0),
        startsWith("s", "a"), notStartsWith("s", "a"), in("id", 1, 2), notIn("id", 1))) {
      assertThat(inclusive(expression, bare)).as(expression.toString()).isTrue();
      assertThat(strict(expression, bare)).as(expression.toString()).isFalse();
    }
    assertThat(strict(notNull("r"), bare)).as("required column").isTrue();
    DataFile empty = file(List.of(), false, true);
    assertThat(inclusive(equal("id", 1), empty)).isFalse();
    assertThat(strict(equal("id", 1), empty)).isTrue();
  }

  @Test
  void strictNeedsEveryRow() {
    assertThat(strict(lessThan("id", 21), exact)).isTrue();
    assertThat(strict(lessThan("id", 7), exact)).isFalse();
    assertThat(strict(lessThanOrEqual("id", 7), exact)).isTrue();
    assertThat(strict(greaterThan("id", 6), exact)).isTrue();
    assertThat(strict(greaterThanOrEqual("id", 8), exact)).isFalse();
    assertThat(strict(equal("id", 7), exact)).isTrue();
    assertThat(strict(in("id", 6, 7), exact)).isTrue();
    assertThat(strict(equal("s", "abc"), exact)).isFalse();
    assertThat(strict(startsWith("s", "ab"), exact)).isTrue();
    assertThat(strict(startsWith("s", "abc"), exact)).isFalse();
    assertThat(strict(notStartsWith("s", "b"), exact)).isTrue();
    assertThat(strict(notStartsWith("s", "a"), exact)).isFalse();
    assertThat(strict(notEqual("id", 6), exact)).isTrue();
    assertThat(strict(notIn("id", 1, 8), exact)).isTrue();
    assertThat(strict(notIn("id", 1, 7), exact)).isFalse();
    assertThat(strict(notNaN("d"), exact)).isTrue();
    assertThat(strict(notNull("id"), exact)).isTrue();
    // nulls and NaN fail comparisons
    assertThat(strict(lessThan("id", 100), mixed)).isTrue();
    assertThat(strict(lessThan("d", 100.0), mixed)).isFalse();
    assertThat(strict(notNull("s"), mixed)).isFalse();
    assertThat(strict(greaterThan("s", "a"), mixed)).isFalse();
    // but satisfy negative predicates
    assertThat(strict(notEqual("s", "a"), allNull)).isTrue();
    assertThat(strict(notEqual("d", 1.0), allNaN)).isTrue();
    assertThat(strict(notEqual("s", "a"), mixed)).isTrue();
    assertThat(strict(isNull("s"), allNull)).isTrue();
    assertThat(strict(isNaN("d"), allNaN)).isTrue();
    assertThat(strict(isNaN("d"), mixed)).isFalse();
  }

  @Test
  void truncatedStringBoundsStaySound() {
    // "abc" and "abd" truncated to 2: lower "ab", upper "ac"
    DataFile truncated = file(List.of(row(1L, "abc", 1.0), row(1L, "abd", 1.0)), true, true);
    assertThat(inclusive(equal("s", "abc"), truncated)).isTrue();
    assertThat(inclusive(startsWith("s", "abd"), truncated)).isTrue();
    assertThat(inclusive(startsWith("s", "ad"), truncated)).isFalse();
    assertThat(strict(startsWith("s", "ab"), truncated)).as("upper bound ac does not start with ab").isFalse();
    assertThat(strict(lessThan("s", "ac"), truncated)).as("upper bound ac is not below ac").isFalse();
    assertThat(strict(lessThan("s", "ad"), truncated)).isTrue();
  }

  /** Checks on random files and predicates that inclusive never rejects and strict never wrongly accepts. */
  @Test
  void randomizedSoundness() {
    Random random = new Random(42);
    String[] strings = {"", "a", "ab", "abc", "b", "ba", "bab", "c", "cab"};
    for (int round = 0; round < 2000; round += 1) {
      List<StructLike> rows = new ArrayList<>();
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i += 1) {
        Long id = random.nextInt(5) == 0 ? null : (long) (random.nextInt(9) - 4);
        String s = random.nextInt(5) == 0 ? null : strings[random.nextInt(strings.length)];
        Double d = random.nextInt(5) == 0 ? null : random.nextInt(5) == 0 ? Double.NaN : random.nextInt(5) - 2.0;
        rows.add(row(id, s, d));
      }
      DataFile file = file(rows, random.nextBoolean(), random.nextBoolean());
      Expression predicate = randomPredicate(random, strings);
      boolean any = false;
      boolean all = true;
      Evaluator evaluator = new Evaluator(SCHEMA.asStruct(), predicate);
      for (StructLike row : rows) {
        boolean matches = evaluator.eval(row);
        any |= matches;
        all &= matches;
      }
      if (any) {
        assertThat(inclusive(predicate, file)).as("inclusive %s on %s", predicate, rows).isTrue();
      }
      if (!all) {
        assertThat(strict(predicate, file)).as("strict %s on %s", predicate, rows).isFalse();
      }
    }
  }

  static Expression randomPredicate(Random random, String[] strings) {
    Operation[] ops = {Operation.IS_NULL, Operation.NOT_NULL, Operation.LT, Operation.LT_EQ, Operation.GT,
        Operation.GT_EQ, Operation.EQ, Operation.NOT_EQ, Operation.IN, Operation.NOT_IN};
    int column = random.nextInt(3);
    if (column == 1 && random.nextInt(3) == 0) {
      String prefix = strings[random.nextInt(strings.length)];
      return random.nextBoolean() ? startsWith("s", prefix) : notStartsWith("s", prefix);
    }
    if (column == 2 && random.nextInt(4) == 0) {
      return random.nextBoolean() ? isNaN("d") : notNaN("d");
    }
    Operation op = ops[random.nextInt(ops.length)];
    String name = column == 0 ? "id" : column == 1 ? "s" : "d";
    java.util.function.Supplier<Object> literal = () -> column == 0 ? (Object) (long) (random.nextInt(11) - 5)
        : column == 1 ? strings[random.nextInt(strings.length)] : (Object) (random.nextInt(7) - 3.0);
    if (op.isUnary()) {
      return Expressions.predicate(op, name);
    } else if (op == Operation.IN || op == Operation.NOT_IN) {
      return Expressions.predicate(op, name, List.of(literal.get(), literal.get()));
    }
    return Expressions.predicate(op, name, literal.get());
  }
}
