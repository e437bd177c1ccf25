package io.datashard.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.CommitFailedException;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.internal.commit.FaultInjectingFileIO.Point;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.internal.metadata.TableMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A commit that fails or crashes around the metadata file leaves the table at a state some
 * version describes, cleans up after definite failures, and keeps everything after unknown ones.
 * The table is at v2 (one file) before each commit under test, so that commit targets v3.
 */
class CommitCrashSafetyTest {
  private static final Predicate<String> V3 = location -> location.endsWith("/metadata/v3.metadata.json");

  @TempDir
  Path dir;

  private String location;
  private String first;

  @BeforeEach
  void createTableAtVersion2() {
    location = dir.resolve("table").toString();
    Map<String, String> properties = new HashMap<>(CommitSafetySupport.fastRetries());
    properties.put(TableProperties.COMMIT_NUM_RETRIES, "0");
    Table table = CommitSafetySupport.create(location, properties);
    first = append(table, "first");
  }

  private String append(Table table, String name) {
    String path = location + "/data/" + name + ".parquet";
    table.newFastAppend().appendFile(CommitSafetySupport.dataFile(table.spec(), path)).commit();
    return path;
  }

  private void setRetries(int retries) {
    CommitSafetySupport.load(location).updateProperties()
        .set(TableProperties.COMMIT_NUM_RETRIES, String.valueOf(retries)).commit();
  }

  private Table faultyTable(FaultInjectingFileIO io) {
    return CommitSafetySupport.load(location, io);
  }

  private void assertStillAtFirstAppend(int expectedVersions) {
    Table table = CommitSafetySupport.load(location);
    assertThat(CommitSafetySupport.liveDataPaths(table)).containsExactly(first);
    assertThat(table.snapshots()).hasSize(1);
    assertThat(CommitSafetySupport.readVersions(location).lastKey()).isEqualTo(expectedVersions);
  }

  @ParameterizedTest
  @EnumSource(value = Point.class, names = {"CREATE", "WRITE", "CLOSE"})
  void crashBeforeTheMetadataFileIsPublishedLeavesThePreviousState(Point point) {
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1).crashOnce(point, V3);
    Table table = faultyTable(io);

    assertThatThrownBy(() -> append(table, "lost")).isInstanceOf(FaultInjectingFileIO.Crash.class);

    assertStillAtFirstAppend(2);
    // a crashed process cleans nothing up: its manifest and manifest list stay behind unreferenced
    Set<String> leftovers = CommitSafetySupport.unreferencedMetadataFiles(location);
    assertThat(leftovers).hasSize(2);
    assertThat(leftovers).anyMatch(name -> name.startsWith("snap-")).anyMatch(name -> name.contains("-m0"));

    // and the table takes the next commit normally
    String after = append(CommitSafetySupport.load(location), "after");
    assertThat(CommitSafetySupport.liveDataPaths(CommitSafetySupport.load(location))).containsExactlyInAnyOrder(first, after);
    CommitSafetySupport.assertAppendOnlyHistory(location);
  }

  @ParameterizedTest
  @EnumSource(value = Point.class, names = {"CREATE", "WRITE", "CLOSE"})
  void failureBeforeTheMetadataFileIsPublishedFailsAndCleansUp(Point point) {
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1).failOnce(point, V3);
    Table table = faultyTable(io);

    assertThatThrownBy(() -> append(table, "lost"))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining(location);

    assertStillAtFirstAppend(2);
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).as("files of the failed commit").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Point.class, names = {"CREATE", "WRITE", "CLOSE"})
  void failureBeforeTheMetadataFileIsPublishedIsRetried(Point point) {
    setRetries(3); // now at v3, so the commit under test targets v4
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1)
        .failOnce(point, location -> location.endsWith("/metadata/v4.metadata.json"));
    Table table = faultyTable(io);

    String ours = append(table, "ours");

    assertThat(io.injected(point)).isEqualTo(1);
    assertThat(CommitSafetySupport.liveDataPaths(CommitSafetySupport.load(location))).containsExactlyInAnyOrder(first, ours);
    TreeMap<Integer, TableMetadata> versions = CommitSafetySupport.readVersions(location);
    assertThat(versions.lastKey()).isEqualTo(4);
    assertThat(versions.get(4).currentSnapshotId()).contains(CommitSafetySupport.load(location).currentSnapshot().orElseThrow().snapshotId());
    // the manifest list of the attempt that failed was removed
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).isEmpty();
  }

  @Test
  void metadataFilePublishedBeforeTheErrorCountsAsCommitted() {
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1).failOnce(Point.PUBLISH_THEN_FAIL, V3);
    Table table = faultyTable(io);

    String ours = append(table, "ours");

    assertThat(io.injected(Point.PUBLISH_THEN_FAIL)).isEqualTo(1);
    Table reloaded = CommitSafetySupport.load(location);
    assertThat(CommitSafetySupport.liveDataPaths(reloaded)).containsExactlyInAnyOrder(first, ours);
    assertThat(CommitSafetySupport.readVersions(location).lastKey()).isEqualTo(3);
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).isEmpty();
    assertThat(table.currentSnapshot().map(Snapshot::snapshotId)).isEqualTo(reloaded.currentSnapshot().map(Snapshot::snapshotId));
  }

  @ParameterizedTest
  @ValueSource(strings = {"OPEN", "READ", "EXISTS"})
  void publishedMetadataFileThatCannotBeCheckedIsUnknownAndKeepsEverything(String readFault) {
    Point point = Point.valueOf(readFault);
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1);
    // the check fails only once the file is there, as when storage stops answering right after the write
    io.failOnce(Point.PUBLISH_THEN_FAIL, V3, () -> io.failOnce(point, V3));
    Table table = faultyTable(io);

    assertThatThrownBy(() -> append(table, "ours"))
        .isInstanceOf(CommitStateUnknownException.class)
        .hasMessageContaining(location);

    assertThat(io.injected(point)).isEqualTo(1);
    // it did land, and everything it needs is there
    Table reloaded = CommitSafetySupport.load(location);
    assertThat(CommitSafetySupport.liveDataPaths(reloaded)).containsExactlyInAnyOrder(first, location + "/data/ours.parquet");
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).isEmpty();
    CommitSafetySupport.assertAppendOnlyHistory(location);
  }

  @Test
  void unknownOutcomeThatDidNotLandStillDeletesNothing() {
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1);
    // the write fails, and so does the check whether it happened
    io.failOnce(Point.CLOSE, V3, () -> io.failOnce(Point.EXISTS, V3));
    Table table = faultyTable(io);

    assertThatThrownBy(() -> append(table, "ours")).isInstanceOf(CommitStateUnknownException.class);

    assertStillAtFirstAppend(2);
    Set<String> kept = CommitSafetySupport.unreferencedMetadataFiles(location);
    assertThat(kept).as("the commit's manifest and manifest list are kept").hasSize(2);
  }

  @Test
  void failedWriteWhileARivalCreatedTheVersionIsALostRace() {
    setRetries(2); // table at v3: the commit under test targets v4
    Predicate<String> v4 = location -> location.endsWith("/metadata/v4.metadata.json");
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1);
    String[] rival = new String[1];
    io.failOnce(Point.CREATE, v4, () -> rival[0] = append(CommitSafetySupport.load(location), "rival"));
    Table table = faultyTable(io);

    String ours = append(table, "ours");

    TreeMap<Integer, TableMetadata> versions = CommitSafetySupport.readVersions(location);
    assertThat(versions.lastKey()).isEqualTo(5);
    assertThat(CommitSafetySupport.liveDataPaths(CommitSafetySupport.load(location))).containsExactlyInAnyOrder(first, rival[0], ours);
    assertThat(versions.get(5).currentSnapshotId()).contains(CommitSafetySupport.appliedSnapshotOf(table).snapshotId());
    assertThat(versions.get(4).currentSnapshot().orElseThrow().parentId()).isEqualTo(versions.get(3).currentSnapshotId().orElseThrow());
    CommitSafetySupport.assertIncreasingSequenceNumbers(versions.get(5));
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).isEmpty();
  }

  @Test
  void rivalThatPublishesWhileOurMetadataStreamIsOpenIsALostRaceAtClose() {
    // As on object stores, where create() sends nothing and the conditional write at close is the
    // check: the AlreadyExistsException comes from the stream's close, and must still be the
    // retryable conflict, not an I/O failure.
    setRetries(2); // table at v3: the commit under test targets v4
    Predicate<String> v4 = location -> location.endsWith("/metadata/v4.metadata.json");
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1);
    String[] rival = new String[1];
    io.beforePublishOnce(v4, () -> rival[0] = append(CommitSafetySupport.load(location), "rival"));
    Table table = faultyTable(io);

    String ours = append(table, "ours");

    TreeMap<Integer, TableMetadata> versions = CommitSafetySupport.readVersions(location);
    assertThat(versions.lastKey()).isEqualTo(5);
    assertThat(versions.get(4).currentSnapshot().orElseThrow().parentId()).isEqualTo(versions.get(3).currentSnapshotId().orElseThrow());
    assertThat(CommitSafetySupport.liveDataPaths(CommitSafetySupport.load(location))).containsExactlyInAnyOrder(first, rival[0], ours);
    assertThat(versions.get(5).currentSnapshotId()).contains(CommitSafetySupport.appliedSnapshotOf(table).snapshotId());
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).isEmpty();
  }

  @Test
  void failedCleanupDoesNotChangeTheOutcome() {
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1)
        .failOnce(Point.CREATE, V3)
        .failRandomly(Point.DELETE, 1.0);
    Table table = faultyTable(io);

    assertThatThrownBy(() -> append(table, "lost")).isInstanceOf(CommitFailedException.class);

    assertStillAtFirstAppend(2);
    assertThat(io.failedDeletes()).hasSize(2);
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).hasSize(2);
    assertThat(Files.exists(CommitSafetySupport.metadataDir(location).resolve("v3.metadata.json"))).isFalse();
  }

  @Test
  void failedWriteWhileARivalCreatedTheVersionIsALostRaceEvenWhenTheirMetadataLooksAlike() throws Exception {
    // v3 as written by a writer whose clock runs an hour ahead: every later commit until then gets
    // the same last-updated-ms, so two property changes from v3 differ only in their properties
    Path v2 = CommitSafetySupport.metadataDir(location).resolve("v2.metadata.json");
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(v2.toFile());
    json.put("last-updated-ms", System.currentTimeMillis() + 3_600_000L);
    json.with("properties").put(TableProperties.COMMIT_NUM_RETRIES, "2");
    mapper.writeValue(CommitSafetySupport.metadataDir(location).resolve("v3.metadata.json").toFile(), json);

    Predicate<String> v4 = location -> location.endsWith("/metadata/v4.metadata.json");
    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), 1);
    io.failOnce(Point.CREATE, v4, () -> CommitSafetySupport.load(location).updateProperties().set("rival", "yes").commit());
    Table table = faultyTable(io);

    table.updateProperties().set("ours", "yes").commit();

    Table reloaded = CommitSafetySupport.load(location);
    assertThat(reloaded.properties()).containsEntry("rival", "yes").containsEntry("ours", "yes");
    assertThat(CommitSafetySupport.readVersions(location).lastKey()).isEqualTo(5);
  }
}
