package io.datashard.data;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.internal.io.LocalFileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data file written with plain Apache Avro under a hand-built schema laid out the way Apache
 * Iceberg writes data files (field ids as properties, record names r<id>, non-string-keyed maps as
 * arrays of k/v records, decimals and uuids as fixed), with column names and order unlike the
 * table's: Datashard reads it by field id.
 */
class CrossWriterAvroTest {
  private static final String AVRO_SCHEMA = """
      {"type": "record", "name": "table", "fields": [
        {"name": "col_b", "type": ["null", "string"], "default": null, "field-id": 2},
        {"name": "col_a", "type": "long", "field-id": 1},
        {"name": "amount", "type": ["null", {"type": "fixed", "name": "decimal_9_2", "size": 4,
            "logicalType": "decimal", "precision": 9, "scale": 2}], "default": null, "field-id": 3},
        {"name": "uid", "type": ["null", {"type": "fixed", "name": "uuid_fixed", "size": 16, "logicalType": "uuid"}],
            "default": null, "field-id": 4},
        {"name": "event_ts", "type": {"type": "long", "logicalType": "timestamp-micros", "adjust-to-utc": true},
            "field-id": 5},
        {"name": "nested", "type": ["null", {"type": "record", "name": "r6", "fields": [
            {"name": "inner_x", "type": "int", "field-id": 7},
            {"name": "not_in_table", "type": "string", "field-id": 99}]}], "default": null, "field-id": 6},
        {"name": "counts", "type": {"type": "map", "values": ["null", "int"], "key-id": 9, "value-id": 10},
            "field-id": 8},
        {"name": "by_id", "type": {"type": "array", "logicalType": "map", "items": {"type": "record", "name": "k12_v13",
            "fields": [{"name": "key", "type": "int", "field-id": 12},
                       {"name": "value", "type": "string", "field-id": 13}]}}, "field-id": 11},
        {"name": "names", "type": {"type": "array", "items": ["null", "string"], "element-id": 15}, "field-id": 14},
        {"name": "raw", "type": "bytes", "field-id": 16}
      ]}""";

  /** The table schema, with renamed columns in another order and an int column promoted to long. */
  private static final Types.StructType NESTED = Types.StructType.of(required(7, "x", Types.LongType.get()));
  private static final Schema TABLE = new Schema(List.of(
      required(5, "ts", Types.TimestampType.withZone()),
      required(1, "id", Types.LongType.get()),
      optional(2, "name", Types.StringType.get()),
      optional(3, "amount", Types.DecimalType.of(12, 2)),
      optional(4, "uuid", Types.UUIDType.get()),
      optional(6, "nested", NESTED),
      required(8, "counts", Types.MapType.ofOptional(9, 10, Types.StringType.get(), Types.IntegerType.get())),
      required(11, "by_id", Types.MapType.ofRequired(12, 13, Types.IntegerType.get(), Types.StringType.get())),
      required(14, "names", Types.ListType.ofOptional(15, Types.StringType.get())),
      required(16, "raw", Types.BinaryType.get()),
      optional(17, "added_later", Types.StringType.get())));

  @TempDir
  Path dir;

  private static GenericData.Fixed fixed(org.apache.avro.Schema schema, byte[] bytes) {
    return new GenericData.Fixed(schema, bytes);
  }

  @Test
  void readsAFileOfAnotherWriterByFieldId() throws Exception {
    org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(AVRO_SCHEMA);
    org.apache.avro.Schema decimalSchema = avro.getField("amount").schema().getTypes().get(1);
    org.apache.avro.Schema uuidSchema = avro.getField("uid").schema().getTypes().get(1);
    org.apache.avro.Schema nestedSchema = avro.getField("nested").schema().getTypes().get(1);
    org.apache.avro.Schema entrySchema = avro.getField("by_id").schema().getElementType();
    UUID uuid = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    byte[] uuidBytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array();

    GenericData.Record first = new GenericData.Record(avro);
    first.put("col_b", "first");
    first.put("col_a", 7L);
    // -123.45 as a 4-byte two's complement unscaled value
    first.put("amount", fixed(decimalSchema, ByteBuffer.allocate(4).putInt(-12345).array()));
    first.put("uid", fixed(uuidSchema, uuidBytes));
    first.put("event_ts", 1_700_000_000_123_456L);
    GenericData.Record nested = new GenericData.Record(nestedSchema);
    nested.put("inner_x", 42);
    nested.put("not_in_table", "ignored");
    first.put("nested", nested);
    first.put("counts", Map.of("a", 1));
    GenericData.Record entry = new GenericData.Record(entrySchema);
    entry.put("key", 5);
    entry.put("value", "five");
    first.put("by_id", List.of(entry));
    first.put("names", Arrays.asList("x", null));
    first.put("raw", ByteBuffer.wrap("raw".getBytes(StandardCharsets.UTF_8)));

    GenericData.Record second = new GenericData.Record(avro);
    second.put("col_a", 8L);
    second.put("event_ts", 0L);
    second.put("counts", Map.of());
    second.put("by_id", List.of());
    second.put("names", List.of());
    second.put("raw", ByteBuffer.allocate(0));

    java.io.File file = dir.resolve("iceberg-like.avro").toFile();
    try (DataFileWriter<GenericData.Record> writer = new DataFileWriter<>(new GenericDatumWriter<>(avro))) {
      writer.create(avro, file);
      writer.append(first);
      writer.append(second);
    }

    List<Record> records = AvroRoundTripTest.read(new LocalFileIO(), file.getPath(), TABLE);

    GenericRecord expectedFirst = GenericRecord.create(TABLE);
    expectedFirst.set("ts", 1_700_000_000_123_456L);
    expectedFirst.set("id", 7L);
    expectedFirst.set("name", "first");
    expectedFirst.set("amount", new BigDecimal(BigInteger.valueOf(-12345), 2));
    expectedFirst.set("uuid", uuid);
    GenericRecord expectedNested = GenericRecord.create(NESTED);
    expectedNested.set("x", 42L);
    expectedFirst.set("nested", expectedNested);
    expectedFirst.set("counts", Map.of("a", 1));
    expectedFirst.set("by_id", Map.of(5, "five"));
    expectedFirst.set("names", Arrays.asList("x", null));
    expectedFirst.set("raw", ByteBuffer.wrap("raw".getBytes(StandardCharsets.UTF_8)));

    GenericRecord expectedSecond = GenericRecord.create(TABLE);
    expectedSecond.set("ts", 0L);
    expectedSecond.set("id", 8L);
    expectedSecond.set("counts", Map.of());
    expectedSecond.set("by_id", Map.of());
    expectedSecond.set("names", List.of());
    expectedSecond.set("raw", ByteBuffer.allocate(0));

    assertThat(records).containsExactly(expectedFirst, expectedSecond);
  }
}
