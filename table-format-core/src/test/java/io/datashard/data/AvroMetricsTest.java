package io.datashard.data;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.data.avro.AvroDataWriter;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.data.BoundTruncation;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.types.Comparators;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroMetricsTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "s", Types.StringType.get()),
      optional(3, "f", Types.FloatType.get()),
      optional(4, "d", Types.DoubleType.get()),
      optional(5, "b", Types.BinaryType.get()),
      optional(6, "st", Types.StructType.of(optional(7, "n", Types.IntegerType.get()))),
      optional(8, "l", Types.ListType.ofOptional(9, Types.IntegerType.get())),
      optional(10, "all_null", Types.IntegerType.get())));

  private static final String LONG_LOW = "aaaaaaaaaaaaaaaaaaaaaaaaa-low";
  private static final String LONG_HIGH = "zzzzzzzzzzzzzzzzzzzzzzzzz-high";

  @TempDir
  Path dir;

  private List<Record> rows() {
    List<Record> rows = new ArrayList<>();
    Object[][] values = {
        {1L, LONG_LOW, 1.0f, Double.NaN, new byte[] {1, 2}, 5, List.of(1, 2)},
        {2L, LONG_HIGH, Float.NaN, -3.5, new byte[20], null, null},
        {3L, null, null, 2.0, null, 7, java.util.Arrays.asList(null, 9)},
    };
    for (Object[] v : values) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.set("id", v[0]);
      row.set("s", v[1]);
      row.set("f", v[2]);
      row.set("d", v[3]);
      row.set("b", v[4] == null ? null : ByteBuffer.wrap((byte[]) v[4]));
      if (v[5] != null) {
        GenericRecord st = GenericRecord.create(SCHEMA.findType(6).asStructType());
        st.set(0, v[5]);
        row.set("st", st);
      }
      row.set("l", v[6]);
      rows.add(row);
    }
    return rows;
  }

  private DataFile write(Map<String, String> properties) {
    AvroDataWriter writer = AvroDataWriter.builder(new LocalFileIO().newOutputFile(dir.resolve(properties.hashCode() + ".avro").toString()))
        .schema(SCHEMA).properties(properties).build();
    try (writer) {
      rows().forEach(writer::write);
    }
    return writer.toDataFile();
  }

  private static Object bound(Map<Integer, ByteBuffer> bounds, int id) {
    ByteBuffer bytes = bounds.get(id);
    return bytes == null ? null : Conversions.fromByteBuffer(SCHEMA.findType(id), bytes);
  }

  @Test
  void defaultModeKeepsCountsAndTruncatedBounds() {
    DataFile file = write(Map.of());
    assertThat(file.valueCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        1, 3L, 2, 3L, 3, 3L, 4, 3L, 5, 3L, 7, 3L, 9, 5L, 10, 3L));
    // a null struct counts as a null of each field in it; a null list as one null element
    assertThat(file.nullValueCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        1, 0L, 2, 1L, 3, 1L, 4, 0L, 5, 1L, 7, 1L, 9, 2L, 10, 3L));
    assertThat(file.nanValueCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(3, 1L, 4, 1L));

    assertThat(bound(file.lowerBounds(), 1)).isEqualTo(1L);
    assertThat(bound(file.upperBounds(), 1)).isEqualTo(3L);
    assertThat(bound(file.lowerBounds(), 3)).isEqualTo(1.0f);
    assertThat(bound(file.upperBounds(), 3)).isEqualTo(1.0f);
    assertThat(bound(file.lowerBounds(), 4)).isEqualTo(-3.5);
    assertThat(bound(file.upperBounds(), 4)).isEqualTo(2.0);
    assertThat(bound(file.lowerBounds(), 7)).isEqualTo(5);
    assertThat(bound(file.upperBounds(), 7)).isEqualTo(7);
    assertThat(bound(file.lowerBounds(), 9)).isEqualTo(1);
    assertThat(bound(file.upperBounds(), 9)).isEqualTo(9);
    assertThat(file.lowerBounds()).doesNotContainKey(10);
    assertThat(file.upperBounds()).doesNotContainKey(10);

    String lower = (String) bound(file.lowerBounds(), 2);
    String upper = (String) bound(file.upperBounds(), 2);
    assertThat(lower).isEqualTo(LONG_LOW.substring(0, 16));
    assertThat(upper).hasSize(16);
    assertValidBounds(Types.StringType.get(), lower, upper, List.of(LONG_LOW, LONG_HIGH));

    ByteBuffer lowerBinary = (ByteBuffer) bound(file.lowerBounds(), 5);
    ByteBuffer upperBinary = (ByteBuffer) bound(file.upperBounds(), 5);
    assertThat(lowerBinary.remaining()).isEqualTo(16);
    assertValidBounds(Types.BinaryType.get(), lowerBinary, upperBinary,
        List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[20])));
  }

  private static void assertValidBounds(Type.PrimitiveType type, Object lower, Object upper, List<Object> values) {
    for (Object value : values) {
      assertThat(Comparators.forType(type).compare(lower, value)).as("lower <= %s", value).isLessThanOrEqualTo(0);
      assertThat(Comparators.forType(type).compare(upper, value)).as("upper >= %s", value).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void modesFromTableProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("write.metadata.metrics.default", "counts");
    properties.put("write.metadata.metrics.column.s", "full");
    properties.put("write.metadata.metrics.column.id", "none");
    properties.put("write.metadata.metrics.column.st.n", "truncate(2)");
    properties.put("write.metadata.metrics.column.dropped_long_ago", "full");
    DataFile file = write(properties);

    assertThat(file.valueCounts()).doesNotContainKey(1).containsEntry(3, 3L).containsEntry(2, 3L);
    assertThat(file.nullValueCounts()).doesNotContainKey(1);
    assertThat(file.lowerBounds().keySet()).containsExactlyInAnyOrder(2, 7);
    assertThat(file.upperBounds().keySet()).containsExactlyInAnyOrder(2, 7);
    assertThat(bound(file.lowerBounds(), 2)).isEqualTo(LONG_LOW);
    assertThat(bound(file.upperBounds(), 2)).isEqualTo(LONG_HIGH);

    DataFile none = write(Map.of("write.metadata.metrics.default", "none"));
    assertThat(none.valueCounts()).isEmpty();
    assertThat(none.nullValueCounts()).isEmpty();
    assertThat(none.nanValueCounts()).isEmpty();
    assertThat(none.lowerBounds()).isEmpty();
    assertThat(none.recordCount()).isEqualTo(3);

    DataFile full = write(Map.of("write.metadata.metrics.default", "full"));
    assertThat(bound(full.lowerBounds(), 5)).isEqualTo(ByteBuffer.wrap(new byte[20]));

    assertThatThrownBy(() -> write(Map.of("write.metadata.metrics.default", "truncate(0)")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("write.metadata.metrics.default");
    assertThatThrownBy(() -> write(Map.of("write.metadata.metrics.column.s", "most")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("write.metadata.metrics.column.s=most");
  }

  @Test
  void truncatedUpperBoundsStayAboveEveryValueWithThePrefix() {
    assertThat(BoundTruncation.truncateStringUpper("abcdef", 3)).isEqualTo("abd");
    assertThat(BoundTruncation.truncateStringUpper("abc", 3)).isEqualTo("abc");
    String maxCodePoint = new String(Character.toChars(Character.MAX_CODE_POINT));
    assertThat(BoundTruncation.truncateStringUpper("a" + maxCodePoint + "zz", 2)).isEqualTo("b");
    assertThat(BoundTruncation.truncateStringUpper(maxCodePoint + maxCodePoint + "z", 2)).isNull();
    // U+D7FF + 1 is a surrogate, which is no character: the next character is U+E000
    assertThat(BoundTruncation.truncateStringUpper("a\uD7FFz", 2)).isEqualTo("a\uE000");
    // a supplementary character counts as one code point, not two chars
    String emoji = "\uD83D\uDE00";
    assertThat(BoundTruncation.truncateStringLower(emoji + emoji + "x", 2)).isEqualTo(emoji + emoji);
    assertThat(BoundTruncation.truncateStringUpper(emoji + emoji + "x", 2)).isEqualTo(emoji + "\uD83D\uDE01");

    assertThat(BoundTruncation.truncateBinaryUpper(ByteBuffer.wrap(new byte[] {1, (byte) 0xFF, 3}), 2))
        .isEqualTo(ByteBuffer.wrap(new byte[] {2}));
    assertThat(BoundTruncation.truncateBinaryUpper(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 3}), 2)).isNull();
    assertThat(BoundTruncation.truncateBinaryLower(ByteBuffer.wrap(new byte[] {5, 6, 7}), 2))
        .isEqualTo(ByteBuffer.wrap(new byte[] {5, 6}));
  }

  @Test
  void anUpperBoundThatCannotBeIncrementedIsLeftOut() {
    String max = new String(Character.toChars(Character.MAX_CODE_POINT)).repeat(20);
    Schema schema = new Schema(List.of(optional(1, "s", Types.StringType.get())));
    AvroDataWriter writer = AvroDataWriter.builder(new LocalFileIO().newOutputFile(dir.resolve("max.avro").toString()))
        .schema(schema).build();
    try (writer) {
      GenericRecord row = GenericRecord.create(schema);
      row.set(0, max);
      writer.write(row);
    }
    DataFile file = writer.toDataFile();
    assertThat(file.lowerBounds()).containsKey(1);
    assertThat(file.upperBounds()).doesNotContainKey(1);
  }
}
