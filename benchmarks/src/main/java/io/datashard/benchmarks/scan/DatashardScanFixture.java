package io.datashard.benchmarks.scan;

import io.datashard.AppendFiles;
import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Datashard side: {@link PathTables}; planning on the calling thread (no {@code planWith}). */
final class DatashardScanFixture extends ScanFixture {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "p", Types.IntegerType.get()),
      Types.NestedField.optional(3, "data", Types.StringType.get())));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("p").build();

  private final PathTables tables = new PathTables();
  private Table table;

  DatashardScanFixture(Path root, boolean keep) {
    super(root, keep);
  }

  @Override
  void create(int manifests, int filesPerManifest) {
    Table writer = tables.create(SCHEMA, SPEC, Map.of(TableProperties.FORMAT_VERSION, "2"), location());
    long fileIndex = 0;
    for (int partition = 0; partition < manifests; partition++) {
      AppendFiles append = writer.newFastAppend();
      for (int j = 0; j < filesPerManifest; j++, fileIndex++) {
        append.appendFile(DataFile.builder(SPEC)
            .withLocation(dataFilePath(partition, fileIndex))
            .withFormat(FileFormat.PARQUET)
            .withPartition(PartitionData.of(partition))
            .withRecordCount(ROWS_PER_FILE)
            .withFileSizeInBytes(FILE_SIZE_BYTES)
            .withColumnSizes(columnSizes())
            .withValueCounts(valueCounts())
            .withNullValueCounts(nullCounts())
            .withLowerBounds(lowerBounds(partition, fileIndex))
            .withUpperBounds(upperBounds(partition, fileIndex))
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
    return count(table.newScan());
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

  private long count(io.datashard.scan.TableScan scan) {
    long count = 0;
    try (CloseableIterator<FileScanTask> tasks = scan.planFiles().iterator()) {
      while (tasks.hasNext()) {
        FileScanTask task = tasks.next();
        count += task.file().recordCount() == ROWS_PER_FILE ? 1 : 0;
        count += task.file().lowerBounds().isEmpty() ? 0 : 1L << 32;
      }
    }
    return count;
  }

  @Override
  int manifestCount() {
    return table.manifests(table.currentSnapshot().orElseThrow()).size();
  }
}
