package io.datashard.benchmarks;

import io.datashard.AppendFiles;
import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.internal.commit.TableImpl;
import io.datashard.internal.commit.TableOperations;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.io.CloseableIterator;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Datashard side: {@link PathTables} on the local file system. */
final class DatashardBenchTable extends BenchTable {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(3, "category", Types.StringType.get()),
      Types.NestedField.optional(4, "payload", Types.BinaryType.get())));

  private final PathTables tables = new PathTables();
  private final PartitionSpec spec = PartitionSpec.unpartitioned();
  private Table writer;
  private Table reader;
  private TableMetadata fixture;

  DatashardBenchTable(Path root) {
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
    return DataFile.builder(spec)
        .withLocation(nextDataFilePath())
        .withFormat(FileFormat.PARQUET)
        .withRecordCount(FILE_RECORD_COUNT)
        .withFileSizeInBytes(FILE_SIZE_BYTES)
        .build();
  }

  private static TableOperations operations(Table table) {
    return ((TableImpl) table).operations();
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
    return reader.refresh().currentSnapshot().map(Snapshot::snapshotId).orElse(-1L);
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
    return writer.snapshots().size();
  }

  @Override
  long liveDataFileCount() {
    Snapshot current = writer.currentSnapshot().orElseThrow();
    long count = 0;
    try (CloseableIterator<DataFile> files = writer.dataFiles(current).iterator()) {
      while (files.hasNext()) {
        files.next();
        count++;
      }
    }
    return count;
  }
}
