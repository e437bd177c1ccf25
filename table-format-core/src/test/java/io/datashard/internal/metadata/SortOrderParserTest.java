package io.datashard.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datashard.NullOrder;
import io.datashard.SortDirection;
import io.datashard.SortField;
import io.datashard.SortOrder;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.transforms.Transforms;
import io.datashard.transforms.UnknownTransform;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortOrderParserTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "category", Types.StringType.get())));

  // the example of the spec's Appendix C, "Sort Orders"
  private static final String SPEC_EXAMPLE = "{\"order-id\": 1, \"fields\": [ {\n"
      + "  \"transform\": \"identity\",\n  \"source-id\": 2,\n  \"direction\": \"asc\",\n"
      + "  \"null-order\": \"nulls-first\"\n  }, {\n  \"transform\": \"bucket[4]\",\n  \"source-id\": 3,\n"
      + "  \"direction\": \"desc\",\n  \"null-order\": \"nulls-last\"\n} ]}";

  private static JsonNode tree(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  @Test
  void parsesTheSpecExample() throws Exception {
    SortOrder order = SortOrderParser.fromJson(SCHEMA, tree(SPEC_EXAMPLE));
    assertThat(order.orderId()).isEqualTo(1);
    assertThat(order.fields()).containsExactly(
        new SortField(Transforms.identity(), 2, SortDirection.ASC, NullOrder.NULLS_FIRST),
        new SortField(Transforms.bucket(4), 3, SortDirection.DESC, NullOrder.NULLS_LAST));
    assertThat(order).isEqualTo(SortOrder.builderFor(SCHEMA).asc("data")
        .sortBy(Transforms.bucket(4), "category", SortDirection.DESC, NullOrder.NULLS_LAST).build());
  }

  @Test
  void writesTheSpecExample() throws Exception {
    SortOrder order = SortOrder.builderFor(SCHEMA).asc("data")
        .sortBy(Transforms.bucket(4), "category", SortDirection.DESC, NullOrder.NULLS_LAST).build();
    assertThat(tree(SortOrderParser.toJson(order))).isEqualTo(tree(SPEC_EXAMPLE));
  }

  @Test
  void roundTrips() {
    SortOrder order = SortOrder.builderFor(SCHEMA).withOrderId(4)
        .desc("id", NullOrder.NULLS_FIRST).asc("data", NullOrder.NULLS_LAST)
        .sortBy(Transforms.truncate(2), 3, SortDirection.ASC, NullOrder.NULLS_FIRST)
        .build();
    assertThat(SortOrderParser.fromJson(SCHEMA, SortOrderParser.toJson(order))).isEqualTo(order);
    assertThat(SortOrderParser.toJson(SortOrder.unsorted())).isEqualTo("{\"order-id\":0,\"fields\":[]}");
    assertThat(SortOrderParser.fromJson(SCHEMA, "{\"order-id\":0,\"fields\":[]}")).isEqualTo(SortOrder.unsorted());
  }

  @Test
  void toleratesDroppedColumnsUnknownTransformsAndUnknownKeys() throws Exception {
    String json = "{\"order-id\": 2, \"note\": \"x\", \"fields\": ["
        + "{\"transform\": \"identity\", \"source-id\": 42, \"direction\": \"asc\", \"null-order\": \"nulls-first\"},"
        + "{\"transform\": \"zorder\", \"source-ids\": [2], \"direction\": \"desc\", \"null-order\": \"nulls-last\", \"y\": 1}]}";
    SortOrder order = SortOrderParser.fromJson(SCHEMA, tree(json));
    assertThat(order.fields()).extracting(SortField::sourceId).containsExactly(42, 2);
    assertThat(order.fields().get(1).transform()).isInstanceOf(UnknownTransform.class).hasToString("zorder");
  }

  @Test
  void malformedJsonNamesWhatIsWrong() {
    assertThatThrownBy(() -> SortOrderParser.fromJson(SCHEMA, "{\"fields\": []}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("order-id");
    assertThatThrownBy(() -> SortOrderParser.fromJson(SCHEMA, "{\"order-id\": 1, \"fields\": ["
            + "{\"transform\": \"identity\", \"source-id\": 1, \"direction\": \"up\", \"null-order\": \"nulls-first\"}]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("'up'")
        .hasMessageContaining("sort order 1");
    assertThatThrownBy(() -> SortOrderParser.fromJson(SCHEMA, "{\"order-id\": 1, \"fields\": ["
            + "{\"transform\": \"identity\", \"source-id\": 1, \"direction\": \"asc\"}]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("null-order");
    assertThatThrownBy(() -> SortOrderParser.fromJson(SCHEMA, "{\"order-id\": 0, \"fields\": ["
            + "{\"transform\": \"identity\", \"source-id\": 1, \"direction\": \"asc\", \"null-order\": \"nulls-first\"}]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> SortOrderParser.fromJson(SCHEMA, "{\"order-id\": 1, \"fields\": ["
            + "{\"transform\": \"zorder\", \"source-ids\": [1, 2], \"direction\": \"asc\", \"null-order\": \"nulls-first\"}]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("multi-argument");
  }
}
