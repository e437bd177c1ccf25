package io.datashard.deletes;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.data.TableWriter;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tables and rows shared by the row-level delete tests: (id, data, part), optionally partitioned by part. */
public final class DeleteTables {
  public static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "data", Types.StringType.get()),
      required(3, "part", Types.IntegerType.get())));

  private DeleteTables() {
  }

  public static Table create(Path dir, String name, int formatVersion, boolean partitioned, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("format-version", Integer.toString(formatVersion));
    PartitionSpec spec = partitioned ? PartitionSpec.builderFor(SCHEMA).identity("part").build() : PartitionSpec.unpartitioned();
    return new PathTables(new LocalFileIO()).create(SCHEMA, spec, properties, dir.resolve(name).toString());
  }

  public static Record row(long id) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.set(0, id);
    row.set(1, "d" + id);
    row.set(2, (int) (id % 3));
    return row;
  }

  /** Appends rows [from, to) in one commit (one file per partition). */
  public static List<DataFile> append(Table table, long from, long to) {
    List<Record> rows = new ArrayList<>();
    for (long id = from; id < to; id += 1) {
      rows.add(row(id));
    }
    try (TableWriter writer = TableWriter.append(table)) {
      return writer.writeAll(rows).commit();
    }
  }

  /** Rows of the current snapshot as sorted "id:data:part" strings. */
  public static List<String> rows(Table table) {
    table.refresh();
    List<String> result = new ArrayList<>();
    try (CloseableIterable<Record> records = TableReader.read(table); CloseableIterator<Record> it = records.iterator()) {
      while (it.hasNext()) {
        Record row = it.next();
        result.add(row.get(0) + ":" + row.get(1) + ":" + row.get(2));
      }
    }
    result.sort(null);
    return result;
  }

  public static List<DeleteFile> deleteFiles(Table table) {
    table.refresh();
    Snapshot current = table.currentSnapshot().orElseThrow();
    List<DeleteFile> result = new ArrayList<>();
    try (CloseableIterable<DeleteFile> files = table.deleteFiles(current); CloseableIterator<DeleteFile> it = files.iterator()) {
      it.forEachRemaining(result::add);
    }
    return result;
  }

  public static List<DataFile> dataFiles(Table table) {
    table.refresh();
    Snapshot current = table.currentSnapshot().orElseThrow();
    List<DataFile> result = new ArrayList<>();
    try (CloseableIterable<DataFile> files = table.dataFiles(current); CloseableIterator<DataFile> it = files.iterator()) {
      it.forEachRemaining(result::add);
    }
    return result;
  }

  public static List<FileScanTask> tasks(Table table) {
    table.refresh();
    List<FileScanTask> result = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles(); CloseableIterator<FileScanTask> it = tasks.iterator()) {
      it.forEachRemaining(result::add);
    }
    return result;
  }

  /** Deletion vectors of the current snapshot by referenced data file; fails on two for one data file. */
  public static Map<String, DeleteFile> vectorsByDataFile(Table table) {
    Map<String, DeleteFile> result = new HashMap<>();
    for (DeleteFile file : deleteFiles(table)) {
      if (file.isDeletionVector()) {
        DeleteFile previous = result.put(file.referencedDataFile().orElseThrow(), file);
        if (previous != null) {
          throw new AssertionError("two deletion vectors for " + file.referencedDataFile().get() + ": " + previous + " and " + file);
        }
      }
    }
    return result;
  }

  public static long count(List<DeleteFile> files, FileContent content) {
    return files.stream().filter(f -> f.content() == content).count();
  }

  /** Writes a position delete file (v2 style) for the given data file positions, in the data file's partition. */
  public static DeleteFile positionDeletes(Table table, DataFile dataFile, long... positions) {
    PositionDeleteWriter writer = PositionDeleteWriter.builder(table.io().newOutputFile(
        table.location() + "/data/pos-" + UUID.randomUUID() + ".parquet"))
        .spec(table.specs().get(dataFile.specId())).partition(dataFile.partition()).build();
    for (long position : positions) {
      writer.delete(dataFile, position);
    }
    writer.close();
    return writer.toDeleteFile();
  }

  /** Writes an equality delete file on id for the given ids, in the data file's partition. */
  public static DeleteFile equalityDeletes(Table table, DataFile partitionOf, long... ids) {
    Schema deleteSchema = SCHEMA.select(List.of("id"));
    EqualityDeleteWriter writer = EqualityDeleteWriter.builder(table.io().newOutputFile(
        table.location() + "/data/eq-" + UUID.randomUUID() + ".parquet"))
        .schema(deleteSchema).equalityFieldIds(List.of(1))
        .spec(table.specs().get(partitionOf.specId())).partition(partitionOf.partition()).build();
    for (long id : ids) {
      GenericRecord key = GenericRecord.create(deleteSchema);
      key.set(0, id);
      writer.write(key);
    }
    writer.close();
    return writer.toDeleteFile();
  }
}
