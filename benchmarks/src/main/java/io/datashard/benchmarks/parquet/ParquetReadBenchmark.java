package io.datashard.benchmarks.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Generic Parquet read throughput, Datashard ({@code io.datashard.data.TableReader.read(table)}) and
 * Apache Iceberg ({@code IcebergGenerics.read(table).build()}) side by side in one JVM.
 *
 * <p>Each implementation writes the same rows once into its own unpartitioned path table with its own
 * generic Parquet writer (Datashard: {@code TableWriter}; Iceberg: {@code GenericAppenderFactory}),
 * {@code --files} files of {@code --rows / --files} rows each, one append per file, zstd. Then every
 * round reads each table in full, touching every value (its {@code hashCode()}), in alternating order.
 * The report gives each side's median rows/s over the measured rounds and the median of the per-round
 * time ratios Datashard ÷ Iceberg (below 1.00x Datashard is faster).
 *
 * <pre>
 * java -cp benchmarks.jar io.datashard.benchmarks.parquet.ParquetReadBenchmark --rows 2000000 --files 4 --rounds 7 --warmup 3
 * </pre>
 */
public final class ParquetReadBenchmark {
  /** Table of the benchmark: name, what one full read returns. */
  interface ReadTable extends AutoCloseable {
    String name();

    /** Writes {@code rows} rows, the same on both sides, in {@code files} appends. */
    void write(long rows, int files) throws IOException;

    /** Reads every row and touches every value; returns {row count, checksum}. */
    long[] readAll() throws IOException;

    /** Bytes of data files written. */
    long dataBytes();

    @Override
    void close() throws IOException;
  }

  /** One round's result of one side. */
  record Round(long rows, long checksum, long nanos) {
    double rowsPerSecond() {
      return rows / (nanos / 1e9);
    }
  }

  /** The outcome of a run: per-side medians and the median time ratio. */
  record Summary(long rows, double datashardRowsPerSecond, double icebergRowsPerSecond, double timeRatio,
      double minRatio, double maxRatio) {
  }

  private ParquetReadBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    long rows = 2_000_000;
    int files = 4;
    int rounds = 7;
    int warmup = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
            + "': use --rows N, --files N, --rounds N, --warmup N");
      }
    }
    String parent = System.getProperty("benchmark.dir");
    Path root = parent == null
        ? Files.createTempDirectory("datashard-parquet-bench-")
        : Files.createTempDirectory(Files.createDirectories(Path.of(parent)), "parquet-");
    try {
      run(root, rows, files, rounds, warmup, true);
    } finally {
      deleteRecursively(root);
    }
  }

  /** Writes both tables under {@code root}, runs the rounds and prints (if {@code print}) the report. */
  static Summary run(Path root, long rows, int files, int rounds, int warmup, boolean print) throws Exception {
    try (ReadTable datashard = new DatashardReadTable(root.resolve("datashard"));
        ReadTable iceberg = new IcebergReadTable(root.resolve("iceberg"))) {
      for (ReadTable table : List.of(datashard, iceberg)) {
        long start = System.nanoTime();
        table.write(rows, files);
        if (print) {
          System.out.printf(Locale.ROOT, "[fixture] %s: %,d rows in %d Parquet files (%,d bytes, zstd) written in %.1f s%n",
              table.name(), rows, files, table.dataBytes(), (System.nanoTime() - start) / 1e9);
        }
      }
      List<Round> datashardRounds = new ArrayList<>();
      List<Round> icebergRounds = new ArrayList<>();
      for (int round = 0; round < warmup + rounds; round++) {
        boolean datashardFirst = round % 2 == 0;
        Round first = time(datashardFirst ? datashard : iceberg);
        Round second = time(datashardFirst ? iceberg : datashard);
        Round ds = datashardFirst ? first : second;
        Round ice = datashardFirst ? second : first;
        if (ds.rows() != rows || ice.rows() != rows || ds.checksum() != ice.checksum()) {
          throw new IllegalStateException("The tables read differently: datashard " + ds + ", iceberg " + ice
              + ", expected " + rows + " rows each with the same checksum");
        }
        boolean measured = round >= warmup;
        if (measured) {
          datashardRounds.add(ds);
          icebergRounds.add(ice);
        }
        if (print) {
          System.out.printf(Locale.ROOT, "%s %2d: datashard %,12.0f rows/s  iceberg %,12.0f rows/s  ds/iceberg time %.2fx%n",
              measured ? "round " : "warmup", measured ? round - warmup + 1 : round + 1, ds.rowsPerSecond(),
              ice.rowsPerSecond(), (double) ds.nanos() / ice.nanos());
        }
      }
      double[] ratios = new double[datashardRounds.size()];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = (double) datashardRounds.get(i).nanos() / icebergRounds.get(i).nanos();
      }
      Summary summary = new Summary(rows, median(datashardRounds), median(icebergRounds), median(ratios),
          Arrays.stream(ratios).min().orElse(Double.NaN), Arrays.stream(ratios).max().orElse(Double.NaN));
      if (print) {
        System.out.println();
        System.out.println("Generic Parquet read, Datashard vs Apache Iceberg (median over " + rounds + " rounds)");
        System.out.printf(Locale.ROOT, "%-28s %18s %18s %22s%n", "Table", "datashard rows/s", "iceberg rows/s",
            "ds/iceberg time");
        System.out.printf(Locale.ROOT, "%-28s %,18.0f %,18.0f %10.2fx [%.2f-%.2f]%n",
            String.format(Locale.ROOT, "%,d rows x %d files", rows, files), summary.datashardRowsPerSecond(),
            summary.icebergRowsPerSecond(), summary.timeRatio(), summary.minRatio(), summary.maxRatio());
      }
      return summary;
    }
  }

  private static Round time(ReadTable table) throws IOException {
    long start = System.nanoTime();
    long[] result = table.readAll();
    return new Round(result[0], result[1], System.nanoTime() - start);
  }

  private static double median(List<Round> rounds) {
    return median(rounds.stream().mapToDouble(Round::rowsPerSecond).toArray());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  // The row values, identical on both sides; derived from the row number so no data is kept in memory.
  static long id(long row) {
    return row;
  }

  static int category(long row) {
    return (int) (row % 97);
  }

  static double amount(long row) {
    return (row * 31 % 100_000) / 100.0;
  }

  static String name(long row) {
    return "customer-" + (row * 7919 % 50_000);
  }

  /** Microseconds from the epoch: 2026-01-01 plus one second and a few micros per row. */
  static long timestampMicros(long row) {
    return 1_767_225_600_000_000L + row * 1_000_003L;
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
