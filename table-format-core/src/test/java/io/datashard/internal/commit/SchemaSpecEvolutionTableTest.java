package io.datashard.internal.commit;

import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static io.datashard.internal.commit.TableTestSupport.metadataVersionFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.SortOrder;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.UpdateSchema;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaSpecEvolutionTableTest {
  @TempDir
  Path dir;

  private static TableMetadata metadata(Table table) {
    return ((TableImpl) table).metadata();
  }

  private static List<String> columnNames(Schema schema) {
    List<String> names = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      names.add(field.name());
    }
    return names;
  }

  private static int fieldId(Table table, String name) {
    return table.schema().findField(name).orElseThrow().fieldId();
  }

  // ------------------------------------------------------------------ schema

  @Test
  void addColumnAssignsTheNextIdAndANewSchema() {
    Table table = create(dir);
    assertThat(metadata(table).lastColumnId()).isEqualTo(4);

    table.updateSchema().addColumn("score", Types.DoubleType.get()).commit();

    Table loaded = load(table);
    assertThat(fieldId(loaded, "score")).isEqualTo(5);
    assertThat(loaded.schema().findField("score").orElseThrow().isOptional()).isTrue();
    assertThat(metadata(loaded).lastColumnId()).isEqualTo(5);
    assertThat(metadata(loaded).currentSchemaId()).isEqualTo(1);
    assertThat(loaded.schemas()).containsOnlyKeys(0, 1);
    assertThat(loaded.schema().schemaId()).isEqualTo(1);

    // snapshots record the schema they were written with
    loaded.newFastAppend().appendFile(dataFile(loaded, "a", "f", 1)).commit();
    assertThat(current(loaded).schemaId()).isEqualTo(1);
  }

  @Test
  void dropRenameAndReorderKeepIds() {
    Table table = create(dir);
    table.updateSchema()
        .deleteColumn("ts")
        .renameColumn("data", "payload")
        .moveFirst("data") // moves name columns as they are before this update's renames
        .commit();

    Schema schema = load(table).schema();
    assertThat(columnNames(schema)).containsExactly("payload", "id", "category");
    assertThat(schema.findField("payload").orElseThrow().fieldId()).isEqualTo(4);
    assertThat(schema.findField(3)).isEmpty();
    assertThat(metadata(table).lastColumnId()).isEqualTo(4);

    // a new column never reuses the dropped id
    table.updateSchema().addColumn("ts2", Types.TimestampType.withZone()).moveAfter("ts2", "id").commit();
    assertThat(fieldId(table, "ts2")).isEqualTo(5);
    assertThat(columnNames(table.schema())).containsExactly("payload", "id", "ts2", "category");
  }

  @Test
  void promoteTypes() {
    Table table = create(dir);
    table.updateSchema()
        .addColumn("count", Types.IntegerType.get())
        .addColumn("ratio", Types.FloatType.get())
        .addColumn("price", Types.DecimalType.of(9, 2))
        .commit();

    table.updateSchema()
        .updateColumn("count", Types.LongType.get())
        .updateColumn("ratio", Types.DoubleType.get())
        .updateColumn("price", Types.DecimalType.of(18, 2))
        .commit();

    Schema schema = load(table).schema();
    assertThat(schema.findField("count").orElseThrow().type()).isEqualTo(Types.LongType.get());
    assertThat(schema.findField("ratio").orElseThrow().type()).isEqualTo(Types.DoubleType.get());
    assertThat(schema.findField("price").orElseThrow().type()).isEqualTo(Types.DecimalType.of(18, 2));
    assertThat(table.schemas()).hasSize(3);
  }

  @Test
  void incompatibleTypeChangeIsRejected() {
    Table table = create(dir);
    Set<String> before = metadataVersionFiles(table);

    assertThatThrownBy(() -> table.updateSchema().updateColumn("data", Types.IntegerType.get()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("data")
        .hasMessageContaining("string")
        .hasMessageContaining("int");
    assertThat(metadataVersionFiles(table)).isEqualTo(before);
    assertThat(table.refresh().schemas()).hasSize(1);
  }

  @Test
  void identifierFields() {
    Table table = create(dir);
    table.updateSchema().setIdentifierFields(List.of("id")).commit();
    assertThat(load(table).schema().identifierFieldIds()).containsExactly(1);

    // an optional column cannot be an identifier
    assertThatThrownBy(() -> table.updateSchema().setIdentifierFields(List.of("data")).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("data");
  }

  @Test
  void makingAColumnRequiredIsIncompatible() {
    Table table = create(dir);
    assertThatThrownBy(() -> table.updateSchema().requireColumn("data"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("data");

    table.updateSchema().allowIncompatibleChanges().requireColumn("data").commit();
    assertThat(table.schema().findField("data").orElseThrow().isRequired()).isTrue();
  }

  @Test
  void revertingToAnEarlierSchemaReusesItsId() {
    Table table = create(dir);
    table.updateSchema().addColumn("tmp", Types.StringType.get()).commit();
    table.updateSchema().deleteColumn("tmp").commit();

    assertThat(metadata(table).currentSchemaId()).isZero();
    assertThat(table.schemas()).hasSize(2);
    assertThat(metadata(table).lastColumnId()).isEqualTo(5);
  }

  @Test
  void concurrentSchemaChangeIsDetected() {
    Table table = create(dir);
    UpdateSchema first = table.updateSchema().addColumn("x", Types.IntegerType.get());
    UpdateSchema second = table.updateSchema().addColumn("y", Types.IntegerType.get());
    first.commit();

    assertThatThrownBy(second::commit)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("concurrently");
    assertThat(table.refresh().schema().findField("y")).isEmpty();
    assertThat(fieldId(table, "x")).isEqualTo(5);
  }

  @Test
  void droppingACurrentPartitionSourceIsRejected() {
    Table table = create(dir);
    assertThatThrownBy(() -> table.updateSchema().deleteColumn("category").commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("category");
    assertThat(load(table).schema().findField("category")).isPresent();

    // once no longer partitioned by it (v2 removes the field), the column can go
    table.updateSpec().removeField("category").commit();
    table.updateSchema().deleteColumn("category").commit();
    assertThat(load(table).schema().findField("category")).isEmpty();
    assertThat(table.specs().get(0).fields()).hasSize(1); // the old spec keeps its field
  }

  @Test
  void droppingASortColumnIsRejected() {
    Table table = TableTestSupport.tables().create(TableTestSupport.SCHEMA, PartitionSpec.unpartitioned(),
        SortOrder.builderFor(TableTestSupport.SCHEMA).asc("ts").build(), Map.of(), dir.resolve("sorted").toString());
    assertThatThrownBy(() -> table.updateSchema().deleteColumn("ts").commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'ts'")
        .hasMessageContaining("sort order");
  }

  // ------------------------------------------------------------------ partition spec

  @Test
  void addPartitionFields() {
    Table table = create(dir);
    assertThat(metadata(table).lastPartitionId()).isEqualTo(1000);

    table.updateSpec().addField("id", Transforms.bucket(16)).addField("ts", Transforms.day()).commit();

    Table loaded = load(table);
    PartitionSpec spec = loaded.spec();
    assertThat(spec.specId()).isEqualTo(1);
    assertThat(spec.fields()).containsExactly(
        new PartitionField(2, 1000, "category", Transforms.identity()),
        new PartitionField(1, 1001, "id_bucket", Transforms.bucket(16)),
        new PartitionField(3, 1002, "ts_day", Transforms.day()));
    assertThat(metadata(loaded).lastPartitionId()).isEqualTo(1002);
    assertThat(loaded.specs()).containsOnlyKeys(0, 1);
    assertThat(metadata(loaded).defaultSpecId()).isEqualTo(1);
  }

  @Test
  void filesOfOldAndNewSpecsLiveTogether() {
    Table table = create(dir);
    DataFile old = dataFile(table, "a", "old", 1);
    table.newFastAppend().appendFile(old).commit();
    table.updateSpec().addField("id", Transforms.bucket(4)).commit();
    DataFile fresh = DataFile.builder(table.spec())
        .withLocation(table.location() + "/data/new.parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of("a", 3))
        .withRecordCount(2)
        .withFileSizeInBytes(20)
        .build();

    table.newAppend().appendFile(fresh).commit();

    Table loaded = load(table);
    assertThat(liveDataLocations(loaded)).isEqualTo(locationsOf(old, fresh));
    assertThat(loaded.manifests(current(loaded))).extracting(m -> m.partitionSpecId()).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void removeFieldInVersionTwoDropsIt() {
    Table table = create(dir);
    table.updateSpec().addField("id", Transforms.bucket(16)).commit();
    table.updateSpec().removeField("category").commit();

    PartitionSpec spec = load(table).spec();
    assertThat(spec.specId()).isEqualTo(2);
    assertThat(spec.fields()).containsExactly(new PartitionField(1, 1001, "id_bucket", Transforms.bucket(16)));
    assertThat(metadata(table).lastPartitionId()).isEqualTo(1001);

    // adding it back reuses its old field id, as v2 requires
    table.updateSpec().addField("category").commit();
    assertThat(table.spec().fields()).contains(new PartitionField(2, 1000, "category", Transforms.identity()));
    assertThat(metadata(table).lastPartitionId()).isEqualTo(1001);
  }

  @Test
  void removeFieldInVersionOneReplacesItWithVoid() {
    Table table = create(dir, Map.of(TableProperties.FORMAT_VERSION, "1"));
    table.updateSpec().removeField("category").commit();

    PartitionSpec spec = load(table).spec();
    assertThat(spec.specId()).isEqualTo(1);
    assertThat(spec.fields()).hasSize(1);
    PartitionField field = spec.fields().get(0);
    assertThat(field.fieldId()).isEqualTo(1000);
    assertThat(field.sourceId()).isEqualTo(2);
    assertThat(field.transform().isVoid()).isTrue();

    table.updateSpec().addField("id", Transforms.bucket(8)).commit();
    assertThat(table.spec().fields()).hasSize(2);
    assertThat(table.spec().fields().get(1).fieldId()).isEqualTo(1001);
  }

  @Test
  void revertingToAnEarlierSpecReusesItsId() {
    Table table = create(dir);
    table.updateSpec().addField("id", Transforms.bucket(16)).commit();
    table.updateSpec().removeField("id_bucket").commit();

    assertThat(table.spec().specId()).isZero();
    assertThat(table.specs()).hasSize(2);
  }

  @Test
  void renamePartitionField() {
    Table table = create(dir);
    table.updateSpec().renameField("category", "cat").commit();
    assertThat(load(table).spec().fields()).containsExactly(new PartitionField(2, 1000, "cat", Transforms.identity()));
  }

  @Test
  void invalidSpecChangesAreRejected() {
    Table table = create(dir);
    assertThatThrownBy(() -> table.updateSpec().addField("category").commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("category");
    assertThatThrownBy(() -> table.updateSpec().addField("nope", Transforms.bucket(4)).commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> table.updateSpec().removeField("nope").commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("nope");
    assertThat(table.refresh().specs()).hasSize(1);
  }

  // ------------------------------------------------------------------ properties

  @Test
  void setAndRemoveProperties() {
    Table table = create(dir, Map.of("owner", "alice", "keep", "1"));
    table.updateProperties().set("owner", "bob").set("team", "data").remove("keep").commit();

    Map<String, String> properties = load(table).properties();
    assertThat(properties).containsEntry("owner", "bob").containsEntry("team", "data").doesNotContainKey("keep");
    assertThat(table.updateProperties().set("x", "1").apply()).containsEntry("x", "1");
    assertThat(table.refresh().properties()).doesNotContainKey("x");

    assertThatThrownBy(() -> table.updateProperties().set("k", "v").remove("k"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'k'");
  }

  @Test
  void formatVersionIsNotAProperty() {
    Table table = create(dir, Map.of(TableProperties.FORMAT_VERSION, "1"));
    assertThat(table.properties()).doesNotContainKey(TableProperties.FORMAT_VERSION);

    table.updateProperties().set(TableProperties.FORMAT_VERSION, "2").commit();
    Table loaded = load(table);
    assertThat(loaded.formatVersion()).isEqualTo(2);
    assertThat(loaded.properties()).doesNotContainKey(TableProperties.FORMAT_VERSION);

    assertThatThrownBy(() -> loaded.updateProperties().set(TableProperties.FORMAT_VERSION, "1").commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("downgrade");
  }
}
