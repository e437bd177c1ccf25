package io.datashard.spark.source;

import static io.datashard.spark.source.ReadTestSupport.batchScans;
import static io.datashard.spark.source.RowLevelTestSupport.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.Record;
import io.datashard.data.avro.AvroDataReader;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.InputFile;
import io.datashard.scan.FileScanTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scans that return the metadata columns {@code _file}, {@code _pos}, {@code _spec_id} and
 * {@code _file_id} (what DELETE, UPDATE and MERGE read) are columnar for Parquet files of primitive
 * columns, and return the same rows and positions as the row path. Expected positions come from
 * reading each data file from its first row, deletes ignored, and dropping the rows the deletes matched.
 */
class SparkRowLevelColumnarTest {
  @TempDir
  static Path warehouse;

  private static SparkSession spark;
  private static final PathTables TABLES = new PathTables();
  private static int tableCount = 0;

  @BeforeAll
  static void startSpark() {
    spark = RowLevelTestSupport.startSpark("SparkRowLevelColumnarTest", warehouse);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int version : List.of(2, 3)) {
      cases.add(Arguments.of(version, false, "parquet"));
      cases.add(Arguments.of(version, true, "parquet"));
      cases.add(Arguments.of(version, false, "avro"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "v{0} partitioned={1} {2}")
  @MethodSource("cases")
  void metadataColumnScansMatchFilePositions(int version, boolean partitioned, String format) {
    tableCount += 1;
    String location = warehouse + "/db/t" + tableCount;
    RowLevelTestSupport.create(TABLES, location, version, "merge-on-read", partitioned,
        Map.of("write.format.default", format));
    String table = "testcat.db.t" + tableCount;
    // merge-on-read deletes: position delete files (v2) or deletion vectors (v3), the second one on
    // files that already have deletes
    spark.sql("DELETE FROM " + table + " WHERE id % 3 = 0");
    spark.sql("DELETE FROM " + table + " WHERE id IN (20, 22, 31)");
    LongPredicate deleted = id -> id % 3 == 0 || id == 20 || id == 22 || id == 31;
    // the pushed part (id >= 4) filters inside the reader, the rest in Spark
    LongPredicate selected = id -> id >= 4 && id % 5 != 1;
    String query = "SELECT _file, _pos, _spec_id, id, data FROM " + table + " WITH (OPTIONS) WHERE id >= 4 AND id % 5 <> 1";

    // small batches: selections start and end inside batches and span several per file
    Dataset<Row> columnar = spark.sql(query.replace("OPTIONS", "'batch-size' = '7'"));
    Dataset<Row> rows = spark.sql(query.replace("OPTIONS", "'vectorization-enabled' = 'false'"));

    List<String> expected = expectedRows(TABLES.load(location), id -> !deleted.test(id) && selected.test(id));
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(sorted(columnar)).isEqualTo(expected);
    assertThat(sorted(rows)).isEqualTo(expected);
    assertThat(batchScans(columnar).get(0).supportsColumnar()).isEqualTo(format.equals("parquet"));
    assertThat(batchScans(rows).get(0).supportsColumnar()).isFalse();

    // _file_id (the row-level operations' compact file id): the id of each row's own file, one per file
    for (String options : List.of("'batch-size' = '7'", "'vectorization-enabled' = 'false'")) {
      Map<String, Set<Long>> idsByFile = new HashMap<>();
      Map<Long, Set<String>> filesById = new HashMap<>();
      for (Row row : spark.sql("SELECT _file, _file_id, id FROM " + table + " WITH (" + options + ")").collectAsList()) {
        assertThat(row.getLong(1)).isEqualTo(SparkFileIds.of(row.getString(0)));
        idsByFile.computeIfAbsent(row.getString(0), f -> new HashSet<>()).add(row.getLong(1));
        filesById.computeIfAbsent(row.getLong(1), f -> new HashSet<>()).add(row.getString(0));
      }
      assertThat(idsByFile).as(options).hasSizeGreaterThan(1);
      assertThat(idsByFile.values()).as(options).allMatch(ids -> ids.size() == 1);
      assertThat(filesById.values()).as(options).allMatch(files -> files.size() == 1);
    }

    // a row-level operation over the columnar scan deletes exactly the rows whose positions it read
    spark.sql("UPDATE " + table + " SET data = concat(data, '-u') WHERE id % 4 = 1");
    spark.sql("DELETE FROM " + table + " WHERE id % 7 = 2");
    List<String> live = new ArrayList<>();
    for (long id = 0; id < 40; id++) {
      if (!deleted.test(id) && id % 7 != 2) {
        live.add(id + "|d" + id + (id % 4 == 1 ? "-u" : ""));
      }
    }
    live.sort(null);
    assertThat(sorted(spark.sql("SELECT id, data FROM " + table))).isEqualTo(live);
  }

  static Stream<Arguments> operations() {
    List<Arguments> cases = new ArrayList<>();
    for (String mode : List.of("copy-on-write", "merge-on-read")) {
      for (int version : List.of(2, 3)) {
        cases.add(Arguments.of(mode, version, "parquet"));
      }
    }
    cases.add(Arguments.of("merge-on-read", 3, "avro"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} v{1} {2}")
  @MethodSource("operations")
  void rowLevelOperationsReadColumnarBatchesOfParquetFiles(String mode, int version, String format) {
    tableCount += 1;
    RowLevelTestSupport.create(TABLES, warehouse + "/db/t" + tableCount, version, mode, false,
        Map.of("write.format.default", format));
    String table = "testcat.db.t" + tableCount;
    spark.sql("SELECT id, 's' AS data, 'a' AS category FROM range(30, 50)").createOrReplaceTempView("src");
    List<String> commands = List.of(
        "DELETE FROM " + table + " WHERE id % 3 = 0",
        "UPDATE " + table + " SET data = 'u' WHERE id % 3 = 0",
        "MERGE INTO " + table + " t USING src s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT *");
    // without adaptive execution EXPLAIN shows the final plan, columnar transitions included
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    try {
      for (String command : commands) {
        String plan = spark.sql("EXPLAIN " + command).collectAsList().get(0).getString(0);
        assertThat(plan).as(command).contains("BatchScan");
        // Spark converts the scan's batches to rows only when the scan is columnar
        assertThat(plan.contains("ColumnarToRow")).as(command + "\n" + plan).isEqualTo(format.equals("parquet"));
      }
    } finally {
      spark.conf().unset("spark.sql.adaptive.enabled");
    }
  }

  /** Each live row as {@code file|pos|spec|id|data}, positions counted by reading every data file in order. */
  private static List<String> expectedRows(Table table, LongPredicate keep) {
    List<String> result = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        InputFile input = table.io().newInputFile(file.location(), file.fileSizeInBytes());
        CloseableIterable<Record> records = file.format() == FileFormat.PARQUET
            ? ParquetDataReader.builder(input).project(table.schema()).build()
            : AvroDataReader.builder(input).project(table.schema()).build();
        long pos = 0;
        try (CloseableIterator<Record> iterator = records.iterator()) {
          while (iterator.hasNext()) {
            Record record = iterator.next();
            long id = (Long) record.get(0);
            if (keep.test(id)) {
              result.add(file.location() + "|" + pos + "|" + file.specId() + "|" + id + "|" + record.get(1));
            }
            pos++;
          }
        }
      }
    }
    result.sort(null);
    return result;
  }
}
