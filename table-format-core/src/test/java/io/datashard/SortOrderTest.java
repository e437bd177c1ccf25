package io.datashard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortOrderTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(4, "price", Types.DoubleType.get()),
      Types.NestedField.optional(5, "location", Types.StructType.of(
          Types.NestedField.optional(6, "city", Types.StringType.get())))));

  @Test
  void defaultNullOrders() {
    SortOrder order = SortOrder.builderFor(SCHEMA).asc("data").desc("id").build();
    assertThat(order.orderId()).isEqualTo(1);
    assertThat(order.fields()).containsExactly(
        new SortField(Transforms.identity(), 2, SortDirection.ASC, NullOrder.NULLS_FIRST),
        new SortField(Transforms.identity(), 1, SortDirection.DESC, NullOrder.NULLS_LAST));
    assertThat(order.isUnsorted()).isFalse();
  }

  @Test
  void explicitNullOrdersTransformsAndIds() {
    SortOrder order = SortOrder.builderFor(SCHEMA)
        .withOrderId(5)
        .asc("data", NullOrder.NULLS_LAST)
        .desc("price", NullOrder.NULLS_FIRST)
        .sortBy(Transforms.day(), "ts", SortDirection.DESC, NullOrder.NULLS_LAST)
        .sortBy(Transforms.bucket(4), 1, SortDirection.ASC, NullOrder.NULLS_FIRST)
        .asc("location.city")
        .build();
    assertThat(order.orderId()).isEqualTo(5);
    assertThat(order.fields()).extracting(SortField::toString).containsExactly(
        "identity(2) ASC NULLS_LAST",
        "identity(4) DESC NULLS_FIRST",
        "day(3) DESC NULLS_LAST",
        "bucket[4](1) ASC NULLS_FIRST",
        "identity(6) ASC NULLS_FIRST");
  }

  @Test
  void unsorted() {
    SortOrder unsorted = SortOrder.unsorted();
    assertThat(unsorted.orderId()).isZero();
    assertThat(unsorted.fields()).isEmpty();
    assertThat(unsorted.isUnsorted()).isTrue();
    assertThat(SortOrder.builderFor(SCHEMA).build()).isEqualTo(unsorted);
    assertThat(SortOrder.builderFor(SCHEMA).withOrderId(0).build()).isEqualTo(unsorted);
  }

  @Test
  void orderIdZeroIsReservedForUnsorted() {
    assertThatThrownBy(() -> SortOrder.builderFor(SCHEMA).withOrderId(0).asc("id").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> SortOrder.builderFor(SCHEMA).withOrderId(3).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("unsorted");
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> SortOrder.builderFor(SCHEMA).asc("nope"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> SortOrder.builderFor(SCHEMA).sortBy(Transforms.bucket(4), "price",
            SortDirection.ASC, NullOrder.NULLS_FIRST))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bucket[4]")
        .hasMessageContaining("'price'")
        .hasMessageContaining("double");
    assertThatThrownBy(() -> SortOrder.builderFor(SCHEMA).asc("location"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'location'");
    assertThatThrownBy(() -> SortOrder.builderFor(SCHEMA)
            .sortBy(Transforms.identity(), 99, SortDirection.ASC, NullOrder.NULLS_FIRST))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("99");
  }

  @Test
  void uncheckedBuilderToleratesDroppedColumns() {
    SortOrder order = SortOrder.builderFor(SCHEMA).checkConflicts(false)
        .sortBy(Transforms.identity(), 99, SortDirection.ASC, NullOrder.NULLS_FIRST)
        .build();
    assertThat(order.fields()).extracting(SortField::sourceId).containsExactly(99);
  }

  @Test
  void caseInsensitive() {
    SortOrder order = SortOrder.builderFor(SCHEMA).caseSensitive(false).desc("DATA").build();
    assertThat(order.fields().get(0).sourceId()).isEqualTo(2);
  }

  @Test
  void satisfiesAndEquality() {
    SortOrder byDataThenId = SortOrder.builderFor(SCHEMA).asc("data").asc("id").build();
    SortOrder byData = SortOrder.builderFor(SCHEMA).withOrderId(2).asc("data").build();
    assertThat(byDataThenId.satisfies(byData)).isTrue();
    assertThat(byData.satisfies(byDataThenId)).isFalse();
    assertThat(byData.satisfies(SortOrder.unsorted())).isTrue();
    assertThat(byData.satisfies(SortOrder.builderFor(SCHEMA).desc("data").build())).isFalse();

    SortOrder same = SortOrder.builderFor(SCHEMA).asc("data").asc("id").build();
    assertThat(byDataThenId).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(byDataThenId.sameOrder(SortOrder.builderFor(SCHEMA).withOrderId(9).asc("data").asc("id").build()))
        .isTrue();
    assertThat(byDataThenId).isNotEqualTo(SortOrder.builderFor(SCHEMA).withOrderId(9).asc("data").asc("id").build());
    assertThat(byData).hasToString("SortOrder{id=2, fields=[identity(2) ASC NULLS_FIRST]}");
  }

  @Test
  void jsonNamesOfEnums() {
    assertThat(SortDirection.ASC.jsonName()).isEqualTo("asc");
    assertThat(SortDirection.DESC.jsonName()).isEqualTo("desc");
    assertThat(NullOrder.NULLS_FIRST.jsonName()).isEqualTo("nulls-first");
    assertThat(NullOrder.NULLS_LAST.jsonName()).isEqualTo("nulls-last");
    assertThat(SortDirection.fromJsonName("DESC")).isEqualTo(SortDirection.DESC);
    assertThat(NullOrder.fromJsonName("nulls-last")).isEqualTo(NullOrder.NULLS_LAST);
    assertThatThrownBy(() -> SortDirection.fromJsonName("up"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'up'");
    assertThatThrownBy(() -> NullOrder.fromJsonName("nulls-middle"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'nulls-middle'");
  }
}
