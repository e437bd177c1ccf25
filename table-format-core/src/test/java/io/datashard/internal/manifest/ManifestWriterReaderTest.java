package io.datashard.internal.manifest;

import static io.datashard.internal.manifest.ManifestFixtures.SCHEMA;
import static io.datashard.internal.manifest.ManifestFixtures.SPEC;
import static io.datashard.internal.manifest.ManifestFixtures.SPECS;
import static io.datashard.internal.manifest.ManifestFixtures.TS_MICROS;
import static io.datashard.internal.manifest.ManifestFixtures.fieldId;
import static io.datashard.internal.manifest.ManifestFixtures.inner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.internal.manifest.ManifestEntry.Status;
import io.datashard.internal.metadata.PartitionSpecParser;
import io.datashard.internal.metadata.SchemaParser;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestWriterReaderTest {
  private static final long SNAPSHOT_ID = 7L;
  private static final long SEQUENCE = 5L;

  private final ManifestFixtures fx = ManifestFixtures.create();

  private static long sequenceFor(int formatVersion) {
    return formatVersion == 1 ? 0L : SEQUENCE;
  }

  private List<ManifestEntry> readAll(ManifestFile manifest) {
    return CloseableIterable.toList(ManifestReader.read(fx.io, manifest, SPECS));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void roundTripsEveryDataFileField(int formatVersion) {
    PartitionData full = ManifestFixtures.partition("a", 42L, TS_MICROS, "abcdef");
    PartitionData withNull = ManifestFixtures.partition(null, 43L, TS_MICROS + 86_400_000_000L, "xy");
    DataFile first = ManifestFixtures.fullDataFile(fx.location("data/1.parquet"), full, 100L, 5000L);
    DataFile second = ManifestFixtures.fullDataFile(fx.location("data/2.parquet"), withNull, 50L, null);
    assertThat(withNull.get(0, Object.class)).isNull();

    ManifestFile written = fx.writeData(formatVersion, "m.avro", SNAPSHOT_ID, first, second);
    assertThat(written.length()).isEqualTo(fx.io.newInputFile(written.location()).length());
    ManifestFile committed = fx.commit(formatVersion, SNAPSHOT_ID, sequenceFor(formatVersion), written).manifests().get(0);
    List<ManifestEntry> entries = readAll(committed);

    long seq = sequenceFor(formatVersion);
    // the first row id exists only in v3; the second file inherits the manifest's (1000)
    DataFile expectedFirst = ManifestFixtures.fullDataFile(first.location(), full, 100L, formatVersion >= 3 ? 5000L : null);
    DataFile expectedSecond = ManifestFixtures.fullDataFile(second.location(), withNull, 50L, formatVersion >= 3 ? 1000L : null);
    assertThat(entries).hasSize(2);
    assertThat(entries).allSatisfy(entry -> {
      assertThat(entry.status()).isEqualTo(Status.ADDED);
      assertThat(entry.snapshotId()).isEqualTo(SNAPSHOT_ID);
      assertThat(entry.dataSequenceNumber()).isEqualTo(seq);
      assertThat(entry.fileSequenceNumber()).isEqualTo(seq);
    });
    assertThat(entries.get(0).file()).isEqualTo(expectedFirst.withSequenceNumbers(seq, seq));
    assertThat(entries.get(1).file()).isEqualTo(expectedSecond.withSequenceNumbers(seq, seq));
    ContentFile read = entries.get(0).file();
    assertThat(read.partition()).isEqualTo(full);
    assertThat(read.keyMetadata()).contains(ManifestFixtures.bytes("key-" + first.location()));
    assertThat(read.splitOffsets()).contains(List.of(4L, 1024L, 2048L));
    assertThat(read.sortOrderId()).contains(1);
    assertThat(read.lowerBounds()).isEqualTo(first.lowerBounds());
    assertThat(read.nanValueCounts()).isEqualTo(Map.of(5, 2L));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void roundTripsDeleteFiles(int formatVersion) {
    DeleteFile positions = ManifestFixtures.positionDeletes(fx.location("d/pos.parquet"), fx.location("data/1.parquet"));
    DeleteFile equality = ManifestFixtures.equalityDeletes(fx.location("d/eq.avro"));
    List<DeleteFile> files = formatVersion >= 3
        ? List.of(positions, equality, ManifestFixtures.deletionVector(fx.location("d/dv.puffin"), fx.location("data/1.parquet")))
        : List.of(positions, equality);

    ManifestWriter writer = ManifestWriter.forDeletes(SPEC, SCHEMA, formatVersion, fx.io.newOutputFile(fx.location("del.avro")), SNAPSHOT_ID);
    try (writer) {
      files.forEach(writer::add);
    }
    ManifestFile manifest = writer.toManifestFile();
    assertThat(manifest.content()).isEqualTo(ManifestContent.DELETES);
    ManifestFile committed = fx.commit(formatVersion, SNAPSHOT_ID, SEQUENCE, manifest).manifests().get(0);
    assertThat(committed.firstRowId()).isNull();

    List<ManifestEntry> entries = readAll(committed);
    assertThat(entries).extracting(ManifestEntry::file)
        .containsExactlyElementsOf(files.stream().map(f -> f.withSequenceNumbers(SEQUENCE, SEQUENCE)).toList());
    assertThat(entries.get(1).file().equalityFieldIds()).containsExactly(1, 2);
    assertThat(entries.get(1).file().partition().get(0, String.class)).isNull();
    assertThat(entries.get(0).file().referencedDataFile()).contains(fx.location("data/1.parquet"));
    assertThat(entries).allSatisfy(e -> assertThat(e.file().firstRowId()).isEmpty());
    if (formatVersion >= 3) {
      DeleteFile dv = (DeleteFile) entries.get(2).file();
      assertThat(dv.isDeletionVector()).isTrue();
      assertThat(dv.contentOffset()).contains(4L);
      assertThat(dv.contentSizeInBytes()).contains(60L);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void entryStatusesKeepOrInheritSnapshotIdsAndSequenceNumbers(int formatVersion) {
    long snapshotId = 9L;
    DataFile added = ManifestFixtures.simpleDataFile(fx.location("a.parquet"), 10L);
    DataFile addedWithSeq = ManifestFixtures.simpleDataFile(fx.location("b.parquet"), 20L);
    DataFile existing = ManifestFixtures.simpleDataFile(fx.location("c.parquet"), 30L);
    DataFile deleted = ManifestFixtures.simpleDataFile(fx.location("d.parquet"), 40L);
    ManifestWriter writer = ManifestWriter.forData(SPEC, SCHEMA, formatVersion, fx.io.newOutputFile(fx.location("m.avro")), snapshotId);
    try (writer) {
      writer.add(added);
      writer.add(addedWithSeq, 2L);
      writer.existing(existing, 4L, 3L, 3L);
      writer.delete(deleted, 2L, 2L);
    }
    ManifestFile manifest = writer.toManifestFile();
    assertThat(manifest.sequenceNumber()).isEqualTo(ManifestFile.UNASSIGNED_SEQ);
    assertThat(manifest.minSequenceNumber()).isEqualTo(2L);
    assertThat(List.of(manifest.addedFilesCount(), manifest.existingFilesCount(), manifest.deletedFilesCount()))
        .containsExactly(2, 1, 1);
    assertThat(List.of(manifest.addedRowsCount(), manifest.existingRowsCount(), manifest.deletedRowsCount()))
        .containsExactly(30L, 30L, 40L);

    // as stored: only what the writer wrote explicitly
    List<ManifestEntry> stored = CloseableIterable.toList(ManifestReader.read(fx.io.newInputFile(manifest.location()), SPEC));
    assertThat(stored).extracting(ManifestEntry::dataSequenceNumber).containsExactly(null, 2L, 3L, 2L);
    assertThat(stored).extracting(ManifestEntry::fileSequenceNumber).containsExactly(null, null, 3L, 2L);

    ManifestFile committed = fx.commit(formatVersion, snapshotId, 10L, manifest).manifests().get(0);
    assertThat(committed.sequenceNumber()).isEqualTo(10L);
    assertThat(committed.minSequenceNumber()).isEqualTo(2L);
    List<ManifestEntry> entries = readAll(committed);
    assertThat(entries).extracting(ManifestEntry::status)
        .containsExactly(Status.ADDED, Status.ADDED, Status.EXISTING, Status.DELETED);
    assertThat(entries).extracting(ManifestEntry::snapshotId).containsExactly(9L, 9L, 4L, 9L);
    assertThat(entries).extracting(ManifestEntry::dataSequenceNumber).containsExactly(10L, 2L, 3L, 2L);
    assertThat(entries).extracting(ManifestEntry::fileSequenceNumber).containsExactly(10L, 10L, 3L, 2L);
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.file().dataSequenceNumber()).contains(e.dataSequenceNumber());
      assertThat(e.file().fileSequenceNumber()).contains(e.fileSequenceNumber());
    });
    if (formatVersion >= 3) {
      // row ids count up from the manifest's first row id over live data files, in order
      assertThat(committed.firstRowId()).isEqualTo(1000L);
      assertThat(entries).extracting(e -> e.file().firstRowId().orElse(null)).containsExactly(1000L, 1010L, 1030L, null);
    } else {
      assertThat(entries).allSatisfy(e -> assertThat(e.file().firstRowId()).isEmpty());
    }
    List<ManifestEntry> live = CloseableIterable.toList(ManifestReader.liveEntries(fx.io, committed, SPECS));
    assertThat(live).extracting(e -> e.file().location())
        .containsExactly(added.location(), addedWithSeq.location(), existing.location());
  }

  @Test
  void v1EntriesReadSequenceNumberZeroAndRewriteAsExisting() {
    DataFile added = ManifestFixtures.simpleDataFile(fx.location("a.parquet"), 10L);
    DataFile existing = ManifestFixtures.simpleDataFile(fx.location("b.parquet"), 5L);
    ManifestWriter writer = ManifestWriter.forData(SPEC, SCHEMA, 1, fx.io.newOutputFile(fx.location("m1.avro")), 1L);
    try (writer) {
      writer.add(added);
      writer.existing(existing, 0L, 0L, null);
    }
    ManifestFile committed = fx.commit(1, 1L, 0L, writer.toManifestFile()).manifests().get(0);
    List<ManifestEntry> entries = readAll(committed);
    assertThat(entries).extracting(ManifestEntry::dataSequenceNumber).containsExactly(0L, 0L);
    assertThat(entries).extracting(ManifestEntry::fileSequenceNumber).containsExactly(0L, 0L);
    assertThat(entries).extracting(ManifestEntry::snapshotId).containsExactly(1L, 0L);

    // entries read back can be carried into the next manifest
    ManifestWriter next = ManifestWriter.forData(SPEC, SCHEMA, 1, fx.io.newOutputFile(fx.location("m2.avro")), 2L);
    try (next) {
      next.existing(entries.get(0));
      next.delete(entries.get(1));
    }
    List<ManifestEntry> rewritten = readAll(fx.commit(1, 2L, 0L, next.toManifestFile()).manifests().get(0));
    assertThat(rewritten).extracting(ManifestEntry::status).containsExactly(Status.EXISTING, Status.DELETED);
    assertThat(rewritten).extracting(ManifestEntry::snapshotId).containsExactly(1L, 2L);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void writesTheSpecsFieldIdsAndHeader(int formatVersion) {
    ManifestFile manifest = fx.writeData(formatVersion, "ids.avro", SNAPSHOT_ID,
        ManifestFixtures.simpleDataFile(fx.location("a.parquet"), 1L));
    org.apache.avro.Schema entry = fx.avroSchema(manifest.location());
    assertThat(entry.getName()).isEqualTo("manifest_entry");
    assertThat(fieldId(entry, "status")).isEqualTo(0);
    assertThat(fieldId(entry, "snapshot_id")).isEqualTo(1);
    assertThat(fieldId(entry, "data_file")).isEqualTo(2);
    if (formatVersion >= 2) {
      assertThat(fieldId(entry, "sequence_number")).isEqualTo(3);
      assertThat(fieldId(entry, "file_sequence_number")).isEqualTo(4);
    } else {
      assertThat(entry.getField("sequence_number")).isNull();
    }

    org.apache.avro.Schema file = inner(entry, "data_file");
    Map<String, Integer> ids = new java.util.LinkedHashMap<>();
    ids.put("file_path", 100);
    ids.put("file_format", 101);
    ids.put("partition", 102);
    ids.put("record_count", 103);
    ids.put("file_size_in_bytes", 104);
    ids.put("column_sizes", 108);
    ids.put("value_counts", 109);
    ids.put("null_value_counts", 110);
    ids.put("nan_value_counts", 137);
    ids.put("lower_bounds", 125);
    ids.put("upper_bounds", 128);
    ids.put("key_metadata", 131);
    ids.put("split_offsets", 132);
    ids.put("sort_order_id", 140);
    if (formatVersion == 1) {
      ids.put("block_size_in_bytes", 105);
    } else {
      ids.put("content", 134);
      ids.put("equality_ids", 135);
      ids.put("referenced_data_file", 143);
    }
    if (formatVersion >= 3) {
      ids.put("first_row_id", 142);
      ids.put("content_offset", 144);
      ids.put("content_size_in_bytes", 145);
    }
    ids.forEach((name, id) -> assertThat(fieldId(file, name)).as(name).isEqualTo(id));
    assertThat(file.getFields()).hasSize(ids.size());

    org.apache.avro.Schema columnSizes = inner(file, "column_sizes");
    assertThat(columnSizes.getField("key").getObjectProp("field-id")).isEqualTo(117);
    assertThat(columnSizes.getField("value").getObjectProp("field-id")).isEqualTo(118);
    org.apache.avro.Schema lowerBounds = inner(file, "lower_bounds");
    assertThat(lowerBounds.getField("key").getObjectProp("field-id")).isEqualTo(126);
    assertThat(lowerBounds.getField("value").getObjectProp("field-id")).isEqualTo(127);

    org.apache.avro.Schema partition = inner(file, "partition");
    assertThat(partition.getFields()).extracting(org.apache.avro.Schema.Field::name)
        .containsExactly("data", "id_bucket", "ts_day", "category_trunc");
    assertThat(partition.getFields()).extracting(f -> f.getObjectProp("field-id")).containsExactly(1000, 1001, 1002, 1003);

    Map<String, String> header = ManifestReader.metadata(fx.io.newInputFile(manifest.location()));
    assertThat(header).containsEntry("format-version", String.valueOf(formatVersion))
        .containsEntry("partition-spec-id", "3")
        .containsEntry("schema-id", "0");
    assertThat(SchemaParser.fromJson(header.get("schema")).sameSchema(SCHEMA)).isTrue();
    assertThat(PartitionSpecParser.fromJsonFields(SCHEMA, 3, header.get("partition-spec"))).isEqualTo(SPEC);
    if (formatVersion >= 2) {
      assertThat(header).containsEntry("content", "data");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void roundTripsPartitionValuesOfEveryPrimitiveType(int formatVersion) {
    Schema schema = new Schema(List.of(
        Types.NestedField.optional(1, "b", Types.BooleanType.get()),
        Types.NestedField.optional(2, "i", Types.IntegerType.get()),
        Types.NestedField.optional(3, "l", Types.LongType.get()),
        Types.NestedField.optional(4, "f", Types.FloatType.get()),
        Types.NestedField.optional(5, "d", Types.DoubleType.get()),
        Types.NestedField.optional(6, "date", Types.DateType.get()),
        Types.NestedField.optional(7, "time", Types.TimeType.get()),
        Types.NestedField.optional(8, "ts", Types.TimestampType.withoutZone()),
        Types.NestedField.optional(9, "ts_ns", Types.TimestampNanoType.withZone()),
        Types.NestedField.optional(10, "s", Types.StringType.get()),
        Types.NestedField.optional(11, "u", Types.UUIDType.get()),
        Types.NestedField.optional(12, "fx", Types.FixedType.ofLength(3)),
        Types.NestedField.optional(13, "bin", Types.BinaryType.get()),
        Types.NestedField.optional(14, "dec", Types.DecimalType.of(9, 2)),
        Types.NestedField.optional(15, "big", Types.DecimalType.of(38, 10))));
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (Types.NestedField field : schema.columns()) {
      // a name that is not a valid Avro name is sanitized in the Avro schema but read back by id
      builder.identity(field.name(), field.name().equals("s") ? "1st-s" : field.name());
    }
    PartitionSpec spec = builder.build();
    PartitionData values = PartitionData.of(true, -7, 1L << 40, 1.25f, -0.5d, 19_000, 3_600_000_000L,
        1_700_000_000_000_000L, 1_700_000_000_000_000_123L, "héllo", UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"),
        ByteBuffer.wrap(new byte[] {1, 2, 3}), ByteBuffer.wrap(new byte[] {9, 8}), new BigDecimal("-123.45"),
        new BigDecimal("12345678901234567890.0123456789"));
    PartitionData nulls = PartitionData.of(new Object[15]);
    List<DataFile> files = List.of(
        DataFile.builder(spec).withLocation(fx.location("1.parquet")).withFormat(FileFormat.PARQUET)
            .withPartition(values).withRecordCount(1L).withFileSizeInBytes(10L).build(),
        DataFile.builder(spec).withLocation(fx.location("2.parquet")).withFormat(FileFormat.ORC)
            .withPartition(nulls).withRecordCount(1L).withFileSizeInBytes(10L).build());
    ManifestWriter writer = ManifestWriter.forData(spec, schema, formatVersion, fx.io.newOutputFile(fx.location("types.avro")), 1L);
    try (writer) {
      files.forEach(writer::add);
    }
    List<ManifestEntry> entries = CloseableIterable.toList(
        ManifestReader.read(fx.io.newInputFile(fx.location("types.avro")), spec));
    assertThat(entries).extracting(e -> e.file().partition()).containsExactly(values, nulls);
    assertThat(entries).extracting(e -> e.file().format()).containsExactly(FileFormat.PARQUET, FileFormat.ORC);
    org.apache.avro.Schema partition = inner(inner(fx.avroSchema(fx.location("types.avro")), "data_file"), "partition");
    assertThat(partition.getFields().get(9).getProp("iceberg-field-name")).isEqualTo("1st-s");
  }

  @Test
  void aFileThatIsNotAvroIsCorrupt() {
    String location = fx.location("not-avro.avro");
    fx.writeBytes(location, "{\"this is\": \"json, not avro\"}".getBytes(StandardCharsets.UTF_8));
    assertCorrupt(location);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 17, 200})
  void aTruncatedManifestIsCorrupt(int cut) {
    DataFile[] files = new DataFile[50];
    for (int i = 0; i < files.length; i += 1) {
      files[i] = ManifestFixtures.fullDataFile(fx.location("data/" + i + ".parquet"),
          ManifestFixtures.partition("p" + i, i, TS_MICROS, "abc"), 10L + i, null);
    }
    ManifestFile manifest = fx.writeData(2, "whole.avro", SNAPSHOT_ID, files);
    String truncated = fx.truncatedCopy(manifest.location(), cut);
    assertCorrupt(truncated);

    // read through the manifest list, whose recorded length also tells that bytes are missing
    ManifestFile listed = new ManifestFile(truncated, manifest.length(), SPEC.specId(), ManifestContent.DATA, 5L, 5L,
        SNAPSHOT_ID, 50, 0, 0, 0L, 0L, 0L, List.of(), null, null);
    assertThatThrownBy(() -> readAll(listed))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(truncated);
  }

  @Test
  void anAvroFileOfAnotherSchemaIsCorrupt() throws Exception {
    org.apache.avro.Schema other = SchemaBuilder.record("something").fields()
        .requiredInt("x").requiredString("y").endRecord();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataFileWriter<GenericData.Record> writer = new DataFileWriter<>(new GenericDatumWriter<GenericData.Record>(other))) {
      writer.create(other, bytes);
      GenericData.Record record = new GenericData.Record(other);
      record.put("x", 1);
      record.put("y", "z");
      writer.append(record);
    }
    String location = fx.location("other-schema.avro");
    fx.writeBytes(location, bytes.toByteArray());
    assertCorrupt(location);
  }

  @Test
  void aManifestOfAnUnknownSpecIsCorrupt() {
    ManifestFile manifest = fx.writeData(2, "m.avro", SNAPSHOT_ID, ManifestFixtures.simpleDataFile(fx.location("a.parquet"), 1L));
    assertThatThrownBy(() -> ManifestReader.read(fx.io, manifest, Map.of(0, PartitionSpec.unpartitioned())))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(manifest.location())
        .hasMessageContaining("spec 3");
  }

  private void assertCorrupt(String location) {
    assertThatThrownBy(() -> CloseableIterable.toList(ManifestReader.read(fx.io.newInputFile(location), SPEC)))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(location);
  }

  @Test
  void streamsManyEntries() {
    int count = 5_000;
    ManifestWriter writer = ManifestWriter.forData(SPEC, SCHEMA, 3, fx.io.newOutputFile(fx.location("big.avro")), SNAPSHOT_ID);
    long start = System.nanoTime();
    try (writer) {
      for (int i = 0; i < count; i += 1) {
        writer.add(ManifestFixtures.simpleDataFile(fx.location("data/" + i + ".parquet"), 2L));
      }
    }
    ManifestFile committed = fx.commit(3, SNAPSHOT_ID, SEQUENCE, writer.toManifestFile()).manifests().get(0);
    int seen = 0;
    long expectedRowId = 1000L;
    try (CloseableIterator<ManifestEntry> entries = ManifestReader.read(fx.io, committed, SPECS).iterator()) {
      while (entries.hasNext()) {
        ManifestEntry entry = entries.next();
        assertThat(entry.file().location()).isEqualTo(fx.location("data/" + seen + ".parquet"));
        assertThat(entry.file().firstRowId()).contains(expectedRowId);
        expectedRowId += 2L;
        seen += 1;
      }
    }
    assertThat(seen).isEqualTo(count);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void rejectsFilesThatDoNotBelongInTheManifest() {
    assertThatThrownBy(() -> ManifestWriter.forDeletes(SPEC, SCHEMA, 1, fx.io.newOutputFile(fx.location("v1-del.avro")), 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format version 2");
    try (ManifestWriter writer = ManifestWriter.forData(SPEC, SCHEMA, 2, fx.io.newOutputFile(fx.location("m.avro")), 1L)) {
      assertThatThrownBy(() -> writer.add(ManifestFixtures.equalityDeletes(fx.location("eq.avro"))))
          .isInstanceOf(IllegalArgumentException.class);
      DataFile otherSpec = ManifestFixtures.simpleDataFile(fx.location("x.parquet"), 1L).toBuilder().withSpecId(0).build();
      assertThatThrownBy(() -> writer.add(otherSpec))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("spec 0");
    }
    try (ManifestWriter writer = ManifestWriter.forDeletes(SPEC, SCHEMA, 2, fx.io.newOutputFile(fx.location("d.avro")), 1L)) {
      assertThatThrownBy(() -> writer.add(ManifestFixtures.deletionVector(fx.location("dv.puffin"), fx.location("a.parquet"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("format version 3");
    }
  }
}
