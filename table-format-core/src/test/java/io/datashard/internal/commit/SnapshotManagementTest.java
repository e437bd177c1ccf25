package io.datashard.internal.commit;

import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static io.datashard.internal.commit.TableTestSupport.metadataVersionFiles;
import static io.datashard.internal.commit.TableTestSupport.summaryLong;
import static io.datashard.internal.commit.TableTestSupport.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.DataFile;
import io.datashard.DataOperations;
import io.datashard.HistoryEntry;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.Table;
import io.datashard.exceptions.ValidationException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotManagementTest {
  @TempDir
  Path dir;

  private Table table;
  private DataFile a;
  private DataFile b;
  private DataFile c;
  private Snapshot s1;
  private Snapshot s2;
  private Snapshot s3;

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
    table.newFastAppend().appendFile(a).commit();
    s1 = current(table);
    tick();
    table.newFastAppend().appendFile(b).commit();
    s2 = current(table);
    tick();
    table.newFastAppend().appendFile(c).commit();
    s3 = current(table);
  }

  // ------------------------------------------------------------------ branches and tags

  @Test
  void createBranchesAndTags() {
    table.manageSnapshots()
        .createBranch("dev")
        .createBranch("old", s1.snapshotId())
        .createTag("release", s2.snapshotId())
        .commit();

    Table loaded = load(table);
    assertThat(loaded.refs()).containsOnlyKeys("main", "dev", "old", "release");
    assertThat(loaded.refs().get("dev")).isEqualTo(SnapshotRef.branch(s3.snapshotId()));
    assertThat(loaded.refs().get("old")).isEqualTo(SnapshotRef.branch(s1.snapshotId()));
    assertThat(loaded.refs().get("release")).isEqualTo(SnapshotRef.tag(s2.snapshotId()));
    assertThat(loaded.snapshot("release").orElseThrow().snapshotId()).isEqualTo(s2.snapshotId());
    assertThat(current(loaded).snapshotId()).isEqualTo(s3.snapshotId());
    assertThat(liveDataLocations(loaded, loaded.snapshot("old").orElseThrow())).isEqualTo(locationsOf(a));
    assertThat(metadataVersionFiles(table)).hasSize(5); // one version for the three refs
  }

  @Test
  void createExistingRefFails() {
    table.manageSnapshots().createTag("release", s1.snapshotId()).commit();
    assertThatThrownBy(() -> table.manageSnapshots().createBranch("release", s2.snapshotId()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'release'")
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> table.manageSnapshots().createBranch("main").commit())
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void refToAMissingSnapshotFails() {
    assertThatThrownBy(() -> table.manageSnapshots().createTag("t", 42L).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("42");
  }

  @Test
  void replaceRenameAndRemoveRefs() {
    table.manageSnapshots().createBranch("dev", s1.snapshotId()).createTag("t", s1.snapshotId()).commit();

    table.manageSnapshots().replaceBranch("dev", s2.snapshotId()).replaceTag("t", s3.snapshotId()).commit();
    assertThat(table.refs().get("dev").snapshotId()).isEqualTo(s2.snapshotId());
    assertThat(table.refs().get("t").snapshotId()).isEqualTo(s3.snapshotId());

    table.manageSnapshots().renameBranch("dev", "feature").commit();
    assertThat(table.refs()).containsKey("feature").doesNotContainKey("dev");
    assertThat(table.refs().get("feature").snapshotId()).isEqualTo(s2.snapshotId());

    table.manageSnapshots().removeBranch("feature").removeTag("t").commit();
    assertThat(load(table).refs()).containsOnlyKeys("main");
    assertThat(table.snapshots()).hasSize(3); // removing refs never removes snapshots
  }

  @Test
  void wrongKindOfRefIsRejected() {
    table.manageSnapshots().createTag("t", s1.snapshotId()).createBranch("br", s1.snapshotId()).commit();

    assertThatThrownBy(() -> table.manageSnapshots().removeBranch("t").commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("'t'");
    assertThatThrownBy(() -> table.manageSnapshots().removeTag("br").commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("'br'");
    assertThatThrownBy(() -> table.manageSnapshots().replaceBranch("t", s2.snapshotId()).commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("replaceTag");
    assertThatThrownBy(() -> table.manageSnapshots().setMinSnapshotsToKeep("t", 3).commit())
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> table.manageSnapshots().removeBranch("main").commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("main");
    assertThat(table.refresh().refs()).containsOnlyKeys("main", "t", "br");
  }

  @Test
  void retentionSettingsArePersisted() {
    table.manageSnapshots()
        .createBranch("dev", s2.snapshotId())
        .createTag("t", s1.snapshotId())
        .setMinSnapshotsToKeep("dev", 5)
        .setMaxSnapshotAgeMs("dev", 3_600_000L)
        .setMaxRefAgeMs("dev", 86_400_000L)
        .setMaxRefAgeMs("t", 7_200_000L)
        .commit();

    Table loaded = load(table);
    assertThat(loaded.refs().get("dev"))
        .isEqualTo(new SnapshotRef(s2.snapshotId(), SnapshotRef.Type.BRANCH, 5, 3_600_000L, 86_400_000L));
    assertThat(loaded.refs().get("t"))
        .isEqualTo(new SnapshotRef(s1.snapshotId(), SnapshotRef.Type.TAG, null, null, 7_200_000L));

    // moving a branch keeps its retention
    loaded.manageSnapshots().replaceBranch("dev", s3.snapshotId()).commit();
    assertThat(load(table).refs().get("dev").minSnapshotsToKeep()).isEqualTo(5);
    // and so does committing to it
    loaded.newFastAppend().appendFile(dataFile(table, "d", "d", 1)).toBranch("dev").commit();
    assertThat(load(table).refs().get("dev").maxRefAgeMs()).isEqualTo(86_400_000L);
  }

  @Test
  void fastForwardBranch() {
    table.manageSnapshots().createBranch("dev", s1.snapshotId()).commit();
    table.manageSnapshots().fastForwardBranch("dev", "main").commit();
    assertThat(table.refs().get("dev").snapshotId()).isEqualTo(s3.snapshotId());

    table.newFastAppend().appendFile(dataFile(table, "x", "x", 1)).toBranch("dev").commit();
    // an unknown source ref is rejected by name
    assertThatThrownBy(() -> table.manageSnapshots().createBranch("side", s1.snapshotId())
        .fastForwardBranch("side", "nope").commit())
        .isInstanceOf(ValidationException.class).hasMessageContaining("nope");
    table.manageSnapshots().fastForwardBranch("main", "dev").commit();
    assertThat(current(table).snapshotId()).isEqualTo(table.refs().get("dev").snapshotId());
  }

  // ------------------------------------------------------------------ rollback

  @Test
  void rollbackToAnAncestor() {
    table.manageSnapshots().rollbackTo(s1.snapshotId()).commit();

    assertThat(current(table).snapshotId()).isEqualTo(s1.snapshotId());
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a));
    assertThat(table.snapshots()).hasSize(3);
    assertThat(table.history()).extracting(HistoryEntry::snapshotId)
        .containsExactly(s1.snapshotId(), s2.snapshotId(), s3.snapshotId(), s1.snapshotId());

    // a commit after the rollback starts a new lineage from s1
    table.newFastAppend().appendFile(dataFile(table, "d", "d", 1)).commit();
    assertThat(current(table).parentId()).isEqualTo(s1.snapshotId());
    assertThat(current(load(table)).sequenceNumber()).isEqualTo(4);
  }

  @Test
  void rollbackToANonAncestorFails() {
    table.manageSnapshots().rollbackTo(s1.snapshotId()).commit();
    assertThatThrownBy(() -> table.manageSnapshots().rollbackTo(s3.snapshotId()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(String.valueOf(s3.snapshotId()))
        .hasMessageContaining("setCurrentSnapshot");

    table.manageSnapshots().setCurrentSnapshot(s3.snapshotId()).commit();
    assertThat(current(table).snapshotId()).isEqualTo(s3.snapshotId());
  }

  @Test
  void rollbackToTime() {
    // a time strictly between s2 and s3 selects s2
    long between = s2.timestampMillis() + (s3.timestampMillis() - s2.timestampMillis()) / 2 + 1;
    assertThat(between).isGreaterThan(s2.timestampMillis()).isLessThanOrEqualTo(s3.timestampMillis());

    table.manageSnapshots().rollbackToTime(between).commit();
    assertThat(current(table).snapshotId()).isEqualTo(s2.snapshotId());

    assertThatThrownBy(() -> table.manageSnapshots().rollbackToTime(s1.timestampMillis() - 1000).commit())
        .isInstanceOf(ValidationException.class);
  }

  // ------------------------------------------------------------------ cherry-pick

  @Test
  void cherrypickAnAppendOntoMain() {
    DataFile staged = dataFile(table, "s", "staged", 7);
    table.newFastAppend().appendFile(staged).toBranch("staging").commit();
    Snapshot picked = table.snapshot("staging").orElseThrow();
    assertThat(picked.parentId()).isEqualTo(s3.snapshotId());
    DataFile d = dataFile(table, "d", "d", 1);
    table.newFastAppend().appendFile(d).commit(); // main moves on: the pick needs a new snapshot
    Snapshot mainHead = current(table);

    table.manageSnapshots().cherrypick(picked.snapshotId()).commit();

    Snapshot result = current(table);
    assertThat(result.snapshotId()).isNotEqualTo(picked.snapshotId());
    assertThat(result.parentId()).isEqualTo(mainHead.snapshotId());
    assertThat(result.operation()).isEqualTo(DataOperations.APPEND);
    assertThat(result.summary()).containsEntry("source-snapshot-id", String.valueOf(picked.snapshotId()));
    assertThat(summaryLong(result, "added-data-files")).isEqualTo(1);
    assertThat(summaryLong(result, "total-data-files")).isEqualTo(5);
    assertThat(liveDataLocations(table)).isEqualTo(locationsOf(a, b, c, d, staged));
    for (DataFile file : toList(table.dataFiles(result))) {
      if (file.location().equals(staged.location())) {
        assertThat(file.dataSequenceNumber()).contains(result.sequenceNumber());
      }
    }

    assertThatThrownBy(() -> table.manageSnapshots().cherrypick(picked.snapshotId()).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("already");
  }

  @Test
  void cherrypickFromAStaleTableIsReplayedOnTheLatestHead() {
    DataFile staged = dataFile(table, "s", "staged", 7);
    table.newFastAppend().appendFile(staged).toBranch("staging").commit();
    long picked = table.snapshot("staging").orElseThrow().snapshotId();
    Table stale = load(table);
    DataFile d = dataFile(table, "d", "d", 1);
    table.newFastAppend().appendFile(d).commit();

    stale.manageSnapshots().cherrypick(picked).commit(); // loses the race once, then re-applies

    Table loaded = load(table);
    assertThat(current(loaded).parentId()).isEqualTo(current(table).snapshotId());
    assertThat(liveDataLocations(loaded)).isEqualTo(locationsOf(a, b, c, d, staged));
    long lists = TableTestSupport.metadataFileNames(loaded).stream().filter(n -> n.startsWith("snap-")).count();
    assertThat(lists).isEqualTo(loaded.snapshots().size());
  }

  @Test
  void cherrypickOfAChildOfTheHeadFastForwards() {
    table.newFastAppend().appendFile(dataFile(table, "s", "staged", 7)).toBranch("staging").commit();
    Snapshot picked = table.snapshot("staging").orElseThrow();

    table.manageSnapshots().cherrypick(picked.snapshotId()).commit();

    assertThat(current(table).snapshotId()).isEqualTo(picked.snapshotId());
  }

  @Test
  void cherrypickOfANonAppendOntoAnotherParentFails() {
    table.manageSnapshots().createBranch("dev", s3.snapshotId()).commit();
    table.newDelete().deleteFile(a).toBranch("dev").commit();
    long deleteSnapshot = table.refs().get("dev").snapshotId();
    table.newFastAppend().appendFile(dataFile(table, "d", "d", 1)).commit();

    assertThatThrownBy(() -> table.manageSnapshots().cherrypick(deleteSnapshot).commit())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("delete");
  }

  @Test
  void applyComputesWithoutCommitting() {
    Snapshot applied = table.manageSnapshots().rollbackTo(s1.snapshotId()).apply();
    assertThat(applied.snapshotId()).isEqualTo(s1.snapshotId());
    assertThat(current(table.refresh()).snapshotId()).isEqualTo(s3.snapshotId());
  }
}
