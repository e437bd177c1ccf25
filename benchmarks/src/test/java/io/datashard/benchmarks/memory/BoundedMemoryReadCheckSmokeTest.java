package io.datashard.benchmarks.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link BoundedMemoryReadCheck} on a table of about 20 MB (4 partitions, 4 MB files) read by
 * child JVMs with {@code -Xmx64m}: in full, with a filter and with a position delete file. The check
 * itself fails on a wrong row count, id sum or payload size, or a child that runs out of memory.
 */
class BoundedMemoryReadCheckSmokeTest {
  @TempDir
  Path dir;

  @Test
  void smallTableReadsInSmallHeap() throws Exception {
    BoundedMemoryReadCheck.Options options = new BoundedMemoryReadCheck.Options(dir, 20L << 20, 4, 4L << 20, "zstd",
        "256m", "64m", true, false);
    BoundedMemoryReadCheck.Summary summary = BoundedMemoryReadCheck.run(options);

    long rows = (20L << 20) / (MemoryCheckChild.PAYLOAD_BYTES + 20);
    assertThat(summary.rows()).isEqualTo(rows);
    assertThat(summary.tableBytes()).isGreaterThan(rows * MemoryCheckChild.PAYLOAD_BYTES);
    assertThat(summary.files()).isGreaterThanOrEqualTo(4);
    assertThat(summary.reads()).extracting(BoundedMemoryReadCheck.ReadResult::label)
        .containsExactly("full", "filter", "full+deletes");
    assertThat(summary.reads().get(0).rows()).isEqualTo(rows);
    assertThat(summary.reads().get(1).rows()).isEqualTo(rows - rows / 2);
    assertThat(summary.reads().get(2).rows()).isLessThan(rows);
    for (BoundedMemoryReadCheck.ReadResult read : summary.reads()) {
      assertThat(read.maxHeap()).isLessThanOrEqualTo(64L << 20);
      assertThat(read.peakUsed()).isPositive();
    }
    // the table is deleted afterwards
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.filter(path -> path.getFileName().toString().startsWith("table-"))).isEmpty();
    }
  }
}
