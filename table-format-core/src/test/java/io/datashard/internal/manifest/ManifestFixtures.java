package io.datashard.internal.manifest;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.ManifestFile;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.internal.io.InMemoryFileIO;
import io.datashard.io.FileIO;
import io.datashard.io.PositionOutputStream;
import io.datashard.transforms.Transforms;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/** Shared table, spec and files for the manifest tests; locations are unique per call. */
final class ManifestFixtures {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "category", Types.StringType.get()),
      Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(5, "score", Types.DoubleType.get())));

  /** identity string, bucket, day and truncate: partition type (string, int, date, string). */
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).withSpecId(3)
      .identity("data").bucket("id", 16).day("ts").truncate("category", 3).build();

  static final Map<Integer, PartitionSpec> SPECS = Map.of(SPEC.specId(), SPEC);

  // 2024-03-15T10:00:00Z in micros
  static final long TS_MICROS = 1_710_496_800_000_000L;

  final FileIO io = new InMemoryFileIO();
  final String root = "memory://manifest-tests/" + UUID.randomUUID() + "/";

  private ManifestFixtures() {}

  static ManifestFixtures create() {
    return new ManifestFixtures();
  }

  String location(String name) {
    return root + name;
  }

  /** A tuple computed with the spec's transforms; a null {@code data} gives a null identity value. */
  static PartitionData partition(String data, long id, long tsMicros, String category) {
    return PartitionData.of(
        data,
        Transforms.bucket(16).apply(Types.LongType.get(), id),
        Transforms.day().apply(Types.TimestampType.withZone(), tsMicros),
        Transforms.truncate(3).apply(Types.StringType.get(), category));
  }

  static ByteBuffer bytes(String value) {
    return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A data file with every optional field set; {@code firstRowId} may be null. */
  static DataFile fullDataFile(String path, PartitionData partition, long records, Long firstRowId) {
    DataFile.Builder builder = DataFile.builder(SPEC)
        .withLocation(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition)
        .withRecordCount(records)
        .withFileSizeInBytes(4096L + records)
        .withColumnSizes(Map.of(1, 100L, 2, 200L, 5, 80L))
        .withValueCounts(Map.of(1, records, 2, records, 5, records))
        .withNullValueCounts(Map.of(1, 0L, 2, 3L, 5, 1L))
        .withNanValueCounts(Map.of(5, 2L))
        .withLowerBounds(Map.of(
            1, Conversions.toByteBuffer(Types.LongType.get(), 1L),
            2, Conversions.toByteBuffer(Types.StringType.get(), "aaa")))
        .withUpperBounds(Map.of(
            1, Conversions.toByteBuffer(Types.LongType.get(), 999L),
            2, Conversions.toByteBuffer(Types.StringType.get(), "zzz")))
        .withKeyMetadata(bytes("key-" + path))
        .withSplitOffsets(List.of(4L, 1024L, 2048L))
        .withSortOrderId(1);
    if (firstRowId != null) {
      builder.withFirstRowId(firstRowId);
    }
    return builder.build();
  }

  static DataFile simpleDataFile(String path, long records) {
    return DataFile.builder(SPEC)
        .withLocation(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition("a", 1L, TS_MICROS, "abcdef"))
        .withRecordCount(records)
        .withFileSizeInBytes(100L + records)
        .build();
  }

  static DeleteFile positionDeletes(String path, String referencedDataFile) {
    return DeleteFile.builder(SPEC)
        .ofPositionDeletes()
        .withLocation(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition("a", 1L, TS_MICROS, "abcdef"))
        .withRecordCount(7L)
        .withFileSizeInBytes(700L)
        .withReferencedDataFile(referencedDataFile)
        .withSortOrderId(0)
        .build();
  }

  static DeleteFile equalityDeletes(String path) {
    return DeleteFile.builder(SPEC)
        .ofEqualityDeletes(List.of(1, 2))
        .withLocation(path)
        .withFormat(FileFormat.AVRO)
        .withPartition(partition(null, 2L, TS_MICROS, "xyz"))
        .withRecordCount(3L)
        .withFileSizeInBytes(300L)
        .withValueCounts(Map.of(1, 3L))
        .build();
  }

  static DeleteFile deletionVector(String path, String referencedDataFile) {
    return DeleteFile.builder(SPEC)
        .ofPositionDeletes()
        .withLocation(path)
        .withFormat(FileFormat.PUFFIN)
        .withPartition(partition("a", 1L, TS_MICROS, "abcdef"))
        .withRecordCount(2L)
        .withFileSizeInBytes(512L)
        .withReferencedDataFile(referencedDataFile)
        .withContentOffset(4L)
        .withContentSizeInBytes(60L)
        .build();
  }

  /** Writes a data manifest of the given files, all added, and closes it. */
  ManifestFile writeData(int formatVersion, String name, long snapshotId, ContentFile... files) {
    ManifestWriter writer = ManifestWriter.forData(SPEC, SCHEMA, formatVersion, io.newOutputFile(location(name)), snapshotId);
    try (writer) {
      for (ContentFile file : files) {
        writer.add(file);
      }
    }
    return writer.toManifestFile();
  }

  /** Assigns sequence numbers (and v3 row ids) the way a commit does, by writing a manifest list. */
  ManifestListWriter.Result commit(int formatVersion, long snapshotId, long sequenceNumber, ManifestFile... manifests) {
    return ManifestListWriter.write(io.newOutputFile(location("snap-" + snapshotId + "-" + UUID.randomUUID() + ".avro")),
        formatVersion, snapshotId, null, sequenceNumber, formatVersion >= 3 ? 1000L : null, List.of(manifests));
  }

  byte[] readAll(String location) {
    try (InputStream in = io.newInputFile(location).newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writeBytes(String location, byte[] content) {
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a copy of the file without its last {@code cut} bytes; returns the copy's location. */
  String truncatedCopy(String location, int cut) {
    byte[] content = readAll(location);
    String copy = location + ".truncated-" + cut;
    writeBytes(copy, Arrays.copyOf(content, content.length - cut));
    return copy;
  }

  /** The writer schema in the Avro header of a file, read with Avro itself. */
  org.apache.avro.Schema avroSchema(String location) {
    try (DataFileReader<GenericRecord> reader =
             new DataFileReader<>(new SeekableByteArrayInput(readAll(location)), new GenericDatumReader<>())) {
      return reader.getSchema();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Object fieldId(org.apache.avro.Schema record, String field) {
    return record.getField(field).getObjectProp("field-id");
  }

  /** The record schema of a field, unwrapping an optional union and arrays. */
  static org.apache.avro.Schema inner(org.apache.avro.Schema record, String field) {
    org.apache.avro.Schema schema = record.getField(field).schema();
    if (schema.getType() == org.apache.avro.Schema.Type.UNION) {
      schema = schema.getTypes().get(1);
    }
    if (schema.getType() == org.apache.avro.Schema.Type.ARRAY) {
      schema = schema.getElementType();
    }
    return schema;
  }
}
