package io.datashard.scan;

import static io.datashard.scan.ScanTestSupport.SCHEMA;
import static io.datashard.scan.ScanTestSupport.bound;
import static io.datashard.scan.ScanTestSupport.collect;
import static io.datashard.scan.ScanTestSupport.create;
import static io.datashard.scan.ScanTestSupport.dataFile;
import static io.datashard.scan.ScanTestSupport.deleteFile;
import static io.datashard.scan.ScanTestSupport.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deletes attached to each planned data file follow the spec's scan planning rules. */
class DeleteFileIndexScanTest {
  @TempDir
  Path dir;

  /** Data file name to the names of its deletes. */
  private static Map<String, Set<String>> deletesByFile(TableScan scan) {
    Map<String, Set<String>> result = new TreeMap<>();
    for (FileScanTask task : collect(scan.planFiles())) {
      Set<String> deletes = new TreeSet<>();
      for (DeleteFile delete : task.deletes()) {
        deletes.add(name(delete.location()).replaceFirst("^deletes-", ""));
      }
      result.put(name(task.file().location()), deletes);
    }
    return result;
  }

  private Table partitioned(int formatVersion) {
    return create(dir, PartitionSpec.builderFor(SCHEMA).identity("category").build(),
        Map.of("format-version", Integer.toString(formatVersion)), new LocalFileIO());
  }

  @Test
  void sequenceNumbersBoundPositionAndEqualityDeletesDifferently() {
    Table table = partitioned(2);
    table.newFastAppend().appendFile(dataFile(table, "old", PartitionData.of("a"))).commit();
    DeleteFile pos = deleteFile(table, table.spec(), "pos", PartitionData.of("a")).ofPositionDeletes().build();
    DeleteFile eq = deleteFile(table, table.spec(), "eq", PartitionData.of("a")).ofEqualityDeletes(List.of(1)).build();
    // same commit as the deletes: same data sequence number
    table.newRowDelta()
        .addRows(dataFile(table, "same", PartitionData.of("a")))
        .addDeletes(pos)
        .addDeletes(eq)
        .commit();
    table.newFastAppend().appendFile(dataFile(table, "newer", PartitionData.of("a"))).commit();

    Map<String, Set<String>> deletes = deletesByFile(table.newScan());
    assertThat(deletes.get("old")).containsExactlyInAnyOrder("pos", "eq");
    // position deletes apply at an equal sequence number, equality deletes only to older data
    assertThat(deletes.get("same")).containsExactly("pos");
    assertThat(deletes.get("newer")).isEmpty();
  }

  @Test
  void deletesAreScopedToTheirPartitionAndSpec() {
    Table table = partitioned(2);
    table.newFastAppend()
        .appendFile(dataFile(table, "a1", PartitionData.of("a")))
        .appendFile(dataFile(table, "b1", PartitionData.of("b")))
        .commit();
    PartitionSpec categorySpec = table.spec();
    table.updateSpec().addField("id").commit();
    PartitionSpec categoryAndId = table.spec();
    table.newFastAppend().appendFile(dataFile(table, categoryAndId, "a-new-spec", PartitionData.of("a", 7L)).build()).commit();
    table.newRowDelta()
        .addDeletes(deleteFile(table, categorySpec, "pos-a", PartitionData.of("a")).ofPositionDeletes().build())
        .addDeletes(deleteFile(table, categorySpec, "eq-b", PartitionData.of("b")).ofEqualityDeletes(List.of(1)).build())
        .commit();

    Map<String, Set<String>> deletes = deletesByFile(table.newScan());
    assertThat(deletes.get("a1")).containsExactly("pos-a");
    assertThat(deletes.get("b1")).containsExactly("eq-b");
    // same category value, other spec: not the same partition
    assertThat(deletes.get("a-new-spec")).isEmpty();
    // a partition filter also prunes the delete manifests' entries
    assertThat(deletesByFile(table.newScan().filter(io.datashard.expressions.Expressions.equal("category", "b"))))
        .containsOnlyKeys("b1").containsEntry("b1", Set.of("eq-b"));
  }

  @Test
  void unpartitionedEqualityDeletesAreGlobal() {
    Table table = create(dir, PartitionSpec.unpartitioned(), Map.of("format-version", "2"), new LocalFileIO());
    PartitionSpec unpartitioned = table.spec();
    table.newFastAppend().appendFile(dataFile(table, "unpart", PartitionData.empty())).commit();
    table.updateSpec().addField("category").commit();
    table.newFastAppend()
        .appendFile(dataFile(table, "a1", PartitionData.of("a")))
        .appendFile(dataFile(table, "b1", PartitionData.of("b")))
        .commit();
    table.newRowDelta()
        .addDeletes(deleteFile(table, unpartitioned, "global-eq", PartitionData.empty()).ofEqualityDeletes(List.of(1)).build())
        .addDeletes(deleteFile(table, unpartitioned, "unpart-pos", PartitionData.empty()).ofPositionDeletes().build())
        .commit();

    Map<String, Set<String>> deletes = deletesByFile(table.newScan());
    assertThat(deletes.get("a1")).containsExactly("global-eq");
    assertThat(deletes.get("b1")).containsExactly("global-eq");
    // position deletes are never global: they match only their own (unpartitioned) partition
    assertThat(deletes.get("unpart")).containsExactlyInAnyOrder("global-eq", "unpart-pos");
  }

  @Test
  void positionDeletesWithAReferencedDataFileApplyOnlyToIt() {
    Table table = partitioned(2);
    DataFile a1 = dataFile(table, "a1", PartitionData.of("a"));
    DataFile a2 = dataFile(table, "a2", PartitionData.of("a"));
    table.newFastAppend().appendFile(a1).appendFile(a2).commit();
    table.newRowDelta()
        .addDeletes(deleteFile(table, table.spec(), "for-a1", PartitionData.of("a")).withReferencedDataFile(a1.location()).build())
        // older writers leave referenced_data_file out but record one path as both file_path bounds
        .addDeletes(deleteFile(table, table.spec(), "bounds-a2", PartitionData.of("a"))
            .withLowerBounds(bound(Integer.MAX_VALUE - 101, Types.StringType.get(), a2.location()))
            .withUpperBounds(bound(Integer.MAX_VALUE - 101, Types.StringType.get(), a2.location()))
            .build())
        .commit();

    Map<String, Set<String>> deletes = deletesByFile(table.newScan());
    assertThat(deletes.get("a1")).containsExactly("for-a1");
    assertThat(deletes.get("a2")).containsExactly("bounds-a2");
  }

  @Test
  void aDeletionVectorReplacesPositionDeleteFilesForItsDataFile() {
    Table table = partitioned(3);
    DataFile a1 = dataFile(table, "a1", PartitionData.of("a"));
    DataFile a2 = dataFile(table, "a2", PartitionData.of("a"));
    table.newFastAppend().appendFile(a1).appendFile(a2).commit();
    table.newRowDelta().addDeletes(deleteFile(table, table.spec(), "old-pos", PartitionData.of("a")).build()).commit();
    DeleteFile dv = DeleteFile.builder(table.spec())
        .ofPositionDeletes()
        .withLocation(table.location() + "/data/dv-a1.puffin")
        .withFormat(FileFormat.PUFFIN)
        .withPartition(PartitionData.of("a"))
        .withRecordCount(3)
        .withFileSizeInBytes(500)
        .withReferencedDataFile(a1.location())
        .withContentOffset(4)
        .withContentSizeInBytes(42)
        .build();
    DeleteFile eq = deleteFile(table, table.spec(), "eq", PartitionData.of("a")).ofEqualityDeletes(List.of(1)).build();
    table.newRowDelta().addDeletes(dv).addDeletes(eq).commit();

    List<FileScanTask> tasks = collect(table.newScan().planFiles());
    Map<String, Set<String>> deletes = deletesByFile(table.newScan());
    assertThat(deletes.get("a1")).containsExactlyInAnyOrder("dv-a1", "eq");
    assertThat(deletes.get("a2")).containsExactlyInAnyOrder("old-pos", "eq");
    DeleteFile attached = tasks.stream().filter(t -> name(t.file().location()).equals("a1")).findFirst().orElseThrow()
        .deletes().stream().filter(DeleteFile::isDeletionVector).findFirst().orElseThrow();
    assertThat(attached.contentOffset()).contains(4L);
    assertThat(attached.contentSizeInBytes()).contains(42L);
    assertThat(attached.referencedDataFile()).contains(a1.location());

    // data rewritten after the vector: the vector is older than the data and no longer applies
    DataFile a1Rewritten = dataFile(table, "a1-rewritten", PartitionData.of("a"));
    table.newRewrite().deleteFile(a1).addFile(a1Rewritten).commit();
    assertThat(deletesByFile(table.newScan()).get("a1-rewritten")).isEmpty();
  }

  @Test
  void equalityDeletesThatCannotMatchTheDataFilesBoundsAreSkipped() {
    Table table = partitioned(2);
    table.newFastAppend()
        .appendFile(withIds(dataFile(table, table.spec(), "ids0-9", PartitionData.of("a")), 0, 9).build())
        .appendFile(withIds(dataFile(table, table.spec(), "ids10-19", PartitionData.of("a")), 10, 19).build())
        .commit();
    table.newRowDelta()
        .addDeletes(withIds(deleteFile(table, table.spec(), "eq-ids15-16", PartitionData.of("a"))
            .ofEqualityDeletes(List.of(1)), 15, 16).build())
        .commit();

    Map<String, Set<String>> deletes = deletesByFile(table.newScan());
    assertThat(deletes.get("ids0-9")).isEmpty();
    assertThat(deletes.get("ids10-19")).containsExactly("eq-ids15-16");
  }

  private static <B extends io.datashard.ContentFileBuilder<B, ?>> B withIds(B builder, long lower, long upper) {
    return builder
        .withNullValueCounts(Map.of(1, 0L))
        .withLowerBounds(bound(1, Types.LongType.get(), lower))
        .withUpperBounds(bound(1, Types.LongType.get(), upper));
  }
}
