package io.datashard.catalog;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.CommitFailedException;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.NoSuchTableException;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.FileIOs;
import io.datashard.io.FileInfo;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import io.datashard.io.SupportsPrefixListing;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when something goes wrong, on real path tables on local disk, through the public
 * API only: every failure is a typed exception whose message names the table, file or column, says
 * why and what to do, and nothing partial ever becomes the table's current state.
 */
class UserFacingErrorsTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "name", Types.StringType.get()),
      optional(3, "price", Types.DoubleType.get()),
      optional(4, "ts", Types.TimestampType.withZone()),
      optional(5, "category", Types.StringType.get())));

  /** The advice the metadata parser gives for an unreadable metadata file. */
  private static final String METADATA_ADVICE = "Restore it from a backup";
  /** The advice the manifest readers give for an unreadable manifest. */
  private static final String MANIFEST_ADVICE = "Restore the file from a backup";

  @TempDir
  Path dir;

  private final PathTables tables = new PathTables();
  private String location;

  @BeforeEach
  void setUp() {
    location = dir.resolve("events").toString();
  }

  // ---------------------------------------------------------------- missing table

  @Test
  void loadingAMissingTableNamesTheLocationAndSaysWhatToDo() {
    String missing = dir.resolve("no-such-table").toString();

    assertThatThrownBy(() -> tables.load(missing))
        .isInstanceOf(NoSuchTableException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("no v<N>.metadata.json")
        .hasMessageContaining("Create the table first, or check the path");
    assertThat(Files.exists(Paths.get(missing))).as("loading must not create anything").isFalse();
    assertThat(tables.exists(missing)).isFalse();
  }

  @Test
  void loadingADirectoryWithoutMetadataIsAMissingTable() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty").resolve("metadata"));
    Files.writeString(empty.resolve("notes.txt"), "not a table");
    String emptyLocation = dir.resolve("empty").toString();

    assertThatThrownBy(() -> tables.load(emptyLocation))
        .isInstanceOf(NoSuchTableException.class)
        .hasMessageContaining(emptyLocation)
        .hasMessageContaining("Create the table first, or check the path");
  }

  // ---------------------------------------------------------------- corrupt table metadata

  @Test
  void garbageInTheCurrentMetadataFileIsCorruptMetadataNamingTheFile() throws IOException {
    createWithTwoAppends(Map.of());
    TableState before = state();
    Path current = metadataDir().resolve("v3.metadata.json");
    byte[] original = Files.readAllBytes(current);

    List<byte[]> garbage = List.of(
        new byte[] {0, 1, 2, (byte) 0xff, 'x', 'y'},
        "this is not json".getBytes(StandardCharsets.UTF_8),
        "[1, 2, 3]".getBytes(StandardCharsets.UTF_8),
        "42".getBytes(StandardCharsets.UTF_8),
        "{}".getBytes(StandardCharsets.UTF_8),
        "{\"format-version\": 2, \"table-uuid\": 7}".getBytes(StandardCharsets.UTF_8),
        new byte[0]);
    for (byte[] content : garbage) {
      Files.write(current, content);
      Set<String> filesBefore = metadataFileNames();

      assertThatThrownBy(() -> tables.load(location))
          .as("metadata file holding %s", new String(content, StandardCharsets.UTF_8))
          .isInstanceOf(CorruptMetadataException.class)
          .hasMessageContaining(current.toString())
          .hasMessageContaining(METADATA_ADVICE);
      assertThat(metadataFileNames()).as("a failed load writes nothing").isEqualTo(filesBefore);
      assertThat(Files.readAllBytes(current)).isEqualTo(content);
      assertThat(readHint()).isEqualTo("3");
    }

    Files.write(current, original);
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void truncatedCurrentMetadataFileIsCorruptMetadataNamingTheFile() throws IOException {
    createWithTwoAppends(Map.of());
    TableState before = state();
    Path current = metadataDir().resolve("v3.metadata.json");
    byte[] original = Files.readAllBytes(current);

    Files.write(current, Arrays.copyOf(original, original.length / 2));

    assertThatThrownBy(() -> tables.load(location))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(current.toString())
        .hasMessageContaining("truncated or corrupt")
        .hasMessageContaining(METADATA_ADVICE);
    assertThat(metadataFileNames()).isEqualTo(before.metadataFiles());

    Files.write(current, original);
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void truncatedGzipMetadataFileIsCorruptMetadataNamingTheFile() throws IOException {
    createWithTwoAppends(Map.of(TableProperties.METADATA_COMPRESSION, "gzip"));
    TableState before = state();
    Path current = metadataDir().resolve("v3.gz.metadata.json");
    assertThat(current).exists();
    byte[] original = Files.readAllBytes(current);

    Files.write(current, Arrays.copyOf(original, original.length / 2));

    assertThatThrownBy(() -> tables.load(location))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(current.toString())
        .hasMessageContaining("truncated or corrupt")
        .hasMessageContaining(METADATA_ADVICE);

    Files.write(current, original);
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aTableLoadedBeforeItsMetadataWasDamagedKeepsItsState() throws IOException {
    Table table = createWithTwoAppends(Map.of());
    long snapshotId = table.currentSnapshot().orElseThrow().snapshotId();
    Path current = metadataDir().resolve("v3.metadata.json");

    Files.writeString(current, "{\"format-version\": 2, \"table-uuid\": ");

    try {
      table.refresh();
    } catch (CorruptMetadataException e) {
      assertThat(e).hasMessageContaining(current.toString());
    }
    assertThat(table.currentSnapshot().map(Snapshot::snapshotId)).contains(snapshotId);
    assertThat(table.schema().sameSchema(SCHEMA)).isTrue();
  }

  // ---------------------------------------------------------------- manifest with the wrong schema

  @Test
  void manifestWithAnotherAvroSchemaIsCorruptMetadataNamingTheManifest() throws IOException {
    Table table = createWithTwoAppends(Map.of());
    Snapshot snapshot = table.currentSnapshot().orElseThrow();
    String manifest = manifestAddedBy(table, snapshot);
    replaceWithForeignAvro(manifest);

    assertThatThrownBy(() -> locations(table.dataFiles(snapshot)))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifest)
        .hasMessageContaining("not a manifest of the Iceberg spec")
        .hasMessageContaining(MANIFEST_ADVICE);
    // a fresh load reads only the metadata file and the manifest list, which are intact
    Table reloaded = tables.load(location);
    assertThatThrownBy(() -> locations(reloaded.dataFiles(reloaded.currentSnapshot().orElseThrow())))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifest);
  }

  @Test
  void appendThatMustMergeAForeignManifestFailsWithoutChangingTheTable() throws IOException {
    Table table = createWithTwoAppends(Map.of(TableProperties.MANIFEST_MIN_MERGE_COUNT, "2"));
    Snapshot snapshot = table.currentSnapshot().orElseThrow();
    String manifest = manifestAddedBy(table, snapshot);
    replaceWithForeignAvro(manifest);
    TableState before = state();

    assertThatThrownBy(() -> table.newAppend().appendFile(dataFile(table, "c")).commit())
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifest)
        .hasMessageContaining(MANIFEST_ADVICE);

    assertThat(state()).isEqualTo(before);
    assertThat(table.refresh().currentSnapshot().map(Snapshot::snapshotId)).contains(snapshot.snapshotId());
  }

  @Test
  void appendThatDoesNotMergeKeepsTheForeignManifestAsItIs() throws IOException {
    Table table = createWithTwoAppends(Map.of());
    Snapshot snapshot = table.currentSnapshot().orElseThrow();
    String manifest = manifestAddedBy(table, snapshot);
    replaceWithForeignAvro(manifest);
    Set<String> manifestsBefore = manifestLocations(table, snapshot);

    // the default min-count-to-merge (100) leaves existing manifests alone: the append needs not read them
    table.newAppend().appendFile(dataFile(table, "c")).commit();

    Table reloaded = tables.load(location);
    Snapshot appended = reloaded.currentSnapshot().orElseThrow();
    assertThat(appended.parentIdValue()).contains(snapshot.snapshotId());
    assertThat(appended.summary()).containsEntry("added-data-files", "1").containsEntry("total-data-files", "3");
    Set<String> manifestsAfter = manifestLocations(reloaded, appended);
    assertThat(manifestsAfter).containsAll(manifestsBefore).hasSize(manifestsBefore.size() + 1);
    // the damage is still reported, not hidden by the new snapshot
    assertThatThrownBy(() -> locations(reloaded.dataFiles(appended)))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifest);
  }

  @Test
  void truncatedManifestIsCorruptMetadataNamingTheManifest() throws IOException {
    Table table = createWithTwoAppends(Map.of());
    Snapshot snapshot = table.currentSnapshot().orElseThrow();
    String manifest = manifestAddedBy(table, snapshot);
    Path path = Paths.get(manifest);
    byte[] original = Files.readAllBytes(path);
    Files.write(path, Arrays.copyOf(original, original.length * 3 / 4));

    assertThatThrownBy(() -> locations(table.dataFiles(snapshot)))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifest)
        .hasMessageContaining("truncated")
        .hasMessageContaining(MANIFEST_ADVICE);
  }

  @Test
  void manifestListWithAnotherAvroSchemaFailsEveryReadAndCommitWithoutChangingTheTable() throws IOException {
    Table table = createWithTwoAppends(Map.of());
    Snapshot snapshot = table.currentSnapshot().orElseThrow();
    String manifestList = snapshot.manifestListLocation();
    replaceWithForeignAvro(manifestList);
    Set<String> filesBefore = metadataFileNames();

    assertThatThrownBy(() -> table.manifests(snapshot))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifestList)
        .hasMessageContaining(MANIFEST_ADVICE);
    // an append must carry the current manifests forward, so it has to read the damaged list
    assertThatThrownBy(() -> table.newFastAppend().appendFile(dataFile(table, "c")).commit())
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifestList)
        .hasMessageContaining(MANIFEST_ADVICE);

    assertThat(metadataFileNames()).as("the failed append left no files behind").isEqualTo(filesBefore);
    assertThat(versionFiles()).hasSize(3);
    assertThat(tables.load(location).currentSnapshot().map(Snapshot::snapshotId)).contains(snapshot.snapshotId());
  }

  // ---------------------------------------------------------------- invalid schema changes

  @Test
  void incompatibleTypeChangeNamesColumnAndTypes() {
    Table table = createWithTwoAppends(Map.of());
    TableState before = state();

    assertThatThrownBy(() -> table.updateSchema().updateColumn("name", Types.IntegerType.get()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'name'")
        .hasMessageContaining("from string to int")
        .hasMessageContaining("allowed type promotions are int to long")
        .hasMessageContaining("add a new column");
    assertThatThrownBy(() -> table.updateSchema().updateColumn("price", Types.FloatType.get()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'price'")
        .hasMessageContaining("from double to float");

    assertThat(state()).isEqualTo(before);
  }

  @Test
  void requiringAnOptionalColumnNeedsAllowIncompatibleChanges() {
    Table table = createWithTwoAppends(Map.of());
    TableState before = state();

    assertThatThrownBy(() -> table.updateSchema().requireColumn("name").commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'name'")
        .hasMessageContaining("existing rows may hold nulls")
        .hasMessageContaining("allowIncompatibleChanges()");
    assertThat(state()).isEqualTo(before);

    // the advice works
    table.updateSchema().allowIncompatibleChanges().requireColumn("name").commit();
    assertThat(tables.load(location).schema().findField("name").orElseThrow().isRequired()).isTrue();
  }

  @Test
  void droppingAnIdentifierFieldIsRefused() {
    Table table = createWithTwoAppends(Map.of());
    table.updateSchema().setIdentifierFields(List.of("id")).commit();
    TableState before = state();

    assertThatThrownBy(() -> table.updateSchema().deleteColumn("id").commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'id'")
        .hasMessageContaining("identifier field")
        .hasMessageContaining("setIdentifierFields(");

    assertThat(state()).isEqualTo(before);
    assertThat(tables.load(location).schema().identifierFieldIds()).containsExactly(1);
  }

  @Test
  void nameClashesAreRefused() {
    Table table = createWithTwoAppends(Map.of());
    TableState before = state();

    assertThatThrownBy(() -> table.updateSchema().addColumn("category", Types.IntegerType.get()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'category'")
        .hasMessageContaining("already exists")
        .hasMessageContaining("delete it first or choose another name");
    assertThatThrownBy(() -> table.updateSchema().renameColumn("name", "category").commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'category'")
        .hasMessageContaining("rename or delete one of them");

    assertThat(state()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- transforms on incompatible types

  @Test
  void transformOnAnIncompatibleTypeIsRefusedByTheBuilder() {
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).bucket("price", 16).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bucket[16]")
        .hasMessageContaining("'price'")
        .hasMessageContaining("double")
        .hasMessageContaining("supports");
    assertThatThrownBy(() -> PartitionSpec.builderFor(SCHEMA).day("name").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("day")
        .hasMessageContaining("'name'")
        .hasMessageContaining("string")
        .hasMessageContaining("supports");
  }

  @Test
  void transformOnAnIncompatibleTypeIsRefusedBySpecEvolution() {
    Table table = createWithTwoAppends(Map.of());
    TableState before = state();

    assertThatThrownBy(() -> table.updateSpec().addField("price", Transforms.bucket(16)).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bucket[16]")
        .hasMessageContaining("'price'")
        .hasMessageContaining("double")
        .hasMessageContaining("supports");
    assertThatThrownBy(() -> table.updateSpec().addField("name", Transforms.day()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("day")
        .hasMessageContaining("'name'")
        .hasMessageContaining("string")
        .hasMessageContaining("supports");

    assertThat(state()).isEqualTo(before);
    assertThat(tables.load(location).specs()).hasSize(1);
  }

  // ---------------------------------------------------------------- retries exhausted

  @Test
  void conflictThatExhaustsRetriesFailsNamingTheTableAndTheLimit() {
    createWithTwoAppends(Map.of(
        TableProperties.COMMIT_NUM_RETRIES, "2",
        TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "1",
        TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "10"));
    Table rival = tables.load(location);
    AtomicInteger rivalCommits = new AtomicInteger();
    RacingFileIO io = new RacingFileIO(FileIOs.forLocation(location, Map.of()), () -> {
      int n = rivalCommits.incrementAndGet();
      rival.refresh();
      rival.newFastAppend().appendFile(dataFile(rival, "rival-" + n)).commit();
    });
    Table loser = new PathTables(io).load(location);
    DataFile lost = dataFile(loser, "lost");

    assertThatThrownBy(() -> loser.newFastAppend().appendFile(lost).commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining(location)
        .hasMessageContaining("failed after 3 attempts")
        .hasMessageContaining("other writers kept committing first")
        .hasMessageContaining("Retry later, or raise " + TableProperties.COMMIT_NUM_RETRIES + " (now 2)");
    io.racing = false;

    // every attempt lost to exactly one rival commit, and each rival commit is there, in order
    assertThat(rivalCommits).hasValue(3);
    Table reloaded = tables.load(location);
    assertThat(versionFiles()).containsExactly(
        "v1.metadata.json", "v2.metadata.json", "v3.metadata.json", "v4.metadata.json", "v5.metadata.json", "v6.metadata.json");
    assertThat(reloaded.currentSnapshot().map(Snapshot::snapshotId))
        .isEqualTo(rival.refresh().currentSnapshot().map(Snapshot::snapshotId));
    assertThat(locations(reloaded.dataFiles(reloaded.currentSnapshot().orElseThrow()))).containsExactlyInAnyOrder(
        location + "/data/a.parquet", location + "/data/b.parquet",
        location + "/data/rival-1.parquet", location + "/data/rival-2.parquet", location + "/data/rival-3.parquet");
    for (Snapshot snapshot : reloaded.snapshots()) {
      assertThat(locations(reloaded.dataFiles(snapshot))).doesNotContain(lost.location());
    }
    // the loser's manifests and manifest lists were cleaned up
    assertThat(io.written).isNotEmpty();
    for (String file : io.written) {
      assertThat(Paths.get(file)).as("file written by the failed commit").doesNotExist();
    }
    // and the loser's table, refreshed, sees the rival's state and can commit again
    loser.refresh().newFastAppend().appendFile(lost).commit();
    assertThat(versionFiles()).contains("v7.metadata.json");
    assertThat(locations(loser.dataFiles(loser.currentSnapshot().orElseThrow()))).contains(lost.location());
  }

  // ---------------------------------------------------------------- version-hint.text

  @Test
  void hintPointingPastTheLastVersionStillLoadsTheLatest() throws IOException {
    createWithTwoAppends(Map.of());
    TableState before = state();

    writeHint("7");
    assertThat(withoutHint(state())).isEqualTo(withoutHint(before));
    assertThat(withoutHint(stateVia(new PathTables(new NonListingFileIO(FileIOs.forLocation(location, Map.of()))))))
        .as("storage that cannot list probes from v1")
        .isEqualTo(withoutHint(before));

    // the next commit is v4, and repairs the hint
    Table table = tables.load(location);
    table.newFastAppend().appendFile(dataFile(table, "c")).commit();
    assertThat(versionFiles()).contains("v4.metadata.json").doesNotContain("v8.metadata.json");
    assertThat(readHint()).isEqualTo("4");
  }

  @Test
  void unreadableOrMissingHintStillLoadsTheLatest() throws IOException {
    createWithTwoAppends(Map.of());
    TableState before = state();
    PathTables nonListing = new PathTables(new NonListingFileIO(FileIOs.forLocation(location, Map.of())));

    for (String hint : List.of("garbage", "", "-5", "3.0", "99999999999999999999", "1")) {
      writeHint(hint);
      assertThat(withoutHint(state())).as("hint '%s'", hint).isEqualTo(withoutHint(before));
      assertThat(withoutHint(stateVia(nonListing))).as("hint '%s' without listing", hint).isEqualTo(withoutHint(before));
    }
    Files.delete(metadataDir().resolve("version-hint.text"));
    assertThat(withoutHint(state())).isEqualTo(withoutHint(before));
    assertThat(withoutHint(stateVia(nonListing))).isEqualTo(withoutHint(before));
  }

  // ---------------------------------------------------------------- helpers

  /** What a fresh load of the table shows, and what is in its metadata directory. */
  private record TableState(Set<String> metadataFiles, String hint, Optional<Long> snapshotId, int schemaId,
      int specId, Set<String> manifests, Map<String, String> properties) {
  }

  private static TableState withoutHint(TableState state) {
    Set<String> files = new TreeSet<>(state.metadataFiles());
    files.remove("version-hint.text");
    return new TableState(files, null, state.snapshotId(), state.schemaId(), state.specId(), state.manifests(),
        state.properties());
  }

  private TableState state() {
    return stateVia(tables);
  }

  private TableState stateVia(PathTables via) {
    Table loaded = via.load(location);
    Optional<Snapshot> snapshot = loaded.currentSnapshot();
    return new TableState(metadataFileNames(), readHint(), snapshot.map(Snapshot::snapshotId), loaded.schema().schemaId(),
        loaded.spec().specId(), snapshot.map(s -> manifestLocations(loaded, s)).orElse(Set.of()),
        new TreeMap<>(loaded.properties()));
  }

  private Table createWithTwoAppends(Map<String, String> properties) {
    Table table = tables.create(SCHEMA, PartitionSpec.unpartitioned(), properties, location);
    table.newFastAppend().appendFile(dataFile(table, "a")).commit();
    table.newFastAppend().appendFile(dataFile(table, "b")).commit();
    assertThat(versionFiles()).hasSize(3);
    return table;
  }

  private static DataFile dataFile(Table table, String name) {
    return DataFile.builder(table.spec())
        .withLocation(table.location() + "/data/" + name + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withRecordCount(10)
        .withFileSizeInBytes(1000)
        .build();
  }

  private static String manifestAddedBy(Table table, Snapshot snapshot) {
    for (ManifestFile manifest : table.manifests(snapshot)) {
      if (manifest.addedSnapshotId() == snapshot.snapshotId()) {
        return manifest.location();
      }
    }
    throw new AssertionError("snapshot " + snapshot.snapshotId() + " added no manifest");
  }

  private static Set<String> manifestLocations(Table table, Snapshot snapshot) {
    Set<String> result = new TreeSet<>();
    for (ManifestFile manifest : table.manifests(snapshot)) {
      result.add(manifest.location());
    }
    return result;
  }

  /** Replaces a file with a valid Avro file of an unrelated schema. */
  private static void replaceWithForeignAvro(String location) throws IOException {
    org.apache.avro.Schema person = SchemaBuilder.record("person").fields()
        .requiredString("name")
        .requiredInt("age")
        .endRecord();
    Path path = Paths.get(location);
    Files.delete(path);
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(person))) {
      writer.create(person, path.toFile());
      for (int i = 0; i < 3; i++) {
        GenericRecord record = new GenericData.Record(person);
        record.put("name", "person-" + i);
        record.put("age", 30 + i);
        writer.append(record);
      }
    }
  }

  private static Set<String> locations(CloseableIterable<DataFile> files) {
    Set<String> result = new TreeSet<>();
    try (CloseableIterator<DataFile> it = files.iterator()) {
      while (it.hasNext()) {
        result.add(it.next().location());
      }
    }
    return result;
  }

  private Path metadataDir() {
    return Paths.get(location, "metadata");
  }

  private Set<String> metadataFileNames() {
    Set<String> result = new TreeSet<>();
    try (Stream<Path> files = Files.list(metadataDir())) {
      files.forEach(p -> result.add(p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  private Set<String> versionFiles() {
    Set<String> result = new TreeSet<>();
    for (String name : metadataFileNames()) {
      if (name.matches("v\\d+(\\.gz)?\\.metadata\\.json")) {
        result.add(name);
      }
    }
    return result;
  }

  private String readHint() {
    Path hint = metadataDir().resolve("version-hint.text");
    try {
      return Files.exists(hint) ? Files.readString(hint, StandardCharsets.UTF_8).trim() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeHint(String text) throws IOException {
    Files.writeString(metadataDir().resolve("version-hint.text"), text, StandardCharsets.UTF_8);
  }

  /**
   * Local storage on which another writer commits right before each attempt to create a
   * {@code v<N>.metadata.json}, so every attempt loses the race. Records the other files it creates.
   */
  private static final class RacingFileIO implements FileIO, SupportsPrefixListing {
    private static final long serialVersionUID = 1L;

    private final FileIO delegate;
    private final transient Runnable rivalCommit;
    private final transient List<String> written = new CopyOnWriteArrayList<>();
    private volatile boolean racing = true;

    RacingFileIO(FileIO delegate, Runnable rivalCommit) {
      this.delegate = delegate;
      this.rivalCommit = rivalCommit;
    }

    @Override
    public InputFile newInputFile(String location) {
      return delegate.newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
      return delegate.newInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
      OutputFile out = delegate.newOutputFile(location);
      boolean versionFile = location.substring(location.lastIndexOf('/') + 1).matches("v\\d+(\\.gz)?\\.metadata\\.json");
      return new OutputFile() {
        @Override
        public String location() {
          return out.location();
        }

        @Override
        public PositionOutputStream create() {
          if (versionFile && racing) {
            rivalCommit.run();
          }
          if (!versionFile) {
            written.add(location);
          }
          return out.create();
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
          if (!versionFile && !location.endsWith("version-hint.text")) {
            written.add(location);
          }
          return out.createOrOverwrite();
        }

        @Override
        public InputFile toInputFile() {
          return out.toInputFile();
        }
      };
    }

    @Override
    public void deleteFile(String location) {
      delegate.deleteFile(location);
    }

    @Override
    public CloseableIterable<FileInfo> listPrefix(String prefix) {
      return ((SupportsPrefixListing) delegate).listPrefix(prefix);
    }

    @Override
    public void deletePrefix(String prefix) {
      ((SupportsPrefixListing) delegate).deletePrefix(prefix);
    }
  }

  /** Storage that cannot list, like an object store without list permission. */
  private static final class NonListingFileIO implements FileIO {
    private static final long serialVersionUID = 1L;

    private final FileIO delegate;

    NonListingFileIO(FileIO delegate) {
      this.delegate = delegate;
    }

    @Override
    public InputFile newInputFile(String location) {
      return delegate.newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
      return delegate.newInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
      return delegate.newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
      delegate.deleteFile(location);
    }
  }
}
