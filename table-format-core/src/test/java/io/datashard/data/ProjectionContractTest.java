package io.datashard.data;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written with one schema read with later versions of it: matched by field id, not by name or
 * position. Each data file format runs this suite through a subclass.
 */
public abstract class ProjectionContractTest {
  private static final Types.StructType LOCATION_V1 = Types.StructType.of(
      required(10, "lat", Types.FloatType.get()),
      optional(11, "name", Types.StringType.get()));

  private static final Schema V1 = new Schema(List.of(
      required(1, "id", Types.IntegerType.get()),
      optional(2, "name", Types.StringType.get()),
      optional(3, "score", Types.FloatType.get()),
      optional(4, "price", Types.DecimalType.of(5, 2)),
      optional(5, "location", LOCATION_V1),
      optional(6, "tags", Types.ListType.ofOptional(7, Types.StringType.get())),
      optional(8, "day", Types.DateType.get()),
      optional(9, "secret", Types.StringType.get())));

  @TempDir
  protected Path dir;

  /** The file name extension of the format, e.g. {@code avro}. */
  protected abstract String extension();

  /** Writes the records to a new file with the schema. */
  protected abstract void write(FileIO io, String location, Schema schema, List<Record> records);

  /** Reads every record of the file with the projection. */
  protected abstract List<Record> read(FileIO io, String location, Schema projection);

  private final FileIO io = new LocalFileIO();
  private String location;

  @BeforeEach
  void writeFile() {
    location = dir.resolve("v1." + extension()).toString();
    List<Record> records = new java.util.ArrayList<>();
    {
      for (int i = 0; i < 3; i += 1) {
        GenericRecord record = GenericRecord.create(V1);
        record.set("id", i);
        record.set("name", i == 1 ? null : "n" + i);
        record.set("score", i + 0.5f);
        record.set("price", new BigDecimal("123.45").add(BigDecimal.valueOf(i)));
        GenericRecord loc = GenericRecord.create(LOCATION_V1);
        loc.set("lat", 10.25f * i);
        loc.set("name", "place" + i);
        record.set("location", i == 2 ? null : loc);
        record.set("tags", List.of("t" + i));
        record.set("day", 19_000 + i);
        record.set("secret", "s" + i);
        records.add(record);
      }
    }
    write(io, location, V1, records);
  }

  private List<Record> read(Schema projection) {
    return read(io, location, projection);
  }

  @Test
  void renamedAndReorderedColumnsReadByFieldId() {
    Schema v2 = new Schema(List.of(
        optional(3, "rating", Types.FloatType.get()),
        optional(5, "where", Types.StructType.of(
            optional(11, "label", Types.StringType.get()),
            required(10, "latitude", Types.FloatType.get()))),
        required(1, "key", Types.IntegerType.get()),
        optional(2, "title", Types.StringType.get())));
    List<Record> records = read(v2);
    assertThat(records).hasSize(3);
    for (int i = 0; i < 3; i += 1) {
      Record record = records.get(i);
      assertThat(record.struct()).isEqualTo(v2.asStruct());
      assertThat(record.get("key")).isEqualTo(i);
      assertThat(record.get("rating")).isEqualTo(i + 0.5f);
      assertThat(record.get("title")).isEqualTo(i == 1 ? null : "n" + i);
      Record where = (Record) record.get("where");
      if (i == 2) {
        assertThat(where).isNull();
      } else {
        assertThat(where.get("label")).isEqualTo("place" + i);
        assertThat(where.get("latitude")).isEqualTo(10.25f * i);
      }
    }
  }

  @Test
  void addedColumnsReadAsNullOrTheirInitialDefault() {
    Schema v2 = new Schema(List.of(
        required(1, "id", Types.IntegerType.get()),
        optional(20, "added", Types.StringType.get()),
        Types.NestedField.builder(21, "with_default", Types.LongType.get()).asRequired().withInitialDefault(7L).build(),
        Types.NestedField.builder(22, "added_struct", Types.StructType.of(
                optional(23, "a", Types.IntegerType.get()),
                Types.NestedField.builder(24, "b", Types.StringType.get()).withInitialDefault("bee").build()))
            .withInitialDefault(Map.of()).build(),
        optional(25, "added_optional_struct", Types.StructType.of(optional(26, "c", Types.IntegerType.get()))),
        optional(5, "location", Types.StructType.of(
            required(10, "lat", Types.FloatType.get()),
            Types.NestedField.builder(12, "alt", Types.DoubleType.get()).withInitialDefault(1.5).build()))));
    List<Record> records = read(v2);
    assertThat(records).hasSize(3);
    for (Record record : records) {
      assertThat(record.get("added")).isNull();
      assertThat(record.get("with_default")).isEqualTo(7L);
      Record addedStruct = (Record) record.get("added_struct");
      assertThat(addedStruct.get("a")).isNull();
      assertThat(addedStruct.get("b")).isEqualTo("bee");
      assertThat(record.get("added_optional_struct")).isNull();
    }
    assertThat(((Record) records.get(0).get("location")).get("alt")).isEqualTo(1.5);
    assertThat(records.get(2).get("location")).isNull();
    // every row gets its own default struct, so changing one changes no other
    ((Record) records.get(0).get("added_struct")).set("b", "changed");
    assertThat(((Record) records.get(1).get("added_struct")).get("b")).isEqualTo("bee");
  }

  @Test
  void droppedColumnsAreSkipped() {
    Schema v2 = new Schema(List.of(
        optional(6, "tags", Types.ListType.ofOptional(7, Types.StringType.get())),
        optional(5, "location", Types.StructType.of(optional(11, "name", Types.StringType.get())))));
    List<Record> records = read(v2);
    assertThat(records).extracting(r -> r.get("tags")).containsExactly(List.of("t0"), List.of("t1"), List.of("t2"));
    assertThat(records.get(1).size()).isEqualTo(2);
    assertThat(((Record) records.get(1).get("location")).get("name")).isEqualTo("place1");
    assertThat(read(new Schema(List.of()))).hasSize(3).allSatisfy(r -> assertThat(r.size()).isZero());
  }

  @Test
  void promotedColumnsAreWidened() {
    Schema v2 = new Schema(List.of(
        required(1, "id", Types.LongType.get()),
        optional(3, "score", Types.DoubleType.get()),
        optional(4, "price", Types.DecimalType.of(12, 2)),
        optional(8, "day", Types.TimestampType.withoutZone()),
        optional(5, "location", Types.StructType.of(required(10, "lat", Types.DoubleType.get())))));
    List<Record> records = read(v2);
    for (int i = 0; i < 3; i += 1) {
      Record record = records.get(i);
      assertThat(record.get("id")).isEqualTo((long) i);
      assertThat(record.get("score")).isEqualTo((double) (i + 0.5f));
      assertThat(record.get("price")).isEqualTo(new BigDecimal("123.45").add(BigDecimal.valueOf(i)));
      assertThat(record.get("day")).isEqualTo((19_000L + i) * 86_400_000_000L);
    }
    assertThat(((Record) records.get(1).get("location")).get("lat")).isEqualTo((double) 10.25f);
  }

  @Test
  void selectProjectsASubset() {
    List<Record> records = read(V1.select("id", "location.name"));
    assertThat(records.get(0).struct().fields()).extracting(Types.NestedField::name).containsExactly("id", "location");
    assertThat(((Record) records.get(0).get("location")).get("name")).isEqualTo("place0");
  }

  @Test
  void incompatibleTypesAndMissingRequiredColumnsFailClearly() {
    Schema wrongType = new Schema(List.of(optional(2, "name", Types.LongType.get())));
    assertThatThrownBy(() -> read(wrongType))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'name'").hasMessageContaining(location).hasMessageContaining("long");

    Schema narrower = new Schema(List.of(optional(4, "price", Types.DecimalType.of(4, 2))));
    assertThatThrownBy(() -> read(narrower)).isInstanceOf(ValidationException.class).hasMessageContaining("precision");

    Schema requiredMissing = new Schema(List.of(required(30, "must", Types.IntegerType.get())));
    assertThatThrownBy(() -> read(requiredMissing))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("required field 'must'").hasMessageContaining("initial default");
  }

  @Test
  void missingFileFailsNamingIt() {
    String missing = dir.resolve("missing." + extension()).toString();
    assertThatThrownBy(() -> read(io, missing, V1))
        .isInstanceOf(io.datashard.exceptions.NotFoundException.class)
        .hasMessageContaining("missing." + extension());
  }
}
