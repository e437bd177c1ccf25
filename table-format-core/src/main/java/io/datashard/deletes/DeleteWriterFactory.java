package io.datashard.deletes;

import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.FileFormat;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.scan.FileScanTask;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything a {@link MergeOnReadDeleteWriter} needs, captured from a table on the driver (Spark) or
 * job manager (Flink) and shipped to the tasks that write deletes: it is serializable and holds no
 * {@link Table}.
 *
 * <p>On format version 3 tables it also holds, for every data file the operation may delete from,
 * the position deletes (deletion vector, position delete files) that apply to it in the snapshot
 * read, so that a writer can merge them into the one new deletion vector of that data file.
 *
 * <pre>{@code
 * // driver
 * DeleteWriterFactory factory = DeleteWriterFactory.forTable(table, snapshotId, rowFilter);
 * // task (one writer per task; send all deletes of one data file to one task)
 * try (MergeOnReadDeleteWriter writer = factory.newWriter()) {
 *   writer.delete(dataFileLocation, specId, partition, position);   // grouped by data file
 *   DeleteWriteResult result = writer.finish();                     // send to the driver
 * }
 * // driver
 * MergeOnReadCommit.commit(table, snapshotId, DeleteWriteResult.merge(results), rowFilter, IsolationLevel.SERIALIZABLE);
 * }</pre>
 */
public final class DeleteWriterFactory implements Serializable {
  /** Format of v2 position delete files: {@code parquet} or {@code avro}; default: {@code write.format.default}. */
  public static final String DELETE_FORMAT = "write.delete.format.default";
  /** Size at which a writer starts a new delete file; default 64 MB, as in Iceberg. */
  public static final String DELETE_TARGET_FILE_SIZE_BYTES = "write.delete.target-file-size-bytes";
  public static final long DELETE_TARGET_FILE_SIZE_BYTES_DEFAULT = 64L * 1024 * 1024;

  private final FileIO io;
  private final String tableName;
  private final String deleteLocation;
  private final int formatVersion;
  private final Map<Integer, PartitionSpec> specs;
  private final Map<String, String> properties;
  private final FileFormat format;
  private final long targetFileSizeBytes;
  private final Map<String, List<DeleteFile>> existingDeletes;

  private DeleteWriterFactory(FileIO io, String tableName, String deleteLocation, int formatVersion,
      Map<Integer, PartitionSpec> specs, Map<String, String> properties, Map<String, List<DeleteFile>> existingDeletes) {
    this.io = io;
    this.tableName = tableName;
    this.deleteLocation = deleteLocation;
    this.formatVersion = formatVersion;
    this.specs = Map.copyOf(specs);
    this.properties = Map.copyOf(properties);
    String formatName = properties.getOrDefault(DELETE_FORMAT,
        properties.getOrDefault(TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    this.format = FileFormat.fromString(formatName);
    if (format != FileFormat.PARQUET && format != FileFormat.AVRO) {
      throw new ValidationException("Cannot write position deletes to " + tableName + " as " + formatName
          + ": set " + DELETE_FORMAT + " to parquet or avro");
    }
    this.targetFileSizeBytes = Long.parseLong(properties.getOrDefault(DELETE_TARGET_FILE_SIZE_BYTES,
        Long.toString(DELETE_TARGET_FILE_SIZE_BYTES_DEFAULT)));
    Map<String, List<DeleteFile>> copy = new HashMap<>();
    existingDeletes.forEach((location, deletes) -> copy.put(location, List.copyOf(deletes)));
    this.existingDeletes = Map.copyOf(copy);
  }

  /**
   * A factory for writing deletes into {@code table} with no existing deletes to merge: enough on
   * format version 2, where new position delete files never replace old ones.
   *
   * @throws ValidationException if the table's format version has no row-level deletes (1)
   */
  public static DeleteWriterFactory forTable(Table table) {
    Objects.requireNonNull(table, "table is null");
    if (table.formatVersion() < 2) {
      throw new ValidationException("Cannot write row-level deletes to " + table.name()
          + ": it uses format version 1, which has none. Upgrade it with format-version=2, or delete copy-on-write.");
    }
    String dataPath = table.properties().get(TableProperties.WRITE_DATA_LOCATION);
    String location = stripSlash(dataPath != null ? dataPath : stripSlash(table.location()) + "/data");
    return new DeleteWriterFactory(table.io(), table.name(), location, table.formatVersion(), table.specs(),
        table.properties(), Map.of());
  }

  /**
   * A factory for deleting rows read from snapshot {@code snapshotId} of {@code table}, in data files
   * that may hold rows matching {@code rowFilter}: on format version 3 it collects the position
   * deletes of those data files (by scan planning, so exactly those that apply) for merging.
   */
  public static DeleteWriterFactory forTable(Table table, long snapshotId, Expression rowFilter) {
    Objects.requireNonNull(rowFilter, "rowFilter is null");
    DeleteWriterFactory factory = forTable(table);
    if (factory.formatVersion < 3) {
      return factory;
    }
    Snapshot snapshot = table.snapshot(snapshotId).orElseThrow(() -> new ValidationException(
        "Cannot write deletes for snapshot " + snapshotId + " of " + table.name() + ": the table has no such snapshot"));
    Map<String, List<DeleteFile>> existing = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).filter(rowFilter).planFiles()) {
      for (FileScanTask task : tasks) {
        List<DeleteFile> positions = positionDeletes(task.deletes());
        if (!positions.isEmpty()) {
          existing.put(task.file().location(), positions);
        }
      }
    }
    return factory.withExistingDeletes(existing);
  }

  /**
   * This factory with the position deletes that apply to each data file (by location) in the
   * snapshot read; on format version 3 a writer merges them into the data file's new deletion vector
   * and reports the deletion vectors and file-scoped position delete files among them as rewritten.
   */
  public DeleteWriterFactory withExistingDeletes(Map<String, List<DeleteFile>> deletesByDataFile) {
    Objects.requireNonNull(deletesByDataFile, "deletesByDataFile is null");
    return new DeleteWriterFactory(io, tableName, deleteLocation, formatVersion, specs, properties, deletesByDataFile);
  }

  /** A new writer whose files get a unique name prefix; close it after {@link MergeOnReadDeleteWriter#finish()}. */
  public MergeOnReadDeleteWriter newWriter() {
    return new MergeOnReadDeleteWriter(this, "delete-" + UUID.randomUUID());
  }

  /**
   * A new writer whose file names also carry {@code tag} (e.g. an engine's write id), so that the files
   * of one write can be found by name, for instance to clean up after a failed job.
   *
   * @throws IllegalArgumentException if {@code tag} is empty or holds a character other than letters,
   *     digits, {@code -} and {@code _}
   */
  public MergeOnReadDeleteWriter newWriter(String tag) {
    Objects.requireNonNull(tag, "tag is null");
    if (!tag.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("Invalid delete file name tag '" + tag
          + "': use only letters, digits, '-' and '_'");
    }
    return new MergeOnReadDeleteWriter(this, "delete-" + tag + "-" + UUID.randomUUID());
  }

  /** The position deletes (deletion vectors and position delete files) among a task's deletes. */
  public static List<DeleteFile> positionDeletes(List<DeleteFile> deletes) {
    List<DeleteFile> result = new ArrayList<>();
    for (DeleteFile delete : deletes) {
      if (delete.content() == FileContent.POSITION_DELETES) {
        result.add(delete);
      }
    }
    return result;
  }

  FileIO io() {
    return io;
  }

  String tableName() {
    return tableName;
  }

  int formatVersion() {
    return formatVersion;
  }

  Map<String, String> properties() {
    return properties;
  }

  FileFormat format() {
    return format;
  }

  long targetFileSizeBytes() {
    return targetFileSizeBytes;
  }

  List<DeleteFile> existingDeletes(String dataFileLocation) {
    return existingDeletes.getOrDefault(dataFileLocation, List.of());
  }

  PartitionSpec spec(int specId) {
    PartitionSpec spec = specs.get(specId);
    if (spec == null) {
      throw new ValidationException("Cannot write deletes for a data file of partition spec " + specId + " in " + tableName
          + ": the table has no such spec (known: " + specs.keySet() + ")");
    }
    return spec;
  }

  /** Directory of new delete files for a partition. */
  String directory(PartitionSpec spec, io.datashard.PartitionData partition) {
    return spec.isUnpartitioned() ? deleteLocation : deleteLocation + "/" + spec.partitionToPath(partition);
  }

  String extension(boolean vectors) {
    return (vectors ? FileFormat.PUFFIN : format).extension().toLowerCase(Locale.ROOT);
  }

  private static String stripSlash(String location) {
    String result = location;
    while (result.endsWith("/") && result.length() > 1) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
