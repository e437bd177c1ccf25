package io.datashard.benchmarks.memory;

import io.datashard.DataFile;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.deletes.PositionDeleteWriter;
import io.datashard.io.CloseableIterable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The acceptance check "a 5 GB table reads through the generic reader with {@code -Xmx512m}".
 *
 * <p>A child JVM with {@code --write-heap} (1 GB by default) writes a path table of about
 * {@code --size} bytes with a clustered {@code TableWriter} (rows arrive grouped by partition):
 * Parquet, identity-partitioned into {@code --partitions} partitions,
 * {@code write.target-file-size-bytes} = {@code --target-file-size}, rows of {@code id long}, {@code part int}, {@code amount double}, {@code qty int} and 1 KiB of
 * random (incompressible) {@code payload}. Then child JVMs with {@code -Xmx} = {@code --read-heap}
 * read the whole table with {@code TableReader.read(table)}, once in full and once with the filter
 * {@code id >= rows / 2}; then, unless {@code --no-deletes}, a position delete file deleting every
 * 7th row of the first data file is committed and the table read in full again. Every read must
 * finish (no {@code OutOfMemoryError}) with the expected row count, sum of {@code id} and payload
 * bytes, or the check fails. Each read reports its time and peak heap. The table is deleted
 * afterwards unless {@code --keep}.
 *
 * <pre>
 * java -cp benchmarks.jar io.datashard.benchmarks.memory.BoundedMemoryReadCheck --size 5g --read-heap 512m
 * </pre>
 */
public final class BoundedMemoryReadCheck {
  private BoundedMemoryReadCheck() {}

  /** What to run; sizes in bytes. */
  public record Options(Path dir, long sizeBytes, int partitions, long targetFileSize, String codec,
      String writeHeap, String readHeap, boolean deletes, boolean keep) {
    public static Options defaults(Path dir) {
      return new Options(dir, 5L << 30, 4, 512L << 20, "zstd", "1g", "512m", true, false);
    }
  }

  /** One read in a child JVM. */
  public record ReadResult(String label, long rows, long idSum, long payloadBytes, long millis, long maxHeap,
      long peakUsed, long peakPoolSum, long peakAfterGc, long gcCount) {}

  /** The table written and every read of it. */
  public record Summary(long rows, long tableBytes, int files, long writeMillis, List<ReadResult> reads) {}

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    Summary summary = run(options);
    System.out.printf(Locale.ROOT, "%nTable: %,d rows, %,d data files, %.2f GB (%,d bytes), written in %.1f s%n",
        summary.rows(), summary.files(), summary.tableBytes() / 1e9, summary.tableBytes(), summary.writeMillis() / 1e3);
    System.out.printf(Locale.ROOT, "%-14s %14s %9s %9s %12s %14s %14s %8s%n", "read", "rows", "time (s)", "MB/s",
        "-Xmx (MB)", "peak used (MB)", "after GC (MB)", "GCs");
    for (ReadResult read : summary.reads()) {
      // MB/s of the whole table only where the whole table was read
      String throughput = read.label().startsWith("filter") ? "-"
          : String.format(Locale.ROOT, "%.1f", summary.tableBytes() / 1e3 / read.millis());
      System.out.printf(Locale.ROOT, "%-14s %,14d %9.1f %9s %12d %14d %14d %8d%n", read.label(), read.rows(),
          read.millis() / 1e3, throughput, read.maxHeap() >> 20, read.peakUsed() >> 20, read.peakAfterGc() >> 20,
          read.gcCount());
    }
    System.out.println("OK: every read finished with the expected rows, id sum and payload bytes");
  }

  static Options parse(String[] args) {
    Options defaults = Options.defaults(Paths.get("benchmarks", "target", "memory-check"));
    Path dir = defaults.dir();
    long size = defaults.sizeBytes();
    int partitions = defaults.partitions();
    long target = defaults.targetFileSize();
    String codec = defaults.codec();
    String writeHeap = defaults.writeHeap();
    String readHeap = defaults.readHeap();
    boolean deletes = true;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Paths.get(args[++i]);
        case "--size" -> size = bytes(args[++i]);
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--target-file-size" -> target = bytes(args[++i]);
        case "--codec" -> codec = args[++i];
        case "--write-heap" -> writeHeap = args[++i];
        case "--read-heap" -> readHeap = args[++i];
        case "--no-deletes" -> deletes = false;
        case "--keep" -> keep = true;
        default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; expected --dir, --size, "
            + "--partitions, --target-file-size, --codec, --write-heap, --read-heap, --no-deletes or --keep");
      }
    }
    return new Options(dir, size, partitions, target, codec, writeHeap, readHeap, deletes, keep);
  }

  /** {@code 5g}, {@code 512m}, {@code 64k} or a plain number of bytes. */
  static long bytes(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    int shift = switch (value.charAt(value.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    return Long.parseLong(shift == 0 ? value : value.substring(0, value.length() - 1)) << shift;
  }

  public static Summary run(Options options) throws IOException, InterruptedException {
    Files.createDirectories(options.dir());
    Path tableDir = options.dir().resolve("table-" + System.nanoTime()).toAbsolutePath();
    String location = tableDir.toString();
    try {
      // the payload dominates; about 20 bytes more per row for the other columns and Parquet's overhead
      long rows = Math.max(options.partitions(), options.sizeBytes() / (MemoryCheckChild.PAYLOAD_BYTES + 20));
      Map<String, Long> written = child(options.writeHeap(), options.dir(), "write", location, Long.toString(rows),
          Integer.toString(options.partitions()), Long.toString(options.targetFileSize()), options.codec());
      List<ReadResult> reads = new ArrayList<>();
      long payload = rows * MemoryCheckChild.PAYLOAD_BYTES;
      reads.add(read(options, location, "full", rows, rows, sum(0, rows), payload));
      long half = rows / 2;
      reads.add(read(options, location, "filter", rows, rows - half, sum(half, rows),
          (rows - half) * MemoryCheckChild.PAYLOAD_BYTES));
      if (options.deletes()) {
        long[] deleted = deleteEverySeventhRowOfFirstFile(location);
        reads.add(read(options, location, "full+deletes", rows, rows - deleted[0], sum(0, rows) - deleted[1],
            payload - deleted[0] * MemoryCheckChild.PAYLOAD_BYTES));
      }
      return new Summary(rows, written.get("bytes"), Math.toIntExact(written.get("files")), written.get("millis"),
          reads);
    } finally {
      if (!options.keep()) {
        deleteRecursively(tableDir);
      }
    }
  }

  /** The sum of the ids in {@code [from, to)}. */
  private static long sum(long from, long to) {
    return (to * (to - 1) - from * (from - 1)) / 2;
  }

  private static ReadResult read(Options options, String location, String mode, long rows, long expectedRows,
      long expectedIdSum, long expectedPayloadBytes) throws IOException, InterruptedException {
    String label = mode;
    Map<String, Long> result = child(options.readHeap(), options.dir(), "read", location,
        mode.equals("filter") ? "filter" : "full", Long.toString(rows));
    ReadResult read = new ReadResult(label, result.get("rows"), result.get("idSum"), result.get("payloadBytes"),
        result.get("millis"), result.get("maxHeap"), result.get("peakUsed"), result.get("peakPoolSum"),
        result.get("peakAfterGc"), result.get("gcCount"));
    if (read.rows() != expectedRows || read.idSum() != expectedIdSum || read.payloadBytes() != expectedPayloadBytes) {
      throw new IllegalStateException(String.format(Locale.ROOT, "Read '%s' of %s returned %d rows, id sum %d and "
              + "%d payload bytes; expected %d rows, id sum %d and %d payload bytes", label, location, read.rows(),
          read.idSum(), read.payloadBytes(), expectedRows, expectedIdSum, expectedPayloadBytes));
    }
    return read;
  }

  /**
   * Commits a position delete file for every 7th row of partition 0's first data file, which holds
   * ids {@code 0 .. recordCount - 1} in order (rows are written in id order, partition 0 first, and
   * file names count up). Returns the number of deleted rows and the sum of their ids.
   */
  private static long[] deleteEverySeventhRowOfFirstFile(String location) {
    Table table = new PathTables().load(location);
    DataFile first = null;
    try (CloseableIterable<DataFile> files = table.dataFiles(table.currentSnapshot().orElseThrow())) {
      for (DataFile file : files) {
        if (file.location().contains("/part=0/") && (first == null || file.location().compareTo(first.location()) < 0)) {
          first = file;
        }
      }
    }
    if (first == null) {
      throw new IllegalStateException("Table " + location + " has no data file in partition part=0");
    }
    PositionDeleteWriter writer = PositionDeleteWriter.builder(
            table.io().newOutputFile(location + "/data/part=0/position-deletes.parquet"))
        .spec(table.spec()).partition(first.partition()).properties(table.properties()).build();
    long count = 0;
    long idSum = 0;
    for (long position = 0; position < first.recordCount(); position += 7) {
      writer.delete(first, position);
      count++;
      idSum += position;
    }
    writer.close();
    table.newRowDelta().addDeletes(writer.toDeleteFile()).commit();
    return new long[] {count, idSum};
  }

  /** Runs {@link MemoryCheckChild} with this heap; returns the numbers of its {@code RESULT} line. */
  private static Map<String, Long> child(String heap, Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap,
        "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=" + dir.toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"),
        MemoryCheckChild.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, Long> result = null;
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader output = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = output.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          result = new HashMap<>();
          for (String pair : line.substring(7).split(" ")) {
            String[] keyValue = pair.split("=", 2);
            result.put(keyValue[0], Long.parseLong(keyValue[1]));
          }
        } else {
          tail.addLast(line);
          if (tail.size() > 40) {
            tail.removeFirst();
          }
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException("Child JVM (-Xmx" + heap + ") " + String.join(" ", args) + " failed with exit code "
          + exit + "; its last output:\n" + String.join("\n", tail));
    }
    return result;
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
