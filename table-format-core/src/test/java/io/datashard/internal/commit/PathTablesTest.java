package io.datashard.internal.commit;

import static io.datashard.internal.commit.TableTestSupport.SCHEMA;
import static io.datashard.internal.commit.TableTestSupport.SPEC;
import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.location;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static io.datashard.internal.commit.TableTestSupport.metadataVersionFiles;
import static io.datashard.internal.commit.TableTestSupport.tables;
import static io.datashard.internal.commit.TableTestSupport.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.NoSuchTableException;
import io.datashard.internal.io.InMemoryFileIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathTablesTest {
  @TempDir
  Path dir;

  private String hint(Table table) throws IOException {
    return Files.readString(Paths.get(table.location(), "metadata", "version-hint.text"), StandardCharsets.UTF_8).trim();
  }

  @Test
  void createWritesFirstVersionAndHint() throws IOException {
    Table table = create(dir);

    assertThat(table.location()).isEqualTo(location(dir));
    assertThat(metadataVersionFiles(table)).containsExactly("v1.metadata.json");
    assertThat(hint(table)).isEqualTo("1");
    assertThat(table.formatVersion()).isEqualTo(TableProperties.DEFAULT_FORMAT_VERSION);
    assertThat(table.currentSnapshot()).isEmpty();
    assertThat(table.snapshots()).isEmpty();
    assertThat(table.schema().sameSchema(SCHEMA)).isTrue();
    assertThat(table.spec().fields()).isEqualTo(SPEC.fields());
    assertThat(table.uuid()).isNotBlank();

    String json = Files.readString(Paths.get(table.location(), "metadata", "v1.metadata.json"));
    assertThat(json).contains("\"format-version\"").contains(table.uuid());
  }

  @Test
  void createStripsTrailingSlashAndLoadsBack() {
    Table created = tables().create(SCHEMA, SPEC, Map.of(), location(dir) + "/");
    Table loaded = tables().load(location(dir));

    assertThat(created.location()).isEqualTo(location(dir));
    assertThat(loaded.uuid()).isEqualTo(created.uuid());
    assertThat(loaded.schema().sameSchema(created.schema())).isTrue();
  }

  @Test
  void createTwiceFails() {
    create(dir);
    assertThatThrownBy(() -> create(dir))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining(location(dir));
  }

  @Test
  void loadMissingNamesTheLocation() {
    String missing = dir.resolve("nothing-here").toString();
    assertThatThrownBy(() -> tables().load(missing))
        .isInstanceOf(NoSuchTableException.class)
        .hasMessageContaining(missing);
  }

  @Test
  void exists() {
    PathTables tables = tables();
    assertThat(tables.exists(location(dir))).isFalse();
    create(dir);
    assertThat(tables.exists(location(dir))).isTrue();
    assertThat(tables.exists(dir.resolve("other").toString())).isFalse();
  }

  @Test
  void dropWithoutPurgeKeepsDataFiles() {
    Table table = create(dir);
    DataFile file = dataFile(table, "a", "f1", 10);
    touch(file);
    table.newFastAppend().appendFile(file).commit();

    assertThat(tables().drop(table.location(), false)).isTrue();

    assertThat(tables().exists(table.location())).isFalse();
    assertThat(TableTestSupport.filesUnder(table.location() + "/metadata")).isEmpty();
    assertThat(Files.exists(Paths.get(file.location()))).isTrue();
    assertThatThrownBy(() -> tables().load(table.location())).isInstanceOf(NoSuchTableException.class);
  }

  @Test
  void dropWithPurgeRemovesEverything() {
    Table table = create(dir);
    DataFile file = dataFile(table, "a", "f1", 10);
    touch(file);
    table.newFastAppend().appendFile(file).commit();

    assertThat(tables().drop(table.location(), true)).isTrue();

    assertThat(TableTestSupport.filesUnder(table.location())).isEmpty();
    assertThat(tables().drop(table.location(), true)).isFalse();
  }

  @Test
  void dropMissingReturnsFalse() {
    assertThat(tables().drop(location(dir), true)).isFalse();
  }

  @Test
  void refreshSeesCommitsOfAnotherInstance() {
    Table first = create(dir);
    Table second = load(first);
    DataFile file = dataFile(first, "a", "f1", 10);

    second.newFastAppend().appendFile(file).commit();

    assertThat(first.currentSnapshot()).isEmpty();
    first.refresh();
    assertThat(first.currentSnapshot()).isPresent();
    assertThat(current(first).snapshotId()).isEqualTo(current(second).snapshotId());
    assertThat(liveDataLocations(first)).isEqualTo(locationsOf(file));
  }

  @Test
  void staleInstanceCommitsOnTopOfTheLatestVersion() {
    Table first = create(dir);
    Table second = load(first);
    DataFile a = dataFile(first, "a", "f1", 10);
    DataFile b = dataFile(first, "b", "f2", 20);

    second.newFastAppend().appendFile(a).commit();
    first.newFastAppend().appendFile(b).commit(); // first still holds v1: the retry must rebase onto v2

    assertThat(metadataVersionFiles(first)).containsExactlyInAnyOrder("v1.metadata.json", "v2.metadata.json", "v3.metadata.json");
    second.refresh();
    assertThat(liveDataLocations(second)).isEqualTo(locationsOf(a, b));
    Snapshot head = current(second);
    assertThat(head.parentId()).isEqualTo(first.snapshots().get(0).snapshotId());
  }

  @Test
  void loadAndRefreshFindVersionsPastTheHint() throws IOException {
    Table table = create(dir);
    table.newFastAppend().appendFile(dataFile(table, "a", "f1", 10)).commit();
    table.newFastAppend().appendFile(dataFile(table, "a", "f2", 10)).commit();
    Path hint = Paths.get(table.location(), "metadata", "version-hint.text");
    assertThat(hint(table)).isEqualTo("3");

    // a writer that crashed after creating v2 and v3 but before updating the hint
    Files.writeString(hint, "1");
    Table loaded = load(table);
    assertThat(loaded.snapshots()).hasSize(2);
    assertThat(current(loaded).snapshotId()).isEqualTo(current(table).snapshotId());

    // a hint pointing past the last version (a writer that lost its race)
    Files.writeString(hint, "9");
    assertThat(load(table).snapshots()).hasSize(2);

    // no hint at all
    Files.delete(hint);
    assertThat(load(table).snapshots()).hasSize(2);
  }

  @Test
  void refreshAfterHintLagsBehind() throws IOException {
    Table first = create(dir);
    Table second = load(first);
    second.newFastAppend().appendFile(dataFile(first, "a", "f1", 10)).commit();
    Files.writeString(Paths.get(first.location(), "metadata", "version-hint.text"), "1");

    first.refresh();
    assertThat(first.snapshots()).hasSize(1);
  }

  @Test
  void gzipMetadataCompression() throws IOException {
    Table table = create(dir, Map.of(TableProperties.METADATA_COMPRESSION, "gzip"));
    assertThat(metadataVersionFiles(table)).containsExactly("v1.gz.metadata.json");

    table.newFastAppend().appendFile(dataFile(table, "a", "f1", 10)).commit();
    assertThat(metadataVersionFiles(table)).containsExactlyInAnyOrder("v1.gz.metadata.json", "v2.gz.metadata.json");
    assertThat(hint(table)).isEqualTo("2");

    try (InputStream in = new GZIPInputStream(Files.newInputStream(Paths.get(table.location(), "metadata", "v2.gz.metadata.json")))) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(json).contains(table.uuid());
    }
    Table loaded = load(table);
    assertThat(loaded.snapshots()).hasSize(1);
    assertThat(loaded.properties()).containsEntry(TableProperties.METADATA_COMPRESSION, "gzip");
  }

  @Test
  void codecChangeTakesEffectFromTheNextCommit() {
    Table table = create(dir);
    table.updateProperties().set(TableProperties.METADATA_COMPRESSION, "gzip").commit();
    assertThat(metadataVersionFiles(table)).containsExactlyInAnyOrder("v1.metadata.json", "v2.metadata.json");

    table.newFastAppend().appendFile(dataFile(table, "a", "f1", 10)).commit();
    assertThat(metadataVersionFiles(table))
        .containsExactlyInAnyOrder("v1.metadata.json", "v2.metadata.json", "v3.gz.metadata.json");
    assertThat(load(table).snapshots()).hasSize(1);
  }

  @Test
  void eachCommitWritesOneNewVersion() {
    Table table = create(dir);
    table.newFastAppend().appendFile(dataFile(table, "a", "f1", 10)).commit();
    table.updateProperties().set("k", "v").commit();
    assertThat(metadataVersionFiles(table))
        .containsExactlyInAnyOrder("v1.metadata.json", "v2.metadata.json", "v3.metadata.json");
    assertThat(load(table).properties()).containsEntry("k", "v");
  }

  @Test
  void inMemoryTables() {
    InMemoryFileIO io = new InMemoryFileIO();
    PathTables tables = new PathTables(io);
    String location = "memory://bucket/" + dir.getFileName() + "/t";
    Table table = tables.create(SCHEMA, PartitionSpec.unpartitioned(), Map.of(), location);
    DataFile file = DataFile.builder(table.spec())
        .withLocation(location + "/data/f.parquet")
        .withFormat(FileFormat.PARQUET)
        .withRecordCount(3)
        .withFileSizeInBytes(30)
        .build();
    table.newAppend().appendFile(file).commit();

    assertThat(tables.exists(location)).isTrue();
    Table loaded = tables.load(location);
    assertThat(liveDataLocations(loaded)).isEqualTo(Set.of(file.location()));
    assertThat(io.newInputFile(location + "/metadata/v2.metadata.json").exists()).isTrue();
    assertThat(tables.drop(location, true)).isTrue();
    assertThat(tables.exists(location)).isFalse();
  }
}
