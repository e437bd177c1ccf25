package io.datashard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.PartitionData;
import io.datashard.PartitionField;
import io.datashard.catalog.PathTables;
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
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache Iceberg writes a table through its own API (appends with manifest merging, a fast
 * append, an overwrite, row-level deletes, schema and partition evolution, a branch and a tag);
 * Datashard loads it and must read the same metadata, manifests and file entries. Then Datashard
 * commits on top and Iceberg reads that back, and the other way round once more.
 */
class IcebergWritesDatashardReadsTest {
  private static final int POS_FILE_PATH_ID = Integer.MAX_VALUE - 101;
  private static final int POS_POS_ID = Integer.MAX_VALUE - 102;
  private static final int DAY_0 = 19_723; // 2024-01-01

  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "category", Types.StringType.get()),
      Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(4, "price", Types.DecimalType.of(9, 2), "unit price"),
      Types.NestedField.optional(5, "day", Types.DateType.get()),
      Types.NestedField.optional(6, "flag", Types.BooleanType.get()),
      Types.NestedField.optional(7, "ratio", Types.FloatType.get()),
      Types.NestedField.optional(8, "uid", Types.UUIDType.get()),
      Types.NestedField.optional(9, "payload", Types.BinaryType.get()),
      Types.NestedField.optional(10, "code", Types.FixedType.ofLength(4)),
      Types.NestedField.optional(11, "tags", Types.ListType.ofOptional(13, Types.StringType.get())),
      Types.NestedField.optional(12, "location", Types.StructType.of(
          Types.NestedField.required(14, "lat", Types.DoubleType.get()),
          Types.NestedField.required(15, "lon", Types.DoubleType.get()))));

  @TempDir
  Path dir;

  static Stream<Arguments> versions() {
    return Stream.of(Arguments.of(1, "none"), Arguments.of(2, "none"), Arguments.of(3, "none"), Arguments.of(2, "gzip"));
  }

  @ParameterizedTest(name = "format v{0}, metadata compression {1}")
  @MethodSource("versions")
  void datashardReadsWhatIcebergWrote(int formatVersion, String codec) {
    String location = dir.resolve("orders").toString();
    PartitionSpec spec0 = PartitionSpec.builderFor(SCHEMA).identity("category").day("ts").build();
    Map<String, String> properties = new HashMap<>();
    properties.put(TableProperties.FORMAT_VERSION, String.valueOf(formatVersion));
    properties.put(TableProperties.MANIFEST_MIN_MERGE_COUNT, "2");
    properties.put(TableProperties.METADATA_COMPRESSION, codec);
    HadoopTables tables = new HadoopTables(new Configuration());
    Table ice = tables.create(SCHEMA, spec0, SortOrder.unsorted(), properties, location);
    assertThat(ice.schema().asStruct()).isEqualTo(SCHEMA.asStruct());
    if (codec.equals("gzip")) {
      assertThat(dir.resolve("orders/metadata/v1.gz.metadata.json")).exists();
    }

    DataFile f1 = dataFile(ice, "a", DAY_0, 0, 99, 100);
    DataFile f2 = dataFile(ice, "b", DAY_0, 100, 199, 100);
    ice.newAppend().appendFile(f1).appendFile(f2).commit();
    long s1 = ice.currentSnapshot().snapshotId();
    DataFile f3 = dataFile(ice, "a", DAY_0 + 1, 200, 299, 100);
    ice.newFastAppend().appendFile(f3).commit();
    DataFile f8 = dataFile(ice, "c", DAY_0 + 1, 300, 349, 50);
    ice.newAppend().appendFile(f8).set("engine", "interop-test").commit(); // merges: min-count-to-merge is 2
    DataFile f4 = dataFile(ice, "b", DAY_0 + 1, 100, 199, 80);
    ice.newOverwrite().deleteFile(f2).addFile(f4).commit();
    long s4 = ice.currentSnapshot().snapshotId();

    if (formatVersion >= 2) {
      DataFile f5 = dataFile(ice, "a", DAY_0 + 1, 400, 409, 10);
      DeleteFile positions = formatVersion >= 3 ? deletionVector(ice, f3, 4) : positionDeletes(ice, f3, 4);
      DeleteFile equality = equalityDeletes(ice, "a", DAY_0 + 1, 250, 260, 2);
      ice.newRowDelta().addRows(f5).addDeletes(positions).addDeletes(equality).commit();
    }

    ice.updateSchema().addColumn("score", Types.DoubleType.get()).renameColumn("price", "amount").commit();
    if (formatVersion >= 3) {
      ice.updateSchema()
          .addColumn("region", Types.StringType.get(), Literal.of("eu"))
          .addRequiredColumn("priority", Types.IntegerType.get(), Literal.of(1))
          .commit();
    }
    ice.updateSpec().addField(org.apache.iceberg.expressions.Expressions.bucket("id", 8)).removeField("ts_day").commit();
    DataFile f6 = dataFile(ice, "c", DAY_0 + 2, 500, 500, 10);
    ice.newAppend().appendFile(f6).commit();

    ice.manageSnapshots().createBranch("audit", s4).createTag("first", s1).setMaxRefAgeMs("first", 86_400_000L).commit();
    DataFile f7 = dataFile(ice, "d", DAY_0 + 2, 600, 600, 5);
    ice.newFastAppend().appendFile(f7).toBranch("audit").commit();

    io.datashard.Table ds = new PathTables().load(location);
    assertThat(ds.formatVersion()).isEqualTo(formatVersion);
    TableComparison.assertSameTable(ds, ice);

    // Datashard commits on top of Iceberg's history, and Iceberg reads it back
    io.datashard.DataFile g1 = datashardFile(ds, "g", 700, 20);
    ds.newAppend().appendFile(g1).commit();
    if (formatVersion >= 2) {
      ds.newRowDelta().addDeletes(datashardEqualityDeletes(ds, g1)).commit();
    }
    ice.refresh();
    assertThat(ice.currentSnapshot().snapshotId()).isEqualTo(ds.currentSnapshot().orElseThrow().snapshotId());
    TableComparison.assertSameTable(ds.refresh(), ice);
    assertThat(plannedFiles(ice)).contains(g1.location(), f1.location(), f6.location()).doesNotContain(f2.location(), f7.location());

    // and Iceberg can commit on top of Datashard's commit
    DataFile h1 = dataFile(ice, "h", DAY_0 + 3, 800, 809, 10);
    ice.newFastAppend().appendFile(h1).commit();
    ds.refresh();
    TableComparison.assertSameTable(ds, ice);
    assertThat(TableComparison.toList(ds.dataFiles(ds.currentSnapshot().orElseThrow())))
        .extracting(io.datashard.DataFile::location).contains(h1.location(), g1.location());
    if (formatVersion >= 3) {
      long nextRowId = ((HasTableOperations) ice).operations().current().nextRowId();
      io.datashard.Snapshot last = ds.currentSnapshot().orElseThrow();
      assertThat(nextRowId).isEqualTo(last.firstRowId() + last.addedRows());
    }
  }

  @ParameterizedTest(name = "v{0} upgraded to v{1}")
  @org.junit.jupiter.params.provider.CsvSource({"1, 2", "2, 3"})
  void datashardCommitsToATableIcebergUpgraded(int fromVersion, int toVersion) {
    String location = dir.resolve("upgraded").toString();
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("category").day("ts").build();
    Table ice = new HadoopTables(new Configuration()).create(SCHEMA, spec, SortOrder.unsorted(),
        Map.of(TableProperties.FORMAT_VERSION, String.valueOf(fromVersion)), location);
    DataFile f1 = dataFile(ice, "a", DAY_0, 0, 99, 100);
    DataFile f2 = dataFile(ice, "b", DAY_0, 100, 149, 50);
    ice.newFastAppend().appendFile(f1).appendFile(f2).commit();
    ice.newAppend().appendFile(dataFile(ice, "a", DAY_0 + 1, 150, 159, 10)).commit();

    ice.updateProperties().set(TableProperties.FORMAT_VERSION, String.valueOf(toVersion)).commit();
    assertThat(((HasTableOperations) ice).operations().current().formatVersion()).isEqualTo(toVersion);

    io.datashard.Table ds = new PathTables().load(location);
    assertThat(ds.formatVersion()).isEqualTo(toVersion);
    TableComparison.assertSameTable(ds, ice);

    // Datashard's first commits after the upgrade: data and (now allowed) deletes on old files
    io.datashard.DataFile g1 = datashardFile(ds, "a", 700, 20);
    io.datashard.DataFile oldFile = TableComparison.toList(ds.dataFiles(ds.currentSnapshot().orElseThrow())).stream()
        .filter(file -> file.location().equals(f1.location())).findFirst().orElseThrow();
    ds.newRowDelta().addRows(g1).addDeletes(datashardEqualityDeletes(ds, oldFile)).commit();
    ice.refresh();
    TableComparison.assertSameTable(ds.refresh(), ice);
    Map<String, List<String>> deletes = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = ice.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        List<String> attached = new ArrayList<>();
        task.deletes().forEach(delete -> attached.add(delete.location()));
        deletes.put(task.file().location(), attached);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(deletes.get(f1.location())).hasSize(1);
    assertThat(deletes.get(f2.location())).isEmpty();
    assertThat(deletes.get(g1.location())).isEmpty();
    if (toVersion >= 3) {
      TableComparison.assertRowLineage(ice);
      assertThat(((HasTableOperations) ice).operations().current().nextRowId()).isEqualTo(100 + 50 + 10 + 20);
    }
  }

  private static List<String> plannedFiles(Table ice) {
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = ice.newScan().planFiles()) {
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

  /** The partition tuple of the table's current spec, filled by partition field name. */
  private static org.apache.iceberg.PartitionData partition(Table ice, String category, int day, long id) {
    PartitionSpec spec = ice.spec();
    org.apache.iceberg.PartitionData partition = new org.apache.iceberg.PartitionData(spec.partitionType());
    for (int i = 0; i < spec.fields().size(); i += 1) {
      org.apache.iceberg.PartitionField field = spec.fields().get(i);
      if (field.transform().isVoid()) {
        partition.set(i, null);
      } else if (field.name().equals("category")) {
        partition.set(i, category);
      } else if (field.name().equals("ts_day")) {
        partition.set(i, day);
      } else if (field.name().startsWith("id_bucket")) {
        partition.set(i, Transforms.bucket(8).bind(Types.LongType.get()).apply(id));
      } else {
        throw new IllegalStateException("Unexpected partition field " + field);
      }
    }
    return partition;
  }

  private static String path(Table ice, String category, String name) {
    return ice.location() + "/data/category=" + category + "/" + name;
  }

  /** A data file with the column stats a Parquet writer records for ids in [minId, maxId] on one day. */
  private static DataFile dataFile(Table ice, String category, int day, long minId, long maxId, long records) {
    String path = path(ice, category, "ice-" + category + "-" + day + "-" + minId + ".parquet");
    long size = 2048 + records * 32;
    touch(path, size);
    long tsLow = day * 86_400_000_000L + minId;
    long tsHigh = day * 86_400_000_000L + maxId;
    Map<Integer, ByteBuffer> lower = new HashMap<>();
    Map<Integer, ByteBuffer> upper = new HashMap<>();
    lower.put(1, bound(Types.LongType.get(), minId));
    upper.put(1, bound(Types.LongType.get(), maxId));
    lower.put(2, bound(Types.StringType.get(), category));
    upper.put(2, bound(Types.StringType.get(), category));
    lower.put(3, bound(Types.TimestampType.withZone(), tsLow));
    upper.put(3, bound(Types.TimestampType.withZone(), tsHigh));
    lower.put(4, bound(Types.DecimalType.of(9, 2), new BigDecimal("1.05")));
    upper.put(4, bound(Types.DecimalType.of(9, 2), new BigDecimal("999.99")));
    lower.put(5, bound(Types.DateType.get(), day));
    upper.put(5, bound(Types.DateType.get(), day));
    lower.put(6, bound(Types.BooleanType.get(), false));
    upper.put(6, bound(Types.BooleanType.get(), true));
    lower.put(7, bound(Types.FloatType.get(), -1.5f));
    upper.put(7, bound(Types.FloatType.get(), 2.25f));
    lower.put(8, bound(Types.UUIDType.get(), new UUID(0L, minId)));
    upper.put(8, bound(Types.UUIDType.get(), new UUID(1L, maxId)));
    lower.put(9, ByteBuffer.wrap(new byte[] {0x00, 0x01}));
    upper.put(9, ByteBuffer.wrap(new byte[] {(byte) 0xfe, 0x7f}));
    lower.put(10, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    upper.put(10, ByteBuffer.wrap(new byte[] {9, 9, 9, 9}));
    lower.put(14, bound(Types.DoubleType.get(), -33.9));
    upper.put(14, bound(Types.DoubleType.get(), 51.5));
    Map<Integer, Long> valueCounts = new HashMap<>();
    Map<Integer, Long> nullCounts = new HashMap<>();
    Map<Integer, Long> columnSizes = new HashMap<>();
    for (int id = 1; id <= 15; id += 1) {
      if (id == 11 || id == 12) {
        continue;
      }
      valueCounts.put(id, id == 13 ? records * 3 : records);
      nullCounts.put(id, id == 1 ? 0L : (long) (id % 3));
      columnSizes.put(id, records * id);
    }
    Metrics metrics = new Metrics(records, columnSizes, valueCounts, nullCounts, Map.of(7, 1L, 14, 0L, 15, 0L), lower, upper);
    return DataFiles.builder(ice.spec())
        .withPath(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition(ice, category, day, minId))
        .withFileSizeInBytes(size)
        .withMetrics(metrics)
        .withSplitOffsets(List.of(4L, 1024L))
        .withSortOrder(SortOrder.unsorted())
        .build();
  }

  private static DeleteFile positionDeletes(Table ice, DataFile target, long deletedRows) {
    String path = target.location().replace(".parquet", "-deletes.parquet");
    long size = 512 + deletedRows * 16;
    touch(path, size);
    Metrics metrics = new Metrics(deletedRows, Map.of(), Map.of(POS_FILE_PATH_ID, deletedRows, POS_POS_ID, deletedRows),
        Map.of(POS_FILE_PATH_ID, 0L, POS_POS_ID, 0L), Map.of(),
        Map.of(POS_FILE_PATH_ID, bound(Types.StringType.get(), target.location()), POS_POS_ID, bound(Types.LongType.get(), 1L)),
        Map.of(POS_FILE_PATH_ID, bound(Types.StringType.get(), target.location()), POS_POS_ID, bound(Types.LongType.get(), 77L)));
    return FileMetadata.deleteFileBuilder(ice.spec())
        .ofPositionDeletes()
        .withPath(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(target.partition())
        .withFileSizeInBytes(size)
        .withMetrics(metrics)
        .withReferencedDataFile(target.location())
        .build();
  }

  private static DeleteFile deletionVector(Table ice, DataFile target, long deletedRows) {
    String path = target.location().replace(".parquet", "-dv.puffin");
    touch(path, 300);
    return FileMetadata.deleteFileBuilder(ice.spec())
        .ofPositionDeletes()
        .withPath(path)
        .withFormat(FileFormat.PUFFIN)
        .withPartition(target.partition())
        .withRecordCount(deletedRows)
        .withFileSizeInBytes(300)
        .withReferencedDataFile(target.location())
        .withContentOffset(4)
        .withContentSizeInBytes(60)
        .build();
  }

  private static DeleteFile equalityDeletes(Table ice, String category, int day, long minId, long maxId, long deletedRows) {
    String path = path(ice, category, "eq-" + minId + ".parquet");
    long size = 400 + deletedRows * 8;
    touch(path, size);
    Metrics metrics = new Metrics(deletedRows, Map.of(1, deletedRows * 8), Map.of(1, deletedRows), Map.of(1, 0L), Map.of(),
        Map.of(1, bound(Types.LongType.get(), minId)), Map.of(1, bound(Types.LongType.get(), maxId)));
    return FileMetadata.deleteFileBuilder(ice.spec())
        .ofEqualityDeletes(1)
        .withPath(path)
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition(ice, category, day, minId))
        .withFileSizeInBytes(size)
        .withMetrics(metrics)
        .build();
  }

  /** Datashard's partition tuple for its current spec, filled by partition field name. */
  private static PartitionData datashardPartition(io.datashard.Table ds, String category, long id) {
    List<Object> values = new ArrayList<>();
    for (PartitionField field : ds.spec().fields()) {
      if (field.transform().isVoid()) {
        values.add(null);
      } else if (field.name().equals("category")) {
        values.add(category);
      } else if (field.name().equals("ts_day")) {
        values.add(DAY_0 + 5);
      } else if (field.name().startsWith("id_bucket")) {
        values.add(io.datashard.transforms.Transforms.bucket(8).apply(io.datashard.types.Types.LongType.get(), id));
      } else {
        throw new IllegalStateException("Unexpected partition field " + field);
      }
    }
    return PartitionData.of(values.toArray());
  }

  private static io.datashard.DataFile datashardFile(io.datashard.Table ds, String category, long id, long records) {
    String path = ds.location() + "/data/category=" + category + "/ds-" + id + ".parquet";
    touch(path, 4096);
    io.datashard.types.Type longType = io.datashard.types.Types.LongType.get();
    io.datashard.types.Type stringType = io.datashard.types.Types.StringType.get();
    return io.datashard.DataFile.builder(ds.spec())
        .withLocation(path)
        .withFormat(io.datashard.FileFormat.PARQUET)
        .withPartition(datashardPartition(ds, category, id))
        .withRecordCount(records)
        .withFileSizeInBytes(4096)
        .withValueCounts(Map.of(1, records, 2, records))
        .withNullValueCounts(Map.of(1, 0L, 2, 0L))
        .withLowerBounds(Map.of(1, io.datashard.types.Conversions.toByteBuffer(longType, id),
            2, io.datashard.types.Conversions.toByteBuffer(stringType, category)))
        .withUpperBounds(Map.of(1, io.datashard.types.Conversions.toByteBuffer(longType, id),
            2, io.datashard.types.Conversions.toByteBuffer(stringType, category)))
        .build();
  }

  private static io.datashard.DeleteFile datashardEqualityDeletes(io.datashard.Table ds, io.datashard.DataFile target) {
    String path = target.location().replace(".parquet", "-eq.parquet");
    touch(path, 700);
    io.datashard.types.Type longType = io.datashard.types.Types.LongType.get();
    ByteBuffer id = target.lowerBounds().get(1);
    return io.datashard.DeleteFile.builder(ds.spec())
        .ofEqualityDeletes(List.of(1))
        .withLocation(path)
        .withFormat(io.datashard.FileFormat.PARQUET)
        .withPartition(target.partition())
        .withRecordCount(1)
        .withFileSizeInBytes(700)
        .withValueCounts(Map.of(1, 1L))
        .withNullValueCounts(Map.of(1, 0L))
        .withLowerBounds(Map.of(1, id))
        .withUpperBounds(Map.of(1, id))
        .build();
  }
}
