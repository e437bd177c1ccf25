package io.datashard.benchmarks.memory;

import io.datashard.DataFile;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.data.TableWriter;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The child JVMs of {@link BoundedMemoryReadCheck}: {@code write <location> <rows> <partitions>
 * <target-file-size> <codec>} creates and fills the table, {@code read <location> full|filter <rows>}
 * reads it with {@link TableReader} and reports what it read and the heap it needed, one
 * {@code RESULT key=value ...} line on standard output each.
 */
public final class MemoryCheckChild {
  static final int PAYLOAD_BYTES = 1024;
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "part", Types.IntegerType.get()),
      Types.NestedField.optional(3, "amount", Types.DoubleType.get()),
      Types.NestedField.optional(4, "qty", Types.IntegerType.get()),
      Types.NestedField.required(5, "payload", Types.BinaryType.get())));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("part").build();

  private MemoryCheckChild() {}

  public static void main(String[] args) {
    switch (args[0]) {
      case "write" -> write(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]), args[5]);
      case "read" -> read(args[1], args[2], Long.parseLong(args[3]));
      default -> throw new IllegalArgumentException("Unknown mode " + args[0] + ": expected write or read");
    }
  }

  /** The partition of row {@code id}: contiguous id ranges, so the rows arrive clustered by partition. */
  static int partitionOf(long id, long rows, int partitions) {
    return (int) (id * partitions / rows);
  }

  private static void write(String location, long rows, int partitions, long targetFileSize, String codec) {
    long start = System.nanoTime();
    Table table = new PathTables().create(SCHEMA, SPEC, Map.of(
        TableProperties.FORMAT_VERSION, "2",
        TableProperties.DEFAULT_FILE_FORMAT, "parquet",
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(targetFileSize),
        "write.parquet.compression-codec", codec), location);
    long bytes = 0;
    int files = 0;
    long seed = 0x5DEECE66DL;
    // rows arrive grouped by partition, so one open file (one buffered row group) is enough
    try (TableWriter writer = TableWriter.append(table).clustered()) {
      GenericRecord template = GenericRecord.create(SCHEMA);
      for (long id = 0; id < rows; id++) {
        // a new array per row: the writer may keep a reference for column bounds
        byte[] payload = new byte[PAYLOAD_BYTES];
        for (int i = 0; i < PAYLOAD_BYTES; i += 8) {
          // xorshift64: random enough to defeat compression, far cheaper than SecureRandom
          seed ^= seed << 13;
          seed ^= seed >>> 7;
          seed ^= seed << 17;
          long value = seed;
          for (int b = 0; b < 8; b++) {
            payload[i + b] = (byte) value;
            value >>>= 8;
          }
        }
        GenericRecord record = template.newRecord();
        record.set(0, id);
        record.set(1, partitionOf(id, rows, partitions));
        record.set(2, id * 0.5);
        record.set(3, (int) (id % 1000));
        record.set(4, ByteBuffer.wrap(payload));
        writer.write(record);
      }
      for (DataFile file : writer.commit()) {
        bytes += file.fileSizeInBytes();
        files++;
      }
    }
    System.out.printf("RESULT rows=%d bytes=%d files=%d millis=%d%n", rows, bytes, files,
        (System.nanoTime() - start) / 1_000_000);
  }

  private static void read(String location, String mode, long rows) {
    HeapSampler sampler = new HeapSampler();
    sampler.start();
    long start = System.nanoTime();
    Table table = new PathTables().load(location);
    TableReader.ReadBuilder read = TableReader.read(table);
    if (mode.equals("filter")) {
      read.where(Expressions.greaterThanOrEqual("id", rows / 2));
    } else if (!mode.equals("full")) {
      throw new IllegalArgumentException("Unknown read mode " + mode + ": expected full or filter");
    }
    long count = 0;
    long idSum = 0;
    long payloadBytes = 0;
    try (CloseableIterable<Record> records = read.build(); CloseableIterator<Record> it = records.iterator()) {
      while (it.hasNext()) {
        Record record = it.next();
        count++;
        idSum += (Long) record.get(0);
        payloadBytes += ((ByteBuffer) record.get(4)).remaining();
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    sampler.finish();
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    System.out.printf("RESULT rows=%d idSum=%d payloadBytes=%d millis=%d maxHeap=%d peakUsed=%d peakPoolSum=%d "
            + "peakAfterGc=%d gcCount=%d gcMillis=%d%n", count, idSum, payloadBytes, millis,
        Runtime.getRuntime().maxMemory(), sampler.peakUsed, sampler.peakPoolSum(), sampler.peakAfterGc, gcCount,
        gcMillis);
  }

  /**
   * Samples heap occupancy every 10 ms (the highest heap in use: live data plus garbage not yet
   * collected) and listens to every collection for the heap left right after it, which is what the
   * read actually holds (young collections included: G1's pool "collection usage" covers only the
   * collections of that pool, so the old generation's stays empty without an old collection).
   */
  private static final class HeapSampler extends Thread implements NotificationListener {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private volatile boolean running = true;
    private volatile long peakUsed = 0;
    private volatile long peakAfterGc = 0;

    HeapSampler() {
      super("heap-sampler");
      setDaemon(true);
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(this, null, null);
        }
      }
    }

    @Override
    public synchronized void handleNotification(Notification notification, Object handback) {
      if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      Set<String> heapPoolNames = new HashSet<>();
      for (MemoryPoolMXBean pool : heapPools) {
        heapPoolNames.add(pool.getName());
      }
      long afterGc = 0;
      for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPoolNames.contains(pool.getKey())) {
          afterGc += pool.getValue().getUsed();
        }
      }
      peakAfterGc = Math.max(peakAfterGc, afterGc);
    }

    @Override
    public void run() {
      while (running) {
        sample();
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private synchronized void sample() {
      peakUsed = Math.max(peakUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** The sum of each heap pool's own peak: an upper bound of the heap ever in use at once. */
    long peakPoolSum() {
      long sum = 0;
      for (MemoryPoolMXBean pool : heapPools) {
        sum += Objects.requireNonNull(pool.getPeakUsage(), "peak usage").getUsed();
      }
      return sum;
    }

    void finish() {
      running = false;
      try {
        join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sample();
    }
  }
}
