package io.datashard.benchmarks.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The Apache Iceberg side: {@link HadoopTables} on Hadoop's LocalFileSystem. Iceberg plans on its
 * shared worker pool by default ({@code iceberg.scan.plan-in-worker-pool}, read once when Iceberg's
 * scan classes load); the benchmark JVM runs with {@code -Diceberg.scan.plan-in-worker-pool=false},
 * so both sides read manifests one after another on the calling thread.
 */
final class IcebergScanFixture extends ScanFixture {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "p", Types.IntegerType.get()),
      Types.NestedField.optional(3, "data", Types.StringType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("p").build();

  private final HadoopTables tables = new HadoopTables(new Configuration());
  private Table table;

  IcebergScanFixture(Path root, boolean keep) {
    super(root, keep);
  }

  @Override
  void create(int manifests, int filesPerManifest) {
    Table writer = tables.create(SCHEMA, SPEC, Map.of(TableProperties.FORMAT_VERSION, "2"), location());
    long fileIndex = 0;
    for (int partition = 0; partition < manifests; partition++) {
      AppendFiles append = writer.newFastAppend();
      for (int j = 0; j < filesPerManifest; j++, fileIndex++) {
        Metrics metrics = new Metrics(ROWS_PER_FILE, columnSizes(), valueCounts(), nullCounts(), Map.of(),
            lowerBounds(partition, fileIndex), upperBounds(partition, fileIndex));
        append.appendFile(DataFiles.builder(SPEC)
            .withPath(dataFilePath(partition, fileIndex))
            .withFormat(FileFormat.PARQUET)
            .withPartitionPath("p=" + partition)
            .withFileSizeInBytes(FILE_SIZE_BYTES)
            .withMetrics(metrics)
            .build());
      }
      append.commit();
    }
  }

  @Override
  void load() {
    table = tables.load(location());
  }

  @Override
  long planAll() {
    return count(Expressions.alwaysTrue());
  }

  @Override
  long planAllWithStats() {
    return count(table.newScan().includeColumnStats());
  }

  @Override
  long planPartition(int partition) {
    return count(Expressions.equal("p", partition));
  }

  @Override
  long planIdRange(long lower, long upper) {
    return count(Expressions.and(Expressions.greaterThanOrEqual("id", lower), Expressions.lessThan("id", upper)));
  }

  private long count(Expression filter) {
    return count(table.newScan().filter(filter));
  }

  private long count(TableScan scan) {
    long count = 0;
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        count += task.file().recordCount() == ROWS_PER_FILE ? 1 : 0;
        count += task.file().lowerBounds() == null || task.file().lowerBounds().isEmpty() ? 0 : 1L << 32;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return count;
  }

  @Override
  int manifestCount() {
    return table.currentSnapshot().allManifests(table.io()).size();
  }
}
