package io.datashard.s3.bench;

import io.datashard.io.PositionOutputStream;
import io.datashard.s3.S3FileIO;
import io.datashard.s3.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sequential write and read throughput through {@link S3FileIO} and through the raw SDK client,
 * side by side in one run against the same in-process S3 server (S3Proxy on an in-memory store).
 * The server shares the JVM and the machine's cores, so absolute figures say little; the ratio
 * is the point (target: S3FileIO within 10% of raw).
 *
 * <p>Run: {@code mvn -o -q -pl s3-storage test-compile exec:java} (arguments: file size in MiB,
 * files per round, rounds; defaults 8 8 5 and 64 2 5). S3FileIO writes with {@code create()}, the
 * atomic create-if-absent that data and metadata files use (an early HEAD plus a conditional PUT);
 * {@code -Dbench.overwrite=true} measures {@code createOrOverwrite()} instead.
 */
public final class S3ThroughputBenchmark {
  private static final int MiB = 1024 * 1024;
  private static final int CHUNK = MiB;

  private S3ThroughputBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    S3TestServer server = S3TestServer.shared();
    S3FileIO io = new S3FileIO();
    io.initialize(server.properties());
    S3Client raw = S3TestServer.newClient(server.endpoint());
    try {
      if (args.length == 3) {
        run(server, io, raw, Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      } else {
        run(server, io, raw, 8, 8, 5);   // below the multipart threshold: one PUT on both sides
        run(server, io, raw, 64, 2, 5);  // multipart through S3FileIO, one PUT through the raw client
      }
    } finally {
      raw.close();
      io.close();
    }
    System.exit(0);
  }

  private static void run(S3TestServer server, S3FileIO io, S3Client raw, int sizeMiB, int files, int rounds) {
    byte[] content = new byte[sizeMiB * MiB];
    new Random(1).nextBytes(content);
    String prefix = "bench-" + UUID.randomUUID();
    double[] fileIoWrite = new double[rounds];
    double[] rawWrite = new double[rounds];
    double[] fileIoRead = new double[rounds];
    double[] rawRead = new double[rounds];
    // round 0 is warm-up; the order alternates so neither side always runs on a warmer JIT
    for (int round = -1; round < rounds; round++) {
      String base = prefix + "/r" + round;
      boolean fileIoFirst = round % 2 == 0;
      for (int side = 0; side < 2; side++) {
        boolean fileIo = (side == 0) == fileIoFirst;
        long start = System.nanoTime();
        for (int i = 0; i < files; i++) {
          String key = base + (fileIo ? "/fileio-" : "/raw-") + i;
          if (fileIo) {
            writeFileIo(io, "s3://" + S3TestServer.BUCKET + "/" + key, content);
          } else {
            raw.putObject(b -> b.bucket(S3TestServer.BUCKET).key(key), RequestBody.fromBytes(content));
          }
        }
        double writeRate = rate(files, content.length, start);
        start = System.nanoTime();
        for (int i = 0; i < files; i++) {
          String key = base + (fileIo ? "/fileio-" : "/raw-") + i;
          if (fileIo) {
            drain(io.newInputFile("s3://" + S3TestServer.BUCKET + "/" + key).newStream(), content.length);
          } else {
            drain(raw.getObject(b -> b.bucket(S3TestServer.BUCKET).key(key)), content.length);
          }
        }
        double readRate = rate(files, content.length, start);
        if (round >= 0) {
          (fileIo ? fileIoWrite : rawWrite)[round] = writeRate;
          (fileIo ? fileIoRead : rawRead)[round] = readRate;
        }
      }
      final String roundPrefix = base + "/";
      raw.listObjectsV2Paginator(b -> b.bucket(S3TestServer.BUCKET).prefix(roundPrefix)).contents()
          .forEach(o -> raw.deleteObject(b -> b.bucket(S3TestServer.BUCKET).key(o.key())));
    }
    System.out.printf(Locale.ROOT, "%n%d MiB files, %d per round, %d rounds (median MB/s)%n", sizeMiB, files, rounds);
    print("write", median(fileIoWrite), median(rawWrite));
    print("read", median(fileIoRead), median(rawRead));
  }

  private static void print(String what, double fileIo, double raw) {
    System.out.printf(Locale.ROOT, "  %-5s  S3FileIO %8.1f   raw SDK %8.1f   ratio %.2f%n", what, fileIo, raw, fileIo / raw);
  }

  private static void writeFileIo(S3FileIO io, String location, byte[] content) {
    try (PositionOutputStream out = Boolean.getBoolean("bench.overwrite")
        ? io.newOutputFile(location).createOrOverwrite() : io.newOutputFile(location).create()) {
      for (int offset = 0; offset < content.length; offset += CHUNK) {
        out.write(content, offset, Math.min(CHUNK, content.length - offset));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drain(InputStream stream, long expected) {
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    try (InputStream in = stream) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (total != expected) {
      throw new IllegalStateException("Read " + total + " bytes, expected " + expected);
    }
  }

  private static double rate(int files, long size, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return files * size / 1e6 / seconds;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
