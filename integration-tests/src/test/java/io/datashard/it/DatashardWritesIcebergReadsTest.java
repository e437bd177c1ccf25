package io.datashard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.ExpireSnapshots;
import io.datashard.FileFormat;
import io.datashard.NullOrder;
import io.datashard.SortOrder;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.Transaction;
import io.datashard.catalog.PathTables;
import io.datashard.transforms.Transforms;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Datashard writes a table with a realistic history (appends, an overwrite, row-level deletes,
 * schema and partition evolution, a branch, a tag, an expiry); Apache Iceberg's HadoopTables then
 * loads the location with its own code and must see the same table and plan the same scan.
 */
class DatashardWritesIcebergReadsTest {
  private static final int POS_FILE_PATH_ID = Integer.MAX_VALUE - 101;
  private static final int POS_POS_ID = Integer.MAX_VALUE - 102;
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long TS_BASE = 20_000L * MICROS_PER_DAY;

  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.StringType.get()),
      Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(4, "price", Types.DecimalType.of(9, 2), "unit price"),
      Types.NestedField.optional(5, "tags", Types.ListType.ofOptional(6, Types.StringType.get())),
      Types.NestedField.optional(7, "attrs", Types.MapType.ofOptional(8, 9, Types.StringType.get(), Types.IntegerType.get())),
      Types.NestedField.optional(10, "location", Types.StructType.of(
          Types.NestedField.required(11, "lat", Types.DoubleType.get()),
          Types.NestedField.required(12, "lon", Types.DoubleType.get())))));

  @TempDir
  Path dir;

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void icebergReadsWhatDatashardWrote(int formatVersion) {
    String location = dir.resolve("events").toString();
    PartitionSpec byCategory = PartitionSpec.builderFor(SCHEMA).identity("category").build();
    SortOrder order = SortOrder.builderFor(SCHEMA).asc("id").desc("ts", NullOrder.NULLS_FIRST).build();
    Table table = new PathTables().create(SCHEMA, byCategory, order,
        Map.of(TableProperties.FORMAT_VERSION, String.valueOf(formatVersion), "owner", "interop",
            TableProperties.MANIFEST_MIN_MERGE_COUNT, "2"), location);
    PartitionSpec spec0 = table.spec();

    DataFile a1 = dataFile(table, spec0, "category=a/a1.parquet", List.of("a"), 0, 99, 100);
    DataFile b1 = dataFile(table, spec0, "category=b/b1.parquet", List.of("b"), 100, 199, 100);
    table.newFastAppend().appendFile(a1).appendFile(b1).commit();
    long s1 = table.currentSnapshot().orElseThrow().snapshotId();

    DataFile a2 = dataFile(table, spec0, "category=a/a2.parquet", List.of("a"), 200, 249, 50);
    table.newAppend().appendFile(a2).set("writer", "interop-test").commit(); // merges: min-count-to-merge is 2
    long s2 = table.currentSnapshot().orElseThrow().snapshotId();

    DataFile b2 = dataFile(table, spec0, "category=b/b2.parquet", List.of("b"), 100, 199, 90);
    table.newOverwrite().deleteFile(b1).addFile(b2).commit();
    long s3 = table.currentSnapshot().orElseThrow().snapshotId();

    // row delta: a position delete (a deletion vector in v3) for a1, an equality delete on id in
    // partition a whose bounds overlap a1 and a2, and a new data file the deletes must not touch
    DeleteFile positions = formatVersion >= 3
        ? deletionVector(table, spec0, "category=a/a1-dv.puffin", List.of("a"), a1, 3)
        : positionDeletes(table, spec0, "category=a/a1-deletes.parquet", List.of("a"), a1, 3);
    DeleteFile equality = equalityDeletes(table, spec0, "category=a/eq-deletes.parquet", List.of("a"), 50, 220, 2);
    DataFile a3 = dataFile(table, spec0, "category=a/a3.parquet", List.of("a"), 300, 309, 10);
    table.newRowDelta().addRows(a3).addDeletes(positions).addDeletes(equality).commit();
    long s4 = table.currentSnapshot().orElseThrow().snapshotId();

    // more deletes for a1: v3 replaces its deletion vector with a merged one (at most one DV per
    // data file may be live), v2 adds a second position delete file
    DeleteFile morePositions;
    if (formatVersion >= 3) {
      morePositions = deletionVector(table, spec0, "category=a/a1-dv-merged.puffin", List.of("a"), a1, 5);
      table.newRowDelta().removeDeletes(positions).addDeletes(morePositions).commit();
    } else {
      morePositions = positionDeletes(table, spec0, "category=a/a1-deletes-2.parquet", List.of("a"), a1, 2);
      table.newRowDelta().addDeletes(morePositions).commit();
    }
    List<String> a1Deletes = formatVersion >= 3
        ? List.of(morePositions.location(), equality.location())
        : List.of(positions.location(), morePositions.location(), equality.location());

    // compaction of a2 keeps its data sequence number, so the older equality deletes still apply
    long a2Sequence = sequenceOf(table, a2);
    DataFile a2c = dataFile(table, spec0, "category=a/a2-compacted.parquet", List.of("a"), 200, 249, 50);
    table.newRewrite().deleteFile(a2).addFile(a2c).dataSequenceNumber(a2Sequence).commit();
    table.newDelete().deleteFile(b2.location()).commit();

    table.updateSchema().addColumn("score", Types.DoubleType.get()).renameColumn("price", "amount").commit();
    if (formatVersion >= 3) {
      table.updateSchema().addRequiredColumn("priority", Types.IntegerType.get(), 1).commit();
    }
    table.updateSpec().addField("id", Transforms.bucket(4)).commit();
    PartitionSpec spec1 = table.spec();
    assertThat(spec1.specId()).isNotEqualTo(spec0.specId());

    int bucket = (Integer) Transforms.bucket(4).apply(Types.LongType.get(), 500L);
    DataFile c1 = dataFile(table, spec1, "category=c/id_bucket=" + bucket + "/c1.parquet", List.of("c", bucket), 500, 500, 10);
    table.newFastAppend().appendFile(c1).commit();
    long s5 = table.currentSnapshot().orElseThrow().snapshotId();

    table.manageSnapshots().createBranch("audit").createTag("after-overwrite", s3).setMaxRefAgeMs("after-overwrite", 7L * 24 * 3600 * 1000).commit();
    DataFile d1 = dataFile(table, spec1, "category=d/id_bucket=" + bucket + "/d1.parquet", List.of("d", bucket), 500, 500, 5);
    table.newFastAppend().appendFile(d1).toBranch("audit").commit();

    // expire the two oldest snapshots: b1 was removed by s3, so only they referenced it
    ExpireSnapshots expire = table.expireSnapshots().expireSnapshotId(s1).expireSnapshotId(s2);
    expire.commit();
    assertThat(expire.result().expiredSnapshotIds()).containsExactlyInAnyOrder(s1, s2);
    assertThat(expire.result().deletedDataFiles()).containsExactly(b1.location());
    assertThat(Files.exists(Path.of(b1.location()))).isFalse();
    assertThat(Files.exists(Path.of(a1.location()))).isTrue();

    Table datashard = new PathTables().load(location);
    assertThat(datashard.snapshot(s3).orElseThrow().operation()).isEqualTo("overwrite");
    assertThat(datashard.snapshot(s4).orElseThrow().operation()).isEqualTo("overwrite");
    assertThat(datashard.snapshot(s5).orElseThrow().operation()).isEqualTo("append");
    org.apache.iceberg.Table iceberg = new HadoopTables(new Configuration()).load(location);
    assertThat(datashard.snapshots()).extracting(Snapshot::snapshotId).doesNotContain(s1, s2).contains(s3, s4, s5);
    TableComparison.assertSameTable(datashard, iceberg);

    // Iceberg applies the deletes as the spec says: the position deletes to a1 only, the
    // equality deletes to the older a1 and a2 but not to a3, committed with them
    Map<String, List<String>> deletesByFile = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        List<String> deletes = new ArrayList<>();
        task.deletes().forEach(delete -> deletes.add(delete.location()));
        deletesByFile.put(task.file().location(), deletes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(deletesByFile.keySet()).containsExactlyInAnyOrder(a1.location(), a2c.location(), a3.location(), c1.location());
    assertThat(deletesByFile.get(a1.location())).containsExactlyInAnyOrderElementsOf(a1Deletes);
    assertThat(deletesByFile.get(a2c.location())).containsExactly(equality.location());
    assertThat(deletesByFile.get(a3.location())).isEmpty();
    assertThat(deletesByFile.get(c1.location())).isEmpty();

    // the branch sees d1, main does not
    List<String> auditFiles = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().useRef("audit").planFiles()) {
      tasks.forEach(task -> auditFiles.add(task.file().location()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(auditFiles).contains(d1.location(), c1.location());
    assertThat(deletesByFile).doesNotContainKey(d1.location());

    // the summary totals of the current snapshot agree with what Iceberg plans
    Map<String, String> summary = iceberg.currentSnapshot().summary();
    assertThat(summary).containsEntry("total-data-files", "4")
        .containsEntry("total-records", String.valueOf(100 + 50 + 10 + 10))
        .containsEntry("total-delete-files", String.valueOf(a1Deletes.size()))
        .containsEntry("total-position-deletes", "5")
        .containsEntry("total-equality-deletes", "2");
    assertThat(iceberg.schema().findField("amount").fieldId()).isEqualTo(4);
    assertThat(iceberg.schema().findField("score").fieldId()).isEqualTo(13);
    if (formatVersion >= 3) {
      assertThat(iceberg.schema().findField("priority").initialDefault()).isEqualTo(1);
      TableComparison.assertRowLineage(iceberg);
    }

    // Iceberg prunes with the partition summaries and column bounds Datashard wrote
    long tsOfId150 = TS_BASE + 150 * 1_000_000L;
    assertThat(planned(iceberg, Expressions.equal("category", "a"))).containsExactlyInAnyOrder(a1.location(), a2c.location(), a3.location());
    assertThat(planned(iceberg, Expressions.greaterThanOrEqual("id", 300L))).containsExactlyInAnyOrder(a3.location(), c1.location());
    assertThat(planned(iceberg, Expressions.lessThan("ts", tsOfId150))).containsExactly(a1.location());
    assertThat(planned(iceberg, Expressions.equal("id", 500L))).containsExactly(c1.location());
    assertThat(planned(iceberg, Expressions.equal("category", "z"))).isEmpty();

    // Iceberg commits on top: its append merges Datashard's manifests (min-count-to-merge is 2),
    // its delete rewrites one; Datashard then reads Iceberg's commits
    org.apache.iceberg.PartitionData icebergPartition = new org.apache.iceberg.PartitionData(iceberg.spec().partitionType());
    icebergPartition.set(0, "e");
    icebergPartition.set(1, bucket);
    String e1 = location + "/data/category=e/e1.parquet";
    touch(e1, 777);
    iceberg.newAppend().appendFile(DataFiles.builder(iceberg.spec()).withPath(e1).withFormat("parquet")
        .withPartition(icebergPartition).withRecordCount(7).withFileSizeInBytes(777).build()).commit();
    iceberg.newDelete().deleteFile(a3.location()).commit();
    datashard.refresh();
    TableComparison.assertSameTable(datashard, iceberg);
    assertThat(TableComparison.toList(datashard.dataFiles(datashard.currentSnapshot().orElseThrow())))
        .extracting(DataFile::location).containsExactlyInAnyOrder(a1.location(), a2c.location(), c1.location(), e1);

    // and Datashard commits on top of Iceberg's commits
    DataFile f1 = dataFile(datashard, spec1, "category=f/id_bucket=" + bucket + "/f1.parquet", List.of("f", bucket), 500, 500, 3);
    datashard.newAppend().appendFile(f1).commit();
    iceberg.refresh();
    TableComparison.assertSameTable(datashard, iceberg);
    assertThat(planned(iceberg, Expressions.alwaysTrue())).containsExactlyInAnyOrder(a1.location(), a2c.location(), c1.location(), e1, f1.location());
    if (formatVersion >= 3) {
      TableComparison.assertRowLineage(iceberg);
    }
  }

  @ParameterizedTest(name = "format v{0}")
  @ValueSource(ints = {2, 3})
  void icebergReadsRefOperationsTransactionsAndCompressedMetadata(int formatVersion) {
    String location = dir.resolve("refs").toString();
    PartitionSpec byCategory = PartitionSpec.builderFor(SCHEMA).identity("category").build();
    Table table = new PathTables().create(SCHEMA, byCategory,
        Map.of(TableProperties.FORMAT_VERSION, String.valueOf(formatVersion)), location);
    PartitionSpec spec = table.spec();

    table.newFastAppend().appendFile(dataFile(table, spec, "category=a/1.parquet", List.of("a"), 0, 9, 10)).commit();
    long s1 = table.currentSnapshot().orElseThrow().snapshotId();
    table.newFastAppend().appendFile(dataFile(table, spec, "category=a/2.parquet", List.of("a"), 10, 19, 10)).commit();
    long s2 = table.currentSnapshot().orElseThrow().snapshotId();
    // from here on metadata is gzip-compressed, and only the two latest earlier versions are kept
    table.updateProperties()
        .set(TableProperties.METADATA_COMPRESSION, "gzip")
        .set(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true")
        .set(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "2")
        .commit();
    table.newFastAppend().appendFile(dataFile(table, spec, "category=b/3.parquet", List.of("b"), 20, 29, 10)).commit();
    long s3 = table.currentSnapshot().orElseThrow().snapshotId();

    table.manageSnapshots()
        .createBranch("dev", s1)
        .setMinSnapshotsToKeep("dev", 2)
        .setMaxSnapshotAgeMs("dev", 3_600_000L)
        .createTag("release", s2)
        .createBranch("ff", s1)
        .commit();
    DataFile devFile = dataFile(table, spec, "category=c/dev.parquet", List.of("c"), 30, 39, 10);
    table.newFastAppend().appendFile(devFile).toBranch("dev").commit();
    long s4 = table.snapshot("dev").orElseThrow().snapshotId();
    table.manageSnapshots().fastForwardBranch("ff", "dev").replaceTag("release", s3).commit();
    table.manageSnapshots().rollbackTo(s2).commit();
    table.manageSnapshots().cherrypick(s4).commit();

    Transaction transaction = table.newTransaction();
    transaction.updateSchema().addColumn("note", Types.StringType.get()).commit();
    transaction.newAppend().appendFile(dataFile(table, spec, "category=d/4.parquet", List.of("d"), 40, 49, 10)).commit();
    transaction.updateProperties().set("committed-by", "transaction").commit();
    transaction.commitTransaction();
    table.manageSnapshots().removeBranch("ff").commit();

    Table datashard = new PathTables().load(location);
    org.apache.iceberg.Table iceberg = new HadoopTables(new Configuration()).load(location);
    String metadataFile = ((HasTableOperations) iceberg).operations().current().metadataFileLocation();
    assertThat(metadataFile).endsWith(".gz.metadata.json");
    assertThat(((HasTableOperations) iceberg).operations().current().previousFiles()).hasSize(2);
    assertThat(iceberg.refs().keySet()).containsExactlyInAnyOrder("main", "dev", "release");
    assertThat(iceberg.refs().get("release").snapshotId()).isEqualTo(s3);
    assertThat(iceberg.schema().findField("note")).isNotNull();
    assertThat(iceberg.properties()).containsEntry("committed-by", "transaction");
    // main: s2, then the cherry-picked dev change, then the transaction's append
    org.apache.iceberg.Snapshot current = iceberg.currentSnapshot();
    org.apache.iceberg.Snapshot picked = iceberg.snapshot(current.parentId());
    assertThat(picked.parentId()).isEqualTo(s2);
    assertThat(planned(iceberg, Expressions.alwaysTrue())).contains(devFile.location()).hasSize(4);
    TableComparison.assertSameTable(datashard, iceberg);
  }

  @org.junit.jupiter.api.Test
  void icebergReadsATableDatashardUpgradedToV3() {
    String location = dir.resolve("upgraded").toString();
    PartitionSpec byCategory = PartitionSpec.builderFor(SCHEMA).identity("category").build();
    Table table = new PathTables().create(SCHEMA, byCategory, Map.of(TableProperties.FORMAT_VERSION, "2"), location);
    PartitionSpec spec = table.spec();
    table.newFastAppend().appendFile(dataFile(table, spec, "category=a/1.parquet", List.of("a"), 0, 9, 10))
        .appendFile(dataFile(table, spec, "category=b/2.parquet", List.of("b"), 10, 29, 20)).commit();
    table.newFastAppend().appendFile(dataFile(table, spec, "category=a/3.parquet", List.of("a"), 30, 59, 30)).commit();

    table.updateProperties().set(TableProperties.FORMAT_VERSION, "3").commit();
    assertThat(table.formatVersion()).isEqualTo(3);
    DataFile added = dataFile(table, spec, "category=c/4.parquet", List.of("c"), 60, 64, 5);
    table.newFastAppend().appendFile(added).commit();

    Table datashard = new PathTables().load(location);
    org.apache.iceberg.Table iceberg = new HadoopTables(new Configuration()).load(location);
    assertThat(((HasTableOperations) iceberg).operations().current().formatVersion()).isEqualTo(3);
    TableComparison.assertSameTable(datashard, iceberg);
    // files written before the upgrade get row ids too, from the first v3 commit's manifest list
    TableComparison.assertRowLineage(iceberg);
    assertThat(((HasTableOperations) iceberg).operations().current().nextRowId()).isEqualTo(10 + 20 + 30 + 5);
  }

  private static long sequenceOf(Table table, DataFile file) {
    for (DataFile live : TableComparison.toList(table.dataFiles(table.currentSnapshot().orElseThrow()))) {
      if (live.location().equals(file.location())) {
        return live.dataSequenceNumber().orElseThrow();
      }
    }
    throw new AssertionError(file.location() + " is not live");
  }

  private static List<String> planned(org.apache.iceberg.Table iceberg, Expression filter) {
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().filter(filter).planFiles()) {
      tasks.forEach(task -> files.add(task.file().location()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static void touch(String path, long size) {
    try {
      Path file = Path.of(path);
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[(int) size]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteBuffer bound(Type type, Object value) {
    return Conversions.toByteBuffer(type, value);
  }

  /** A data file with the stats a Parquet writer would record for rows with ids in [minId, maxId]. */
  private static DataFile dataFile(Table table, PartitionSpec spec, String relativePath, List<Object> partition,
                                   long minId, long maxId, long records) {
    String path = table.location() + "/data/" + relativePath;
    long size = 1024 + records * 16;
    touch(path, size);
    String category = (String) partition.get(0);
    Map<Integer, ByteBuffer> lower = new HashMap<>();
    Map<Integer, ByteBuffer> upper = new HashMap<>();
    lower.put(1, bound(Types.LongType.get(), minId));
    upper.put(1, bound(Types.LongType.get(), maxId));
    lower.put(2, bound(Types.StringType.get(), category));
    upper.put(2, bound(Types.StringType.get(), category));
    lower.put(3, bound(Types.TimestampType.withZone(), TS_BASE + minId * 1_000_000L));
    upper.put(3, bound(Types.TimestampType.withZone(), TS_BASE + maxId * 1_000_000L));
    lower.put(4, bound(Types.DecimalType.of(9, 2), new BigDecimal("0.99")));
    upper.put(4, bound(Types.DecimalType.of(9, 2), new BigDecimal("1234.50")));
    return DataFile.builder(spec)
        .withLocation(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(partition.toArray()))
        .withRecordCount(records)
        .withFileSizeInBytes(size)
        .withColumnSizes(Map.of(1, records * 8, 2, records, 3, records * 8, 4, records * 4))
        .withValueCounts(Map.of(1, records, 2, records, 3, records, 4, records, 6, records * 2))
        .withNullValueCounts(Map.of(1, 0L, 2, 0L, 3, 0L, 4, 1L, 6, 0L))
        .withNanValueCounts(Map.of(11, 0L, 12, 0L))
        .withLowerBounds(lower)
        .withUpperBounds(upper)
        .withSplitOffsets(List.of(4L))
        .withSortOrderId(0)
        .build();
  }

  private static DeleteFile positionDeletes(Table table, PartitionSpec spec, String relativePath, List<Object> partition,
                                            DataFile target, long deletedRows) {
    String path = table.location() + "/data/" + relativePath;
    long size = 512 + deletedRows * 8;
    touch(path, size);
    return DeleteFile.builder(spec)
        .ofPositionDeletes()
        .withLocation(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(partition.toArray()))
        .withRecordCount(deletedRows)
        .withFileSizeInBytes(size)
        .withValueCounts(Map.of(POS_FILE_PATH_ID, deletedRows, POS_POS_ID, deletedRows))
        .withNullValueCounts(Map.of(POS_FILE_PATH_ID, 0L, POS_POS_ID, 0L))
        .withLowerBounds(Map.of(POS_FILE_PATH_ID, bound(Types.StringType.get(), target.location()),
            POS_POS_ID, bound(Types.LongType.get(), 3L)))
        .withUpperBounds(Map.of(POS_FILE_PATH_ID, bound(Types.StringType.get(), target.location()),
            POS_POS_ID, bound(Types.LongType.get(), 42L)))
        .withReferencedDataFile(target.location())
        .build();
  }

  private static DeleteFile deletionVector(Table table, PartitionSpec spec, String relativePath, List<Object> partition,
                                           DataFile target, long deletedRows) {
    String path = table.location() + "/data/" + relativePath;
    touch(path, 256);
    return DeleteFile.builder(spec)
        .ofPositionDeletes()
        .withLocation(path)
        .withFormat(FileFormat.PUFFIN)
        .withPartition(PartitionData.of(partition.toArray()))
        .withRecordCount(deletedRows)
        .withFileSizeInBytes(256)
        .withReferencedDataFile(target.location())
        .withContentOffset(4)
        .withContentSizeInBytes(48)
        .build();
  }

  private static DeleteFile equalityDeletes(Table table, PartitionSpec spec, String relativePath, List<Object> partition,
                                            long minId, long maxId, long deletedRows) {
    String path = table.location() + "/data/" + relativePath;
    long size = 512 + deletedRows * 8;
    touch(path, size);
    return DeleteFile.builder(spec)
        .ofEqualityDeletes(List.of(1))
        .withLocation(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(PartitionData.of(partition.toArray()))
        .withRecordCount(deletedRows)
        .withFileSizeInBytes(size)
        .withValueCounts(Map.of(1, deletedRows))
        .withNullValueCounts(Map.of(1, 0L))
        .withLowerBounds(Map.of(1, bound(Types.LongType.get(), minId)))
        .withUpperBounds(Map.of(1, bound(Types.LongType.get(), maxId)))
        .build();
  }
}
