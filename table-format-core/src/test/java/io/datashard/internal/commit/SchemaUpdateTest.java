package io.datashard.internal.commit;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaUpdateTest {
  private static final int LAST_COLUMN_ID = 20;
  private static final Schema SCHEMA = new Schema(7, List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "data", Types.StringType.get()),
      optional(3, "location", Types.StructType.of(
          required(4, "lat", Types.DoubleType.get()),
          optional(5, "lon", Types.DoubleType.get()))),
      optional(6, "tags", Types.ListType.ofOptional(7, Types.StringType.get())),
      optional(8, "props", Types.MapType.ofOptional(9, 10, Types.StringType.get(), Types.StructType.of(
          optional(11, "a", Types.IntegerType.get()),
          optional(12, "b", Types.IntegerType.get())))),
      optional(13, "points", Types.ListType.ofOptional(14, Types.StructType.of(
          required(15, "x", Types.IntegerType.get()),
          optional(16, "y", Types.IntegerType.get())))),
      optional(17, "price", Types.DecimalType.of(9, 2)),
      optional(18, "ratio", Types.FloatType.get()),
      optional(19, "day", Types.DateType.get()),
      optional(20, "count", Types.IntegerType.get())),
      Set.of(1));

  private static SchemaUpdate update(int formatVersion) {
    return new SchemaUpdate(SCHEMA, LAST_COLUMN_ID, formatVersion, u -> {});
  }

  private static SchemaUpdate update() {
    return update(2);
  }

  private static List<String> names(Schema schema) {
    List<String> names = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      names.add(field.name());
    }
    return names;
  }

  private static List<String> names(Types.StructType struct) {
    List<String> names = new ArrayList<>();
    for (Types.NestedField field : struct.fields()) {
      names.add(field.name());
    }
    return names;
  }

  private static Types.NestedField field(Schema schema, String name) {
    return schema.findField(name).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void addsOptionalColumnWithNextIdAtTheEnd(int formatVersion) {
    SchemaUpdate update = update(formatVersion).addColumn("note", Types.StringType.get(), "free text");
    Schema schema = update.apply();

    Types.NestedField note = schema.columns().get(schema.columns().size() - 1);
    assertThat(note).isEqualTo(optional(LAST_COLUMN_ID + 1, "note", Types.StringType.get(), "free text"));
    assertThat(update.lastColumnId()).isEqualTo(LAST_COLUMN_ID + 1);
    assertThat(schema.schemaId()).isEqualTo(SCHEMA.schemaId());
    assertThat(schema.identifierFieldIds()).containsExactly(1);
    assertThat(update.base()).isSameAs(SCHEMA);
  }

  @Test
  void applyIsPureAndRepeatable() {
    SchemaUpdate update = update().addColumn("note", Types.StringType.get()).renameColumn("data", "payload");
    Schema first = update.apply();
    assertThat(update.apply()).isEqualTo(first);
    assertThat(update.lastColumnId()).isEqualTo(LAST_COLUMN_ID + 1);
    assertThat(field(SCHEMA, "data").fieldId()).isEqualTo(2);
    assertThat(SCHEMA.findField("note")).isEmpty();
  }

  @Test
  void commitHandsTheUpdateToTheCommitter() {
    AtomicReference<SchemaUpdate> committed = new AtomicReference<>();
    SchemaUpdate update = new SchemaUpdate(SCHEMA, LAST_COLUMN_ID, 2, committed::set);
    update.addColumn("note", Types.StringType.get()).commit();
    assertThat(committed.get()).isSameAs(update);
  }

  @Test
  void assignsFreshIdsInsideAddedTypes() {
    Type point = Types.StructType.of(required(1, "x", Types.IntegerType.get()), optional(2, "y", Types.IntegerType.get()));
    SchemaUpdate update = update()
        .addColumn("point", point)
        .addColumn("history", Types.ListType.ofRequired(1, point))
        .addColumn("attrs", Types.MapType.ofOptional(1, 2, Types.StringType.get(), Types.ListType.ofOptional(3,
            Types.LongType.get())));
    Schema schema = update.apply();

    // a struct's fields get ids before their children, and every added column after the previous one
    assertThat(field(schema, "point").type()).isEqualTo(Types.StructType.of(
        required(22, "x", Types.IntegerType.get()), optional(23, "y", Types.IntegerType.get())));
    assertThat(field(schema, "history").fieldId()).isEqualTo(24);
    assertThat(field(schema, "history").type()).isEqualTo(Types.ListType.ofRequired(25, Types.StructType.of(
        required(26, "x", Types.IntegerType.get()), optional(27, "y", Types.IntegerType.get()))));
    assertThat(field(schema, "attrs").fieldId()).isEqualTo(28);
    assertThat(field(schema, "attrs").type()).isEqualTo(Types.MapType.ofOptional(29, 30, Types.StringType.get(),
        Types.ListType.ofOptional(31, Types.LongType.get())));
    assertThat(update.lastColumnId()).isEqualTo(31);
    assertThat(schema.highestFieldId()).isEqualTo(31);
  }

  @Test
  void addsNestedColumnsToStructsListElementsAndMapValues() {
    Schema schema = update()
        .addColumn("location.alt", Types.DoubleType.get())
        .addColumn("points", "z", Types.IntegerType.get(), "height")
        .addColumn("props", "c", Types.StringType.get(), "third")
        .apply();

    assertThat(field(schema, "location.alt")).isEqualTo(optional(21, "alt", Types.DoubleType.get()));
    assertThat(names(field(schema, "location").type().asStructType())).containsExactly("lat", "lon", "alt");
    assertThat(field(schema, "points.element.z")).isEqualTo(optional(22, "z", Types.IntegerType.get(), "height"));
    assertThat(field(schema, "props.value.c").fieldId()).isEqualTo(23);
    assertThat(field(schema, "props").type().asMapType().keyId()).isEqualTo(9);
  }

  @Test
  void rejectsAddingAnExistingName() {
    assertThatThrownBy(() -> update().addColumn("data", Types.IntegerType.get()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'data' already exists");
    assertThatThrownBy(() -> update().addColumn("location.lat", Types.IntegerType.get()))
        .hasMessageContaining("'location.lat' already exists");
    assertThatThrownBy(() -> update().addColumn("note", Types.IntegerType.get()).addColumn("note", Types.LongType.get()))
        .hasMessageContaining("'note'").hasMessageContaining("already added in this update");
    assertThatThrownBy(() -> update().caseSensitive(false).addColumn("DATA", Types.IntegerType.get()))
        .hasMessageContaining("'data' already exists");
    // names that differ in case are different columns when matching is case-sensitive
    assertThat(field(update().addColumn("DATA", Types.IntegerType.get()).apply(), "DATA").fieldId()).isEqualTo(21);
  }

  @Test
  void rejectsAddingToMissingOrNonStructParents() {
    assertThatThrownBy(() -> update().addColumn("nope.x", Types.IntegerType.get()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("parent column 'nope' does not exist");
    assertThatThrownBy(() -> update().addColumn("data", "x", Types.IntegerType.get(), "doc"))
        .hasMessageContaining("'data.x'").hasMessageContaining("has type string");
    assertThatThrownBy(() -> update().addColumn("tags.x", Types.IntegerType.get()))
        .hasMessageContaining("'tags.x'");
    assertThatThrownBy(() -> update().addColumn("", Types.IntegerType.get()))
        .hasMessageContaining("empty");
  }

  @Test
  void rejectsVersion3TypesBeforeVersion3() {
    assertThatThrownBy(() -> update(2).addColumn("ns", Types.TimestampNanoType.withZone()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'ns'").hasMessageContaining("format-version 3");
    assertThat(field(update(3).addColumn("ns", Types.TimestampNanoType.withZone()).apply(), "ns").type())
        .isEqualTo(Types.TimestampNanoType.withZone());
  }

  @Test
  void addsRequiredColumnWithDefaultsInVersion3() {
    SchemaUpdate update = update(3).addRequiredColumn("region", Types.StringType.get(), "eu");
    Types.NestedField region = field(update.apply(), "region");

    assertThat(region.isRequired()).isTrue();
    assertThat(region.fieldId()).isEqualTo(21);
    assertThat(region.initialDefault()).contains("eu");
    assertThat(region.writeDefault()).contains("eu");

    Types.NestedField nested = field(update(3).addRequiredColumn("location.alt", Types.LongType.get(), 0L).apply(),
        "location.alt");
    assertThat(nested.isRequired()).isTrue();
    assertThat(nested.initialDefault()).contains(0L);
  }

  @Test
  void requiredColumnDefaultMustFitItsType() {
    SchemaUpdate update = update(3);
    assertThatThrownBy(() -> update.addRequiredColumn("region", Types.IntegerType.get(), "eu"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("region");
    // a rejected column uses up no ids
    assertThat(update.addColumn("note", Types.StringType.get()).lastColumnId()).isEqualTo(LAST_COLUMN_ID + 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void requiredColumnsBeforeVersion3NeedIncompatibleChanges(int formatVersion) {
    assertThatThrownBy(() -> update(formatVersion).addRequiredColumn("region", Types.StringType.get(), "eu"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'region'")
        .hasMessageContaining("format-version 3")
        .hasMessageContaining("allowIncompatibleChanges()");

    Types.NestedField region = field(update(formatVersion).allowIncompatibleChanges()
        .addRequiredColumn("region", Types.StringType.get(), "eu").apply(), "region");
    assertThat(region.isRequired()).isTrue();
    assertThat(region.initialDefault()).isEmpty();
    assertThat(region.writeDefault()).isEmpty();
  }

  @Test
  void deletesTopLevelAndNestedColumns() {
    Schema schema = update().deleteColumn("data").deleteColumn("location.lon").deleteColumn("points.y").apply();

    assertThat(schema.findField("data")).isEmpty();
    assertThat(names(field(schema, "location").type().asStructType())).containsExactly("lat");
    assertThat(names(field(schema, "points.element").type().asStructType())).containsExactly("x");
    assertThat(schema.findField(2)).isEmpty();
  }

  @Test
  void rejectsDeletingMissingListElementAndMapKeyColumns() {
    assertThatThrownBy(() -> update().deleteColumn("nope"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'nope'").hasMessageContaining("no such column");
    assertThatThrownBy(() -> update().deleteColumn("tags.element"))
        .hasMessageContaining("'tags.element'").hasMessageContaining("element of list 'tags'");
    assertThatThrownBy(() -> update().deleteColumn("props.key"))
        .hasMessageContaining("'props.key'").hasMessageContaining("map 'props'");
  }

  @Test
  void deletingAnIdentifierFieldNeedsNewIdentifierFields() {
    SchemaUpdate update = update().deleteColumn("id");
    assertThatThrownBy(update::apply)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'id'").hasMessageContaining("identifier field");

    Schema schema = update().allowIncompatibleChanges().requireColumn("data")
        .setIdentifierFields(List.of("data")).deleteColumn("id").apply();
    assertThat(schema.identifierFieldNames()).containsExactly("data");
    assertThat(schema.findField("id")).isEmpty();
  }

  @Test
  void deletingAStructThatHoldsAnIdentifierFieldFails() {
    Schema keyed = new Schema(List.of(
        required(1, "key", Types.StructType.of(required(2, "part", Types.IntegerType.get()))),
        optional(3, "data", Types.StringType.get())), Set.of(2));
    SchemaUpdate update = new SchemaUpdate(keyed, 3, 2, u -> {}).deleteColumn("key");
    assertThatThrownBy(update::apply)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'key'").hasMessageContaining("'key.part'");
  }

  @Test
  void deleteThenAddTheSameNameGivesANewId() {
    Schema schema = update().deleteColumn("data").addColumn("data", Types.LongType.get()).apply();

    assertThat(field(schema, "data")).isEqualTo(optional(21, "data", Types.LongType.get()));
    assertThat(names(schema).get(names(schema).size() - 1)).isEqualTo("data");
    assertThat(schema.findField(2)).isEmpty();
  }

  @Test
  void renameKeepsTheFieldId() {
    Schema schema = update()
        .renameColumn("data", "payload")
        .renameColumn("location.lat", "latitude")
        .renameColumn("points.x", "px")
        .apply();

    assertThat(field(schema, "payload").fieldId()).isEqualTo(2);
    assertThat(field(schema, "location.latitude").fieldId()).isEqualTo(4);
    assertThat(field(schema, "points.element.px").fieldId()).isEqualTo(15);
    assertThat(names(schema).get(1)).isEqualTo("payload");
    assertThat(schema.findField("data")).isEmpty();
  }

  @Test
  void renameErrors() {
    assertThatThrownBy(() -> update().renameColumn("nope", "x"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> update().addColumn("note", Types.StringType.get()).renameColumn("note", "remark"))
        .hasMessageContaining("'note'").hasMessageContaining("added in this update");
    assertThatThrownBy(() -> update().deleteColumn("data").renameColumn("data", "payload"))
        .hasMessageContaining("'data'").hasMessageContaining("deleted in this update");
    assertThatThrownBy(() -> update().renameColumn("tags.element", "item"))
        .hasMessageContaining("'tags.element'");
    assertThatThrownBy(() -> update().renameColumn("data", "payload").deleteColumn("data"))
        .hasMessageContaining("'data'").hasMessageContaining("renamed or changed");

    SchemaUpdate clash = update().renameColumn("data", "id");
    assertThatThrownBy(clash::apply)
        .hasMessageContaining("columns 1 and 2 would both be named 'id'");
  }

  @Test
  void renamesCanSwapNames() {
    Schema schema = update().renameColumn("data", "count").renameColumn("count", "data").apply();
    assertThat(field(schema, "count").fieldId()).isEqualTo(2);
    assertThat(field(schema, "data").fieldId()).isEqualTo(20);
  }

  @Test
  void promotesTypesThatTheSpecAllows() {
    Schema schema = update()
        .updateColumn("count", Types.LongType.get())
        .updateColumn("ratio", Types.DoubleType.get())
        .updateColumn("price", Types.DecimalType.of(12, 2))
        .updateColumn("points.x", Types.LongType.get())
        .updateColumn("props.value.a", Types.LongType.get())
        .apply();

    assertThat(field(schema, "count")).isEqualTo(optional(20, "count", Types.LongType.get()));
    assertThat(field(schema, "ratio").type()).isEqualTo(Types.DoubleType.get());
    assertThat(field(schema, "price").type()).isEqualTo(Types.DecimalType.of(12, 2));
    assertThat(field(schema, "points.element.x")).isEqualTo(required(15, "x", Types.LongType.get()));
    assertThat(field(schema, "props.value.a").type()).isEqualTo(Types.LongType.get());
  }

  @Test
  void rejectsPromotionsTheSpecDoesNotAllow() {
    assertThatThrownBy(() -> update().updateColumn("count", Types.StringType.get()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'count'").hasMessageContaining("from int to string");
    assertThatThrownBy(() -> update().updateColumn("id", Types.IntegerType.get()))
        .hasMessageContaining("'id'").hasMessageContaining("from long to int");
    assertThatThrownBy(() -> update().updateColumn("price", Types.DecimalType.of(12, 3)))
        .hasMessageContaining("'price'").hasMessageContaining("from decimal(9,2) to decimal(12,3)");
    assertThatThrownBy(() -> update().updateColumn("price", Types.DecimalType.of(8, 2)))
        .hasMessageContaining("from decimal(9,2) to decimal(8,2)");
    assertThatThrownBy(() -> update().updateColumn("location", Types.LongType.get()))
        .hasMessageContaining("'location'").hasMessageContaining("only primitive columns");
    assertThatThrownBy(() -> update().updateColumn("nope", Types.LongType.get()))
        .hasMessageContaining("'nope'");
  }

  @Test
  void datePromotesToTimestampOnlyInVersion3() {
    assertThatThrownBy(() -> update(2).updateColumn("day", Types.TimestampType.withoutZone()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'day'").hasMessageContaining("from date to timestamp");
    assertThatThrownBy(() -> update(3).updateColumn("day", Types.TimestampType.withZone()))
        .hasMessageContaining("from date to timestamptz");

    Schema schema = update(3).updateColumn("day", Types.TimestampType.withoutZone()).apply();
    assertThat(field(schema, "day").type()).isEqualTo(Types.TimestampType.withoutZone());
  }

  @Test
  void dateDefaultsBecomeMidnightWhenPromoted() {
    Schema dated = new Schema(List.of(Types.NestedField.builder(1, "d", Types.DateType.get())
        .withInitialDefault(2).withWriteDefault(3).build()));
    Types.NestedField promoted = field(new SchemaUpdate(dated, 1, 3, u -> {})
        .updateColumn("d", Types.TimestampType.withoutZone()).apply(), "d");
    assertThat(promoted.initialDefault()).contains(2 * 86_400_000_000L);
    assertThat(promoted.writeDefault()).contains(3 * 86_400_000_000L);
  }

  @Test
  void sameTypeIsANoOp() {
    assertThat(update().updateColumn("id", Types.LongType.get()).apply()).isEqualTo(SCHEMA);
  }

  @Test
  void updatesDocs() {
    Schema schema = update().updateColumnDoc("data", "the payload").updateColumnDoc("location.lat", "degrees").apply();
    assertThat(field(schema, "data").doc()).contains("the payload");
    assertThat(field(schema, "location.lat").doc()).contains("degrees");
  }

  @Test
  void changesNullability() {
    Schema schema = update().makeColumnOptional("location.lat").makeColumnOptional("points.x").apply();
    assertThat(field(schema, "location.lat").isOptional()).isTrue();
    assertThat(field(schema, "points.element.x").isOptional()).isTrue();

    assertThatThrownBy(() -> update().requireColumn("data"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'data'").hasMessageContaining("allowIncompatibleChanges()");
    assertThat(field(update().allowIncompatibleChanges().requireColumn("data").apply(), "data").isRequired()).isTrue();
    assertThat(update().requireColumn("id").apply()).isEqualTo(SCHEMA);
    assertThatThrownBy(() -> update().makeColumnOptional("props.key"))
        .hasMessageContaining("'props.key'").hasMessageContaining("always required");
  }

  @Test
  void identifierFieldsMustStayRequired() {
    SchemaUpdate update = update().makeColumnOptional("id");
    assertThatThrownBy(update::apply)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'id'").hasMessageContaining("optional");
  }

  @Test
  void movesColumnsWithinTheirStruct() {
    Schema schema = update()
        .moveFirst("data")
        .moveBefore("count", "id")
        .moveAfter("price", "location")
        .moveFirst("location.lon")
        .moveAfter("points.x", "points.y")
        .apply();

    assertThat(names(schema)).containsExactly(
        "data", "count", "id", "location", "price", "tags", "props", "points", "ratio", "day");
    assertThat(names(field(schema, "location").type().asStructType())).containsExactly("lon", "lat");
    assertThat(names(field(schema, "points.element").type().asStructType())).containsExactly("y", "x");
  }

  @Test
  void movesAddedColumns() {
    Schema schema = update()
        .addColumn("note", Types.StringType.get())
        .addColumn("location.alt", Types.DoubleType.get())
        .moveAfter("note", "id")
        .moveFirst("location.alt")
        .apply();

    assertThat(names(schema).subList(0, 3)).containsExactly("id", "note", "data");
    assertThat(names(field(schema, "location").type().asStructType())).containsExactly("alt", "lat", "lon");
  }

  @Test
  void moveErrors() {
    assertThatThrownBy(() -> update().moveBefore("location.lat", "id"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'location.lat'").hasMessageContaining("'id'").hasMessageContaining("different structs");
    assertThatThrownBy(() -> update().moveAfter("data", "data"))
        .hasMessageContaining("'data'").hasMessageContaining("itself");
    assertThatThrownBy(() -> update().moveFirst("nope"))
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> update().moveAfter("data", "nope"))
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> update().deleteColumn("data").moveFirst("data"))
        .hasMessageContaining("'data'").hasMessageContaining("deleted in this update");
    assertThatThrownBy(() -> update().moveAfter("id", "data").deleteColumn("data"))
        .hasMessageContaining("'data'").hasMessageContaining("moved");
    assertThatThrownBy(() -> update().moveFirst("tags.element"))
        .hasMessageContaining("'tags.element'");
  }

  @Test
  void setsIdentifierFieldsByName() {
    Schema schema = update(3)
        .addRequiredColumn("region", Types.StringType.get(), "eu")
        .setIdentifierFields(List.of("id", "region"))
        .apply();
    assertThat(schema.identifierFieldNames()).containsExactly("id", "region");

    assertThat(update().setIdentifierFields(List.of()).apply().identifierFieldIds()).isEmpty();
    // identifier fields follow renames because they are kept by id
    assertThat(update().renameColumn("id", "key").apply().identifierFieldNames()).containsExactly("key");
  }

  @Test
  void identifierFieldErrors() {
    SchemaUpdate missing = update().setIdentifierFields(List.of("nope"));
    assertThatThrownBy(missing::apply)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'nope'");
    SchemaUpdate optionalColumn = update().setIdentifierFields(List.of("data"));
    assertThatThrownBy(optionalColumn::apply)
        .hasMessageContaining("'data'").hasMessageContaining("optional");
    SchemaUpdate floating = update().allowIncompatibleChanges().requireColumn("ratio")
        .setIdentifierFields(List.of("ratio"));
    assertThatThrownBy(floating::apply)
        .hasMessageContaining("'ratio'").hasMessageContaining("float");
    SchemaUpdate inList = update().setIdentifierFields(List.of("points.x"));
    assertThatThrownBy(inList::apply)
        .hasMessageContaining("'points.element.x'");
  }

  @Test
  void composesChangesOnTheSameColumn() {
    Schema schema = update()
        .renameColumn("count", "total")
        .updateColumn("count", Types.LongType.get())
        .updateColumnDoc("count", "how many")
        .moveFirst("count")
        .apply();
    assertThat(schema.columns().get(0)).isEqualTo(optional(20, "total", Types.LongType.get(), "how many"));

    Schema added = update()
        .addColumn("note", Types.IntegerType.get())
        .updateColumn("note", Types.LongType.get())
        .updateColumnDoc("note", "a note")
        .apply();
    assertThat(field(added, "note")).isEqualTo(optional(21, "note", Types.LongType.get(), "a note"));
  }

  @Test
  void rejectsConflictingChanges() {
    assertThatThrownBy(() -> update().deleteColumn("location").addColumn("location.alt", Types.IntegerType.get()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'location'").hasMessageContaining("deleted in this update");
    assertThatThrownBy(() -> update().addColumn("location.alt", Types.IntegerType.get()).deleteColumn("location"))
        .hasMessageContaining("'location'").hasMessageContaining("added to it");
    assertThatThrownBy(() -> update().addColumn("points.z", Types.IntegerType.get()).deleteColumn("points"))
        .hasMessageContaining("'points'").hasMessageContaining("added to it");
    assertThatThrownBy(() -> update().deleteColumn("count").updateColumn("count", Types.LongType.get()))
        .hasMessageContaining("'count'").hasMessageContaining("deleted in this update");
    assertThatThrownBy(() -> update().addColumn("note", Types.IntegerType.get()).deleteColumn("note"))
        .hasMessageContaining("'note'").hasMessageContaining("added in this update");
    assertThatThrownBy(() -> update().updateColumnDoc("data", "x").deleteColumn("data"))
        .hasMessageContaining("'data'");
  }

  @Test
  void matchesNamesIgnoringCaseWhenAsked() {
    Schema schema = update().caseSensitive(false)
        .renameColumn("DATA", "payload")
        .updateColumn("Location.LON", Types.DoubleType.get())
        .deleteColumn("PRICE")
        .addColumn("LOCATION.alt", Types.DoubleType.get())
        .moveFirst("location.ALT")
        .apply();
    assertThat(field(schema, "payload").fieldId()).isEqualTo(2);
    assertThat(schema.findField("price")).isEmpty();
    assertThat(names(field(schema, "location").type().asStructType())).containsExactly("alt", "lat", "lon");

    assertThatThrownBy(() -> update().renameColumn("DATA", "payload"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'DATA'").hasMessageContaining("case-sensitive");
  }

  @Test
  void requiredStructColumnTakesAnEmptyStructDefault() {
    Type point = Types.StructType.of(optional(1, "x", Types.IntegerType.get()));
    Types.NestedField added = field(update(3).addRequiredColumn("point", point, Map.of()).apply(), "point");
    assertThat(added.isRequired()).isTrue();
    assertThat(added.initialDefault()).contains(Map.of());
    assertThat(added.type().asStructType().fields().get(0).fieldId()).isEqualTo(22);
  }
}
