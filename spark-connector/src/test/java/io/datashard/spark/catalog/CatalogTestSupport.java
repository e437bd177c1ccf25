package io.datashard.spark.catalog;

import io.datashard.DataFile;
import io.datashard.Table;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One local Spark session with a path catalog {@value #CATALOG} over a temporary warehouse. */
final class CatalogTestSupport {
  static final String CATALOG = "lake";

  private CatalogTestSupport() {
  }

  static SparkSession startSpark(String name, Path warehouse) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.catalog." + CATALOG, "io.datashard.spark.SparkCatalog")
        .config("spark.sql.catalog." + CATALOG + ".warehouse", warehouse.toString())
        .getOrCreate();
  }

  /** Appends rows with the core writer (independent of the Spark write path); returns the files. */
  static List<DataFile> append(Table table, List<Object[]> rows) {
    List<Record> records = new ArrayList<>();
    for (Object[] values : rows) {
      GenericRecord record = GenericRecord.create(table.schema());
      for (int i = 0; i < values.length; i++) {
        record.set(i, values[i]);
      }
      records.add(record);
    }
    try (TableWriter writer = TableWriter.append(table)) {
      return writer.writeAll(records).commit();
    }
  }

  static List<Object[]> rows(long fromId, long toId, String... categories) {
    List<Object[]> rows = new ArrayList<>();
    for (long id = fromId; id < toId; id++) {
      rows.add(new Object[] {id, categories[(int) (id % categories.length)]});
    }
    return rows;
  }

  static Set<Long> ids(List<Object[]> rows) {
    Set<Long> ids = new TreeSet<>();
    for (Object[] row : rows) {
      ids.add((Long) row[0]);
    }
    return ids;
  }

  static Set<Long> ids(Dataset<Row> frame) {
    Set<Long> ids = new TreeSet<>();
    for (Row row : frame.collectAsList()) {
      ids.add(row.getLong(0));
    }
    return ids;
  }

  static String text(Dataset<Row> frame) {
    StringBuilder result = new StringBuilder();
    for (Row row : frame.collectAsList()) {
      result.append(row.mkString(" | ")).append('\n');
    }
    return result.toString();
  }

  /** Sleeps past the current millisecond so snapshots get distinct commit times. */
  static void tick() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
