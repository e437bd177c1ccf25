package io.datashard.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.transforms.Transforms;
import io.datashard.transforms.UnknownTransform;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionSpecParserTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "category", Types.StringType.get()),
      Types.NestedField.optional(4, "ts", Types.TimestampType.withZone())));

  // the example of the spec's Appendix C, "Partition Specs"
  private static final String SPEC_EXAMPLE = "{\"spec-id\": 0, \"fields\": [ {\n"
      + "  \"source-id\": 4,\n  \"field-id\": 1000,\n  \"name\": \"ts_day\",\n  \"transform\": \"day\"\n"
      + "}, {\n  \"source-id\": 1,\n  \"field-id\": 1001,\n  \"name\": \"id_bucket\",\n  \"transform\": \"bucket[16]\"\n"
      + "} ]}";

  private static JsonNode tree(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  @Test
  void parsesTheSpecExample() throws Exception {
    PartitionSpec spec = PartitionSpecParser.fromJson(SCHEMA, tree(SPEC_EXAMPLE));
    assertThat(spec).isEqualTo(PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 16).build());
    assertThat(spec.schema()).isSameAs(SCHEMA);
    assertThat(PartitionSpecParser.fromJson(SCHEMA, SPEC_EXAMPLE)).isEqualTo(spec);
  }

  @Test
  void writesTheSpecExample() throws Exception {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").bucket("id", 16).build();
    assertThat(tree(PartitionSpecParser.toJson(spec))).isEqualTo(tree(SPEC_EXAMPLE));
  }

  @Test
  void roundTripsEveryTransform() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).withSpecId(7)
        .identity("data").bucket("id", 8).truncate("category", 3).hour("ts").alwaysNull("id", "dropped")
        .build();
    PartitionSpec parsed = PartitionSpecParser.fromJson(SCHEMA, PartitionSpecParser.toJson(spec));
    assertThat(parsed).isEqualTo(spec);
    assertThat(parsed.specId()).isEqualTo(7);
    assertThat(PartitionSpecParser.fromJson(SCHEMA, PartitionSpecParser.toJson(PartitionSpec.unpartitioned())))
        .isEqualTo(PartitionSpec.unpartitioned());
  }

  @Test
  void writesToAGenerator() throws Exception {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("data").build();
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = new JsonFactory().createGenerator(out)) {
      gen.writeStartArray();
      PartitionSpecParser.toJson(spec, gen);
      PartitionSpecParser.fieldsToJson(spec, gen);
      gen.writeEndArray();
    }
    JsonNode written = tree(out.toString());
    assertThat(written.get(0)).isEqualTo(tree(PartitionSpecParser.toJson(spec)));
    assertThat(written.get(1)).isEqualTo(tree(
        "[{\"name\": \"data\", \"transform\": \"identity\", \"source-id\": 2, \"field-id\": 1000}]"));
  }

  @Test
  void v1FieldsArrayAssignsMissingFieldIds() throws Exception {
    String v1 = "[{\"name\": \"ts_day\", \"transform\": \"day\", \"source-id\": 4},"
        + " {\"name\": \"data\", \"transform\": \"identity\", \"source-id\": 2}]";
    PartitionSpec spec = PartitionSpecParser.fromJsonFields(SCHEMA, 0, tree(v1));
    assertThat(spec.fields()).containsExactly(
        new PartitionField(4, 1000, "ts_day", Transforms.day()),
        new PartitionField(2, 1001, "data", Transforms.identity()));

    PartitionSpec original = PartitionSpec.builderFor(SCHEMA).withSpecId(2).bucket("id", 4).identity("data").build();
    assertThat(PartitionSpecParser.fromJsonFields(SCHEMA, 2, PartitionSpecParser.fieldsToJson(original)))
        .isEqualTo(original);
  }

  @Test
  void toleratesDroppedSourceColumnsAndUnknownKeys() throws Exception {
    String json = "{\"spec-id\": 1, \"extra\": {\"a\": 1}, \"fields\": ["
        + "{\"source-id\": 9, \"field-id\": 1000, \"name\": \"gone_bucket\", \"transform\": \"bucket[4]\", \"x\": true},"
        + "{\"source-id\": 2, \"field-id\": 1001, \"name\": \"data\", \"transform\": \"identity\"}]}";
    PartitionSpec spec = PartitionSpecParser.fromJson(SCHEMA, tree(json));
    assertThat(spec.fields()).extracting(PartitionField::sourceId).containsExactly(9, 2);
    assertThat(spec.partitionType().fields().get(0).type()).isEqualTo(Types.UnknownType.get());
    assertThat(spec.partitionType().fields().get(1).type()).isEqualTo(Types.StringType.get());
  }

  @Test
  void keepsUnknownTransforms() throws Exception {
    String json = "{\"spec-id\": 0, \"fields\": ["
        + "{\"source-id\": 2, \"field-id\": 1000, \"name\": \"data_z\", \"transform\": \"zorder\"}]}";
    PartitionSpec spec = PartitionSpecParser.fromJson(SCHEMA, tree(json));
    assertThat(spec.fields().get(0).transform()).isInstanceOf(UnknownTransform.class);
    assertThat(tree(PartitionSpecParser.toJson(spec)).get("fields").get(0).get("transform").asText())
        .isEqualTo("zorder");
  }

  @Test
  void readsSingleSourceIdsList() throws Exception {
    String json = "{\"spec-id\": 0, \"fields\": ["
        + "{\"source-ids\": [2], \"field-id\": 1000, \"name\": \"data\", \"transform\": \"identity\"}]}";
    assertThat(PartitionSpecParser.fromJson(SCHEMA, tree(json)).fields().get(0).sourceId()).isEqualTo(2);
  }

  @Test
  void malformedJsonNamesWhatIsWrong() {
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA, "{\"fields\": []}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("spec-id");
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA, "{\"spec-id\": 0}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("fields");
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA,
            "{\"spec-id\": 0, \"fields\": [{\"source-id\": 1, \"field-id\": 1000, \"transform\": \"identity\"}]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA,
            "{\"spec-id\": 0, \"fields\": [{\"field-id\": 1000, \"name\": \"x\", \"transform\": \"identity\"}]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("source-id")
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA,
            "{\"spec-id\": 0, \"fields\": [{\"source-id\": 1, \"field-id\": 1000, \"name\": \"x\", \"transform\": \"bucket[0]\"}]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("bucket[0]");
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA,
            "{\"spec-id\": \"zero\", \"fields\": []}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("spec-id");
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA, "{\"spec-id\": 0, \"fields\": [}"))
        .isInstanceOf(CorruptMetadataException.class);
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA, "{\"spec-id\": 3, \"fields\": ["
            + "{\"source-id\": 1, \"field-id\": 1000, \"name\": \"x\", \"transform\": \"identity\"},"
            + "{\"source-id\": 2, \"field-id\": 1001, \"name\": \"x\", \"transform\": \"identity\"}]}"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("partition spec 3")
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> PartitionSpecParser.fromJson(SCHEMA, "[]"))
        .isInstanceOf(CorruptMetadataException.class);
  }
}
