package io.datashard.spark.source;

import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableWriter;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Tables and Spark sessions for the row-level operation tests. */
final class RowLevelTestSupport {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "category", Types.StringType.get())));
  static final String[] CATEGORIES = {"a", "b", "c", "d"};

  private RowLevelTestSupport() {
  }

  static SparkSession startSpark(String name, Path warehouse) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.catalog.testcat", "io.datashard.spark.testing.WriteTestCatalog")
        .config("spark.sql.catalog.testcat.warehouse", warehouse.toString())
        .getOrCreate();
  }

  /** Creates the table with the mode for every command and appends ids [0, 40) in two appends (two files per partition). */
  static Table create(PathTables tables, String location, int formatVersion, String mode, boolean partitioned,
      Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("format-version", Integer.toString(formatVersion));
    properties.put("write.delete.mode", mode);
    properties.put("write.update.mode", mode);
    properties.put("write.merge.mode", mode);
    PartitionSpec spec = partitioned ? PartitionSpec.builderFor(SCHEMA).identity("category").build() : PartitionSpec.unpartitioned();
    Table table = tables.create(SCHEMA, spec, properties, location);
    append(table, 0, 20);
    append(table, 20, 40);
    return table;
  }

  static void append(Table table, long from, long to) {
    List<Record> records = new ArrayList<>();
    for (long id = from; id < to; id++) {
      GenericRecord record = GenericRecord.create(table.schema());
      record.set(0, id);
      record.set(1, "d" + id);
      record.set(2, CATEGORIES[(int) (id % CATEGORIES.length)]);
      records.add(record);
    }
    try (TableWriter writer = TableWriter.append(table)) {
      writer.writeAll(records).commit();
    }
  }

  /** Rows as sorted strings, for order-independent comparison. */
  static List<String> sorted(Dataset<Row> frame) {
    List<String> rows = new ArrayList<>();
    for (Row row : frame.collectAsList()) {
      rows.add(row.mkString("|"));
    }
    rows.sort(null);
    return rows;
  }

  /** The current scan's tasks' delete files, by data file location. */
  static Map<String, List<DeleteFile>> deletesByDataFile(Table table) {
    Map<String, List<DeleteFile>> result = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        result.put(task.file().location(), task.deletes());
      }
    }
    return result;
  }

  static boolean isDeletionVector(DeleteFile file) {
    return file.content() == FileContent.POSITION_DELETES && file.format() == FileFormat.PUFFIN;
  }

  static boolean isPositionDeleteFile(DeleteFile file) {
    return file.content() == FileContent.POSITION_DELETES && file.format() != FileFormat.PUFFIN;
  }
}
