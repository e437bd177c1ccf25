package io.datashard.internal.commit;

import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static io.datashard.internal.commit.TableTestSupport.metadataVersionFiles;
import static io.datashard.internal.commit.TableTestSupport.onDisk;
import static io.datashard.internal.commit.TableTestSupport.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.ExpireSnapshots;
import io.datashard.ManifestFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.ValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiry of snapshots and of the files only they referenced. The table: s1 appends a, s2 appends
 * b, s3 deletes a, s4 appends c; every data file exists on disk.
 */
class ExpireSnapshotsTest {
  @TempDir
  Path dir;

  private Table table;
  private DataFile a;
  private DataFile b;
  private DataFile c;
  private Snapshot s1;
  private Snapshot s2;
  private Snapshot s3;
  private Snapshot s4;

  private static void tick() {
    try {
      Thread.sleep(3); // distinct commit timestamps
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @BeforeEach
  void setUp() {
    table = create(dir);
    a = dataFile(table, "a", "a", 10);
    b = dataFile(table, "b", "b", 20);
    c = dataFile(table, "c", "c", 30);
    for (DataFile file : List.of(a, b, c)) {
      touch(file);
    }
    table.newFastAppend().appendFile(a).commit();
    s1 = current(table);
    tick();
    table.newFastAppend().appendFile(b).commit();
    s2 = current(table);
    tick();
    table.newDelete().deleteFile(a).commit();
    s3 = current(table);
    tick();
    table.newFastAppend().appendFile(c).commit();
    s4 = current(table);
    tick();
  }

  private static List<Long> ids(List<Snapshot> snapshots) {
    List<Long> result = new ArrayList<>();
    for (Snapshot snapshot : snapshots) {
      result.add(snapshot.snapshotId());
    }
    return result;
  }

  private Set<String> manifestPaths(Snapshot snapshot) {
    Set<String> result = new HashSet<>();
    for (ManifestFile manifest : table.manifests(snapshot)) {
      result.add(manifest.location());
    }
    return result;
  }

  @Test
  void expireOlderThanRemovesSnapshotsAndUnreachableFiles() {
    Set<String> m1 = manifestPaths(s1);
    Set<String> retainedManifests = new HashSet<>(manifestPaths(s3));
    retainedManifests.addAll(manifestPaths(s4));

    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(s3.timestampMillis());
    expire.commit();

    assertThat(ids(table.snapshots())).containsExactly(s3.snapshotId(), s4.snapshotId());
    assertThat(ids(load(table).snapshots())).containsExactly(s3.snapshotId(), s4.snapshotId());
    ExpireSnapshots.ExpireResult result = expire.result();
    assertThat(result.expiredSnapshotIds()).containsExactlyInAnyOrder(s1.snapshotId(), s2.snapshotId());

    // a was deleted by s3 and is live in no retained snapshot: it goes; b and c stay
    assertThat(result.deletedDataFiles()).containsExactly(a.location());
    assertThat(onDisk(a.location())).isFalse();
    assertThat(onDisk(b.location())).isTrue();
    assertThat(onDisk(c.location())).isTrue();

    assertThat(result.deletedManifestLists())
        .containsExactlyInAnyOrder(s1.manifestListLocation(), s2.manifestListLocation());
    assertThat(onDisk(s1.manifestListLocation())).isFalse();
    assertThat(onDisk(s2.manifestListLocation())).isFalse();
    assertThat(onDisk(s3.manifestListLocation())).isTrue();
    assertThat(result.deletedManifests()).containsExactlyInAnyOrderElementsOf(m1);
    for (String manifest : m1) {
      assertThat(onDisk(manifest)).isFalse();
    }
    for (String manifest : retainedManifests) {
      assertThat(onDisk(manifest)).as(manifest).isTrue();
    }
    assertThat(liveDataLocations(load(table))).isEqualTo(locationsOf(b, c));
    assertThat(table.history()).allMatch(h -> h.snapshotId() == s3.snapshotId() || h.snapshotId() == s4.snapshotId());
  }

  @Test
  void dryRunRemovesNothingButReportsWhatItWould() {
    Set<String> filesBefore = TableTestSupport.filesUnder(table.location());
    Set<String> versionsBefore = metadataVersionFiles(table);

    ExpireSnapshots dryRun = table.expireSnapshots().expireOlderThan(s3.timestampMillis()).dryRun(true);
    dryRun.commit();

    ExpireSnapshots.ExpireResult wouldBe = dryRun.result();
    assertThat(wouldBe.expiredSnapshotIds()).containsExactlyInAnyOrder(s1.snapshotId(), s2.snapshotId());
    assertThat(wouldBe.deletedDataFiles()).containsExactly(a.location());
    assertThat(wouldBe.deletedManifestLists()).hasSize(2);
    assertThat(TableTestSupport.filesUnder(table.location())).isEqualTo(filesBefore);
    assertThat(metadataVersionFiles(table)).isEqualTo(versionsBefore);
    assertThat(load(table).snapshots()).hasSize(4);

    ExpireSnapshots real = table.expireSnapshots().expireOlderThan(s3.timestampMillis());
    real.commit();
    assertThat(real.result()).isEqualTo(wouldBe);
  }

  @Test
  void retainLastKeepsTheNewestSnapshots() {
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(2).commit();
    assertThat(ids(table.snapshots())).containsExactly(s3.snapshotId(), s4.snapshotId());
  }

  @Test
  void retainLastAloneKeepsYoungSnapshots() {
    // without expireOlderThan, only snapshots older than history.expire.max-snapshot-age-ms (5 days) expire
    table.expireSnapshots().retainLast(1).commit();
    assertThat(table.snapshots()).hasSize(4);
  }

  @Test
  void tableDefaultsDecideWhenNotGiven() {
    table.updateProperties()
        .set(TableProperties.MAX_SNAPSHOT_AGE_MS, "1")
        .set(TableProperties.MIN_SNAPSHOTS_TO_KEEP, "3")
        .commit();
    tick();
    table.expireSnapshots().commit();
    assertThat(ids(table.snapshots())).containsExactly(s2.snapshotId(), s3.snapshotId(), s4.snapshotId());
  }

  @Test
  void tagsKeepTheirSnapshotAndItsFiles() {
    table.manageSnapshots().createTag("first", s1.snapshotId()).commit();

    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1);
    expire.commit();

    assertThat(ids(table.snapshots())).containsExactlyInAnyOrder(s1.snapshotId(), s4.snapshotId());
    // a is live in the tagged snapshot, so it stays
    assertThat(expire.result().deletedDataFiles()).isEmpty();
    assertThat(onDisk(a.location())).isTrue();
    assertThat(liveDataLocations(table, table.snapshot("first").orElseThrow())).isEqualTo(locationsOf(a));
  }

  @Test
  void expiredTagIsRemovedWithItsSnapshot() {
    table.manageSnapshots().createTag("first", s1.snapshotId()).setMaxRefAgeMs("first", 1).commit();
    tick();

    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(s3.timestampMillis());
    expire.commit();

    assertThat(table.refs()).doesNotContainKey("first");
    assertThat(ids(table.snapshots())).containsExactly(s3.snapshotId(), s4.snapshotId());
    assertThat(onDisk(a.location())).isFalse();
  }

  @Test
  void tableMaxRefAgeAppliesToRefsWithoutTheirOwn() {
    table.manageSnapshots().createBranch("old", s1.snapshotId()).createTag("keep", s2.snapshotId())
        .setMaxRefAgeMs("keep", Long.MAX_VALUE / 2).commit();
    table.updateProperties().set(TableProperties.MAX_REF_AGE_MS, "1").commit();
    tick();

    table.expireSnapshots().expireOlderThan(s3.timestampMillis()).commit();

    assertThat(table.refs()).containsOnlyKeys("main", "keep");
    assertThat(ids(table.snapshots())).containsExactlyInAnyOrder(s2.snapshotId(), s3.snapshotId(), s4.snapshotId());
  }

  @Test
  void branchMinSnapshotsToKeepWinsOverAge() {
    table.manageSnapshots().setMinSnapshotsToKeep("main", 3).commit();
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
    assertThat(ids(table.snapshots())).containsExactly(s2.snapshotId(), s3.snapshotId(), s4.snapshotId());
  }

  @Test
  void branchMaxSnapshotAgeWinsOverTheCutoff() {
    table.manageSnapshots().setMaxSnapshotAgeMs("main", 3_600_000L).commit();
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).commit();
    assertThat(table.snapshots()).hasSize(4);
  }

  @Test
  void branchesKeepTheirOwnHistory() {
    table.manageSnapshots().createBranch("dev", s2.snapshotId()).setMinSnapshotsToKeep("dev", 2).commit();
    DataFile d = dataFile(table, "d", "d", 1);
    touch(d);
    table.newFastAppend().appendFile(d).toBranch("dev").commit();
    Snapshot devHead = table.snapshot("dev").orElseThrow();

    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1);
    expire.commit();

    // main keeps its head (default min 1); dev keeps its last two: its head and s2
    assertThat(ids(table.snapshots()))
        .containsExactlyInAnyOrder(s2.snapshotId(), s4.snapshotId(), devHead.snapshotId());
    assertThat(onDisk(d.location())).isTrue();
    assertThat(onDisk(a.location())).isTrue(); // still live in s2, which dev keeps
  }

  @Test
  void expireSnapshotIdRefusesRefHeads() {
    table.manageSnapshots().createTag("t", s2.snapshotId()).commit();
    assertThatThrownBy(() -> table.expireSnapshots().expireSnapshotId(s2.snapshotId()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(String.valueOf(s2.snapshotId()))
        .hasMessageContaining("'t'");

    table.expireSnapshots().expireSnapshotId(s1.snapshotId()).commit();
    assertThat(ids(table.snapshots())).containsExactly(s2.snapshotId(), s3.snapshotId(), s4.snapshotId());
  }

  @Test
  void cleanExpiredFilesFalseKeepsFiles() {
    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(s3.timestampMillis()).cleanExpiredFiles(false);
    expire.commit();

    assertThat(table.snapshots()).hasSize(2);
    assertThat(onDisk(a.location())).isTrue();
    assertThat(onDisk(s1.manifestListLocation())).isTrue();
  }

  @Test
  void deleteWithReceivesEveryRemovedFile() {
    List<String> deleted = new ArrayList<>();
    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(s3.timestampMillis()).deleteWith(deleted::add);
    expire.commit();

    ExpireSnapshots.ExpireResult result = expire.result();
    List<String> expected = new ArrayList<>(result.deletedDataFiles());
    expected.addAll(result.deletedManifests());
    expected.addAll(result.deletedManifestLists());
    assertThat(deleted).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(onDisk(a.location())).isTrue(); // the function decides; it deleted nothing
  }

  @Test
  void expiredDeleteFilesAreRemoved() {
    DeleteFile deletes = TableTestSupport.positionDeletes(table, "b", "d", 1);
    touch(deletes);
    table.newRowDelta().addDeletes(deletes).commit();
    tick();
    table.newRewrite().deleteFile(deletes).addFile(TableTestSupport.positionDeletes(table, "b", "d2", 1)).commit();
    Snapshot rewrite = current(table);

    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(rewrite.timestampMillis());
    expire.commit();

    assertThat(expire.result().deletedDeleteFiles()).containsExactly(deletes.location());
    assertThat(onDisk(deletes.location())).isFalse();
  }

  @Test
  void applyListsExpiredSnapshotsWithoutCommitting() {
    List<Snapshot> expired = table.expireSnapshots().expireOlderThan(s3.timestampMillis()).apply();
    assertThat(ids(expired)).containsExactlyInAnyOrder(s1.snapshotId(), s2.snapshotId());
    assertThat(table.refresh().snapshots()).hasSize(4);
  }
}
