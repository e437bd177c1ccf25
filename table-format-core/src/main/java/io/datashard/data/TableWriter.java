package io.datashard.data;

import io.datashard.AppendFiles;
import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.OverwriteFiles;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.data.avro.AvroDataWriter;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.expressions.Expression;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Appends records to a table from Java: rows are partitioned by the table's current spec, written
 * to one data file per partition (a new file once one reaches {@code write.target-file-size-bytes}),
 * and committed as one append.
 *
 * <p>By default the writer fans out: it keeps a file open for every partition it has seen, so rows
 * may arrive in any order, at the cost of one open file (and its buffered row group) per
 * partition. A {@link #clustered()} writer keeps only one file open: rows must arrive grouped by
 * partition, and a row for a partition whose file was already closed is refused. This is the
 * choice Iceberg's fanout and clustered data writers offer; Iceberg's
 * {@code write.spark.fanout.enabled} only steers Spark writes, so it is not read here.
 *
 * <pre>{@code
 * try (TableWriter writer = TableWriter.append(table)) {
 *   GenericRecord record = GenericRecord.create(table.schema());
 *   record.set("id", 1L);
 *   writer.write(record);
 *   writer.commit();
 * }
 * }</pre>
 *
 * <p>Files are written in the table's {@code write.format.default}: {@code parquet} or {@code avro}
 * (ORC is refused); without the property, Parquet, as in Iceberg. Closing a writer that did not commit deletes the files it wrote.
 * Not thread-safe.
 */
public final class TableWriter implements Closeable {
  private final Table table;
  private final Schema schema;
  private final PartitionSpec spec;
  private final PartitionKey partitionKey;
  private final Map<String, String> properties;
  private final long targetFileSize;
  private final String dataLocation;
  private final String filePrefix = UUID.randomUUID().toString();
  private final FileFormat format;
  private final Map<PartitionData, FileWriter> open = new HashMap<>();
  private boolean clustered = false;
  private PartitionData currentPartition = null;
  private final Set<PartitionData> finishedPartitions = new HashSet<>();
  // locations only: a closed writer still references its format's buffers (about a page each for
  // Parquet), so keeping the writers would grow the heap with every file written
  private final List<String> written = new ArrayList<>();
  private final List<DataFile> completed = new ArrayList<>();
  private int fileCount = 0;
  private boolean committed = false;
  private boolean closed = false;
  private RuntimeException failure = null;
  private Expression overwriteFilter = null;
  // a copy-on-write rewrite (TableDeleter): files replaced by the written ones, validated from a snapshot
  private List<DataFile> replacedFiles = null;
  private Long replacedFrom = null;

  private TableWriter(Table table) {
    this.table = table;
    this.schema = table.schema();
    this.spec = table.spec();
    this.partitionKey = new PartitionKey(spec, schema);
    this.properties = table.properties();
    String formatName = properties.get(TableProperties.DEFAULT_FILE_FORMAT);
    FileFormat chosen;
    try {
      chosen = formatName == null ? FileFormat.PARQUET : FileFormat.fromString(formatName.trim());
    } catch (IllegalArgumentException e) {
      throw new ValidationException("Cannot append to table " + table.name() + ": invalid table property "
          + TableProperties.DEFAULT_FILE_FORMAT + "=" + formatName + "; expected parquet or avro", e);
    }
    if (chosen != FileFormat.AVRO && chosen != FileFormat.PARQUET) {
      throw new ValidationException("Cannot append to table " + table.name() + " with " + TableProperties.DEFAULT_FILE_FORMAT
          + "=" + formatName + ": Datashard writes Parquet and Avro data files; set it to parquet or avro or write with "
          + "another engine");
    }
    this.format = chosen;
    this.targetFileSize = longProperty(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    String location = properties.get(TableProperties.WRITE_DATA_LOCATION);
    this.dataLocation = stripSlash(location != null ? location : stripSlash(table.location()) + "/data");
  }

  /** A writer whose {@link #commit()} appends the written rows to the table. */
  public static TableWriter append(Table table) {
    return new TableWriter(Objects.requireNonNull(table, "table is null"));
  }

  /**
   * A writer whose {@link #commit()} replaces the rows matching {@code rowFilter} with the written
   * rows, in one overwrite snapshot. The filter must select whole files (by partition, or by column
   * metrics); a file holding both matching and other rows fails the commit with a
   * {@link ValidationException} naming it, as Iceberg's overwrite by filter does. Use
   * {@link TableDeleter} first to remove rows that are not aligned with files. Concurrent commits that
   * add files matching the filter make the commit fail rather than be overwritten unseen.
   */
  public static TableWriter overwrite(Table table, Expression rowFilter) {
    TableWriter writer = new TableWriter(Objects.requireNonNull(table, "table is null"));
    writer.overwriteFilter = Objects.requireNonNull(rowFilter, "rowFilter is null");
    return writer;
  }

  /**
   * A writer whose commit removes {@code replaced} and adds the written files (a copy-on-write
   * rewrite), failing if commits after {@code baseSnapshotId} added data or deletes matching
   * {@code conflictFilter}.
   */
  static TableWriter replacing(Table table, List<DataFile> replaced, long baseSnapshotId, Expression conflictFilter) {
    TableWriter writer = new TableWriter(Objects.requireNonNull(table, "table is null"));
    writer.replacedFiles = List.copyOf(replaced);
    writer.replacedFrom = baseSnapshotId;
    writer.overwriteFilter = Objects.requireNonNull(conflictFilter, "conflictFilter is null");
    return writer;
  }

  private long longProperty(String name, long defaultValue) {
    String value = properties.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ValidationException("Invalid table property " + name + "=" + value + " of table " + table.name()
          + ": expected a number of bytes", e);
    }
  }

  private static String stripSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  /**
   * Makes this a clustered writer: at most one data file open at a time, for which rows must arrive
   * grouped by partition (all rows of one partition, then all rows of the next; for example sorted
   * by the partition columns). Call it before the first {@link #write(Record)}.
   *
   * @throws IllegalStateException if rows were already written
   */
  public TableWriter clustered() {
    checkUsable();
    if (fileCount > 0) {
      throw new IllegalStateException("Cannot make the writer for table " + table.name()
          + " clustered: rows were already written; call clustered() before the first write");
    }
    this.clustered = true;
    return this;
  }

  /** The schema records must have: the table's schema when this writer was created. */
  public Schema schema() {
    return schema;
  }

  /**
   * Writes a record of {@link #schema()}.
   *
   * @throws ValidationException if a value does not fit its column; the writer cannot commit after
   */
  public TableWriter write(Record record) {
    Objects.requireNonNull(record, "record is null");
    checkUsable();
    try {
      PartitionData partition = partitionKey.partition(record);
      if (clustered && !partition.equals(currentPartition)) {
        switchPartition(partition);
      }
      FileWriter writer = open.get(partition);
      if (writer == null) {
        writer = newWriter(partition);
        open.put(partition, writer);
      }
      writer.write(record);
      if (writer.length() >= targetFileSize) {
        writer.close();
        open.remove(partition);
        completed.add(writer.toDataFile());
      }
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
    return this;
  }

  /** Closes the current partition's file before the first row of the next partition (clustered writes). */
  private void switchPartition(PartitionData partition) {
    if (finishedPartitions.contains(partition)) {
      throw new ValidationException("Cannot write a row of partition " + describe(partition) + " to table "
          + table.name() + ": this clustered writer already closed that partition's files when rows of partition "
          + describe(currentPartition) + " arrived, and a clustered writer needs rows grouped by partition; "
          + "sort or cluster the input by the partition spec " + spec + ", or use a fanout writer (without clustered())");
    }
    for (FileWriter writer : open.values()) {
      writer.close();
      completed.add(writer.toDataFile());
    }
    open.clear();
    if (currentPartition != null) {
      finishedPartitions.add(currentPartition);
    }
    currentPartition = partition;
  }

  private String describe(PartitionData partition) {
    return "'" + spec.partitionToPath(partition) + "'";
  }

  public TableWriter writeAll(Iterable<? extends Record> records) {
    for (Record record : records) {
      write(record);
    }
    return this;
  }

  private FileWriter newWriter(PartitionData partition) {
    String directory = spec.isUnpartitioned() ? dataLocation : dataLocation + "/" + spec.partitionToPath(partition);
    String name = String.format(Locale.ROOT, "%s-%05d.%s", filePrefix, fileCount, format.extension());
    fileCount += 1;
    io.datashard.io.OutputFile output = table.io().newOutputFile(directory + "/" + name);
    FileWriter writer = format == FileFormat.PARQUET
        ? new ParquetFileWriter(ParquetDataWriter.builder(output)
            .schema(schema).spec(spec).partition(partition).properties(properties).build())
        : new AvroFileWriter(AvroDataWriter.builder(output)
            .schema(schema).spec(spec).partition(partition).properties(properties).build());
    written.add(writer.location());
    return writer;
  }

  /** The operations this class needs of a data file writer, whatever its format. */
  private interface FileWriter {
    void write(Record record);

    long length();

    String location();

    void close();

    DataFile toDataFile();
  }

  private record AvroFileWriter(AvroDataWriter writer) implements FileWriter {
    @Override
    public void write(Record record) {
      writer.write(record);
    }

    @Override
    public long length() {
      return writer.length();
    }

    @Override
    public String location() {
      return writer.location();
    }

    @Override
    public void close() {
      writer.close();
    }

    @Override
    public DataFile toDataFile() {
      return writer.toDataFile();
    }
  }

  private record ParquetFileWriter(ParquetDataWriter writer) implements FileWriter {
    @Override
    public void write(Record record) {
      writer.write(record);
    }

    @Override
    public long length() {
      return writer.length();
    }

    @Override
    public String location() {
      return writer.location();
    }

    @Override
    public void close() {
      writer.close();
    }

    @Override
    public DataFile toDataFile() {
      return writer.toDataFile();
    }
  }

  private void checkUsable() {
    if (closed || committed) {
      throw new IllegalStateException("Cannot use the writer for table " + table.name() + ": it is "
          + (committed ? "committed" : "closed"));
    }
    if (failure != null) {
      throw new IllegalStateException("Cannot use the writer for table " + table.name()
          + ": an earlier write failed; close it (which deletes its files) and start again", failure);
    }
  }

  /**
   * Closes the open files and commits them to the table as one append (or, for
   * {@link #overwrite(Table, Expression)}, one overwrite).
   *
   * @return the committed data files
   * @throws io.datashard.exceptions.CommitFailedException if the commit failed; the files are deleted
   */
  public List<DataFile> commit() {
    checkUsable();
    List<DataFile> files = closeFiles();
    try {
      if (overwriteFilter == null) {
        AppendFiles append = table.newAppend();
        for (DataFile file : files) {
          append.appendFile(file);
        }
        append.commit();
      } else {
        OverwriteFiles overwrite = table.newOverwrite().conflictDetectionFilter(overwriteFilter)
            .validateNoConflictingData().validateNoConflictingDeletes();
        if (replacedFiles == null) {
          overwrite.overwriteByRowFilter(overwriteFilter);
          table.currentSnapshot().ifPresent(base -> overwrite.validateFromSnapshot(base.snapshotId()));
        } else {
          replacedFiles.forEach(overwrite::deleteFile);
          overwrite.validateFromSnapshot(replacedFrom);
        }
        for (DataFile file : files) {
          overwrite.addFile(file);
        }
        overwrite.commit();
      }
    } catch (CommitStateUnknownException e) {
      // the commit may have succeeded, so the files may be referenced: keep them
      committed = true;
      throw e;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
    committed = true;
    table.refresh();
    return files;
  }

  private List<DataFile> closeFiles() {
    for (FileWriter writer : open.values()) {
      writer.close();
      completed.add(writer.toDataFile());
    }
    open.clear();
    return Collections.unmodifiableList(new ArrayList<>(completed));
  }

  /** Releases open files; if nothing was committed, deletes every file this writer wrote. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (committed) {
      return;
    }
    RuntimeException cleanupFailure = null;
    for (FileWriter writer : open.values()) {
      try {
        writer.close();
      } catch (RuntimeException e) {
        // an unclosed stream publishes nothing, so there may be no file to delete; keep going
        cleanupFailure = add(cleanupFailure, e);
      }
    }
    open.clear();
    for (String location : written) {
      try {
        table.io().deleteFile(location);
      } catch (RuntimeException e) {
        cleanupFailure = add(cleanupFailure, e);
      }
    }
    if (cleanupFailure != null) {
      if (failure != null) {
        failure.addSuppressed(cleanupFailure);
      } else {
        throw cleanupFailure;
      }
    }
  }

  private static RuntimeException add(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
