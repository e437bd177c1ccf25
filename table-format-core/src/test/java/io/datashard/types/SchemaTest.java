package io.datashard.types;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Types.NestedField;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaTest {
  // 1 id, 2 data, 3 location{4 city, 5 lon}, 6 points list<7 struct{8 x, 9 y}>, 10 props map<11 string, 12 string>,
  // 13 tags list<14 string>, 15 meta optional struct{16 source}
  private static final Schema SCHEMA = new Schema(
      4,
      List.of(
          required(1, "id", Types.LongType.get()),
          optional(2, "data", Types.StringType.get()),
          required(3, "location", Types.StructType.of(
              required(4, "city", Types.StringType.get()),
              required(5, "lon", Types.DoubleType.get()))),
          optional(6, "points", Types.ListType.ofOptional(7, Types.StructType.of(
              required(8, "x", Types.IntegerType.get()),
              required(9, "y", Types.IntegerType.get())))),
          optional(10, "props", Types.MapType.ofOptional(11, 12, Types.StringType.get(), Types.StringType.get())),
          optional(13, "tags", Types.ListType.ofRequired(14, Types.StringType.get())),
          optional(15, "meta", Types.StructType.of(required(16, "source", Types.StringType.get())))),
      Set.of(1));

  @Test
  void accessors() {
    assertThat(SCHEMA.schemaId()).isEqualTo(4);
    assertThat(SCHEMA.columns()).extracting(NestedField::name)
        .containsExactly("id", "data", "location", "points", "props", "tags", "meta");
    assertThat(SCHEMA.asStruct().fields()).isEqualTo(SCHEMA.columns());
    assertThat(SCHEMA.highestFieldId()).isEqualTo(16);
    assertThat(SCHEMA.idToField().keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    assertThat(SCHEMA.identifierFieldIds()).containsExactly(1);
    assertThat(SCHEMA.identifierFieldNames()).containsExactly("id");
  }

  @Test
  void findsFieldsByIdAndFullName() {
    assertThat(SCHEMA.findField(8)).map(NestedField::name).contains("x");
    assertThat(SCHEMA.findField("location.city")).map(NestedField::fieldId).contains(4);
    assertThat(SCHEMA.findField("points.element")).map(NestedField::fieldId).contains(7);
    assertThat(SCHEMA.findField("points.element.x")).map(NestedField::fieldId).contains(8);
    assertThat(SCHEMA.findField("points.x")).map(NestedField::fieldId).contains(8);
    assertThat(SCHEMA.findField("props.key")).map(NestedField::fieldId).contains(11);
    assertThat(SCHEMA.findField("props.value")).map(NestedField::fieldId).contains(12);
    assertThat(SCHEMA.findField("tags.element")).map(NestedField::fieldId).contains(14);
    assertThat(SCHEMA.findField("Location.lat")).isEmpty();
    assertThat(SCHEMA.findField(99)).isEmpty();
    assertThat(SCHEMA.caseInsensitiveFindField("LOCATION.City")).map(NestedField::fieldId).contains(4);
    assertThat(SCHEMA.caseInsensitiveFindField("nope")).isEmpty();
    assertThat(SCHEMA.field(5).name()).isEqualTo("lon");
    assertThat(SCHEMA.findType(14)).isEqualTo(Types.StringType.get());
    assertThatThrownBy(() -> SCHEMA.field(99))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("id 99")
        .hasMessageContaining("schema 4");
    assertThatThrownBy(() -> SCHEMA.findType(99)).isInstanceOf(ValidationException.class);
  }

  @Test
  void columnNamesAreFullDottedNames() {
    assertThat(SCHEMA.findColumnName(1)).contains("id");
    assertThat(SCHEMA.findColumnName(5)).contains("location.lon");
    assertThat(SCHEMA.findColumnName(7)).contains("points.element");
    assertThat(SCHEMA.findColumnName(9)).contains("points.element.y");
    assertThat(SCHEMA.findColumnName(11)).contains("props.key");
    assertThat(SCHEMA.findColumnName(12)).contains("props.value");
    assertThat(SCHEMA.findColumnName(99)).isEmpty();
  }

  @Test
  void caseInsensitiveLookupRejectsAmbiguousNames() {
    Schema schema = new Schema(List.of(optional(1, "a", Types.IntegerType.get()), optional(2, "A", Types.IntegerType.get())));
    assertThat(schema.findField("A")).map(NestedField::fieldId).contains(2);
    assertThat(schema.caseInsensitiveFindField("b")).isEmpty();
    assertThatThrownBy(() -> schema.caseInsensitiveFindField("a"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("ambiguous")
        .hasMessageContaining("[a, A]");
  }

  @Test
  void rejectsRepeatedFieldIdsAnywhereInTheTree() {
    assertThatThrownBy(() -> new Schema(List.of(
            required(1, "id", Types.LongType.get()),
            optional(2, "s", Types.StructType.of(optional(1, "inner", Types.IntegerType.get()))))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("field id 1")
        .hasMessageContaining("'id'")
        .hasMessageContaining("'s.inner'");
    assertThatThrownBy(() -> new Schema(List.of(
            optional(1, "l", Types.ListType.ofOptional(1, Types.IntegerType.get())))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("field id 1");
  }

  @Test
  void rejectsCollidingFullNames() {
    assertThatThrownBy(() -> new Schema(List.of(
            optional(1, "a.b", Types.IntegerType.get()),
            optional(2, "a", Types.StructType.of(optional(3, "b", Types.IntegerType.get()))))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'a.b'");
  }

  @Test
  void identifierFieldsMustBeRequiredPrimitivesOutsideListsMapsAndOptionalStructs() {
    List<NestedField> columns = SCHEMA.columns();
    assertThat(new Schema(0, columns, new LinkedHashSet<>(List.of(4, 1))).identifierFieldNames())
        .containsExactly("location.city", "id");
    assertIdentifierRejected(columns, 99, "no field has that id");
    assertIdentifierRejected(columns, 2, "it is optional");
    assertIdentifierRejected(columns, 3, "not a primitive type");
    assertIdentifierRejected(columns, 5, "float and double");
    assertIdentifierRejected(columns, 8, "inside list 'points'");
    assertIdentifierRejected(columns, 11, "inside map 'props'");
    assertIdentifierRejected(columns, 16, "inside optional struct 'meta'");
  }

  private static void assertIdentifierRejected(List<NestedField> columns, int id, String reason) {
    assertThatThrownBy(() -> new Schema(0, columns, Set.of(id)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("identifier field")
        .hasMessageContaining(reason);
  }

  @Test
  void equalityAndSameSchema() {
    Schema copy = new Schema(4, SCHEMA.columns(), Set.of(1));
    assertThat(copy).isEqualTo(SCHEMA).hasSameHashCodeAs(SCHEMA);
    Schema renumbered = SCHEMA.withSchemaId(9);
    assertThat(renumbered.schemaId()).isEqualTo(9);
    assertThat(renumbered).isNotEqualTo(SCHEMA);
    assertThat(renumbered.sameSchema(SCHEMA)).isTrue();
    assertThat(new Schema(4, SCHEMA.columns()).sameSchema(SCHEMA)).isFalse();
    assertThat(SCHEMA.withSchemaId(4)).isSameAs(SCHEMA);
  }

  @Test
  void toStringListsColumns() {
    Schema schema = new Schema(List.of(required(1, "id", Types.LongType.get()), optional(2, "data", Types.StringType.get())));
    assertThat(schema.toString()).isEqualTo("table {\n  1: id: required long\n  2: data: optional string\n}");
  }

  @Test
  void selectKeepsParentsAndOnlySelectedChildren() {
    Schema projected = SCHEMA.select("id", "location.city", "points.x", "props");
    Schema expected = new Schema(
        4,
        List.of(
            required(1, "id", Types.LongType.get()),
            required(3, "location", Types.StructType.of(required(4, "city", Types.StringType.get()))),
            optional(6, "points", Types.ListType.ofOptional(7, Types.StructType.of(
                required(8, "x", Types.IntegerType.get())))),
            optional(10, "props", Types.MapType.ofOptional(11, 12, Types.StringType.get(), Types.StringType.get()))),
        Set.of(1));
    assertThat(projected).isEqualTo(expected);
    assertThat(SCHEMA.select("data").identifierFieldIds()).isEmpty();
    assertThat(SCHEMA.select("location").findField(5)).isPresent();
    assertThat(SCHEMA.select(List.of("*"))).isSameAs(SCHEMA);
    assertThatThrownBy(() -> SCHEMA.select("missing"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'missing'");
  }

  @Test
  void emptySchema() {
    Schema empty = new Schema(List.of());
    assertThat(empty.highestFieldId()).isZero();
    assertThat(empty.columns()).isEmpty();
    assertThat(empty.toString()).isEqualTo("table {}");
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    Schema copy = TypesTest.roundTrip(SCHEMA);
    assertThat(copy).isEqualTo(SCHEMA);
    assertThat(copy.findField("points.x")).map(NestedField::fieldId).contains(8);
  }
}
