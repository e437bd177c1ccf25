package io.datashard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionSpecTest {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(4, "d", Types.DateType.get()),
      Types.NestedField.optional(5, "price", Types.DoubleType.get()),
      Types.NestedField.optional(6, "amount", Types.DecimalType.of(10, 2)),
      Types.NestedField.optional(7, "location", Types.StructType.of(
          Types.NestedField.optional(8, "city", Types.StringType.get()),
          Types.NestedField.optional(9, "zip", Types.IntegerType.get()))),
      Types.NestedField.optional(10, "tags", Types.ListType.ofOptional(11, Types.StringType.get())),
      Types.NestedField.optional(12, "local_ts", Types.TimestampType.withoutZone()),
      Types.NestedField.optional(13, "payload", Types.BinaryType.get()),
      Types.NestedField.optional(14, "Mixed_Case", Types.IntegerType.get())));

  private static int days(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  @Test
  void defaultNamesAndFieldIds() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
        .identity("data")
        .bucket("id", 16)
        .truncate("amount", 50)
        .year("ts")
        .month("local_ts")
        .day("d")
        .alwaysNull("price")
        .identity("location.city")
        .build();

    assertThat(spec.fields()).extracting(PartitionField::name).containsExactly(
        "data", "id_bucket", "amount_trunc", "ts_year", "local_ts_month", "d_day", "price_null", "location.city");
    assertThat(spec.fields()).extracting(PartitionField::fieldId)
        .containsExactly(1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007);
    assertThat(spec.fields()).extracting(PartitionField::sourceId).containsExactly(2, 1, 6, 3, 12, 4, 5, 8);
    assertThat(spec.fields().get(1).transform()).isEqualTo(Transforms.bucket(16));
    assertThat(spec.specId()).isZero();
    assertThat(spec.lastAssignedFieldId()).isEqualTo(1007);
    assertThat(spec.isUnpartitioned()).isFalse();
    assertThat(spec.schema()).isSameAs(SCHEMA);
  }

  @Test
  void hourAndTargetNames() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
        .withSpecId(3)
        .hour("ts", "event_hour")
        .bucket("id", 8, "shard")
        .truncate("data", 4, "prefix")
        .build();
    assertThat(spec.specId()).isEqualTo(3);
    assertThat(spec.fields()).extracting(PartitionField::toString).containsExactly(
        "1000: event_hour: hour(3)", "1001: shard: bucket[8](1)", "1002: prefix: truncate[4](2)");
    assertThat(PartitionSpec.builderFor(SCHEMA).hour("ts").build().fields().get(0).name()).isEqualTo("ts_hour");
  }

  @Test
  void explicitFieldIdsContinueNumbering() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
        .add(3, 1005, "ts_day", Transforms.day())
        .bucket("id", 4)
        .add(2, "data_trunc", Transforms.truncate(2))
        .build();
    assertThat(spec.fields()).extracting(PartitionField::fieldId).containsExactly(1005, 1006, 1007);
    assertThat(spec.lastAssignedFieldId()).isEqualTo(1007);
  }

  @Test
  void unpartitioned() {
    PartitionSpec spec = PartitionSpec.unpartitioned();
    assertThat(spec.specId()).isZero();
    assertThat(spec.fields()).isEmpty();
    assertThat(spec.isUnpartitioned()).isTrue();
    assertThat(spec.lastAssignedFieldId()).isEqualTo(PartitionSpec.PARTITION_DATA_ID_START - 1);
    assertThat(spec.partitionType().fields()).isEmpty();
    assertThat(spec.partitionToPath(PartitionData.empty())).isEmpty();
    assertThat(PartitionSpec.builderFor(SCHEMA).build()).isEqualTo(spec);
    // a v1 spec whose fields were all dropped (replaced by void) partitions nothing
    assertThat(PartitionSpec.builderFor(SCHEMA).alwaysNull("id").build().isUnpartitioned()).isTrue();
  }

  @Test
  void unknownColumn() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).bucket("nope", 16))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("bucket[16]");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).add(99, "x", Transforms.identity()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("99");
  }

  @Test
  void caseInsensitiveLookupUsesTheSchemaSpelling() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).identity("mixed_case"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("case-sensitive");
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).caseSensitive(false).bucket("MIXED_case", 2).build();
    assertThat(spec.fields().get(0).name()).isEqualTo("Mixed_Case_bucket");
    assertThat(spec.fields().get(0).sourceId()).isEqualTo(14);
  }

  @Test
  void incompatibleTransformNamesTransformFieldTypeAndAllowedTypes() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).bucket("price", 16))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bucket[16]")
        .hasMessageContaining("'price'")
        .hasMessageContaining("double")
        .hasMessageContaining("int, long, decimal, date, time, timestamp");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).hour("d"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("hour")
        .hasMessageContaining("'d'")
        .hasMessageContaining("date")
        .hasMessageContaining("supports timestamp, timestamptz, timestamp_ns, timestamptz_ns");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).truncate("ts", 3))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("truncate[3]")
        .hasMessageContaining("timestamptz");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).add(5, 1000, "p", Transforms.day()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("day")
        .hasMessageContaining("'price'");
  }

  @Test
  void sourceMustBePrimitiveAndNotInAListOrMap() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).identity("location"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'location'")
        .hasMessageContaining("primitive");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).identity("tags.element"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'tags.element'")
        .hasMessageContaining("list or map");
  }

  @Test
  void duplicatePartitionNames() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).bucket("id", 16, "p").truncate("data", 4, "p"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'p'")
        .hasMessageContaining("already has a field named");
  }

  @Test
  void duplicateFieldIds() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA)
            .add(1, 1000, "a", Transforms.bucket(2))
            .add(2, 1000, "b", Transforms.identity()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("1000");
  }

  @Test
  void partitionNameMustNotShadowAnotherColumn() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).bucket("id", 16, "data"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'data'")
        .hasMessageContaining("collides");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).identity("id", "data"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("collides");
    // not even a non-identity transform of the same column may take its name
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).bucket("id", 16, "id"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("collides");
    // identity of the column itself is the normal case
    assertThat(PartitionSpec.builderFor(SCHEMA).identity("id").build().fields().get(0).name()).isEqualTo("id");
  }

  @Test
  void redundantTransforms() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).day("ts").hour("ts"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("redundant")
        .hasMessageContaining("ts_day");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).year("ts").month("ts"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("redundant");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).bucket("id", 16).bucket("id", 16, "again"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("redundant");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).identity("data").identity("data", "data2"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("redundant");
    // different bucket counts, or time transforms of different columns, are not redundant
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
        .bucket("id", 16).bucket("id", 8, "id_bucket_8").day("ts").day("local_ts").build();
    assertThat(spec.fields()).hasSize(4);
  }

  @Test
  void voidFieldsMayOutliveTheirColumn() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
        .add(42, 1000, "gone_day", Transforms.alwaysNull())
        .day("ts")
        .build();
    assertThat(spec.fields()).extracting(PartitionField::fieldId).containsExactly(1000, 1001);
    assertThat(spec.partitionType().fields().get(0).type()).isEqualTo(Types.UnknownType.get());
    assertThat(spec.partitionToPath(PartitionData.of(null, 1))).isEqualTo("gone_day=null/ts_day=1970-01-02");
  }

  @Test
  void uncheckedBuilderToleratesDroppedColumns() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
        .checkConflicts(false)
        .add(3, 1000, "ts_day", Transforms.day())
        .add(42, 1001, "gone_bucket", Transforms.bucket(4))
        .add(1, 1002, "data", Transforms.identity())
        .build();
    assertThat(spec.fields()).hasSize(3);
    assertThat(spec.partitionType()).isEqualTo(Types.StructType.of(
        Types.NestedField.optional(1000, "ts_day", Types.DateType.get()),
        Types.NestedField.optional(1001, "gone_bucket", Types.UnknownType.get()),
        Types.NestedField.optional(1002, "data", Types.LongType.get())));
    // names are still unique even when nothing else is checked
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).checkConflicts(false)
            .add(3, 1000, "p", Transforms.day()).add(1, 1001, "p", Transforms.identity()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void partitionType() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
        .bucket("id", 16).day("ts").hour("local_ts").truncate("data", 3).identity("amount").year("d")
        .alwaysNull("price")
        .build();
    assertThat(spec.partitionType()).isEqualTo(Types.StructType.of(
        Types.NestedField.optional(1000, "id_bucket", Types.IntegerType.get()),
        Types.NestedField.optional(1001, "ts_day", Types.DateType.get()),
        Types.NestedField.optional(1002, "local_ts_hour", Types.IntegerType.get()),
        Types.NestedField.optional(1003, "data_trunc", Types.StringType.get()),
        Types.NestedField.optional(1004, "amount", Types.DecimalType.of(10, 2)),
        Types.NestedField.optional(1005, "d_year", Types.IntegerType.get()),
        Types.NestedField.optional(1006, "price_null", Types.DoubleType.get())));
  }

  @Test
  void partitionToPath() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 16).build();
    assertThat(spec.partitionToPath(PartitionData.of(days("2024-01-01"), 3)))
        .isEqualTo("ts_day=2024-01-01/id_bucket=3");
    assertThat(spec.partitionToPath(PartitionData.of(null, 3))).isEqualTo("ts_day=null/id_bucket=3");

    PartitionSpec hourly = PartitionSpec.builderFor(SCHEMA).hour("ts").month("local_ts").year("d").build();
    int hour = days("2024-01-01") * 24 + 10;
    assertThat(hourly.partitionToPath(PartitionData.of(hour, (2024 - 1970) * 12, 2024 - 1970)))
        .isEqualTo("ts_hour=2024-01-01-10/local_ts_month=2024-01/d_year=2024");
  }

  @Test
  void partitionToPathUrlEncodesNamesAndValues() {
    long micros = ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.of(2017, 11, 16, 22, 31, 8));
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
        .identity("data", "my data")
        .identity("ts")
        .identity("amount")
        .identity("payload")
        .build();
    String path = spec.partitionToPath(PartitionData.of(
        "a b/c=d%", micros, new BigDecimal("-1.50"), ByteBuffer.wrap(new byte[] {(byte) 0xfb, (byte) 0xff})));
    assertThat(path).isEqualTo("my+data=a+b%2Fc%3Dd%25/ts=2017-11-16T22%3A31%3A08Z/amount=-1.50/payload=%2B%2F8%3D");
  }

  @Test
  void partitionToPathRejectsTuplesOfTheWrongSize() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 16).build();
    assertThatThrownBy(() -> spec.partitionToPath(PartitionData.of(1)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("1 values")
        .hasMessageContaining("2 fields");
  }

  @Test
  void compatibleWithIgnoresIds() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 16).build();
    PartitionSpec sameFieldsOtherIds = PartitionSpec.builderFor(SCHEMA).withSpecId(4)
        .add(3, 1010, "ts_day", Transforms.day())
        .add(1, 1011, "id_bucket", Transforms.bucket(16))
        .build();
    assertThat(spec.compatibleWith(sameFieldsOtherIds)).isTrue();
    assertThat(spec).isNotEqualTo(sameFieldsOtherIds);

    assertThat(spec.compatibleWith(PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 8).build())).isFalse();
    assertThat(spec.compatibleWith(PartitionSpec.builderFor(SCHEMA).day("ts").build())).isFalse();
    assertThat(spec.compatibleWith(PartitionSpec.builderFor(SCHEMA).bucket("id", 16).day("ts").build())).isFalse();
    assertThat(spec.compatibleWith(PartitionSpec.builderFor(SCHEMA).day("ts", "day").bucket("id", 16).build()))
        .isFalse();
  }

  @Test
  void equalityAndToString() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 16).build();
    PartitionSpec same = PartitionSpec.builderFor(SCHEMA.withSchemaId(7)).day("ts").bucket("id", 16).build();
    assertThat(spec).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(spec).isNotEqualTo(PartitionSpec.builderFor(SCHEMA).withSpecId(1).day("ts").bucket("id", 16).build());
    assertThat(spec).hasToString("PartitionSpec{id=0, fields=[1000: ts_day: day(3), 1001: id_bucket: bucket[16](1)]}");
    assertThat(spec.fieldsBySourceId(3)).containsExactly(spec.fields().get(0));
    assertThat(spec.fieldsBySourceId(2)).isEmpty();
  }
}
