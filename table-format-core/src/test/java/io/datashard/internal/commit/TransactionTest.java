package io.datashard.internal.commit;

import static io.datashard.internal.commit.TableTestSupport.create;
import static io.datashard.internal.commit.TableTestSupport.current;
import static io.datashard.internal.commit.TableTestSupport.dataFile;
import static io.datashard.internal.commit.TableTestSupport.liveDataLocations;
import static io.datashard.internal.commit.TableTestSupport.load;
import static io.datashard.internal.commit.TableTestSupport.locationsOf;
import static io.datashard.internal.commit.TableTestSupport.metadataFileNames;
import static io.datashard.internal.commit.TableTestSupport.metadataVersionFiles;
import static io.datashard.internal.commit.TableTestSupport.summaryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Transaction;
import io.datashard.exceptions.ValidationException;
import io.datashard.transforms.Transforms;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
  @TempDir
  Path dir;

  private Table table;
  private DataFile a;
  private DataFile b;

  @BeforeEach
  void setUp() {
    table = create(dir);
    a = dataFile(table, "a", "a", 10);
    b = dataFile(table, "b", "b", 20);
    table.newFastAppend().appendFile(a).commit();
  }

  private static Predicate<ContentFile> inCategory(String category) {
    return file -> category.equals(file.partition().get(0, String.class));
  }

  /** Version files, the hint, and the manifest lists and manifests of every snapshot. */
  private static Set<String> referencedMetadataFiles(Table table) {
    Set<String> result = new java.util.TreeSet<>(metadataVersionFiles(table));
    result.add("version-hint.text");
    for (Snapshot snapshot : table.snapshots()) {
      result.add(fileName(snapshot.manifestListLocation()));
      for (io.datashard.ManifestFile manifest : table.manifests(snapshot)) {
        result.add(fileName(manifest.location()));
      }
    }
    return result;
  }

  private static String fileName(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  @Test
  void severalUpdatesCommitAsOneVersion() {
    Set<String> versionsBefore = metadataVersionFiles(table);
    Transaction tx = table.newTransaction();
    tx.updateProperties().set("owner", "alice").commit();
    tx.updateSchema().addColumn("score", Types.DoubleType.get()).commit();
    tx.newAppend().appendFile(b).commit();
    tx.updateSpec().addField("id", Transforms.bucket(8)).commit();
    tx.newDelete().deleteFile(a).commit();

    assertThat(metadataVersionFiles(table)).isEqualTo(versionsBefore);
    tx.commitTransaction();

    assertThat(metadataVersionFiles(table)).hasSize(versionsBefore.size() + 1);
    Table loaded = load(table);
    assertThat(loaded.properties()).containsEntry("owner", "alice");
    assertThat(loaded.schema().findField("score")).isPresent();
    assertThat(loaded.spec().specId()).isEqualTo(1);
    assertThat(loaded.snapshots()).hasSize(3);
    assertThat(liveDataLocations(loaded)).isEqualTo(locationsOf(b));
    Snapshot head = current(loaded);
    assertThat(head.sequenceNumber()).isEqualTo(3);
    assertThat(summaryLong(head, "total-data-files")).isEqualTo(1);
    // the append was staged after the schema change: its snapshot records the new schema
    Snapshot append = loaded.snapshot(head.parentId()).orElseThrow();
    assertThat(append.schemaId()).isEqualTo(loaded.schema().schemaId());
  }

  @Test
  void transactionTableSeesStagedChangesAndTheTableDoesNot() {
    Transaction tx = table.newTransaction();
    tx.newFastAppend().appendFile(b).commit();
    tx.updateProperties().set("k", "v").commit();

    assertThat(liveDataLocations(tx.table())).isEqualTo(locationsOf(a, b));
    assertThat(tx.table().properties()).containsEntry("k", "v");
    assertThat(liveDataLocations(table.refresh())).isEqualTo(locationsOf(a));
    assertThat(table.properties()).doesNotContainKey("k");

    // updates created from the transaction's table are staged too
    tx.table().updateProperties().set("k2", "v2").commit();
    assertThat(table.refresh().properties()).doesNotContainKey("k2");
    tx.commitTransaction();
    assertThat(table.refresh().properties()).containsEntry("k", "v").containsEntry("k2", "v2");
  }

  @Test
  void uncommittedTransactionChangesNothing() {
    Set<String> versionsBefore = metadataVersionFiles(table);
    long head = current(table).snapshotId();
    Transaction tx = table.newTransaction();
    tx.newFastAppend().appendFile(b).commit();
    tx.updateSchema().deleteColumn("data").commit();

    Table loaded = load(table);
    assertThat(metadataVersionFiles(table)).isEqualTo(versionsBefore);
    assertThat(current(loaded).snapshotId()).isEqualTo(head);
    assertThat(loaded.schema().findField("data")).isPresent();
  }

  @Test
  void emptyTransactionCommitsNothing() {
    Set<String> versionsBefore = metadataVersionFiles(table);
    table.newTransaction().commitTransaction();
    assertThat(metadataVersionFiles(table)).isEqualTo(versionsBefore);
  }

  @Test
  void commitTwiceFails() {
    Transaction tx = table.newTransaction();
    tx.updateProperties().set("k", "v").commit();
    tx.commitTransaction();
    assertThatThrownBy(tx::commitTransaction).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tx.updateProperties().set("x", "y").commit()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void invalidStagedUpdateFailsAtOnceAndLeavesTheTransactionUsable() {
    Transaction tx = table.newTransaction();
    tx.newFastAppend().appendFile(b).commit();
    assertThatThrownBy(() -> tx.updateSchema().updateColumn("data", Types.IntegerType.get()).commit())
        .isInstanceOf(ValidationException.class);
    tx.updateProperties().set("k", "v").commit();
    tx.commitTransaction();

    Table loaded = load(table);
    assertThat(liveDataLocations(loaded)).isEqualTo(locationsOf(a, b));
    assertThat(loaded.schema().findField("data").orElseThrow().type()).isEqualTo(Types.StringType.get());
  }

  @Test
  void concurrentCompatibleCommitIsReplayedOn() {
    Transaction tx = table.newTransaction();
    tx.newFastAppend().appendFile(b).commit();
    tx.updateProperties().set("k", "v").commit();

    DataFile concurrent = dataFile(table, "c", "c", 5);
    load(table).newFastAppend().appendFile(concurrent).commit();
    Set<String> versionsBefore = metadataVersionFiles(table);

    tx.commitTransaction();

    Table loaded = load(table);
    assertThat(metadataVersionFiles(table)).hasSize(versionsBefore.size() + 1);
    assertThat(liveDataLocations(loaded)).isEqualTo(locationsOf(a, b, concurrent));
    assertThat(loaded.properties()).containsEntry("k", "v");
    Snapshot head = current(loaded);
    assertThat(head.sequenceNumber()).isEqualTo(3);
    assertThat(summaryLong(head, "total-data-files")).isEqualTo(3);
    long lists = metadataFileNames(loaded).stream().filter(n -> n.startsWith("snap-")).count();
    assertThat(lists).isEqualTo(loaded.snapshots().size());
  }

  @Test
  void conflictLeavesTheTableUnchangedAndRemovesStagedFiles() {
    Snapshot read = current(table);
    Transaction tx = table.newTransaction();
    tx.updateProperties().set("k", "v").commit();
    tx.newOverwrite()
        .deleteFile(a)
        .addFile(dataFile(table, "a", "a2", 10))
        .validateFromSnapshot(read.snapshotId())
        .conflictDetectionFilter(inCategory("a"))
        .validateNoConflictingData()
        .commit();

    DataFile concurrent = dataFile(table, "a", "concurrent", 1);
    Table other = load(table);
    other.newFastAppend().appendFile(concurrent).commit();

    assertThatThrownBy(tx::commitTransaction)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(concurrent.location());

    Table loaded = load(table);
    assertThat(loaded.properties()).doesNotContainKey("k");
    assertThat(liveDataLocations(loaded)).isEqualTo(locationsOf(a, concurrent));
    // the transaction's manifests and manifest lists are gone: every metadata file left is referenced
    assertThat(metadataFileNames(loaded)).isEqualTo(referencedMetadataFiles(loaded));
  }

  @Test
  void concurrentSchemaChangeFailsTheTransaction() {
    Transaction tx = table.newTransaction();
    tx.updateSchema().addColumn("x", Types.IntegerType.get()).commit();
    load(table).updateSchema().addColumn("y", Types.IntegerType.get()).commit();

    assertThatThrownBy(tx::commitTransaction).isInstanceOf(ValidationException.class);
    Table loaded = load(table);
    assertThat(loaded.schema().findField("x")).isEmpty();
    assertThat(loaded.schema().findField("y")).isPresent();
  }

  @Test
  void laterUpdatesSeeEarlierOnes() {
    Transaction tx = table.newTransaction();
    tx.newFastAppend().appendFile(b).commit();
    tx.newDelete().deleteFile(b).validateFilesExist().commit(); // b exists only in the staged state
    tx.manageSnapshots().createTag("before-delete", tx.table().currentSnapshot().orElseThrow().parentId()).commit();
    tx.commitTransaction();

    Table loaded = load(table);
    assertThat(liveDataLocations(loaded)).isEqualTo(locationsOf(a));
    assertThat(liveDataLocations(loaded, loaded.snapshot("before-delete").orElseThrow())).isEqualTo(locationsOf(a, b));
  }

  @Test
  void expireInATransactionCleansUpAfterCommit() {
    DataFile c = dataFile(table, "c", "c", 1);
    TableTestSupport.touch(a);
    try {
      Thread.sleep(3); // the delete must be strictly younger than the append it expires
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    table.newDelete().deleteFile(a).commit();
    Snapshot deleted = current(table);

    Transaction tx = table.newTransaction();
    tx.newFastAppend().appendFile(c).commit();
    io.datashard.ExpireSnapshots expire = tx.expireSnapshots().expireOlderThan(deleted.timestampMillis());
    expire.commit();
    assertThat(TableTestSupport.onDisk(a.location())).isTrue(); // nothing is deleted before the commit lands
    tx.commitTransaction();

    assertThat(load(table).snapshots()).hasSize(2);
    assertThat(TableTestSupport.onDisk(a.location())).isFalse();
  }
}
