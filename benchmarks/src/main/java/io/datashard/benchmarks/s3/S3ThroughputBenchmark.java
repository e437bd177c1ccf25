package io.datashard.benchmarks.s3;

import io.datashard.io.PositionOutputStream;
import io.datashard.s3.S3FileIO;
import io.datashard.s3.S3FileIOProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Sequential write and read throughput through {@link S3FileIO} and through the raw SDK client,
 * side by side in one run against the same in-process S3 server (S3Proxy on an in-memory store).
 * The server shares the JVM and the cores, so absolute figures say little about a real store; the
 * ratios are the point (issue target: S3FileIO within 10% of raw).
 *
 * <p>Per size, every round writes {@code files} files one after another on each write side, then
 * reads them back one after another on each read side; the order of the sides rotates from round to
 * round so that none always runs first or last. Write sides: S3FileIO {@code create()} (what data
 * and metadata files use: a PUT with {@code If-None-Match: *}, or a multipart upload above the
 * threshold), the raw client's plain PUT, and the raw client's PUT with {@code If-None-Match: *},
 * which shows the server's own cost of the condition. Read sides: S3FileIO's stream
 * ({@code newInputFile(location, length).newStream()}) and the raw client's GET. Above S3FileIO's
 * multipart threshold the raw side still sends one PUT, as a plain SDK user would.
 *
 * <p>Arguments: {@code --sizes 64k:200,8m:8,64m:2} (size and files per round), {@code --rounds 9},
 * {@code --warmup 5}, and {@code -Pkey=value} for S3FileIO properties (for example
 * {@code -Ps3.multipart.part-size-bytes=8388608}).
 */
public final class S3ThroughputBenchmark {
  private static final int CHUNK = 1024 * 1024;
  private static final String DEFAULT_SIZES = "64k:200,8m:8,64m:2";

  /** A file size in bytes and how many files of it one round writes per side. */
  public record Size(int bytes, int files) {
    public Size {
      if (bytes <= 0 || files <= 0) {
        throw new IllegalArgumentException("Invalid size " + bytes + " x " + files + ": both must be positive");
      }
    }

    /** Parses {@code 64k:200}, {@code 8m:8} or {@code 1000:10} (bytes, k = KiB, m = MiB). */
    public static Size parse(String text) {
      String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException("Invalid size '" + text + "': expected <size>:<files>, e.g. 8m:8");
      }
      String size = parts[0];
      long unit = size.endsWith("k") ? 1024 : size.endsWith("m") ? 1024 * 1024 : 1;
      long bytes = Long.parseLong(unit == 1 ? size : size.substring(0, size.length() - 1)) * unit;
      if (bytes > Integer.MAX_VALUE - 64) {
        throw new IllegalArgumentException("Invalid size '" + text + "': at most 2047m");
      }
      return new Size((int) bytes, Integer.parseInt(parts[1]));
    }

    public String label() {
      String size = bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
          : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
      return size + " x" + files;
    }
  }

  /** What to run. */
  public record Settings(List<Size> sizes, int rounds, int warmupRounds, Map<String, String> fileIoProperties) {
    public Settings {
      sizes = List.copyOf(sizes);
      fileIoProperties = Map.copyOf(fileIoProperties);
      if (sizes.isEmpty() || rounds < 1 || warmupRounds < 0) {
        throw new IllegalArgumentException("Need at least one size and one round, and warmup >= 0");
      }
    }

    static Settings parse(String[] args) {
      String sizes = DEFAULT_SIZES;
      // measured here: with one warm-up round the small-file figures still drift by 2-3x between
      // rounds (JIT of client and server); five settle them
      int rounds = 9;
      int warmup = 5;
      Map<String, String> properties = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.startsWith("-P") && arg.contains("=")) {
          properties.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value after " + arg + usage());
        }
        switch (arg) {
          case "--sizes" -> sizes = args[++i];
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--warmup" -> warmup = Integer.parseInt(args[++i]);
          default -> throw new IllegalArgumentException("Unknown argument " + arg + usage());
        }
      }
      List<Size> parsed = new ArrayList<>();
      for (String size : sizes.split(",")) {
        parsed.add(Size.parse(size));
      }
      return new Settings(parsed, rounds, warmup, properties);
    }

    private static String usage() {
      return "; usage: [--sizes " + DEFAULT_SIZES + "] [--rounds 9] [--warmup 5] [-P<s3 property>=<value> ...]";
    }
  }

  /** Throughput in MB/s (10^6 bytes per second), one value per measured round, for one size. */
  public record Result(Size size, boolean multipart, double[] fileIoWrite, double[] rawWrite,
      double[] rawConditionalWrite, double[] fileIoRead, double[] rawRead) {
  }

  private S3ThroughputBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<Result> results = run(settings, System.out);
    print(settings, results, System.out);
  }

  /** Starts the server, runs every size, stops the server. Progress goes to {@code log}. */
  public static List<Result> run(Settings settings, PrintStream log) throws Exception {
    try (InProcessS3 server = new InProcessS3()) {
      Map<String, String> properties = new HashMap<>(server.fileIoProperties());
      properties.putAll(settings.fileIoProperties());
      S3FileIOProperties parsed = new S3FileIOProperties(properties);
      S3FileIO io = new S3FileIO();
      io.initialize(properties);
      try (io; S3Client raw = server.newRawClient()) {
        List<Result> results = new ArrayList<>();
        for (Size size : settings.sizes()) {
          log.printf(Locale.ROOT, "%s files: %d warm-up and %d measured rounds%n", size.label(),
              settings.warmupRounds(), settings.rounds());
          results.add(new Runner(io, raw, size, size.bytes() > parsed.multipartThreshold()).run(settings));
        }
        return results;
      }
    }
  }

  /** The measurements of one size. */
  private static final class Runner {
    private static final int FILEIO = 0;
    private static final int RAW = 1;
    private static final int RAW_CONDITIONAL = 2;

    private final S3FileIO io;
    private final S3Client raw;
    private final Size size;
    private final boolean multipart;
    private final byte[] content;
    private final byte[] readBuffer;
    private final String prefix = "bench-" + UUID.randomUUID();

    Runner(S3FileIO io, S3Client raw, Size size, boolean multipart) {
      this.io = io;
      this.raw = raw;
      this.size = size;
      this.multipart = multipart;
      this.content = new byte[size.bytes()];
      new Random(1).nextBytes(content);
      this.readBuffer = new byte[Math.min(CHUNK, size.bytes())];
    }

    Result run(Settings settings) {
      int rounds = settings.rounds();
      double[][] write = new double[3][rounds];
      double[][] read = new double[2][rounds];
      for (int round = -settings.warmupRounds(); round < rounds; round++) {
        String base = prefix + "/r" + (round + settings.warmupRounds()) + "/";
        int shift = Math.floorMod(round, 3);
        for (int k = 0; k < 3; k++) {
          int side = (k + shift) % 3;
          double rate = timeWrites(base, side);
          if (round >= 0) {
            write[side][round] = rate;
          }
        }
        for (int k = 0; k < 2; k++) {
          int side = Math.floorMod(k + round, 2) == 0 ? FILEIO : RAW;
          double rate = timeReads(base, side);
          if (round >= 0) {
            read[side][round] = rate;
          }
        }
        deleteAll(base);
      }
      return new Result(size, multipart, write[FILEIO], write[RAW], write[RAW_CONDITIONAL], read[FILEIO], read[RAW]);
    }

    private double timeWrites(String base, int side) {
      long start = System.nanoTime();
      for (int i = 0; i < size.files(); i++) {
        String key = key(base, side, i);
        switch (side) {
          case FILEIO -> writeThroughFileIo(location(key));
          case RAW -> raw.putObject(PutObjectRequest.builder().bucket(InProcessS3.BUCKET).key(key).build(),
              RequestBody.fromBytes(content));
          default -> raw.putObject(PutObjectRequest.builder().bucket(InProcessS3.BUCKET).key(key).ifNoneMatch("*").build(),
              RequestBody.fromBytes(content));
        }
      }
      return rate(start);
    }

    private double timeReads(String base, int side) {
      long start = System.nanoTime();
      for (int i = 0; i < size.files(); i++) {
        String key = key(base, side, i);
        InputStream stream = side == FILEIO
            ? io.newInputFile(location(key), content.length).newStream()
            : raw.getObject(b -> b.bucket(InProcessS3.BUCKET).key(key));
        drain(stream, key);
      }
      return rate(start);
    }

    private void writeThroughFileIo(String location) {
      // in chunks, as a file writer hands over its buffers
      try (PositionOutputStream out = io.newOutputFile(location).create()) {
        for (int offset = 0; offset < content.length; offset += CHUNK) {
          out.write(content, offset, Math.min(CHUNK, content.length - offset));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void drain(InputStream stream, String key) {
      long total = 0;
      try (InputStream in = stream) {
        int n;
        while ((n = in.read(readBuffer)) >= 0) {
          total += n;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + key, e);
      }
      if (total != content.length) {
        throw new IllegalStateException("Read " + total + " bytes of " + key + ", expected " + content.length);
      }
    }

    private void deleteAll(String base) {
      List<ObjectIdentifier> keys = new ArrayList<>();
      raw.listObjectsV2Paginator(b -> b.bucket(InProcessS3.BUCKET).prefix(base)).contents()
          .forEach(o -> keys.add(ObjectIdentifier.builder().key(o.key()).build()));
      for (int from = 0; from < keys.size(); from += 1000) {
        List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
        raw.deleteObjects(b -> b.bucket(InProcessS3.BUCKET).delete(d -> d.objects(batch).quiet(true)));
      }
    }

    private double rate(long startNanos) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      return (double) size.files() * content.length / 1e6 / seconds;
    }

    private static String key(String base, int side, int file) {
      return base + (side == FILEIO ? "fileio-" : side == RAW ? "raw-" : "raw-conditional-") + file;
    }

    private static String location(String key) {
      return "s3://" + InProcessS3.BUCKET + "/" + key;
    }
  }

  /** The results table: medians over the measured rounds, with each side's range. */
  public static void print(Settings settings, List<Result> results, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "S3 throughput against an in-process S3Proxy (in-memory store), %d measured rounds "
        + "after %d warm-up; MB/s = 10^6 bytes/s, median (min-max) over rounds; ratios are medians of "
        + "the per-round ratios, higher is better for S3FileIO%n%n", settings.rounds(), settings.warmupRounds());
    out.printf(Locale.ROOT, "%-13s %-10s %-6s %24s %24s %13s%n",
        "Size", "S3FileIO", "Op", "S3FileIO (MB/s)", "raw SDK (MB/s)", "S3FileIO/raw");
    for (Result result : results) {
      String label = result.size().label();
      String how = result.multipart() ? "multipart" : "one PUT";
      out.printf(Locale.ROOT, "%-13s %-10s %-6s %24s %24s %12.2fx%n", label, how, "write",
          spread(result.fileIoWrite()), spread(result.rawWrite()), ratio(result.fileIoWrite(), result.rawWrite()));
      out.printf(Locale.ROOT, "%-13s %-10s %-6s %24s %24s %12.2fx%n", label, "", "read",
          spread(result.fileIoRead()), spread(result.rawRead()), ratio(result.fileIoRead(), result.rawRead()));
    }
    out.println();
    out.println("Baseline: the raw client's PUT with If-None-Match: * (the condition S3FileIO's create() sends)");
    out.printf(Locale.ROOT, "%-13s %24s %18s %24s%n", "Size", "raw conditional (MB/s)", "conditional/raw",
        "S3FileIO/raw conditional");
    for (Result result : results) {
      out.printf(Locale.ROOT, "%-13s %24s %17.2fx %23.2fx%n", result.size().label(), spread(result.rawConditionalWrite()),
          ratio(result.rawConditionalWrite(), result.rawWrite()), ratio(result.fileIoWrite(), result.rawConditionalWrite()));
    }
  }

  static double median(double[] values) {
    Objects.requireNonNull(values, "values is null");
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The median of the per-round ratios: both sides of a round ran back to back. */
  static double ratio(double[] numerator, double[] denominator) {
    double[] ratios = new double[numerator.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = numerator[i] / denominator[i];
    }
    return median(ratios);
  }

  private static String spread(double[] values) {
    double min = Arrays.stream(values).min().orElse(Double.NaN);
    double max = Arrays.stream(values).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", median(values), min, max);
  }
}
