package io.datashard.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.PartitionSpec;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.List;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkTypesTest {
  private static final Schema ALL_TYPES = new Schema(List.of(
      Types.NestedField.required(1, "b", Types.BooleanType.get()),
      Types.NestedField.optional(2, "i", Types.IntegerType.get()),
      Types.NestedField.optional(3, "l", Types.LongType.get()),
      Types.NestedField.optional(4, "f", Types.FloatType.get()),
      Types.NestedField.optional(5, "d", Types.DoubleType.get()),
      Types.NestedField.optional(6, "date", Types.DateType.get()),
      Types.NestedField.optional(7, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(8, "ts_ntz", Types.TimestampType.withoutZone()),
      Types.NestedField.optional(9, "s", Types.StringType.get(), "a comment"),
      Types.NestedField.optional(10, "bin", Types.BinaryType.get()),
      Types.NestedField.optional(11, "dec", Types.DecimalType.of(12, 3)),
      Types.NestedField.optional(12, "st", Types.StructType.of(
          Types.NestedField.required(13, "x", Types.IntegerType.get()),
          Types.NestedField.optional(14, "y", Types.StringType.get()))),
      Types.NestedField.optional(15, "arr", Types.ListType.ofOptional(16, Types.LongType.get())),
      Types.NestedField.optional(17, "m", Types.MapType.ofRequired(18, 19, Types.StringType.get(), Types.DoubleType.get()))));

  @Test
  void roundTripsEveryConvertibleType() {
    StructType spark = SparkTypes.toSparkType(ALL_TYPES);
    Schema back = SparkTypes.toDatashardSchema(spark);
    // ids are fresh, so compare the Spark view of both and the type of every field by name
    assertThat(SparkTypes.toSparkType(back)).isEqualTo(spark);
    assertThat(back.findField("s").orElseThrow().doc()).contains("a comment");
    assertThat(back.findField("b").orElseThrow().isRequired()).isTrue();
    assertThat(back.findField("i").orElseThrow().isOptional()).isTrue();
    for (Types.NestedField field : ALL_TYPES.columns()) {
      Type original = field.type();
      Type converted = back.findField(field.name()).orElseThrow().type();
      assertThat(converted.typeId()).as(field.name()).isEqualTo(original.typeId());
      if (original.isPrimitiveType()) {
        assertThat(converted).as(field.name()).isEqualTo(original);
      }
    }
  }

  @Test
  void mapsTypesAsSparkExpects() {
    StructType spark = SparkTypes.toSparkType(ALL_TYPES);
    assertThat(spark.apply("ts").dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(spark.apply("ts_ntz").dataType()).isEqualTo(DataTypes.TimestampNTZType);
    assertThat(spark.apply("dec").dataType()).isEqualTo(DataTypes.createDecimalType(12, 3));
    assertThat(spark.apply("m").dataType()).isEqualTo(DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false));
    assertThat(SparkTypes.toSparkType(Types.UUIDType.get())).isEqualTo(DataTypes.StringType);
    assertThat(SparkTypes.toSparkType(Types.FixedType.ofLength(4))).isEqualTo(DataTypes.BinaryType);
    assertThat(SparkTypes.toSparkType(Types.TimestampNanoType.withZone())).isEqualTo(DataTypes.TimestampType);
    assertThat(SparkTypes.toSparkType(Types.TimeType.get())).isEqualTo(DataTypes.LongType);
  }

  @Test
  void assignsFreshIdsDepthFirstAndWidensSmallInts() {
    StructType spark = new StructType()
        .add("a", DataTypes.ByteType)
        .add("s", new StructType().add("x", DataTypes.ShortType).add("y", DataTypes.createVarcharType(3)))
        .add("c", DataTypes.createArrayType(DataTypes.IntegerType, false));
    Schema schema = SparkTypes.toDatashardSchema(spark);
    assertThat(schema.findField("a").orElseThrow().fieldId()).isEqualTo(1);
    assertThat(schema.findField("s").orElseThrow().fieldId()).isEqualTo(2);
    assertThat(schema.findField("s.x").orElseThrow().fieldId()).isEqualTo(3);
    assertThat(schema.findField("s.y").orElseThrow().type()).isEqualTo(Types.StringType.get());
    assertThat(schema.findField("c").orElseThrow().fieldId()).isEqualTo(5);
    assertThat(schema.findField("a").orElseThrow().type()).isEqualTo(Types.IntegerType.get());
    assertThat(schema.findField("c").orElseThrow().type().asNestedType().asListType().isElementRequired()).isTrue();
  }

  @Test
  void rejectsTypesWithoutEquivalent() {
    StructType spark = new StructType().add("i", DataTypes.CalendarIntervalType);
    assertThatThrownBy(() -> SparkTypes.toDatashardSchema(spark))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column i");
  }

  @Test
  void partitionTransformsRoundTrip() {
    PartitionSpec spec = PartitionSpec.builderFor(ALL_TYPES)
        .identity("s").day("ts").bucket("l", 16).truncate("i", 10).year("date").build();
    Transform[] transforms = SparkPartitioning.toSparkTransforms(spec);
    assertThat(transforms).extracting(Transform::describe)
        .containsExactly("s", "days(ts)", "bucket(16, l)", "truncate(i, 10)", "years(date)");
    PartitionSpec back = SparkPartitioning.toPartitionSpec(ALL_TYPES, transforms);
    assertThat(back.fields()).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(back.fields().get(i).transform()).isEqualTo(spec.fields().get(i).transform());
      assertThat(back.fields().get(i).sourceId()).isEqualTo(spec.fields().get(i).sourceId());
    }
    // Spark SQL's truncate(width, col) argument order is accepted too
    Transform swapped = Expressions.apply("truncate", Expressions.literal(4), Expressions.column("s"));
    assertThat(SparkPartitioning.toPartitionSpec(ALL_TYPES, new Transform[] {swapped}).fields().get(0).transform().toString())
        .isEqualTo("truncate[4]");
    assertThatThrownBy(() -> SparkPartitioning.toPartitionSpec(ALL_TYPES,
        new Transform[] {Expressions.apply("zorder", Expressions.column("s"))}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zorder");
  }

  @Test
  void snapshotSelectionAllowsOneChoice() {
    assertThat(SnapshotSelection.latest().isLatest()).isTrue();
    assertThat(SnapshotSelection.ref("b").isLatest()).isFalse();
    assertThatThrownBy(() -> new SnapshotSelection(1L, "b", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
