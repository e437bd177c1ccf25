package io.datashard.internal.metadata;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.NullOrder;
import io.datashard.PartitionSpec;
import io.datashard.PartitionStatisticsFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.SortDirection;
import io.datashard.SortOrder;
import io.datashard.StatisticsFile;
import io.datashard.TableProperties;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.internal.io.InMemoryFileIO;
import io.datashard.io.FileIO;
import io.datashard.io.PositionOutputStream;
import io.datashard.transforms.Transforms;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableMetadataParserTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "data", Types.StringType.get()),
      optional(3, "ts", Types.TimestampType.withZone())));

  private final FileIO io = new InMemoryFileIO();
  private final String root = "memory://metadata-tests/" + UUID.randomUUID();

  /** Metadata with every part the spec defines, built the way commits build it. */
  private TableMetadata richMetadata(int formatVersion) {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).bucket("id", 8).build();
    SortOrder order = SortOrder.builderFor(SCHEMA).asc("id").desc("data", NullOrder.NULLS_LAST).build();
    TableMetadata created = TableMetadataBuilder.newTable(SCHEMA, spec, order, root + "/table/",
            Map.of(TableProperties.FORMAT_VERSION, String.valueOf(formatVersion), "owner", "alice"))
        .withMetadataFileLocation(root + "/table/metadata/v1.metadata.json");

    TableMetadataBuilder builder = created.toBuilder();
    Schema evolved = new Schema(List.of(
        required(1, "id", Types.LongType.get()),
        optional(2, "data", Types.StringType.get()),
        optional(3, "ts", Types.TimestampType.withZone()),
        optional(4, "category", Types.StringType.get())), java.util.Set.of(1));
    builder.setCurrentSchema(evolved);
    builder.setDefaultPartitionSpec(PartitionSpec.builderFor(evolved).bucket("id", 8).day("ts").build());
    builder.setDefaultSortOrder(SortOrder.builderFor(evolved)
        .sortBy(Transforms.truncate(4), "category", SortDirection.ASC, NullOrder.NULLS_FIRST).build());
    builder.setProperties(Map.of("commit.retry.num-retries", "9"));

    boolean v3 = formatVersion >= 3;
    Snapshot first = new Snapshot(1L, 100L, null, 1_700_000_000_000L, root + "/table/metadata/snap-100.avro", List.of(),
        "append", Map.of("added-data-files", "1", "added-records", "10"), 0, v3 ? 0L : null, v3 ? 10L : null);
    Snapshot second = new Snapshot(2L, 200L, 100L, 1_700_000_100_000L, root + "/table/metadata/snap-200.avro", List.of(),
        "overwrite", Map.of("deleted-data-files", "1"), 1, v3 ? 10L : null, v3 ? 5L : null);
    builder.addSnapshot(first).setBranchSnapshot(100L, SnapshotRef.MAIN_BRANCH);
    builder.addSnapshot(second).setBranchSnapshot(200L, SnapshotRef.MAIN_BRANCH);
    builder.setRef("audit", SnapshotRef.branch(100L).withRetention(3, 3_600_000L, 86_400_000L));
    builder.setRef("release-1", SnapshotRef.tag(100L).withRetention(null, null, 604_800_000L));
    builder.setStatistics(new StatisticsFile(200L, root + "/table/metadata/stats-200.puffin", 413L, 42L, null, List.of(
        new StatisticsFile.BlobMetadata("apache-datasketches-theta-v1", 200L, 2L, List.of(1, 2), Map.of("ndv", "7")))));
    builder.setPartitionStatistics(new PartitionStatisticsFile(200L, root + "/table/metadata/partition-stats-200.parquet", 43L));
    return builder.build();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void roundTripsEveryPartOfTheMetadata(int formatVersion) {
    TableMetadata metadata = richMetadata(formatVersion);
    String location = root + "/table/metadata/v2.metadata.json";
    TableMetadataParser.write(metadata, io.newOutputFile(location));
    TableMetadata read = TableMetadataParser.read(io, location);

    assertThat(read.metadataFileLocation()).contains(location);
    assertThat(read.formatVersion()).isEqualTo(formatVersion);
    assertThat(read.uuid()).isEqualTo(metadata.uuid());
    assertThat(read.location()).isEqualTo(root + "/table");
    assertThat(read.lastUpdatedMillis()).isEqualTo(metadata.lastUpdatedMillis());
    assertThat(read.lastSequenceNumber()).isEqualTo(2L);
    assertThat(read.lastColumnId()).isEqualTo(4);
    assertThat(read.lastPartitionId()).isEqualTo(1001);
    assertThat(read.schemas()).isEqualTo(metadata.schemas()).hasSize(2);
    assertThat(read.currentSchemaId()).isEqualTo(1);
    assertThat(read.schema().identifierFieldIds()).containsExactly(1);
    assertThat(read.specs()).isEqualTo(metadata.specs()).hasSize(2);
    assertThat(read.defaultSpecId()).isEqualTo(1);
    assertThat(read.sortOrders()).isEqualTo(metadata.sortOrders()).hasSize(3);
    assertThat(read.defaultSortOrderId()).isEqualTo(2);
    assertThat(read.properties())
        .isEqualTo(Map.of("owner", "alice", "commit.retry.num-retries", "9"));
    assertThat(read.snapshots()).isEqualTo(metadata.snapshots());
    assertThat(read.currentSnapshotId()).contains(200L);
    assertThat(read.snapshot(200L).orElseThrow().summary()).containsEntry("deleted-data-files", "1");
    assertThat(read.snapshot(200L).orElseThrow().operation()).isEqualTo("overwrite");
    assertThat(read.snapshotLog()).isEqualTo(metadata.snapshotLog())
        .extracting(SnapshotLogEntry::snapshotId).containsExactly(100L, 200L);
    assertThat(read.metadataLog()).isEqualTo(metadata.metadataLog())
        .extracting(MetadataLogEntry::file).containsExactly(root + "/table/metadata/v1.metadata.json");
    assertThat(read.refs()).isEqualTo(Map.of(
        "main", SnapshotRef.branch(200L),
        "audit", new SnapshotRef(100L, SnapshotRef.Type.BRANCH, 3, 3_600_000L, 86_400_000L),
        "release-1", new SnapshotRef(100L, SnapshotRef.Type.TAG, null, null, 604_800_000L)));
    assertThat(read.statisticsFiles()).isEqualTo(metadata.statisticsFiles()).hasSize(1);
    assertThat(read.partitionStatisticsFiles()).isEqualTo(metadata.partitionStatisticsFiles()).hasSize(1);
    assertThat(read.nextRowId()).isEqualTo(formatVersion >= 3 ? 15L : 0L);
    assertThat(TableMetadataParser.toJson(read)).isEqualTo(TableMetadataParser.toJson(metadata));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void roundTripsANewTable(int formatVersion) {
    TableMetadata created = TableMetadataBuilder.newTable(SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("data").build(),
        SortOrder.unsorted(), root + "/new", Map.of(TableProperties.FORMAT_VERSION, String.valueOf(formatVersion)));
    String location = root + "/new/metadata/v1.metadata.json";
    TableMetadataParser.write(created, io.newOutputFile(location));
    TableMetadata read = TableMetadataParser.read(io, location);
    assertThat(read.formatVersion()).isEqualTo(formatVersion);
    assertThat(read.currentSnapshot()).isEmpty();
    assertThat(read.refs()).isEmpty();
    assertThat(read.snapshots()).isEmpty();
    assertThat(read.schema()).isEqualTo(created.schema());
    assertThat(read.spec()).isEqualTo(created.spec());
    assertThat(read.lastPartitionId()).isEqualTo(1000);
    assertThat(read.sortOrder().isUnsorted()).isTrue();
    assertThat(read.properties()).isEmpty();
    assertThat(read.nextSequenceNumber()).isEqualTo(formatVersion == 1 ? 0L : 1L);
    assertThat(TableMetadataParser.toJson(read)).isEqualTo(TableMetadataParser.toJson(created));
  }

  @Test
  void readsAV1DocumentWithInlineSchemaSpecAndManifests() {
    TableMetadata metadata = readResource("v1-spec.metadata.json");
    assertThat(metadata.formatVersion()).isEqualTo(1);
    assertThat(metadata.uuid()).isEqualTo("d20125c8-7284-442c-9aea-15fee620737c");
    assertThat(metadata.lastSequenceNumber()).isZero();
    assertThat(metadata.nextSequenceNumber()).isZero();
    assertThat(metadata.schemas()).hasSize(1);
    assertThat(metadata.schema().columns()).extracting(Types.NestedField::name).containsExactly("x", "y", "z");
    assertThat(metadata.schema().findField(2).orElseThrow().doc()).contains("comment");
    assertThat(metadata.specs()).hasSize(1);
    assertThat(metadata.spec()).isEqualTo(PartitionSpec.builderFor(metadata.schema()).identity("x").bucket("z", 16).build());
    assertThat(metadata.lastPartitionId()).isEqualTo(1001);
    assertThat(metadata.sortOrder().isUnsorted()).isTrue();
    assertThat(metadata.properties()).containsEntry("owner", "alice");

    Snapshot snapshot = metadata.currentSnapshot().orElseThrow();
    assertThat(snapshot.snapshotId()).isEqualTo(3051729675574597004L);
    assertThat(snapshot.sequenceNumber()).isZero();
    assertThat(snapshot.manifestListLocation()).isNull();
    assertThat(snapshot.v1ManifestLocations()).containsExactly(
        "s3://bucket/test/location/metadata/m1.avro", "s3://bucket/test/location/metadata/m2.avro");
    assertThat(snapshot.operation()).isEqualTo("append");
    assertThat(snapshot.summary()).isEqualTo(Map.of("added-data-files", "2"));
    assertThat(metadata.refs()).isEqualTo(Map.of("main", SnapshotRef.branch(3051729675574597004L)));
    assertThat(metadata.snapshotLog()).containsExactly(new SnapshotLogEntry(1515100955770L, 3051729675574597004L));

    // written back as v1, it keeps the inline manifests and reads the same
    TableMetadata again = TableMetadataParser.fromJson(TableMetadataParser.toJson(metadata));
    assertThat(again.snapshots()).isEqualTo(metadata.snapshots());
    assertThat(again.spec()).isEqualTo(metadata.spec());
  }

  @Test
  void readsAV2DocumentIgnoringUnknownKeys() {
    TableMetadata metadata = readResource("v2-spec.metadata.json");
    assertThat(metadata.formatVersion()).isEqualTo(2);
    assertThat(metadata.lastSequenceNumber()).isEqualTo(34L);
    assertThat(metadata.nextSequenceNumber()).isEqualTo(35L);
    assertThat(metadata.schemas()).extracting(Schema::schemaId).containsExactly(0, 1);
    assertThat(metadata.schema().identifierFieldIds()).containsExactlyInAnyOrder(1, 2);
    assertThat(metadata.spec().fields()).hasSize(1);
    SortOrder order = metadata.sortOrder();
    assertThat(order.orderId()).isEqualTo(3);
    assertThat(order).isEqualTo(SortOrder.builderFor(metadata.schema()).withOrderId(3)
        .asc("y", NullOrder.NULLS_FIRST)
        .sortBy(Transforms.bucket(4), "z", SortDirection.DESC, NullOrder.NULLS_LAST).build());
    assertThat(metadata.currentSnapshotId()).contains(3055729675574597004L);
    Snapshot current = metadata.currentSnapshot().orElseThrow();
    assertThat(current.parentId()).isEqualTo(3051729675574597004L);
    assertThat(current.sequenceNumber()).isEqualTo(1L);
    assertThat(current.schemaId()).isEqualTo(1);
    assertThat(current.summary()).isEqualTo(Map.of("added-data-files", "4", "spark.app.id", "local-1"));
    assertThat(metadata.refs()).containsEntry("audit",
        new SnapshotRef(3051729675574597004L, SnapshotRef.Type.BRANCH, 2, 3_600_000L, 86_400_000L));
    assertThat(metadata.refs()).containsEntry("release-1",
        new SnapshotRef(3051729675574597004L, SnapshotRef.Type.TAG, null, null, 604_800_000L));
    assertThat(metadata.statisticsFiles()).containsExactly(new StatisticsFile(3055729675574597004L, "s3://a/b/stats.puffin",
        413L, 42L, null, List.of(new StatisticsFile.BlobMetadata(
            "apache-datasketches-theta-v1", 3055729675574597004L, 1L, List.of(1), Map.of("ndv", "3")))));
    assertThat(metadata.partitionStatisticsFiles()).containsExactly(
        new PartitionStatisticsFile(3055729675574597004L, "s3://a/b/partition-stats.parquet", 43L));
    assertThat(metadata.snapshotLog()).hasSize(2);
    assertThat(metadata.metadataLog()).containsExactly(
        new MetadataLogEntry(1515100L, "s3://bucket/test/location/metadata/v1.metadata.json"));
  }

  @Test
  void readsAV3DocumentWithRowLineage() {
    TableMetadata metadata = readResource("v3-spec.metadata.json");
    assertThat(metadata.formatVersion()).isEqualTo(3);
    assertThat(metadata.nextRowId()).isEqualTo(125L);
    assertThat(metadata.snapshots()).extracting(Snapshot::firstRowId).containsExactly(0L, 100L);
    assertThat(metadata.snapshots()).extracting(Snapshot::addedRows).containsExactly(100L, 25L);
    Types.NestedField level = metadata.schema().findField(3).orElseThrow();
    assertThat(level.initialDefault()).contains("info");
    assertThat(level.writeDefault()).contains("debug");
    assertThat(metadata.schema().findType(2)).isEqualTo(Types.TimestampNanoType.withZone());
    assertThat(metadata.spec().fields().get(0).transform()).isEqualTo(Transforms.day());

    TableMetadata again = TableMetadataParser.fromJson(TableMetadataParser.toJson(metadata));
    assertThat(again.nextRowId()).isEqualTo(125L);
    assertThat(again.snapshots()).isEqualTo(metadata.snapshots());
  }

  @Test
  void writesGzipUnderTheGzipNameAndReadsIt() {
    TableMetadata metadata = richMetadata(2).toBuilder()
        .setProperties(Map.of(TableProperties.METADATA_COMPRESSION, "gzip")).build();
    TableMetadataParser.Codec codec = TableMetadataParser.Codec.fromName(
        metadata.property(TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT));
    String location = root + "/table/metadata/v3" + codec.extension();
    assertThat(location).endsWith("/v3.gz.metadata.json");
    assertThat(TableMetadataParser.Codec.fromFileName(location)).isEqualTo(TableMetadataParser.Codec.GZIP);
    assertThat(TableMetadataParser.Codec.fromFileName("v3.metadata.json.gz")).isEqualTo(TableMetadataParser.Codec.GZIP);
    assertThat(TableMetadataParser.Codec.fromFileName("v3.metadata.json")).isEqualTo(TableMetadataParser.Codec.NONE);

    TableMetadataParser.write(metadata, io.newOutputFile(location));
    byte[] content = readAll(location);
    assertThat(content[0] & 0xff).isEqualTo(0x1f);
    assertThat(content[1] & 0xff).isEqualTo(0x8b);
    assertThat(TableMetadataParser.toJson(TableMetadataParser.read(io, location)))
        .isEqualTo(TableMetadataParser.toJson(metadata));
  }

  @Test
  void sniffsGzipContentUnderAPlainName() throws IOException {
    String json = TableMetadataParser.toJson(richMetadata(3));
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    String location = root + "/table/metadata/v4.metadata.json";
    writeBytes(location, gzipped.toByteArray());
    assertThat(TableMetadataParser.toJson(TableMetadataParser.read(io, location))).isEqualTo(json);
  }

  @Test
  void corruptJsonNamesTheFile() {
    assertCorrupt("{\"format-version\": 2, \"location\": ".getBytes(StandardCharsets.UTF_8), "corrupt");
    assertCorrupt("not json at all".getBytes(StandardCharsets.UTF_8), "garbage");
    assertCorrupt(new byte[0], "empty");
    assertCorrupt("[1, 2]".getBytes(StandardCharsets.UTF_8), "array");
  }

  @Test
  void aTruncatedFileNamesTheFile() throws IOException {
    byte[] json = TableMetadataParser.toJson(richMetadata(2)).getBytes(StandardCharsets.UTF_8);
    assertCorrupt(Arrays.copyOf(json, json.length / 2), "truncated");
    assertCorrupt(Arrays.copyOf(json, json.length - 1), "truncated-by-one");

    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(json);
    }
    byte[] gzip = gzipped.toByteArray();
    assertCorrupt(Arrays.copyOf(gzip, gzip.length / 2), "truncated-gzip");
  }

  @Test
  void aMissingRequiredFieldNamesTheFile() {
    String json = TableMetadataParser.toJson(richMetadata(2));
    for (String field : List.of("\"location\"", "\"last-updated-ms\"", "\"last-sequence-number\"", "\"format-version\"")) {
      String broken = json.replace(field, "\"renamed-" + field.substring(1));
      assertCorrupt(broken.getBytes(StandardCharsets.UTF_8), "missing-" + field.replace("\"", ""))
          .hasMessageContaining(field.replace("\"", ""));
    }
    // a nested one: a snapshot without its id
    String noSnapshotId = json.replace("\"snapshot-id\":100,\"timestamp-ms\"", "\"timestamp-ms\"");
    assertThat(noSnapshotId).isNotEqualTo(json);
    assertCorrupt(noSnapshotId.getBytes(StandardCharsets.UTF_8), "missing-snapshot-id");
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertCorrupt(byte[] content, String name) {
    String location = root + "/bad/" + name + ".metadata.json";
    writeBytes(location, content);
    return assertThatThrownBy(() -> TableMetadataParser.read(io, location))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(location);
  }

  private TableMetadata readResource(String name) {
    byte[] content;
    try (InputStream in = getClass().getResourceAsStream(name)) {
      content = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String location = root + "/spec/" + name;
    writeBytes(location, content);
    TableMetadata metadata = TableMetadataParser.read(io, location);
    assertThat(metadata.metadataFileLocation()).contains(location);
    return metadata;
  }

  private byte[] readAll(String location) {
    try (InputStream in = io.newInputFile(location).newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeBytes(String location, byte[] content) {
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
