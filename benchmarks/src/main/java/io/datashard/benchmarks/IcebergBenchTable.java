package io.datashard.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** The Apache Iceberg side: {@link HadoopTables} on the local file system (Hadoop's LocalFileSystem). */
final class IcebergBenchTable extends BenchTable {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(3, "category", Types.StringType.get()),
      Types.NestedField.optional(4, "payload", Types.BinaryType.get()));

  private final HadoopTables tables = new HadoopTables(new Configuration());
  private final PartitionSpec spec = PartitionSpec.unpartitioned();
  private Table writer;
  private Table reader;
  private TableMetadata fixture;

  IcebergBenchTable(Path root) {
    super(root);
  }

  @Override
  void create(int snapshots, int filesPerSnapshot) {
    writer = tables.create(SCHEMA, spec, Map.of(TableProperties.FORMAT_VERSION, "2"), location());
    for (int i = 0; i < snapshots; i++) {
      AppendFiles append = writer.newAppend();
      for (int j = 0; j < filesPerSnapshot; j++) {
        append.appendFile(newDataFile());
      }
      append.commit();
    }
    fixture = operations(writer).current();
    reader = tables.load(location());
  }

  private DataFile newDataFile() {
    return DataFiles.builder(spec)
        .withPath(nextDataFilePath())
        .withFormat(FileFormat.PARQUET)
        .withRecordCount(FILE_RECORD_COUNT)
        .withFileSizeInBytes(FILE_SIZE_BYTES)
        .build();
  }

  private static TableOperations operations(Table table) {
    return ((HasTableOperations) table).operations();
  }

  @Override
  Object appendOneFile() {
    writer.newAppend().appendFile(newDataFile()).commit();
    return writer;
  }

  @Override
  Object load() {
    return tables.load(location());
  }

  @Override
  void externalCommit() {
    writer.updateProperties().set(EXTERNAL_COMMIT_PROPERTY, Long.toString(nextExternalCommitValue())).commit();
  }

  @Override
  long refreshReader() {
    reader.refresh();
    Snapshot current = reader.currentSnapshot();
    return current == null ? -1L : current.snapshotId();
  }

  @Override
  String readerExternalCommitProperty() {
    return reader.properties().get(EXTERNAL_COMMIT_PROPERTY);
  }

  @Override
  void resetToFixture() {
    TableOperations ops = operations(writer);
    ops.commit(ops.current(), fixture);
  }

  @Override
  int snapshotCount() {
    return operations(writer).current().snapshots().size();
  }

  @Override
  long liveDataFileCount() {
    long count = 0;
    try (CloseableIterable<FileScanTask> tasks = writer.newScan().planFiles()) {
      for (FileScanTask ignored : tasks) {
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return count;
  }
}
