package io.datashard.flink.sink;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.data.PartitionKey;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.flink.data.RowDataStruct;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows to Parquet data files, one open file per partition (fanout), rolling a file once it
 * reaches {@code write.target-file-size-bytes}. At each checkpoint every open file is closed and the
 * files are handed over as one {@link WriteResult}; they become visible when the committer commits.
 *
 * <p>With primary keys the writer takes a changelog: inserts and update-afters are written (in upsert
 * mode they also delete the key's committed row), deletes (and update-befores, unless upserting)
 * delete the key. A key's earlier row from the same checkpoint is deleted by position in the new
 * file; committed rows are deleted by the committer, which finds their positions by key. Rows of
 * one key must all reach one writer subtask (key the stream by {@link PrimaryKeys#selector}).
 */
final class DatashardSinkWriter implements CommittingSinkWriter<RowData, WriteResult> {
  private static final Logger LOG = LoggerFactory.getLogger(DatashardSinkWriter.class);

  private final String tableName;
  private final Schema schema;
  private final PartitionSpec spec;
  private final Map<String, String> properties;
  private final FileIO io;
  private final String dataLocation;
  private final long targetFileSize;
  private final RowDataStruct struct;
  private final PartitionKey partitionKey;
  private final String filePrefix;
  private final Map<PartitionData, ParquetDataWriter> open = new HashMap<>();
  private final List<DataFile> completed = new ArrayList<>();
  private final Counter recordsOut;
  private final Counter bytesOut;
  private final Counter filesOut;
  private final PrimaryKeys keys;
  private final boolean upsert;
  private final CheckpointChanges changes;
  private final DeleteWriterFactory deleteFactory;
  private final Schema keySchema;
  private int fileCount = 0;
  // the partition of the file writerFor returned last
  private PartitionData currentPartition;

  DatashardSinkWriter(Table table, RowType rowType, int subtask, int attempt,
      Counter recordsOut, Counter bytesOut, Counter filesOut) {
    this(table, rowType, null, false, subtask, attempt, recordsOut, bytesOut, filesOut);
  }

  /**
   * @param keys the primary key, or null for an append-only writer
   * @param upsert whether an insert replaces the key's committed row (upsert mode)
   */
  DatashardSinkWriter(Table table, RowType rowType, PrimaryKeys keys, boolean upsert, int subtask, int attempt,
      Counter recordsOut, Counter bytesOut, Counter filesOut) {
    this.tableName = table.name();
    this.schema = table.schema();
    this.spec = table.spec();
    this.properties = table.properties();
    this.io = table.io();
    String location = properties.get(TableProperties.WRITE_DATA_LOCATION);
    this.dataLocation = stripSlash(location != null ? location : stripSlash(table.location()) + "/data");
    this.targetFileSize = targetFileSize(table);
    this.struct = RowDataStruct.of(schema.asStruct(), rowType);
    this.partitionKey = new PartitionKey(spec, schema);
    this.filePrefix = String.format(Locale.ROOT, "%05d-%d-%s", subtask, attempt, UUID.randomUUID());
    this.recordsOut = recordsOut;
    this.bytesOut = bytesOut;
    this.filesOut = filesOut;
    this.keys = keys;
    this.upsert = upsert;
    this.changes = keys != null ? new CheckpointChanges() : null;
    this.deleteFactory = keys != null ? DeleteWriterFactory.forTable(table) : null;
    this.keySchema = keys != null ? KeyFiles.keySchema(schema, keys.columns()) : null;
  }

  static long targetFileSize(Table table) {
    String value = table.properties().get(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES);
    if (value == null) {
      return TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT;
    }
    try {
      long size = Long.parseLong(value.trim());
      if (size <= 0) {
        throw new NumberFormatException("not positive");
      }
      return size;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid table property " + TableProperties.WRITE_TARGET_FILE_SIZE_BYTES + "="
          + value + " of table " + table.name() + ": expected a positive number of bytes", e);
    }
  }

  private static String stripSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  @Override
  public void write(RowData row, SinkWriter.Context context) {
    RowKind kind = row.getRowKind();
    if (keys == null) {
      if (kind != RowKind.INSERT && kind != RowKind.UPDATE_AFTER) {
        throw new IllegalArgumentException("Cannot write a " + kind + " row to table " + tableName
            + ": the append sink accepts inserts only; declare a PRIMARY KEY (...) NOT ENFORCED to write a changelog");
      }
      struct.wrap(row);
      append(writerFor(struct));
      return;
    }
    struct.wrap(row);
    List<Object> key = keys.key(struct);
    switch (kind) {
      case INSERT, UPDATE_AFTER -> {
        changes.supersede(key);
        if (upsert) {
          changes.deleteFromTable(key);
        }
        ParquetDataWriter writer = writerFor(struct);
        changes.written(key, writer.location(), writer.recordCount());
        append(writer);
      }
      case UPDATE_BEFORE -> {
        // in upsert mode the update-after replaces the row by itself
        if (!upsert) {
          changes.supersede(key);
          changes.deleteFromTable(key);
        }
      }
      case DELETE -> {
        changes.supersede(key);
        changes.deleteFromTable(key);
      }
      default -> throw new IllegalArgumentException("Cannot write a row of kind " + kind + " to table " + tableName);
    }
  }

  /** The open file of the row's partition, which {@link #append(ParquetDataWriter)} writes the row to. */
  private ParquetDataWriter writerFor(RowDataStruct row) {
    PartitionData partition = spec.isUnpartitioned() ? PartitionData.empty() : partitionKey.partition(row);
    this.currentPartition = partition;
    ParquetDataWriter writer = open.get(partition);
    if (writer == null) {
      writer = newWriter(partition);
      open.put(partition, writer);
    }
    return writer;
  }

  /** Writes the row {@link #struct} wraps to {@code writer}, rolling the file at the target size. */
  private void append(ParquetDataWriter writer) {
    writer.write(struct);
    recordsOut.inc();
    if (writer.length() >= targetFileSize) {
      open.remove(currentPartition);
      closeFile(writer);
    }
  }

  private ParquetDataWriter newWriter(PartitionData partition) {
    String directory = spec.isUnpartitioned() ? dataLocation : dataLocation + "/" + spec.partitionToPath(partition);
    String name = String.format(Locale.ROOT, "%s-%05d.parquet", filePrefix, fileCount);
    fileCount += 1;
    return ParquetDataWriter.builder(io.newOutputFile(directory + "/" + name))
        .schema(schema).spec(spec).partition(partition).properties(properties).build();
  }

  private void closeFile(ParquetDataWriter writer) {
    writer.close();
    DataFile file = writer.toDataFile();
    bytesOut.inc(file.fileSizeInBytes());
    filesOut.inc();
    completed.add(file);
  }

  @Override
  public void flush(boolean endOfInput) {
    // files are closed in prepareCommit, which Flink calls right after flush
  }

  @Override
  public Collection<WriteResult> prepareCommit() {
    for (ParquetDataWriter writer : open.values()) {
      closeFile(writer);
    }
    open.clear();
    List<DeleteFile> deletes = changes != null ? changes.writeSuperseded(completed, deleteFactory) : List.of();
    List<KeyFile> keyFiles = List.of();
    if (changes != null) {
      String name = String.format(Locale.ROOT, "%s/upsert-keys/%s-%05d-keys.parquet", dataLocation, filePrefix, fileCount);
      fileCount += 1;
      keyFiles = changes.writeTableDeletes(io, name, keySchema, properties);
    }
    if (completed.isEmpty() && keyFiles.isEmpty()) {
      return List.of();
    }
    WriteResult result = new WriteResult(completed, deletes, keyFiles);
    completed.clear();
    return List.of(result);
  }

  @Override
  public void close() {
    // files not handed over at a checkpoint are never committed: delete them
    for (ParquetDataWriter writer : open.values()) {
      String location = writer.location();
      try {
        writer.close();
      } catch (RuntimeException e) {
        LOG.warn("Cannot close uncommitted data file {} of table {}", location, tableName, e);
      }
      deleteQuietly(location);
    }
    open.clear();
    for (DataFile file : completed) {
      deleteQuietly(file.location());
    }
    completed.clear();
    if (changes != null) {
      changes.clear();
    }
  }

  private void deleteQuietly(String location) {
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete uncommitted data file {} of table {}", location, tableName, e);
    }
  }
}
