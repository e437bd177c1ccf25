package io.datashard.deletes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.puffin.BlobMetadata;
import io.datashard.puffin.FileMetadata;
import io.datashard.puffin.PuffinCompressionCodec;
import io.datashard.puffin.PuffinReader;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeletionVectorWriterTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "category", Types.StringType.get())));
  private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  private DataFile dataFile(String category, String name, long records) {
    return DataFile.builder(SPEC)
        .withLocation(dir.resolve("table/data/category=" + category + "/" + name + ".parquet").toString())
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(category))
        .withRecordCount(records)
        .withFileSizeInBytes(1000)
        .build();
  }

  @Test
  void writesOneBlobPerDataFileAndDescribesEachAsADeleteFile() throws IOException {
    DataFile a = dataFile("a", "a1", 100);
    DataFile b = dataFile("b", "b1", 10_000_000_000L);
    String location = dir.resolve("dvs.puffin").toString();
    DeletionVector forB = DeletionVector.of(0, 1L << 32, 9_999_999_999L);

    List<DeleteFile> files = new DeletionVectorWriter(io.newOutputFile(location))
        .add(a, DeletionVector.of(3, 7))
        .add(b, forB)
        .add(a, DeletionVector.of(7, 50))
        .write();

    assertThat(files).hasSize(2);
    long fileSize = Files.size(Path.of(location));
    try (PuffinReader puffin = new PuffinReader(io.newInputFile(location))) {
      FileMetadata footer = puffin.fileMetadata();
      assertThat(footer.blobs()).hasSize(2);
      for (int i = 0; i < 2; i++) {
        DeleteFile dv = files.get(i);
        DataFile target = i == 0 ? a : b;
        BlobMetadata blob = footer.blobs().get(i);
        assertThat(dv.content()).isEqualTo(FileContent.POSITION_DELETES);
        assertThat(dv.format()).isEqualTo(FileFormat.PUFFIN);
        assertThat(dv.isDeletionVector()).isTrue();
        assertThat(dv.location()).isEqualTo(location);
        assertThat(dv.fileSizeInBytes()).isEqualTo(fileSize);
        assertThat(dv.specId()).isEqualTo(target.specId());
        assertThat(dv.partition()).isEqualTo(target.partition());
        assertThat(dv.referencedDataFile()).contains(target.location());
        assertThat(dv.contentOffset()).contains(blob.offset());
        assertThat(dv.contentSizeInBytes()).contains(blob.length());

        assertThat(blob.type()).isEqualTo("deletion-vector-v1");
        assertThat(blob.snapshotId()).isEqualTo(-1);
        assertThat(blob.sequenceNumber()).isEqualTo(-1);
        assertThat(blob.compressionCodec()).isEqualTo(PuffinCompressionCodec.NONE);
        assertThat(blob.properties()).containsEntry("referenced-data-file", target.location())
            .containsEntry("cardinality", Long.toString(dv.recordCount()));
        assertThat(DeletionVector.deserialize(puffin.readBlob(blob), "blob " + i).cardinality()).isEqualTo(dv.recordCount());
      }
    }

    DeletionVectorReader reader = new DeletionVectorReader(io);
    DeletionVector readA = reader.read(files.get(0));
    assertThat(positions(readA)).containsExactly(3L, 7L, 50L);
    assertThat(files.get(0).recordCount()).isEqualTo(3);
    assertThat(reader.read(files.get(1))).isEqualTo(forB);
    assertThat(files.get(1).recordCount()).isEqualTo(3);
  }

  @Test
  void emptyVectorsGetNoBlobAndNoFile() {
    String location = dir.resolve("none.puffin").toString();
    List<DeleteFile> files = new DeletionVectorWriter(io.newOutputFile(location))
        .add(dataFile("a", "a1", 10), new DeletionVector())
        .write();
    assertThat(files).isEmpty();
    assertThat(Files.exists(Path.of(location))).isFalse();
  }

  @Test
  void sameDataFileWithAnotherPartitionIsRejected() {
    DataFile a = dataFile("a", "a1", 10);
    DeletionVectorWriter writer = new DeletionVectorWriter(io.newOutputFile(dir.resolve("x.puffin").toString()))
        .add(a, DeletionVector.of(1));
    assertThatThrownBy(() -> writer.add(a.location(), a.specId(), PartitionData.of("b"), DeletionVector.of(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(a.location());
  }

  @Test
  void readerChecksTheEntryAgainstTheBlob() {
    DataFile a = dataFile("a", "a1", 10);
    DataFile b = dataFile("a", "a2", 10);
    String location = dir.resolve("check.puffin").toString();
    List<DeleteFile> files = new DeletionVectorWriter(io.newOutputFile(location))
        .add(a, DeletionVector.of(1, 2))
        .add(b, DeletionVector.of(5))
        .write();
    DeletionVectorReader reader = new DeletionVectorReader(io);

    DeleteFile wrongCount = files.get(0).toBuilder().withRecordCount(5).build();
    assertThatThrownBy(() -> reader.read(wrongCount))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(a.location())
        .hasMessageContaining("record_count is 5");

    DeleteFile wrongOffset = files.get(0).toBuilder().withContentOffset(files.get(0).contentOffset().get() + 1).build();
    assertThatThrownBy(() -> reader.read(wrongOffset))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(location);

    DeleteFile pastEnd = files.get(0).toBuilder().withContentOffset(files.get(0).fileSizeInBytes()).build();
    assertThatThrownBy(() -> reader.read(pastEnd))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining(location);

    DeleteFile parquet = files.get(0).toBuilder().withFormat(FileFormat.PARQUET).build();
    assertThatThrownBy(() -> reader.read(parquet))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PARQUET");
  }

  @Test
  void committedToAVersion3PathTable() {
    Table table = new PathTables(io).create(SCHEMA, SPEC, Map.of(TableProperties.FORMAT_VERSION, "3"),
        dir.resolve("table").toString());
    DataFile a = dataFile("a", "a1", 100);
    DataFile b = dataFile("b", "b1", 200);
    table.newFastAppend().appendFile(a).appendFile(b).commit();

    Map<String, DeletionVector> expected = Map.of(
        a.location(), DeletionVector.of(0, 17, 99),
        b.location(), DeletionVector.of(150));
    String location = table.location() + "/data/dv-00001.puffin";
    List<DeleteFile> dvs = new DeletionVectorWriter(io.newOutputFile(location))
        .add(a, expected.get(a.location()))
        .add(b, expected.get(b.location()))
        .write();
    var delta = table.newRowDelta();
    dvs.forEach(delta::addDeletes);
    delta.commit();

    Table reloaded = new PathTables(io).load(table.location());
    Snapshot snapshot = reloaded.currentSnapshot().orElseThrow();
    List<DeleteFile> committed = toList(reloaded.deleteFiles(snapshot));
    assertThat(committed).hasSize(2);

    Map<String, BlobMetadata> blobsByDataFile = new HashMap<>();
    try (PuffinReader puffin = new PuffinReader(io.newInputFile(location))) {
      for (BlobMetadata blob : puffin.fileMetadata().blobs()) {
        blobsByDataFile.put(blob.properties().get("referenced-data-file"), blob);
      }
    }
    DeletionVectorReader reader = new DeletionVectorReader(reloaded.io());
    for (DeleteFile dv : committed) {
      String target = dv.referencedDataFile().orElseThrow();
      BlobMetadata blob = blobsByDataFile.get(target);
      assertThat(dv.format()).isEqualTo(FileFormat.PUFFIN);
      assertThat(dv.location()).isEqualTo(location);
      assertThat(dv.contentOffset()).as("content offset of the DV for %s", target).contains(blob.offset());
      assertThat(dv.contentSizeInBytes()).contains(blob.length());
      assertThat(dv.recordCount()).isEqualTo(expected.get(target).cardinality());
      assertThat(dv.dataSequenceNumber()).contains(snapshot.sequenceNumber());
      assertThat(reader.read(dv)).isEqualTo(expected.get(target));
    }
  }

  @Test
  void version2TablesRefuseDeletionVectors() {
    Table table = new PathTables(io).create(SCHEMA, SPEC, Map.of(TableProperties.FORMAT_VERSION, "2"),
        dir.resolve("v2").toString());
    DataFile a = dataFile("a", "a1", 100);
    table.newFastAppend().appendFile(a).commit();
    List<DeleteFile> dvs = new DeletionVectorWriter(io.newOutputFile(table.location() + "/data/dv.puffin"))
        .add(a, DeletionVector.of(1))
        .write();
    assertThatThrownBy(() -> table.newRowDelta().addDeletes(dvs.get(0)).commit())
        .hasMessageContaining("format version 3");
  }

  private static List<Long> positions(PositionDeleteIndex index) {
    List<Long> result = new ArrayList<>();
    index.forEach(result::add);
    return result;
  }

  private static <T> List<T> toList(CloseableIterable<T> iterable) {
    List<T> result = new ArrayList<>();
    try (CloseableIterator<T> iterator = iterable.iterator()) {
      iterator.forEachRemaining(result::add);
    }
    return result;
  }
}
