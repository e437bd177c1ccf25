package io.datashard.internal.metadata;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import io.datashard.types.Types.NestedField;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchemaParserTest {

  /** A schema in the shape Apache Iceberg writes (pretty-printed, keys in its order), from the spec's examples. */
  private static final String ICEBERG_SCHEMA_JSON = "{\n"
      + "  \"type\" : \"struct\",\n"
      + "  \"schema-id\" : 2,\n"
      + "  \"identifier-field-ids\" : [ 1 ],\n"
      + "  \"fields\" : [ {\n"
      + "    \"id\" : 1,\n"
      + "    \"name\" : \"id\",\n"
      + "    \"required\" : true,\n"
      + "    \"type\" : \"uuid\",\n"
      + "    \"initial-default\" : \"0db3e2a8-9d1d-42b9-aa7b-74ebe558dceb\",\n"
      + "    \"write-default\" : \"ec5911be-b0a7-458c-8438-c9a3e53cffae\"\n"
      + "  }, {\n"
      + "    \"id\" : 2,\n"
      + "    \"name\" : \"data\",\n"
      + "    \"required\" : false,\n"
      + "    \"type\" : {\n"
      + "      \"type\" : \"list\",\n"
      + "      \"element-id\" : 3,\n"
      + "      \"element-required\" : true,\n"
      + "      \"element\" : \"string\"\n"
      + "    }\n"
      + "  }, {\n"
      + "    \"id\" : 6,\n"
      + "    \"name\" : \"measurements\",\n"
      + "    \"required\" : false,\n"
      + "    \"type\" : {\n"
      + "      \"type\" : \"map\",\n"
      + "      \"key-id\" : 4,\n"
      + "      \"key\" : \"string\",\n"
      + "      \"value-id\" : 5,\n"
      + "      \"value-required\" : false,\n"
      + "      \"value\" : \"double\"\n"
      + "    },\n"
      + "    \"doc\" : \"sensor readings\"\n"
      + "  }, {\n"
      + "    \"id\" : 7,\n"
      + "    \"name\" : \"price\",\n"
      + "    \"required\" : false,\n"
      + "    \"type\" : \"decimal(9, 2)\",\n"
      + "    \"initial-default\" : \"14.20\",\n"
      + "    \"write-default\" : \"0.00\"\n"
      + "  }, {\n"
      + "    \"id\" : 8,\n"
      + "    \"name\" : \"event_ts\",\n"
      + "    \"required\" : false,\n"
      + "    \"type\" : \"timestamptz\"\n"
      + "  }, {\n"
      + "    \"id\" : 9,\n"
      + "    \"name\" : \"digest\",\n"
      + "    \"required\" : false,\n"
      + "    \"type\" : \"fixed[16]\"\n"
      + "  } ]\n"
      + "}";

  @Test
  void readsSchemaAsIcebergWritesIt() {
    Schema schema = SchemaParser.fromJson(ICEBERG_SCHEMA_JSON);
    Schema expected = new Schema(
        2,
        List.of(
            NestedField.builder(1, "id", Types.UUIDType.get())
                .asRequired()
                .withInitialDefault(UUID.fromString("0db3e2a8-9d1d-42b9-aa7b-74ebe558dceb"))
                .withWriteDefault(UUID.fromString("ec5911be-b0a7-458c-8438-c9a3e53cffae"))
                .build(),
            optional(2, "data", Types.ListType.ofRequired(3, Types.StringType.get())),
            optional(6, "measurements", Types.MapType.ofOptional(4, 5, Types.StringType.get(), Types.DoubleType.get()),
                "sensor readings"),
            NestedField.builder(7, "price", Types.DecimalType.of(9, 2))
                .withInitialDefault(new BigDecimal("14.20"))
                .withWriteDefault(new BigDecimal("0.00"))
                .build(),
            optional(8, "event_ts", Types.TimestampType.withZone()),
            optional(9, "digest", Types.FixedType.ofLength(16))),
        Set.of(1));
    assertThat(schema).isEqualTo(expected);
    assertThat(JsonUtil.parse(SchemaParser.toJson(schema)))
        .as("what we write equals the Iceberg JSON, except for the canonical decimal spelling")
        .isEqualTo(JsonUtil.parse(ICEBERG_SCHEMA_JSON.replace("decimal(9, 2)", "decimal(9,2)")));
  }

  @Test
  void writesTheSpecLayoutExactly() {
    Schema schema = new Schema(
        3,
        List.of(required(1, "id", Types.LongType.get(), "key"),
            optional(2, "tags", Types.ListType.ofRequired(3, Types.StringType.get()))),
        Set.of(1));
    assertThat(SchemaParser.toJson(schema)).isEqualTo(
        "{\"type\":\"struct\",\"schema-id\":3,\"identifier-field-ids\":[1],\"fields\":["
            + "{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\",\"doc\":\"key\"},"
            + "{\"id\":2,\"name\":\"tags\",\"required\":false,\"type\":"
            + "{\"type\":\"list\",\"element-id\":3,\"element-required\":true,\"element\":\"string\"}}]}");
    assertThat(SchemaParser.toJson(new Schema(List.of())))
        .isEqualTo("{\"type\":\"struct\",\"schema-id\":0,\"fields\":[]}");
  }

  @Test
  void roundTripsEveryTypeNestedTypesAndDefaults() {
    Types.StructType point = Types.StructType.of(
        NestedField.builder(31, "x", Types.DoubleType.get()).asRequired().withInitialDefault(0.0).withWriteDefault(0.0).build(),
        NestedField.builder(32, "y", Types.DoubleType.get()).asRequired().withInitialDefault(0.0).withWriteDefault(1.5).build());
    Schema schema = new Schema(
        7,
        List.of(
            NestedField.builder(1, "b", Types.BooleanType.get()).asRequired().withInitialDefault(true).withWriteDefault(false).build(),
            NestedField.builder(2, "i", Types.IntegerType.get()).withInitialDefault(34).build(),
            NestedField.builder(3, "l", Types.LongType.get()).withWriteDefault(-34L).build(),
            NestedField.builder(4, "f", Types.FloatType.get()).withInitialDefault(1.5f).build(),
            NestedField.builder(5, "d", Types.DoubleType.get()).withInitialDefault(-2.25).build(),
            NestedField.builder(6, "dt", Types.DateType.get()).withInitialDefault((int) LocalDate.of(2017, 11, 16).toEpochDay()).build(),
            NestedField.builder(7, "t", Types.TimeType.get()).withInitialDefault(81_068_123_456L).build(),
            NestedField.builder(8, "ts", Types.TimestampType.withoutZone()).withInitialDefault(1_510_871_468_123_456L).build(),
            NestedField.builder(9, "tstz", Types.TimestampType.withZone()).withInitialDefault(-1L).build(),
            NestedField.builder(10, "tsn", Types.TimestampNanoType.withoutZone()).withInitialDefault(1_510_871_468_123_456_789L).build(),
            NestedField.builder(11, "tsnz", Types.TimestampNanoType.withZone()).withInitialDefault(1L).build(),
            NestedField.builder(12, "s", Types.StringType.get()).asRequired().withInitialDefault("caf\u00e9").withDoc("a \"quoted\" doc").build(),
            NestedField.builder(13, "u", Types.UUIDType.get()).withInitialDefault(UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7")).build(),
            NestedField.builder(14, "fx", Types.FixedType.ofLength(3)).withInitialDefault(ByteBuffer.wrap(new byte[] {1, 2, 3})).build(),
            NestedField.builder(15, "bin", Types.BinaryType.get()).withInitialDefault(ByteBuffer.wrap(new byte[] {(byte) 0xff})).build(),
            NestedField.builder(16, "dec", Types.DecimalType.of(38, 10)).withInitialDefault(new BigDecimal("-1.0000000001")).build(),
            optional(17, "unk", Types.UnknownType.get()),
            optional(18, "var", Types.VariantType.get()),
            NestedField.builder(19, "point", point).withInitialDefault(Map.of()).withWriteDefault(Map.of()).build(),
            NestedField.builder(20, "list", Types.ListType.ofOptional(21, Types.IntegerType.get()))
                .withInitialDefault(List.of(1, 2, 3)).build(),
            NestedField.builder(22, "map", Types.MapType.ofRequired(23, 24, Types.StringType.get(), Types.LongType.get()))
                .withInitialDefault(Map.of("a", 1L)).build(),
            optional(25, "nested", Types.ListType.ofRequired(26, Types.MapType.ofOptional(27, 28,
                Types.StringType.get(), Types.StructType.of(required(29, "deep", Types.TimestampNanoType.withZone())))))),
        Set.of(1, 12));
    String json = SchemaParser.toJson(schema);
    Schema parsed = SchemaParser.fromJson(json);
    assertThat(parsed).isEqualTo(schema);
    assertThat(SchemaParser.toJson(parsed)).isEqualTo(json);
    assertThat(SchemaParser.fromJson(SchemaParser.toJson(schema, true))).isEqualTo(schema);
    assertThat(json).contains("\"initial-default\":\"2017-11-16\"", "\"type\":\"variant\"", "\"type\":\"unknown\"",
        "\"initial-default\":{}", "\"initial-default\":{\"keys\":[\"a\"],\"values\":[1]}", "\"initial-default\":\"010203\"");
  }

  @Test
  void typesRoundTripOnTheirOwn() {
    List<Type> types = List.of(
        Types.DecimalType.of(9, 2),
        Types.VariantType.get(),
        Types.ListType.ofOptional(1, Types.StringType.get()),
        Types.MapType.ofRequired(1, 2, Types.IntegerType.get(), Types.ListType.ofRequired(3, Types.BinaryType.get())),
        Types.StructType.of(optional(1, "a", Types.StructType.of(required(2, "b", Types.TimeType.get())))));
    for (Type type : types) {
      String json = JsonUtil.generate(gen -> SchemaParser.toJson(type, gen), false);
      assertThat(SchemaParser.typeFromJson(JsonUtil.parse(json))).isEqualTo(type);
    }
  }

  @Test
  void ignoresUnknownKeysAndDefaultsTheSchemaId() {
    Schema schema = SchemaParser.fromJson("{\"type\":\"struct\",\"future\":{\"x\":1},\"fields\":["
        + "{\"id\":1,\"name\":\"a\",\"required\":false,\"type\":\"INT\",\"extra\":[1],\"doc\":null}]}");
    assertThat(schema).isEqualTo(new Schema(0, List.of(optional(1, "a", Types.IntegerType.get()))));
  }

  @Test
  void errorsNameTheProblem() {
    assertCorrupt("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"required\":false,\"type\":\"int\"}]}", "'id'");
    assertCorrupt("{\"type\":\"struct\",\"fields\":[{\"id\":\"1\",\"name\":\"a\",\"required\":false,\"type\":\"int\"}]}",
        "expected an int but found \"1\"");
    assertCorrupt("{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":false,\"type\":\"integer\"}]}",
        "'integer'");
    assertCorrupt("{\"type\":\"list\",\"element-id\":1,\"element-required\":true,\"element\":\"int\"}", "expected a struct");
    assertCorrupt("{\"type\":\"tuple\",\"fields\":[]}", "'tuple'");
    assertCorrupt("{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":false,\"type\":\"int\"},"
        + "{\"id\":1,\"name\":\"b\",\"required\":false,\"type\":\"int\"}]}", "both have id 1");
    assertCorrupt("{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":false,\"type\":\"int\","
        + "\"initial-default\":\"x\"}]}", "initial-default of field 1 'a'");
    assertCorrupt("{\"type\":\"struct\",\"identifier-field-ids\":[1],\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":false,"
        + "\"type\":\"int\"}]}", "it is optional");
    assertCorrupt("{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"u\",\"required\":true,\"type\":\"unknown\"}]}",
        "must be optional");
    assertCorrupt("{\"type\":\"struct\",\"fields\":[", "Cannot parse JSON");
    assertCorrupt("[1]", "expected a type string or object");
  }

  @Test
  void jsonUtilReadsTypedProperties() {
    JsonNode node = JsonUtil.parse("{\"i\":1,\"l\":3000000000,\"s\":\"x\",\"b\":true,\"ids\":[1,2],\"m\":{\"k\":\"v\"},\"n\":null}");
    assertThat(JsonUtil.getInt("i", node)).isEqualTo(1);
    assertThat(JsonUtil.getLong("l", node)).isEqualTo(3_000_000_000L);
    assertThat(JsonUtil.getString("s", node)).isEqualTo("x");
    assertThat(JsonUtil.getBool("b", node)).isTrue();
    assertThat(JsonUtil.getIntegerList("ids", node)).containsExactly(1, 2);
    assertThat(JsonUtil.getStringMap("m", node)).containsExactly(Map.entry("k", "v"));
    assertThat(JsonUtil.getIntOrNull("n", node)).isNull();
    assertThat(JsonUtil.getStringOrNull("missing", node)).isNull();
    assertThatThrownBy(() -> JsonUtil.getInt("l", node))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("'l'")
        .hasMessageContaining("3000000000");
    assertThatThrownBy(() -> JsonUtil.getString("n", node))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("missing");
  }

  private static void assertCorrupt(String json, String messagePart) {
    assertThatThrownBy(() -> SchemaParser.fromJson(json))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(messagePart);
  }
}
