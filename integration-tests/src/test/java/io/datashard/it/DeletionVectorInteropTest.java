package io.datashard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.catalog.PathTables;
import io.datashard.deletes.DeletionVector;
import io.datashard.deletes.DeletionVectorReader;
import io.datashard.deletes.DeletionVectorWriter;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.FileIO;
import io.datashard.puffin.BlobMetadata;
import io.datashard.puffin.PuffinReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deletion vectors written by Datashard are read by Apache Iceberg, and the reverse, with the same positions. */
class DeletionVectorInteropTest {
  private static final long TWO_TO_32 = 1L << 32;
  private static final Schema ICEBERG_SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()));

  @TempDir
  Path dir;

  private final FileIO fileIO = new LocalFileIO();

  private static Map<String, TreeSet<Long>> expectedPositions(String first, String second) {
    Map<String, TreeSet<Long>> expected = new HashMap<>();
    expected.put(first, new TreeSet<>(List.of(0L, 3L, 4L, 99L, 70_000L, TWO_TO_32 + 5, 3 * TWO_TO_32)));
    TreeSet<Long> dense = new TreeSet<>();
    for (long p = 1000; p < 6000; p++) {
      dense.add(p);
    }
    expected.put(second, dense);
    return expected;
  }

  private static DeletionVector toVector(TreeSet<Long> positions) {
    DeletionVector vector = new DeletionVector();
    positions.forEach(vector::delete);
    return vector;
  }

  private static TreeSet<Long> positionsOf(PositionDeleteIndex index) {
    TreeSet<Long> result = new TreeSet<>();
    index.forEach(result::add);
    return result;
  }

  private static TreeSet<Long> positionsOf(io.datashard.deletes.PositionDeleteIndex index) {
    TreeSet<Long> result = new TreeSet<>();
    index.forEach(result::add);
    return result;
  }

  /** Reads a DV the way Iceberg's delete loader does: only the blob at content offset and size. */
  private static PositionDeleteIndex icebergRead(DeleteFile dv) {
    InputFile input = org.apache.iceberg.Files.localInput(dv.location());
    byte[] bytes = new byte[Math.toIntExact(dv.contentSizeInBytes())];
    try (SeekableInputStream in = input.newStream()) {
      in.seek(dv.contentOffset());
      int read = 0;
      while (read < bytes.length) {
        int n = in.read(bytes, read, bytes.length - read);
        assertThat(n).isPositive();
        read += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return PositionDeleteIndex.deserialize(bytes, dv);
  }

  @Test
  void icebergReadsDeletionVectorsWrittenByDatashard() throws IOException {
    String first = dir.resolve("data/a.parquet").toString();
    String second = dir.resolve("data/b.parquet").toString();
    Map<String, TreeSet<Long>> expected = expectedPositions(first, second);
    String location = dir.resolve("datashard-dvs.puffin").toString();
    List<io.datashard.DeleteFile> written = new DeletionVectorWriter(fileIO.newOutputFile(location))
        .add(first, 0, io.datashard.PartitionData.empty(), toVector(expected.get(first)))
        .add(second, 0, io.datashard.PartitionData.empty(), toVector(expected.get(second)))
        .write();
    assertThat(written).hasSize(2);

    // Iceberg's Puffin reader reads the whole file: footer, blob metadata and every blob
    Map<String, ByteBuffer> blobsByDataFile = new HashMap<>();
    try (org.apache.iceberg.puffin.PuffinReader reader = Puffin.read(org.apache.iceberg.Files.localInput(location)).build()) {
      List<org.apache.iceberg.puffin.BlobMetadata> blobs = reader.fileMetadata().blobs();
      assertThat(blobs).hasSize(2);
      for (Pair<org.apache.iceberg.puffin.BlobMetadata, ByteBuffer> pair : reader.readAll(blobs)) {
        org.apache.iceberg.puffin.BlobMetadata blob = pair.first();
        assertThat(blob.type()).isEqualTo("deletion-vector-v1");
        assertThat(blob.compressionCodec()).isNull();
        assertThat(blob.snapshotId()).isEqualTo(-1);
        assertThat(blob.sequenceNumber()).isEqualTo(-1);
        blobsByDataFile.put(blob.properties().get("referenced-data-file"), pair.second());
        assertThat(blob.properties().get("cardinality"))
            .isEqualTo(Long.toString(expected.get(blob.properties().get("referenced-data-file")).size()));
      }
    }

    for (io.datashard.DeleteFile dv : written) {
      String target = dv.referencedDataFile().orElseThrow();
      DeleteFile iceberg = org.apache.iceberg.FileMetadata.deleteFileBuilder(PartitionSpec.unpartitioned())
          .ofPositionDeletes()
          .withPath(dv.location())
          .withFormat(FileFormat.PUFFIN)
          .withFileSizeInBytes(dv.fileSizeInBytes())
          .withRecordCount(dv.recordCount())
          .withReferencedDataFile(target)
          .withContentOffset(dv.contentOffset().orElseThrow())
          .withContentSizeInBytes(dv.contentSizeInBytes().orElseThrow())
          .build();
      PositionDeleteIndex index = icebergRead(iceberg);
      assertThat(index.cardinality()).isEqualTo(expected.get(target).size());
      assertThat(positionsOf(index)).isEqualTo(expected.get(target));

      ByteBuffer blob = blobsByDataFile.get(target);
      byte[] bytes = new byte[blob.remaining()];
      blob.duplicate().get(bytes);
      assertThat(positionsOf(PositionDeleteIndex.deserialize(bytes, iceberg))).isEqualTo(expected.get(target));
    }
  }

  @Test
  void datashardReadsDeletionVectorsWrittenByIceberg() throws IOException {
    Table ice = new HadoopTables(new Configuration()).create(ICEBERG_SCHEMA, PartitionSpec.unpartitioned(),
        SortOrder.unsorted(), Map.of(TableProperties.FORMAT_VERSION, "3"), dir.resolve("ice").toString());
    String first = ice.location() + "/data/a.parquet";
    String second = ice.location() + "/data/b.parquet";
    Map<String, TreeSet<Long>> expected = expectedPositions(first, second);

    OutputFileFactory files = OutputFileFactory.builderFor(ice, 1, 1).format(FileFormat.PUFFIN).build();
    BaseDVFileWriter writer = new BaseDVFileWriter(files, path -> null);
    try (writer) {
      for (Map.Entry<String, TreeSet<Long>> entry : expected.entrySet()) {
        for (long position : entry.getValue()) {
          writer.delete(entry.getKey(), position, ice.spec(), null);
        }
      }
    }
    List<DeleteFile> dvs = writer.result().deleteFiles();
    assertThat(dvs).hasSize(2);

    DeletionVectorReader reader = new DeletionVectorReader(fileIO);
    for (DeleteFile dv : dvs) {
      String target = dv.referencedDataFile();
      io.datashard.DeleteFile datashard = io.datashard.DeleteFile.builder()
          .ofPositionDeletes()
          .withSpecId(dv.specId())
          .withLocation(dv.location())
          .withFormat(io.datashard.FileFormat.PUFFIN)
          .withFileSizeInBytes(dv.fileSizeInBytes())
          .withRecordCount(dv.recordCount())
          .withReferencedDataFile(target)
          .withContentOffset(dv.contentOffset())
          .withContentSizeInBytes(dv.contentSizeInBytes())
          .build();
      DeletionVector vector = reader.read(datashard);
      assertThat(vector.cardinality()).isEqualTo(expected.get(target).size());
      assertThat(positionsOf(vector)).isEqualTo(expected.get(target));

      // Datashard's Puffin reader understands Iceberg's footer and finds the same blob there
      try (PuffinReader puffin = new PuffinReader(fileIO.newInputFile(dv.location()))) {
        BlobMetadata blob = puffin.fileMetadata().blobs().stream()
            .filter(b -> target.equals(b.properties().get("referenced-data-file")))
            .findFirst().orElseThrow();
        assertThat(blob.type()).isEqualTo(DeletionVector.BLOB_TYPE);
        assertThat(blob.offset()).isEqualTo(dv.contentOffset());
        assertThat(blob.length()).isEqualTo(dv.contentSizeInBytes());
        assertThat(DeletionVector.deserialize(puffin.readBlob(blob), "Iceberg DV for " + target)).isEqualTo(vector);
      }
    }
  }

  @Test
  void icebergPlansDeletionVectorsCommittedByDatashard() {
    io.datashard.types.Schema schema = new io.datashard.types.Schema(List.of(
        io.datashard.types.Types.NestedField.required(1, "id", io.datashard.types.Types.LongType.get()),
        io.datashard.types.Types.NestedField.optional(2, "data", io.datashard.types.Types.StringType.get())));
    io.datashard.Table table = new PathTables(fileIO).create(schema, io.datashard.PartitionSpec.unpartitioned(),
        Map.of(io.datashard.TableProperties.FORMAT_VERSION, "3"), dir.resolve("ds").toString());
    List<DataFile> dataFiles = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      dataFiles.add(DataFile.builder(table.spec())
          .withLocation(table.location() + "/data/" + name + ".parquet")
          .withFormat(io.datashard.FileFormat.PARQUET)
          .withRecordCount(10_000)
          .withFileSizeInBytes(1000)
          .build());
    }
    var append = table.newFastAppend();
    dataFiles.forEach(append::appendFile);
    append.commit();
    Map<String, TreeSet<Long>> expected = expectedPositions(dataFiles.get(0).location(), dataFiles.get(1).location());
    DeletionVectorWriter writer = new DeletionVectorWriter(fileIO.newOutputFile(table.location() + "/data/dvs.puffin"));
    for (DataFile file : dataFiles) {
      writer.add(file, toVector(expected.get(file.location())));
    }
    var delta = table.newRowDelta();
    writer.write().forEach(delta::addDeletes);
    delta.commit();

    Table ice = new HadoopTables(new Configuration()).load(table.location());
    int tasks = 0;
    try (CloseableIterable<FileScanTask> planned = ice.newScan().planFiles()) {
      for (FileScanTask task : planned) {
        tasks++;
        assertThat(task.deletes()).hasSize(1);
        DeleteFile dv = task.deletes().get(0);
        assertThat(dv.format()).isEqualTo(FileFormat.PUFFIN);
        assertThat(dv.referencedDataFile()).isEqualTo(task.file().location());
        assertThat(positionsOf(icebergRead(dv))).isEqualTo(expected.get(task.file().location()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(tasks).isEqualTo(2);
  }
}
