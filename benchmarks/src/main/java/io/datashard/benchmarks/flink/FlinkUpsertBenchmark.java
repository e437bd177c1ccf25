package io.datashard.benchmarks.flink;

import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableWriter;
import io.datashard.flink.TableLoader;
import io.datashard.flink.data.FlinkTypes;
import io.datashard.flink.sink.DatashardSink;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

/**
 * Issue 7's Flink benchmark: {@code --upserts} upserts (default 1M) by primary key into a table of
 * {@code --rows} rows (default 10M), written by a streaming Flink job (parallelism 2, a checkpoint
 * every 10 s) through the Datashard sink in upsert mode; then bounded Flink SQL reads (batch mode) of
 * that table and of a table holding the same final rows written without any deletes. The target is
 * a read of the upserted table within 1.5× the time of the delete-free one: replaced rows are
 * deleted by position (deletion vectors, format v3), so readers pay no equality deletes.
 *
 * <p>Rows are the Spark benchmark's columns (id long, ts timestamp, category string with 100 values,
 * amount double, 50-character payload), generated from the id. Upserted ids are {@code i * (rows /
 * upserts) + 3}, spread evenly over every data file (the worst case for readers: every file gets a
 * vector); an upsert changes amount, payload and ts. Both reads are checked against the generator.
 *
 * <p>Arguments: {@code --dir}, {@code --rows}, {@code --upserts}, {@code --rounds} (default 3),
 * {@code --parallelism} (default 2), {@code --checkpoint-ms} (default 10000), {@code --file-size-mb}
 * (default 128). The two tables are generated once per row count and upsert count, then reused.
 */
public final class FlinkUpsertBenchmark {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "ts", Types.TimestampType.withoutZone()),
      Types.NestedField.optional(3, "category", Types.StringType.get()),
      Types.NestedField.optional(4, "amount", Types.DoubleType.get()),
      Types.NestedField.optional(5, "payload", Types.StringType.get())), Set.of(1));
  private static final String COLUMNS = "id BIGINT NOT NULL, ts TIMESTAMP(6), category STRING, amount DOUBLE,"
      + " payload STRING";
  private static final long START_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
  static final int PAYLOAD_CHARS = 50;

  private FlinkUpsertBenchmark() {}

  /** The measured figures of one run. */
  record Report(long rows, long upserts, double upsertSeconds, int commits, double cleanFullScan,
      double upsertedFullScan, double cleanAggregate, double upsertedAggregate, String checksum) {
    double fullScanRatio() {
      return upsertedFullScan / cleanFullScan;
    }

    double aggregateRatio() {
      return upsertedAggregate / cleanAggregate;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    Path dir = Paths.get(options.getOrDefault("dir", "benchmarks/target/flink-upsert-bench")).toAbsolutePath();
    long rows = Long.parseLong(options.getOrDefault("rows", "10000000"));
    long upserts = Long.parseLong(options.getOrDefault("upserts", Long.toString(rows / 10)));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "2"));
    long checkpointMs = Long.parseLong(options.getOrDefault("checkpoint-ms", "10000"));
    long fileSizeMb = Long.parseLong(options.getOrDefault("file-size-mb", "128"));
    Report report = run(dir, rows, upserts, rounds, parallelism, checkpointMs, fileSizeMb);
    System.out.printf(Locale.ROOT, "%nFlink upserts: %,d upserts into %,d rows in %.1f s (%,.0f upserts/s, %d commits)%n",
        report.upserts(), report.rows(), report.upsertSeconds(), report.upserts() / report.upsertSeconds(),
        report.commits());
    System.out.printf(Locale.ROOT, "| bounded read | no deletes (s) | after upserts (s) | ratio (target <= 1.5) |%n");
    System.out.printf(Locale.ROOT, "|---|---|---|---|%n");
    System.out.printf(Locale.ROOT, "| full scan (INSERT INTO blackhole SELECT *) | %.2f | %.2f | %.2f |%n",
        report.cleanFullScan(), report.upsertedFullScan(), report.fullScanRatio());
    System.out.printf(Locale.ROOT, "| aggregate (count, sum(id), sum(amount), sum(length(payload))) | %.2f | %.2f | %.2f |%n",
        report.cleanAggregate(), report.upsertedAggregate(), report.aggregateRatio());
    System.out.println("checksum " + report.checksum());
  }

  static boolean upserted(long id, long rows, long upserts) {
    long stride = Math.max(1, rows / upserts);
    return id % stride == 3 % stride && id / stride < upserts;
  }

  static Report run(Path dir, long rows, long upserts, int rounds, int parallelism, long checkpointMs, long fileSizeMb)
      throws Exception {
    if (upserts > rows) {
      throw new IllegalArgumentException("Cannot upsert " + upserts + " of " + rows + " rows: upserts must be <= rows");
    }
    String upsertedLocation = dir.resolve("upserted-" + rows + "-" + upserts).toString();
    String cleanLocation = dir.resolve("clean-" + rows + "-" + upserts).toString();
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism + 1);
    try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism + 1).build())) {
      cluster.start();
      URI rest = cluster.getRestAddress().get();
      double upsertSeconds = 0;
      int commits = 0;
      PathTables tables = new PathTables();
      if (!tables.exists(upsertedLocation)) {
        Files.createDirectories(dir);
        generate(upsertedLocation, rows, rows, upserts, false, fileSizeMb);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(),
            rest.getPort(), new Configuration());
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointMs);
        RowType rowType = FlinkTypes.toRowType(SCHEMA);
        DatashardSink sink = DatashardSink.forRowData(TableLoader.forLocation(upsertedLocation, Map.of()), rowType)
            .primaryKey(List.of("id")).upsert(true).build();
        long stride = Math.max(1, rows / upserts);
        env.fromSequence(0, upserts - 1)
            .map(new Upsert(stride)).returns(InternalTypeInfo.of(rowType))
            .keyBy(sink.keySelector())
            .sinkTo(sink);
        int before = size(tables.load(upsertedLocation).snapshots());
        long start = System.nanoTime();
        env.execute("datashard upserts");
        upsertSeconds = (System.nanoTime() - start) / 1e9;
        commits = size(tables.load(upsertedLocation).snapshots()) - before;
        System.out.printf(Locale.ROOT, "upserted %,d rows in %.1f s in %d commits%n", upserts, upsertSeconds, commits);
      }
      if (!tables.exists(cleanLocation)) {
        generate(cleanLocation, rows, rows, upserts, true, fileSizeMb);
      }

      StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(),
          rest.getPort(), new Configuration());
      env.setParallelism(parallelism);
      TableEnvironment sql = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
      sql.executeSql("CREATE TABLE clean_t (" + COLUMNS + ") WITH ('connector' = 'datashard', 'path' = '"
          + cleanLocation + "')");
      sql.executeSql("CREATE TABLE upserted_t (" + COLUMNS + ") WITH ('connector' = 'datashard', 'path' = '"
          + upsertedLocation + "')");
      sql.executeSql("CREATE TABLE sink_t (" + COLUMNS + ") WITH ('connector' = 'blackhole')");
      String expected = expectedChecksum(rows, upserts);
      double[] clean = new double[2];
      double[] upserted = new double[2];
      String[] workloads = {"full-scan", "aggregate"};
      for (int w = 0; w < workloads.length; w += 1) {
        // alternate the two tables round by round, so drift on a shared machine hits both alike
        double[][] seconds = new double[2][rounds];
        for (int round = -1; round < rounds; round += 1) {
          for (int t = 0; t < 2; t += 1) {
            String table = t == 0 ? "clean_t" : "upserted_t";
            long start = System.nanoTime();
            String checksum = execute(sql, workloads[w], table);
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (checksum != null && !checksum.equals(expected)) {
              throw new IllegalStateException(table + " returned " + checksum + "; expected " + expected);
            }
            if (round >= 0) {
              seconds[t][round] = elapsed;
            }
          }
        }
        for (int t = 0; t < 2; t += 1) {
          System.out.printf(Locale.ROOT, "%-10s %-10s %s%n", workloads[w], t == 0 ? "clean" : "upserted",
              Arrays.toString(seconds[t]));
          Arrays.sort(seconds[t]);
        }
        clean[w] = seconds[0][rounds / 2];
        upserted[w] = seconds[1][rounds / 2];
      }
      return new Report(rows, upserts, upsertSeconds, commits, clean[0], upserted[0], clean[1], upserted[1], expected);
    }
  }

  private static int size(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count += 1;
    }
    return count;
  }

  private static String execute(TableEnvironment sql, String workload, String table) throws Exception {
    if (workload.equals("full-scan")) {
      sql.executeSql("INSERT INTO sink_t SELECT * FROM " + table).await();
      return null;
    }
    try (CloseableIterator<Row> rows = sql.executeSql("SELECT COUNT(*), SUM(id), SUM(amount),"
        + " SUM(CAST(CHAR_LENGTH(payload) AS BIGINT)) FROM " + table).collect()) {
      Row row = rows.next();
      return row.getField(0) + "/" + row.getField(1) + "/" + String.format(Locale.ROOT, "%.2f", (Double) row.getField(2))
          + "/" + row.getField(3);
    }
  }

  /** count/sum(id)/sum(amount)/payload chars of the table after the upserts, from the generator. */
  static String expectedChecksum(long rows, long upserts) {
    double amounts = 0;
    long ids = 0;
    for (long id = 0; id < rows; id += 1) {
      ids += id;
      amounts += amount(id, upserted(id, rows, upserts));
    }
    return rows + "/" + ids + "/" + String.format(Locale.ROOT, "%.2f", amounts) + "/" + rows * PAYLOAD_CHARS;
  }

  static double amount(long id, boolean updated) {
    return ((id * 7) % 10_000) / 100.0 + (updated ? 1 : 0);
  }

  static long tsMicros(long id, boolean updated) {
    return START_MICROS + ((id * 2_654_435_761L) % 2_592_000L) * 1_000_000L + (updated ? 3_600_000_000L : 0);
  }

  static String category(long id) {
    return String.format(Locale.ROOT, "cat_%02d", (id * 31) % 100);
  }

  /** 50 hex characters that differ from row to row (and between a row and its update). */
  static String payload(long id, boolean updated) {
    StringBuilder builder = new StringBuilder(PAYLOAD_CHARS);
    long state = id * 0x9E3779B97F4A7C15L + (updated ? 0x632BE59BD9B4E019L : 0);
    while (builder.length() < PAYLOAD_CHARS) {
      state ^= state >>> 33;
      state *= 0xFF51AFD7ED558CCDL;
      state ^= state >>> 29;
      builder.append(Long.toHexString(state | Long.MIN_VALUE));
    }
    builder.setLength(PAYLOAD_CHARS);
    return builder.toString();
  }

  /**
   * Writes rows {@code [0, rows)} with the core writer: the original rows, or with {@code updated}
   * the rows as they are after the upserts (the delete-free twin of the upserted table).
   */
  static void generate(String location, long rows, long total, long upserts, boolean updated, long fileSizeMb) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("format-version", "3");
    properties.put("write.target-file-size-bytes", Long.toString(fileSizeMb * 1024 * 1024));
    properties.put("write.parquet.compression-codec", "zstd");
    Table table = new PathTables().create(SCHEMA, PartitionSpec.unpartitioned(), properties, location);
    Record row = GenericRecord.create(SCHEMA);
    try (TableWriter writer = TableWriter.append(table)) {
      for (long id = 0; id < rows; id += 1) {
        boolean changed = updated && upserted(id, total, upserts);
        row.set(0, id);
        row.set(1, tsMicros(id, changed));
        row.set(2, category(id));
        row.set(3, amount(id, changed));
        row.set(4, payload(id, changed));
        writer.write(row);
      }
      writer.commit();
    }
  }

  /** Upsert number i → the new version of row {@code i * stride + 3}. */
  static final class Upsert implements MapFunction<Long, RowData> {
    private final long stride;

    Upsert(long stride) {
      this.stride = stride;
    }

    @Override
    public RowData map(Long i) {
      long id = i * stride + 3 % stride;
      GenericRowData row = new GenericRowData(RowKind.INSERT, 5);
      row.setField(0, id);
      long micros = tsMicros(id, true);
      row.setField(1, TimestampData.fromEpochMillis(Math.floorDiv(micros, 1000), (int) Math.floorMod(micros, 1000) * 1000));
      row.setField(2, StringData.fromString(category(id)));
      row.setField(3, amount(id, true));
      row.setField(4, StringData.fromBytes(payload(id, true).getBytes(StandardCharsets.US_ASCII)));
      return row;
    }
  }
}
