package io.datashard.spark;

import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.transforms.BucketTransform;
import io.datashard.transforms.TimeTransform;
import io.datashard.transforms.Transform;
import io.datashard.transforms.TruncateTransform;
import io.datashard.types.Schema;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;

/** Converts between Datashard partition specs and Spark partition transforms. */
public final class SparkPartitioning {

  private SparkPartitioning() {
  }

  /**
   * The Spark transforms of a spec: identity, years, months, days, hours, bucket(n, col) and
   * truncate(col, width). Void (always-null) fields, left behind by partition evolution, are omitted.
   */
  public static org.apache.spark.sql.connector.expressions.Transform[] toSparkTransforms(PartitionSpec spec) {
    Objects.requireNonNull(spec, "spec is null");
    List<org.apache.spark.sql.connector.expressions.Transform> transforms = new ArrayList<>();
    for (PartitionField field : spec.fields()) {
      Transform transform = field.transform();
      if (transform.isVoid()) {
        continue;
      }
      String column = spec.schema().findColumnName(field.sourceId()).orElseThrow(() -> new IllegalArgumentException(
          "Partition field " + field.name() + " has source column id " + field.sourceId() + " which is not in the schema"));
      transforms.add(toSparkTransform(transform, column, field));
    }
    return transforms.toArray(new org.apache.spark.sql.connector.expressions.Transform[0]);
  }

  private static org.apache.spark.sql.connector.expressions.Transform toSparkTransform(Transform transform, String column, PartitionField field) {
    if (transform.isIdentity()) {
      return Expressions.identity(column);
    } else if (transform instanceof BucketTransform bucket) {
      return Expressions.bucket(bucket.numBuckets(), column);
    } else if (transform instanceof TruncateTransform truncate) {
      return Expressions.apply("truncate", Expressions.column(column), Expressions.literal(truncate.width()));
    } else if (transform instanceof TimeTransform time) {
      ChronoUnit unit = time.granularity();
      switch (unit) {
        case YEARS:
          return Expressions.years(column);
        case MONTHS:
          return Expressions.months(column);
        case DAYS:
          return Expressions.days(column);
        case HOURS:
          return Expressions.hours(column);
        default:
          break;
      }
    }
    // Unknown transforms (from newer writers) are shown by name so DESCRIBE still works.
    return Expressions.apply(transform.toString(), Expressions.column(column));
  }

  /**
   * The partition spec for Spark transforms over {@code schema}: identity, years, months, days,
   * hours, bucket(n, col), and truncate(col, width) or truncate(width, col).
   *
   * @throws IllegalArgumentException for any other transform or a column that is not in the schema
   */
  public static PartitionSpec toPartitionSpec(Schema schema, org.apache.spark.sql.connector.expressions.Transform[] transforms) {
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(transforms, "transforms is null");
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (org.apache.spark.sql.connector.expressions.Transform transform : transforms) {
      String name = transform.name().toLowerCase(java.util.Locale.ROOT);
      Expression[] args = transform.arguments();
      switch (name) {
        case "identity" -> builder.identity(column(transform, args, schema));
        case "years", "year" -> builder.year(column(transform, args, schema));
        case "months", "month" -> builder.month(column(transform, args, schema));
        case "days", "day", "date" -> builder.day(column(transform, args, schema));
        case "hours", "hour", "date_hour" -> builder.hour(column(transform, args, schema));
        case "bucket" -> builder.bucket(column(transform, args, schema), intArgument(transform, args));
        case "truncate" -> builder.truncate(column(transform, args, schema), intArgument(transform, args));
        default -> throw new IllegalArgumentException("Unsupported partition transform " + transform.describe()
            + ": Datashard supports identity, years, months, days, hours, bucket(n, col) and truncate(col, width)");
      }
    }
    return builder.build();
  }

  private static String column(org.apache.spark.sql.connector.expressions.Transform transform, Expression[] args, Schema schema) {
    NamedReference ref = null;
    for (Expression arg : args) {
      if (arg instanceof NamedReference named) {
        if (ref != null) {
          throw new IllegalArgumentException("Partition transform " + transform.describe() + " has more than one column: "
              + "Datashard partition fields take exactly one source column");
        }
        ref = named;
      }
    }
    if (ref == null) {
      throw new IllegalArgumentException("Partition transform " + transform.describe() + " has no column argument");
    }
    String name = String.join(".", ref.fieldNames());
    if (schema.findField(name).isEmpty()) {
      throw new IllegalArgumentException("Cannot partition by " + transform.describe() + ": column " + name
          + " is not in the table schema " + schema.asStruct());
    }
    return name;
  }

  private static int intArgument(org.apache.spark.sql.connector.expressions.Transform transform, Expression[] args) {
    for (Expression arg : args) {
      if (arg instanceof Literal<?> literal && literal.value() instanceof Number number) {
        return number.intValue();
      }
    }
    throw new IllegalArgumentException("Partition transform " + transform.describe()
        + " needs an integer argument (bucket count or truncate width)");
  }
}
