package io.datashard.internal.manifest;

import static io.datashard.internal.manifest.ManifestFixtures.SCHEMA;
import static io.datashard.internal.manifest.ManifestFixtures.SPEC;
import static io.datashard.internal.manifest.ManifestFixtures.SPECS;
import static io.datashard.internal.manifest.ManifestFixtures.fieldId;
import static io.datashard.internal.manifest.ManifestFixtures.inner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionData;
import io.datashard.PartitionFieldSummary;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.io.CloseableIterable;
import io.datashard.types.Conversions;
import io.datashard.types.Types;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestListTest {
  private static final long SNAPSHOT_ID = 7L;

  /** identity double and identity string, for NaN and string bounds in the summaries. */
  private static final PartitionSpec SCORE_SPEC = PartitionSpec.builderFor(SCHEMA).withSpecId(4)
      .identity("score").identity("data").build();

  private final ManifestFixtures fx = ManifestFixtures.create();

  private DataFile scoreFile(String name, Double score, String data, long records) {
    return DataFile.builder(SCORE_SPEC)
        .withLocation(fx.location("data/" + name))
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(score, data))
        .withRecordCount(records)
        .withFileSizeInBytes(10L * records)
        .build();
  }

  private ManifestFile scoreManifest(int formatVersion, long snapshotId) {
    ManifestWriter writer = ManifestWriter.forData(
        SCORE_SPEC, SCHEMA, formatVersion, fx.io.newOutputFile(fx.location("score-" + snapshotId + ".avro")), snapshotId);
    try (writer) {
      writer.add(scoreFile("1.parquet", 1.5, "b", 10L));
      writer.add(scoreFile("2.parquet", Double.NaN, "a", 20L));
      writer.add(scoreFile("3.parquet", -2.0, "c", 30L));
      writer.existing(scoreFile("4.parquet", null, "b", 5L), 3L, 1L, 1L);
    }
    return writer.toManifestFile();
  }

  @Test
  void summarizesPartitionFieldsAndCountsEntries() {
    ManifestFile manifest = scoreManifest(2, SNAPSHOT_ID);
    assertThat(manifest.partitionSpecId()).isEqualTo(4);
    assertThat(manifest.addedSnapshotId()).isEqualTo(SNAPSHOT_ID);
    assertThat(manifest.addedFilesCount()).isEqualTo(3);
    assertThat(manifest.existingFilesCount()).isEqualTo(1);
    assertThat(manifest.deletedFilesCount()).isZero();
    assertThat(manifest.addedRowsCount()).isEqualTo(60L);
    assertThat(manifest.existingRowsCount()).isEqualTo(5L);
    assertThat(manifest.partitions()).containsExactly(
        new PartitionFieldSummary(true, true,
            Conversions.toByteBuffer(Types.DoubleType.get(), -2.0), Conversions.toByteBuffer(Types.DoubleType.get(), 1.5)),
        new PartitionFieldSummary(false, false,
            Conversions.toByteBuffer(Types.StringType.get(), "a"), Conversions.toByteBuffer(Types.StringType.get(), "c")));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void roundTripsManifestsWithSummariesAndCounts(int formatVersion) {
    long sequence = formatVersion == 1 ? 0L : 5L;
    ManifestFile data = scoreManifest(formatVersion, SNAPSHOT_ID);
    List<ManifestFile> manifests = new java.util.ArrayList<>(List.of(data));
    if (formatVersion >= 2) {
      ManifestWriter deletes = ManifestWriter.forDeletes(SPEC, SCHEMA, formatVersion, fx.io.newOutputFile(fx.location("del.avro")), SNAPSHOT_ID);
      try (deletes) {
        deletes.add(ManifestFixtures.equalityDeletes(fx.location("eq.avro")));
      }
      manifests.add(deletes.toManifestFile());
    }
    String location = fx.location("snap-7.avro");
    ManifestListWriter.Result result = ManifestListWriter.write(fx.io.newOutputFile(location), formatVersion, SNAPSHOT_ID,
        6L, sequence, formatVersion >= 3 ? 100L : null, manifests);
    assertThat(result.length()).isEqualTo(fx.io.newInputFile(location).length());

    List<ManifestFile> read = ManifestListReader.read(fx.io, location);
    assertThat(read).isEqualTo(result.manifests());
    ManifestFile readData = read.get(0);
    assertThat(readData.location()).isEqualTo(data.location());
    assertThat(readData.length()).isEqualTo(data.length());
    assertThat(readData.content()).isEqualTo(ManifestContent.DATA);
    assertThat(readData.sequenceNumber()).isEqualTo(sequence);
    assertThat(readData.partitions()).isEqualTo(data.partitions());
    assertThat(List.of(readData.addedRowsCount(), readData.existingRowsCount(), readData.deletedRowsCount()))
        .containsExactly(60L, 5L, 0L);
    if (formatVersion >= 2) {
      assertThat(read.get(1).content()).isEqualTo(ManifestContent.DELETES);
      assertThat(read.get(1).partitions().get(0).containsNull()).isTrue();
    }
    if (formatVersion >= 3) {
      assertThat(readData.firstRowId()).isEqualTo(100L);
      assertThat(read.get(1).firstRowId()).isNull();
      assertThat(result.assignedRows()).isEqualTo(65L);
    } else {
      assertThat(readData.firstRowId()).isNull();
      assertThat(result.assignedRows()).isZero();
    }

    Map<String, String> header = header(location);
    assertThat(header).containsEntry("snapshot-id", "7")
        .containsEntry("parent-snapshot-id", "6")
        .containsEntry("format-version", String.valueOf(formatVersion));
    if (formatVersion >= 2) {
      assertThat(header).containsEntry("sequence-number", "5");
    }
    if (formatVersion >= 3) {
      assertThat(header).containsEntry("first-row-id", "100");
    }
  }

  @Test
  void assignsTheSnapshotsSequenceNumberToUnassignedManifestsOnly() {
    ManifestFile fresh = fx.writeData(2, "fresh.avro", SNAPSHOT_ID, ManifestFixtures.simpleDataFile(fx.location("a.parquet"), 1L));
    ManifestWriter writer = ManifestWriter.forData(SPEC, SCHEMA, 2, fx.io.newOutputFile(fx.location("compacted.avro")), SNAPSHOT_ID);
    try (writer) {
      writer.add(ManifestFixtures.simpleDataFile(fx.location("b.parquet"), 1L), 2L);
    }
    ManifestFile compacted = writer.toManifestFile();
    ManifestFile older = fx.writeData(2, "older.avro", 6L, ManifestFixtures.simpleDataFile(fx.location("c.parquet"), 1L))
        .withSequenceNumbers(3L, 3L);
    assertThat(fresh.sequenceNumber()).isEqualTo(ManifestFile.UNASSIGNED_SEQ);
    assertThat(fresh.minSequenceNumber()).isEqualTo(ManifestFile.UNASSIGNED_SEQ);

    String location = fx.location("snap.avro");
    ManifestListWriter.write(fx.io.newOutputFile(location), 2, SNAPSHOT_ID, 6L, 5L, null, List.of(fresh, compacted, older));
    List<ManifestFile> read = ManifestListReader.read(fx.io, location);
    assertThat(read).extracting(ManifestFile::sequenceNumber).containsExactly(5L, 5L, 3L);
    assertThat(read).extracting(ManifestFile::minSequenceNumber).containsExactly(5L, 2L, 3L);

    assertThat(CloseableIterable.toList(ManifestReader.read(fx.io, read.get(0), SPECS)))
        .extracting(ManifestEntry::dataSequenceNumber).containsExactly(5L);
    assertThat(CloseableIterable.toList(ManifestReader.read(fx.io, read.get(1), SPECS)))
        .extracting(ManifestEntry::dataSequenceNumber).containsExactly(2L);
    assertThat(CloseableIterable.toList(ManifestReader.read(fx.io, read.get(2), SPECS)))
        .extracting(ManifestEntry::dataSequenceNumber, ManifestEntry::snapshotId).containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, 6L));

    ManifestFile orphan = fx.writeData(2, "orphan.avro", 6L, ManifestFixtures.simpleDataFile(fx.location("d.parquet"), 1L));
    assertThatThrownBy(() -> ManifestListWriter.write(
        fx.io.newOutputFile(fx.location("bad.avro")), 2, SNAPSHOT_ID, null, 5L, null, List.of(orphan)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(orphan.location());
  }

  @Test
  void assignsFirstRowIdsToV3DataManifests() {
    ManifestFile first = scoreManifest(3, SNAPSHOT_ID);
    ManifestFile second = fx.writeData(3, "second.avro", SNAPSHOT_ID, ManifestFixtures.simpleDataFile(fx.location("a.parquet"), 7L));
    ManifestFile kept = fx.writeData(3, "kept.avro", 6L, ManifestFixtures.simpleDataFile(fx.location("b.parquet"), 3L))
        .withSequenceNumbers(2L, 2L).withFirstRowId(77L);
    ManifestWriter deletes = ManifestWriter.forDeletes(SPEC, SCHEMA, 3, fx.io.newOutputFile(fx.location("del.avro")), SNAPSHOT_ID);
    try (deletes) {
      deletes.add(ManifestFixtures.positionDeletes(fx.location("pos.parquet"), fx.location("a.parquet")));
    }
    String location = fx.location("snap.avro");
    ManifestListWriter.Result result = ManifestListWriter.write(fx.io.newOutputFile(location), 3, SNAPSHOT_ID, null, 5L,
        1000L, List.of(first, deletes.toManifestFile(), kept, second));
    // added and existing rows of each data manifest without a first row id, in order
    assertThat(result.manifests()).extracting(ManifestFile::firstRowId).containsExactly(1000L, null, 77L, 1065L);
    assertThat(result.assignedRows()).isEqualTo(65L + 7L);
    assertThat(ManifestListReader.read(fx.io, location)).isEqualTo(result.manifests());
    assertThat(header(location)).containsEntry("parent-snapshot-id", "null");

    assertThatThrownBy(() -> ManifestListWriter.write(
        fx.io.newOutputFile(fx.location("no-row-id.avro")), 3, SNAPSHOT_ID, null, 5L, null, List.of(second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first row id");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void writesTheSpecsFieldIds(int formatVersion) {
    String location = fx.location("ids.avro");
    ManifestListWriter.write(fx.io.newOutputFile(location), formatVersion, SNAPSHOT_ID, null, formatVersion == 1 ? 0L : 1L,
        formatVersion >= 3 ? 0L : null, List.of(scoreManifest(formatVersion, SNAPSHOT_ID)));
    org.apache.avro.Schema schema = fx.avroSchema(location);
    assertThat(schema.getName()).isEqualTo("manifest_file");
    Map<String, Integer> ids = new LinkedHashMap<>();
    ids.put("manifest_path", 500);
    ids.put("manifest_length", 501);
    ids.put("partition_spec_id", 502);
    ids.put("added_snapshot_id", 503);
    ids.put("added_files_count", 504);
    ids.put("existing_files_count", 505);
    ids.put("deleted_files_count", 506);
    ids.put("partitions", 507);
    ids.put("added_rows_count", 512);
    ids.put("existing_rows_count", 513);
    ids.put("deleted_rows_count", 514);
    ids.put("key_metadata", 519);
    if (formatVersion >= 2) {
      ids.put("sequence_number", 515);
      ids.put("min_sequence_number", 516);
      ids.put("content", 517);
    }
    if (formatVersion >= 3) {
      ids.put("first_row_id", 520);
    }
    ids.forEach((name, id) -> assertThat(fieldId(schema, name)).as(name).isEqualTo(id));
    assertThat(schema.getFields()).hasSize(ids.size());

    org.apache.avro.Schema partitionsArray = schema.getField("partitions").schema().getTypes().get(1);
    assertThat(partitionsArray.getObjectProp("element-id")).isEqualTo(508);
    org.apache.avro.Schema summary = inner(schema, "partitions");
    assertThat(fieldId(summary, "contains_null")).isEqualTo(509);
    assertThat(fieldId(summary, "contains_nan")).isEqualTo(518);
    assertThat(fieldId(summary, "lower_bound")).isEqualTo(510);
    assertThat(fieldId(summary, "upper_bound")).isEqualTo(511);
  }

  @Test
  void aFileThatIsNotAvroIsCorrupt() {
    String location = fx.location("snap-garbage.avro");
    fx.writeBytes(location, "Obj\u0001 but not really".getBytes(StandardCharsets.UTF_8));
    assertCorrupt(location);
  }

  @Test
  void aTruncatedListIsCorrupt() {
    String location = fx.location("snap-whole.avro");
    ManifestListWriter.write(fx.io.newOutputFile(location), 2, SNAPSHOT_ID, null, 5L, null,
        List.of(scoreManifest(2, SNAPSHOT_ID), fx.writeData(2, "m2.avro", SNAPSHOT_ID,
            ManifestFixtures.simpleDataFile(fx.location("a.parquet"), 1L))));
    assertCorrupt(fx.truncatedCopy(location, 1));
    assertCorrupt(fx.truncatedCopy(location, 30));
  }

  @Test
  void aManifestReadAsAListIsCorrupt() {
    ManifestFile manifest = scoreManifest(2, SNAPSHOT_ID);
    assertThatThrownBy(() -> ManifestListReader.read(fx.io, manifest.location()))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifest.location())
        .hasMessageContaining("manifest_path");
  }

  private void assertCorrupt(String location) {
    assertThatThrownBy(() -> ManifestListReader.read(fx.io, location))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(location);
  }

  @Test
  void describesAnInlineV1Manifest() {
    ManifestWriter writer = ManifestWriter.forData(SCORE_SPEC, SCHEMA, 1, fx.io.newOutputFile(fx.location("v1.avro")), 11L);
    try (writer) {
      writer.add(scoreFile("1.parquet", 1.0, "a", 10L));
      writer.add(scoreFile("2.parquet", 2.0, "b", 20L));
      writer.existing(scoreFile("3.parquet", 3.0, "c", 4L), 10L, 0L, null);
      writer.delete(scoreFile("4.parquet", 4.0, "d", 8L), 0L, null);
    }
    String location = fx.location("v1.avro");
    ManifestFile described = ManifestListReader.describeV1(fx.io, location, 11L);
    assertThat(described).isEqualTo(new ManifestFile(location, fx.io.newInputFile(location).length(), 4,
        ManifestContent.DATA, 0L, 0L, 11L, 2, 1, 1, 30L, 4L, 8L, List.of(), null, null));
    assertThat(CloseableIterable.toList(ManifestReader.read(fx.io, described, Map.of(4, SCORE_SPEC))))
        .extracting(e -> e.file().location())
        .containsExactly(fx.location("data/1.parquet"), fx.location("data/2.parquet"),
            fx.location("data/3.parquet"), fx.location("data/4.parquet"));
  }

  @Test
  void rejectsDeleteManifestsInAV1List() {
    ManifestWriter deletes = ManifestWriter.forDeletes(SPEC, SCHEMA, 2, fx.io.newOutputFile(fx.location("del.avro")), SNAPSHOT_ID);
    try (deletes) {
      deletes.add(ManifestFixtures.equalityDeletes(fx.location("eq.avro")));
    }
    assertThatThrownBy(() -> ManifestListWriter.write(fx.io.newOutputFile(fx.location("snap.avro")), 1, SNAPSHOT_ID, null,
        0L, null, List.of(deletes.toManifestFile())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format version 1");
  }

  private Map<String, String> header(String location) {
    try (DataFileReader<GenericRecord> reader = new DataFileReader<>(
        new SeekableByteArrayInput(fx.readAll(location)), new GenericDatumReader<>())) {
      Map<String, String> result = new LinkedHashMap<>();
      for (String key : reader.getMetaKeys()) {
        result.put(key, reader.getMetaString(key));
      }
      return result;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
