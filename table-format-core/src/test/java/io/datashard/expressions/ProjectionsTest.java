package io.datashard.expressions;

import static io.datashard.expressions.Expressions.equal;
import static io.datashard.expressions.Expressions.greaterThan;
import static io.datashard.expressions.Expressions.greaterThanOrEqual;
import static io.datashard.expressions.Expressions.in;
import static io.datashard.expressions.Expressions.isNull;
import static io.datashard.expressions.Expressions.lessThan;
import static io.datashard.expressions.Expressions.lessThanOrEqual;
import static io.datashard.expressions.Expressions.notEqual;
import static io.datashard.expressions.Expressions.notIn;
import static io.datashard.expressions.Expressions.notStartsWith;
import static io.datashard.expressions.Expressions.predicate;
import static io.datashard.expressions.Expressions.startsWith;
import static io.datashard.types.Types.NestedField.optional;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.expressions.Expression.Operation;
import io.datashard.transforms.Transform;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProjectionsTest {
  private static final long HOUR = 3_600_000_000L;
  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  private static PartitionSpec spec(Type type, Transform transform) {
    Schema schema = new Schema(List.of(optional(1, "x", type)));
    return PartitionSpec.builderFor(schema).add(1, "p", transform).build();
  }

  private static Expression inclusive(PartitionSpec spec, Expression filter) {
    return Projections.inclusive(spec).project(filter);
  }

  private static Expression strict(PartitionSpec spec, Expression filter) {
    return Projections.strict(spec).project(filter);
  }

  private static long micros(String timestamp) {
    return ChronoUnit.MICROS.between(EPOCH, LocalDateTime.parse(timestamp));
  }

  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  @Test
  void identityProjectsEveryPredicateUnchanged() {
    PartitionSpec spec = spec(Types.StringType.get(), Transforms.identity());
    for (Expression filter : List.of(equal("x", "a"), lessThan("x", "b"), in("x", "a", "c"), notIn("x", "a", "c"),
        isNull("x"), startsWith("x", "ab"), notStartsWith("x", "ab"))) {
      Expression expected = filter instanceof UnboundPredicate && ((UnboundPredicate) filter).literals().isEmpty()
          ? predicate(filter.op(), "p")
          : rename(filter);
      assertThat(inclusive(spec, filter)).isEqualTo(expected);
      assertThat(strict(spec, filter)).isEqualTo(expected);
    }
  }

  private static Expression rename(Expression filter) {
    UnboundPredicate predicate = (UnboundPredicate) filter;
    return predicate.op() == Operation.IN || predicate.op() == Operation.NOT_IN
        ? predicate(predicate.op(), "p", predicate.literals())
        : predicate(predicate.op(), "p", predicate.literal());
  }

  @Test
  void bucketProjectsOnlyEqualityInclusivelyAndInequalityStrictly() {
    Transform bucket = Transforms.bucket(16);
    PartitionSpec spec = spec(Types.LongType.get(), bucket);
    Object b34 = bucket.apply(Types.LongType.get(), 34L);
    Object b35 = bucket.apply(Types.LongType.get(), 35L);
    assertThat(inclusive(spec, equal("x", 34L))).isEqualTo(equal("p", b34));
    assertThat(inclusive(spec, in("x", 34L, 35L))).isEqualTo(in("p", b34, b35));
    assertThat(inclusive(spec, lessThan("x", 34L))).isSameAs(Expressions.alwaysTrue());
    assertThat(inclusive(spec, notEqual("x", 34L))).isSameAs(Expressions.alwaysTrue());
    assertThat(inclusive(spec, isNull("x"))).isEqualTo(isNull("p"));
    assertThat(strict(spec, notEqual("x", 34L))).isEqualTo(notEqual("p", b34));
    assertThat(strict(spec, notIn("x", 34L, 35L))).isEqualTo(notIn("p", b34, b35));
    assertThat(strict(spec, equal("x", 34L))).isSameAs(Expressions.alwaysFalse());
    assertThat(strict(spec, greaterThan("x", 34L))).isSameAs(Expressions.alwaysFalse());
  }

  @Test
  void truncateIntBoundaries() {
    PartitionSpec spec = spec(Types.IntegerType.get(), Transforms.truncate(10));
    // x < 10 holds for partitions up to 0 (values 0..9) and for all of them strictly below 10
    assertThat(inclusive(spec, lessThan("x", 10))).isEqualTo(lessThanOrEqual("p", 0));
    assertThat(strict(spec, lessThan("x", 10))).isEqualTo(lessThan("p", 10));
    assertThat(inclusive(spec, lessThanOrEqual("x", 9))).isEqualTo(lessThanOrEqual("p", 0));
    assertThat(strict(spec, lessThanOrEqual("x", 9))).isEqualTo(lessThan("p", 10));
    assertThat(strict(spec, lessThanOrEqual("x", 15))).isEqualTo(lessThan("p", 10));
    assertThat(inclusive(spec, greaterThan("x", 9))).isEqualTo(greaterThanOrEqual("p", 10));
    assertThat(strict(spec, greaterThan("x", 9))).isEqualTo(greaterThan("p", 0));
    assertThat(strict(spec, greaterThanOrEqual("x", 10))).isEqualTo(greaterThan("p", 0));
    assertThat(inclusive(spec, equal("x", -1))).as("rounds down, not towards zero").isEqualTo(equal("p", -10));
    assertThat(strict(spec, notEqual("x", 15))).isEqualTo(notEqual("p", 10));
    assertThat(inclusive(spec, lessThan("x", Integer.MIN_VALUE))).isSameAs(Expressions.alwaysFalse());
    assertThat(strict(spec, lessThanOrEqual("x", Integer.MAX_VALUE))).isEqualTo(Expressions.notNull("p"));
  }

  @Test
  void truncateDecimalAndStringBoundaries() {
    PartitionSpec decimals = spec(Types.DecimalType.of(9, 2), Transforms.truncate(50));
    // unscaled 1000 - 1 = 999 truncates to 950, i.e. 9.50
    assertThat(inclusive(decimals, lessThan("x", new BigDecimal("10.00")))).isEqualTo(lessThanOrEqual("p", new BigDecimal("9.50")));
    assertThat(strict(decimals, lessThan("x", new BigDecimal("10.00")))).isEqualTo(lessThan("p", new BigDecimal("10.00")));

    PartitionSpec strings = spec(Types.StringType.get(), Transforms.truncate(3));
    assertThat(inclusive(strings, startsWith("x", "ab"))).isEqualTo(startsWith("p", "ab"));
    assertThat(strict(strings, startsWith("x", "ab"))).isEqualTo(startsWith("p", "ab"));
    assertThat(inclusive(strings, startsWith("x", "abcd"))).isEqualTo(equal("p", "abc"));
    assertThat(strict(strings, startsWith("x", "abcd"))).isSameAs(Expressions.alwaysFalse());
    assertThat(inclusive(strings, notStartsWith("x", "abcd"))).isSameAs(Expressions.alwaysTrue());
    assertThat(strict(strings, notStartsWith("x", "abcd"))).isEqualTo(notStartsWith("p", "abc"));
    assertThat(inclusive(strings, equal("x", "abcdef"))).isEqualTo(equal("p", "abc"));
    assertThat(inclusive(strings, lessThan("x", "abcdef"))).isEqualTo(lessThanOrEqual("p", "abc"));
    assertThat(strict(strings, lessThan("x", "abcdef"))).isEqualTo(lessThan("p", "abc"));
    assertThat(strict(strings, equal("x", "ab"))).isSameAs(Expressions.alwaysFalse());
  }

  @Test
  void dayAndHourBoundariesIncludingBeforeEpoch() {
    PartitionSpec days = spec(Types.TimestampType.withoutZone(), Transforms.day());
    // ts < midnight of Jan 2: inclusive keeps Jan 1 and before, strict accepts days before Jan 2
    assertThat(inclusive(days, lessThan("x", "2024-01-02T00:00:00"))).isEqualTo(lessThanOrEqual("p", day("2024-01-01")));
    assertThat(strict(days, lessThan("x", "2024-01-02T00:00:00"))).isEqualTo(lessThan("p", day("2024-01-02")));
    assertThat(strict(days, lessThanOrEqual("x", "2024-01-01T23:59:59.999999"))).isEqualTo(lessThan("p", day("2024-01-02")));
    assertThat(strict(days, lessThanOrEqual("x", "2024-01-01T23:59:59.999998"))).isEqualTo(lessThan("p", day("2024-01-01")));
    assertThat(inclusive(days, greaterThan("x", "2023-12-31T23:59:59.999999"))).isEqualTo(greaterThanOrEqual("p", day("2024-01-01")));
    assertThat(strict(days, greaterThanOrEqual("x", "2024-01-01T00:00:00"))).isEqualTo(greaterThan("p", day("2023-12-31")));
    // before 1970 the day of 1969-12-31T23:00 is -1, not 0
    assertThat(inclusive(days, equal("x", "1969-12-31T23:00:00"))).isEqualTo(equal("p", -1));
    assertThat(inclusive(days, lessThan("x", "1970-01-01T00:00:00"))).isEqualTo(lessThanOrEqual("p", -1));
    assertThat(strict(days, notEqual("x", "1969-12-31T23:00:00"))).isEqualTo(notEqual("p", -1));

    PartitionSpec hours = spec(Types.TimestampType.withoutZone(), Transforms.hour());
    assertThat(inclusive(hours, lessThan("x", micros("1970-01-01T00:00:00")))).isEqualTo(lessThanOrEqual("p", -1));
    assertThat(inclusive(hours, in("x", 0L, HOUR, HOUR + 1))).isEqualTo(in("p", 0, 1, 1));

    PartitionSpec months = spec(Types.DateType.get(), Transforms.month());
    assertThat(inclusive(months, lessThan("x", "2024-02-01"))).isEqualTo(lessThanOrEqual("p", (2024 - 1970) * 12));
    assertThat(strict(months, lessThan("x", "2024-02-01"))).isEqualTo(lessThan("p", (2024 - 1970) * 12 + 1));
    assertThat(strict(months, equal("x", "2024-02-01"))).isSameAs(Expressions.alwaysFalse());
  }

  @Test
  void voidAndCombinations() {
    PartitionSpec spec = spec(Types.IntegerType.get(), Transforms.alwaysNull());
    assertThat(inclusive(spec, equal("x", 1))).isSameAs(Expressions.alwaysTrue());
    assertThat(strict(spec, isNull("x"))).isSameAs(Expressions.alwaysFalse());

    Schema schema = new Schema(List.of(optional(1, "x", Types.IntegerType.get()), optional(2, "y", Types.StringType.get())));
    PartitionSpec two = PartitionSpec.builderFor(schema).bucket("x", 4).truncate("x", 10).identity("y").build();
    Object bucket = Transforms.bucket(4).apply(Types.IntegerType.get(), 15);
    // both fields of x constrain inclusively; a predicate on an unpartitioned column projects to true
    assertThat(inclusive(two, Expressions.and(equal("x", 15), equal("y", "a"))))
        .isEqualTo(Expressions.and(Expressions.and(equal("x_bucket", bucket), equal("x_trunc", 10)), equal("y", "a")));
    assertThat(strict(two, Expressions.or(notEqual("x", 15), equal("y", "a"))))
        .isEqualTo(Expressions.or(Expressions.or(notEqual("x_bucket", bucket), notEqual("x_trunc", 10)), equal("y", "a")));
    // not() is pushed down before projecting: not(x < 15) is x >= 15
    assertThat(inclusive(spec(Types.IntegerType.get(), Transforms.truncate(10)), Expressions.not(lessThan("x", 15))))
        .isEqualTo(greaterThanOrEqual("p", 10));
  }

  // ---------------------------------------------------------------- randomized soundness per transform

  @Test
  void randomizedIdentity() {
    checkRandomly(Types.DoubleType.get(), Transforms.identity(), r -> r.nextInt(6) == 0 ? Double.NaN : r.nextInt(9) - 4.0);
  }

  @Test
  void randomizedBucket() {
    checkRandomly(Types.IntegerType.get(), Transforms.bucket(3), r -> r.nextInt(21) - 10);
    checkRandomly(Types.StringType.get(), Transforms.bucket(3), ProjectionsTest::randomString);
  }

  @Test
  void randomizedTruncate() {
    checkRandomly(Types.IntegerType.get(), Transforms.truncate(5), r -> r.nextInt(41) - 20);
    checkRandomly(Types.LongType.get(), Transforms.truncate(7), r -> (long) (r.nextInt(61) - 30));
    checkRandomly(Types.DecimalType.of(5, 1), Transforms.truncate(4), r -> BigDecimal.valueOf(r.nextInt(81) - 40, 1));
    checkRandomly(Types.StringType.get(), Transforms.truncate(2), ProjectionsTest::randomString);
    checkRandomly(Types.BinaryType.get(), Transforms.truncate(2),
        r -> ByteBuffer.wrap(randomString(r).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void randomizedTimeTransforms() {
    for (Transform transform : List.of(Transforms.year(), Transforms.month(), Transforms.day())) {
      checkRandomly(Types.DateType.get(), transform, r -> r.nextInt(1601) - 800);
    }
    // timestamps near hour, day, month and year boundaries, before and after the epoch
    Function<Random, Object> timestamps = r -> {
      long[] anchors = {0L, micros("1969-12-31T00:00:00"), micros("1971-01-01T00:00:00"), micros("1968-03-01T00:00:00")};
      long anchor = anchors[r.nextInt(anchors.length)] + (r.nextInt(5) - 2) * HOUR;
      long[] offsets = {-1L, 0L, 1L, r.nextInt(1000), -r.nextInt(1000)};
      return anchor + offsets[r.nextInt(offsets.length)];
    };
    for (Transform transform : List.of(Transforms.year(), Transforms.month(), Transforms.day(), Transforms.hour())) {
      checkRandomly(Types.TimestampType.withZone(), transform, timestamps);
      checkRandomly(Types.TimestampNanoType.withoutZone(), transform, r -> (Long) timestamps.apply(r) * 1000L + r.nextInt(3) - 1);
    }
  }

  @Test
  void randomizedVoid() {
    checkRandomly(Types.IntegerType.get(), Transforms.alwaysNull(), r -> r.nextInt(5));
  }

  private static String randomString(Random random) {
    String[] strings = {"", "a", "ab", "abc", "abd", "b", "ba", "bcd", "c"};
    return strings[random.nextInt(strings.length)];
  }

  /**
   * For random values and predicates: a row that matches must have a partition the inclusive
   * projection accepts, and a partition the strict projection accepts must hold only matching rows.
   */
  private static void checkRandomly(Type type, Transform transform, Function<Random, Object> values) {
    Random random = new Random(type.hashCode() * 31L + transform.toString().hashCode());
    PartitionSpec spec = spec(type, transform);
    boolean floating = type.typeId() == Type.TypeID.DOUBLE;
    boolean string = type.typeId() == Type.TypeID.STRING;
    List<Operation> ops = new ArrayList<>(List.of(Operation.IS_NULL, Operation.NOT_NULL, Operation.LT, Operation.LT_EQ,
        Operation.GT, Operation.GT_EQ, Operation.EQ, Operation.NOT_EQ, Operation.IN, Operation.NOT_IN));
    if (floating) {
      ops.addAll(List.of(Operation.IS_NAN, Operation.NOT_NAN));
    }
    if (string) {
      ops.addAll(List.of(Operation.STARTS_WITH, Operation.NOT_STARTS_WITH));
    }
    int rejected = 0;
    int accepted = 0;
    for (int round = 0; round < 1500; round += 1) {
      Operation op = ops.get(random.nextInt(ops.size()));
      Expression filter;
      if (op.isUnary()) {
        filter = predicate(op, "x");
      } else if (op == Operation.IN || op == Operation.NOT_IN) {
        filter = predicate(op, "x", List.of(literal(random, values), literal(random, values)));
      } else {
        filter = predicate(op, "x", literal(random, values));
      }
      Evaluator rows = new Evaluator(spec.schema().asStruct(), filter);
      Evaluator inclusive = new Evaluator(spec.partitionType(), Projections.inclusive(spec).project(filter));
      Evaluator strict = new Evaluator(spec.partitionType(), Projections.strict(spec).project(filter));
      for (int i = 0; i < 10; i += 1) {
        Object value = random.nextInt(8) == 0 ? null : values.apply(random);
        PartitionData partition = PartitionData.of(transform.apply(type, value));
        boolean matches = rows.eval(PartitionData.of(value));
        if (matches) {
          assertThat(inclusive.eval(partition)).as("inclusive %s of %s for %s", transform, filter, value).isTrue();
        } else if (!inclusive.eval(partition)) {
          rejected += 1;
        }
        if (!matches) {
          assertThat(strict.eval(partition)).as("strict %s of %s for %s", transform, filter, value).isFalse();
        } else if (strict.eval(partition)) {
          accepted += 1;
        }
      }
    }
    if (!transform.isVoid()) {
      assertThat(rejected).as("inclusive projection of %s prunes something", transform).isGreaterThan(0);
      assertThat(accepted).as("strict projection of %s accepts something", transform).isGreaterThan(0);
    }
  }

  private static Object literal(Random random, Function<Random, Object> values) {
    Object value = values.apply(random);
    while (Values.isNaN(value)) {
      value = values.apply(random);
    }
    return value instanceof ByteBuffer ? ((ByteBuffer) value).duplicate() : value;
  }
}
