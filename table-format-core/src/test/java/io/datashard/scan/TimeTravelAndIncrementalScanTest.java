package io.datashard.scan;

import static io.datashard.expressions.Expressions.equal;
import static io.datashard.scan.ScanTestSupport.SCHEMA;
import static io.datashard.scan.ScanTestSupport.create;
import static io.datashard.scan.ScanTestSupport.dataFile;
import static io.datashard.scan.ScanTestSupport.fileNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.HistoryEntry;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeTravelAndIncrementalScanTest {
  @TempDir
  Path dir;

  private Table table;
  private long s1;
  private long s2;
  private long s3;

  @BeforeEach
  void setUp() throws InterruptedException {
    table = create(dir, PartitionSpec.builderFor(SCHEMA).identity("category").build());
    table.newFastAppend().appendFile(dataFile(table, "a1", PartitionData.of("a"))).commit();
    s1 = currentId();
    Thread.sleep(3); // distinct commit times for asOfTime
    table.updateSchema().addColumn("extra", Types.IntegerType.get()).commit();
    table.newFastAppend().appendFile(dataFile(table, "b1", PartitionData.of("b"))).commit();
    s2 = currentId();
    Thread.sleep(3);
    table.newFastAppend().appendFile(dataFile(table, "a2", PartitionData.of("a"))).commit();
    s3 = currentId();
  }

  private long currentId() {
    return table.currentSnapshot().orElseThrow().snapshotId();
  }

  private long committedAt(long snapshotId) {
    return table.snapshot(snapshotId).orElseThrow().timestampMillis();
  }

  @Test
  void useSnapshotReadsThatSnapshotInItsSchema() {
    TableScan scan = table.newScan().useSnapshot(s1);
    assertThat(scan.snapshot().orElseThrow().snapshotId()).isEqualTo(s1);
    assertThat(fileNames(scan)).containsExactly("a1");
    assertThat(scan.schema().findField("extra")).isEmpty();
    assertThat(table.newScan().schema().findField("extra")).isPresent();
    assertThat(fileNames(table.newScan().useSnapshot(s2).filter(equal("category", "b")))).containsExactly("b1");
    assertThat(fileNames(table.newScan())).containsExactly("a1", "a2", "b1");

    assertThatThrownBy(() -> table.newScan().useSnapshot(-42L))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("-42");
    assertThatThrownBy(() -> table.newScan().useSnapshot(s1).useRef("main"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("snapshot " + s1);
  }

  @Test
  void asOfTimeReadsTheSnapshotCurrentAtThatTime() {
    assertThat(table.newScan().asOfTime(committedAt(s1)).snapshot().orElseThrow().snapshotId()).isEqualTo(s1);
    assertThat(table.newScan().asOfTime(committedAt(s2) - 1).snapshot().orElseThrow().snapshotId()).isEqualTo(s1);
    assertThat(fileNames(table.newScan().asOfTime(committedAt(s2)))).containsExactly("a1", "b1");
    assertThat(table.newScan().asOfTime(Long.MAX_VALUE).snapshot().orElseThrow().snapshotId()).isEqualTo(s3);

    List<HistoryEntry> history = table.history();
    long beforeFirst = history.get(0).timestampMillis() - 1;
    assertThatThrownBy(() -> table.newScan().asOfTime(beforeFirst))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("first snapshot");
  }

  @Test
  void useRefReadsBranchesAndTags() {
    table.manageSnapshots().createTag("v1", s1).createBranch("audit", s2).commit();
    TableScan tag = table.newScan().useRef("v1");
    assertThat(fileNames(tag)).containsExactly("a1");
    assertThat(tag.schema().findField("extra")).isEmpty();
    TableScan branch = table.newScan().useRef("audit");
    assertThat(fileNames(branch)).containsExactly("a1", "b1");
    assertThat(branch.schema().findField("extra")).isPresent();
    assertThat(fileNames(table.newScan().useRef("main"))).containsExactly("a1", "a2", "b1");
    assertThatThrownBy(() -> table.newScan().useRef("nope"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
  }

  @Test
  void incrementalAppendScanReturnsFilesAppendedInTheRange() {
    assertThat(fileNames(table.newIncrementalAppendScan().fromSnapshotExclusive(s1))).containsExactly("a2", "b1");
    assertThat(fileNames(table.newIncrementalAppendScan().fromSnapshotInclusive(s1).toSnapshot(s2))).containsExactly("a1", "b1");
    assertThat(fileNames(table.newIncrementalAppendScan().fromSnapshotExclusive(s2).toSnapshot(s2))).isEmpty();
    assertThat(fileNames(table.newIncrementalAppendScan())).containsExactly("a1", "a2", "b1");
    assertThat(fileNames(table.newIncrementalAppendScan().fromSnapshotExclusive(s1).filter(equal("category", "a"))))
        .containsExactly("a2");
  }

  @Test
  void incrementalAppendScanSkipsOverwritesAndDeletes() {
    DataFile a3 = dataFile(table, "a3", PartitionData.of("a"));
    DataFile replacement = dataFile(table, "replacement", PartitionData.of("b"));
    table.newOverwrite().addFile(replacement).deleteFile(dataFile(table, "b1", PartitionData.of("b"))).commit();
    table.newDelete().deleteFile(dataFile(table, "a1", PartitionData.of("a"))).commit();
    table.newAppend().appendFile(a3).commit();

    // the overwrite's added file is not an append; the deletes do not remove earlier appends
    assertThat(fileNames(table.newIncrementalAppendScan().fromSnapshotExclusive(s3))).containsExactly("a3");
    assertThat(fileNames(table.newIncrementalAppendScan().fromSnapshotExclusive(s1))).containsExactly("a2", "a3", "b1");
  }

  @Test
  void incrementalAppendScanRequiresAnAncestor() {
    table.manageSnapshots().createBranch("side", s1).commit();
    table.newFastAppend().appendFile(dataFile(table, "side1", PartitionData.of("a"))).toBranch("side").commit();
    long side = table.snapshot("side").orElseThrow().snapshotId();

    assertThatThrownBy(() -> collectNames(table.newIncrementalAppendScan().fromSnapshotExclusive(side).toSnapshot(s3)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(side + " is not an ancestor of " + s3);
    assertThat(fileNames(table.newIncrementalAppendScan().fromSnapshotExclusive(s1).toSnapshot(side))).containsExactly("side1");
  }

  private static void collectNames(IncrementalAppendScan scan) {
    fileNames(scan);
  }
}
