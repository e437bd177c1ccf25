package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.StructLike;
import io.datashard.data.PartitionKey;
import io.datashard.data.avro.AvroDataWriter;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.exceptions.DatashardException;
import io.datashard.io.OutputFile;
import io.datashard.spark.data.InternalRowStructLike;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * One write task: writes its rows to data files of the table's format, one file per partition at
 * a time (clustered, when Spark sorted the rows by partition) or one open file per partition seen
 * (fanout), starting a new file when one reaches the target size. {@link #commit()} closes the
 * files and reports them to the driver, unless the driver has already aborted the job
 * ({@link AbortedWrites}); {@link #abort()} deletes every file the task wrote.
 */
final class SparkDataWriter implements DataWriter<InternalRow> {
  // asking a Parquet writer for its size walks its column buffers, so it is not done for every row
  private static final int SIZE_CHECK_INTERVAL = 256;

  private final SparkDataWriterFactory factory;
  private final int partitionId;
  private final long taskId;
  private final PartitionSpec spec;
  private final boolean unpartitioned;
  private final PartitionKey partitionKey;
  private final InternalRowStructLike row;
  private final long targetFileSize;
  private final Map<PartitionData, OpenFile> open = new HashMap<>();
  private final Set<PartitionData> closedPartitions = new HashSet<>();
  private final List<DataFile> completed = new ArrayList<>();
  private final List<String> written = new ArrayList<>();
  private OpenFile current = null;
  private PartitionData currentPartition = null;
  private int fileCount = 0;
  private boolean finished = false;

  SparkDataWriter(SparkDataWriterFactory factory, int partitionId, long taskId) {
    this.factory = factory;
    this.partitionId = partitionId;
    this.taskId = taskId;
    this.spec = factory.spec();
    this.unpartitioned = spec.isUnpartitioned();
    this.partitionKey = unpartitioned ? null : new PartitionKey(spec, factory.schema());
    this.row = new InternalRowStructLike(factory.schema().asStruct());
    this.targetFileSize = factory.targetFileSize();
  }

  @Override
  public void write(InternalRow record) {
    StructLike struct = row.wrap(record);
    OpenFile file;
    if (unpartitioned) {
      file = current != null ? current : (current = newFile(PartitionData.empty()));
    } else {
      PartitionData partition = partitionKey.partition(struct);
      if (current != null && partition.equals(currentPartition)) {
        file = current;
      } else {
        file = switchTo(partition);
      }
    }
    file.write(struct);
    if (file.recordCount() % SIZE_CHECK_INTERVAL == 0 && file.length() >= targetFileSize) {
      finish(file);
      if (unpartitioned) {
        current = null;
      } else {
        open.remove(file.partition);
        current = null;
        currentPartition = null;
      }
    }
  }

  /** The file for a partition other than the last row's. */
  private OpenFile switchTo(PartitionData partition) {
    if (factory.clustered()) {
      // rows arrive grouped by partition: the previous partition is done
      for (OpenFile file : open.values()) {
        finish(file);
        closedPartitions.add(file.partition);
      }
      open.clear();
      // a partition seen again (the input was not grouped after all) gets a new file rather than a failure
    }
    OpenFile file = open.get(partition);
    if (file == null) {
      file = newFile(partition);
      open.put(partition, file);
    }
    current = file;
    currentPartition = partition;
    return file;
  }

  private OpenFile newFile(PartitionData partition) {
    String directory = unpartitioned ? factory.dataLocation() : factory.dataLocation() + "/" + spec.partitionToPath(partition);
    String name = String.format(Locale.ROOT, "%05d-%d-%s-%05d.%s", partitionId, taskId, factory.writeId(), fileCount,
        factory.format().extension());
    fileCount += 1;
    OutputFile output = factory.io().newOutputFile(directory + "/" + name);
    written.add(output.location());
    if (factory.format() == FileFormat.AVRO) {
      AvroDataWriter writer = AvroDataWriter.builder(output).schema(factory.schema()).spec(spec).partition(partition)
          .properties(factory.properties()).build();
      return new OpenFile(partition, null, writer);
    }
    ParquetDataWriter writer = ParquetDataWriter.builder(output).schema(factory.schema()).spec(spec).partition(partition)
        .properties(factory.properties()).build();
    return new OpenFile(partition, writer, null);
  }

  private void finish(OpenFile file) {
    file.close();
    completed.add(file.toDataFile());
  }

  @Override
  public WriterCommitMessage commit() {
    if (current != null && unpartitioned) {
      finish(current);
    }
    for (OpenFile file : open.values()) {
      finish(file);
    }
    open.clear();
    current = null;
    if (!written.isEmpty() && AbortedWrites.isAborted(factory.io(), factory.dataLocation(), factory.writeId())) {
      // the job failed while this task was finishing: the driver will never see this result
      abort();
      throw new DatashardException("Write task " + partitionId + " (task id " + taskId + ") of table "
          + factory.tableName() + " finished after its job was aborted; deleted the " + written.size()
          + " files it wrote");
    }
    finished = true;
    return new SparkWriteCommitMessage(partitionId, taskId, completed);
  }

  @Override
  public void abort() {
    finished = true;
    DatashardException failure = null;
    List<OpenFile> toClose = new ArrayList<>(open.values());
    if (current != null && unpartitioned) {
      toClose.add(current);
    }
    for (OpenFile file : toClose) {
      try {
        file.close();
      } catch (RuntimeException e) {
        // the file is deleted below whatever state it was left in
      }
    }
    open.clear();
    current = null;
    for (String location : written) {
      try {
        factory.io().deleteFile(location);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = new DatashardException("Cannot delete every data file of aborted write task " + partitionId
              + " (task id " + taskId + ") of table " + factory.tableName() + "; remove orphan files later", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (!finished) {
      // neither committed nor aborted (Spark calls abort on failures; this guards other paths)
      abort();
    }
  }

  /** An open data file of either format. */
  private static final class OpenFile {
    private final PartitionData partition;
    private final ParquetDataWriter parquet;
    private final AvroDataWriter avro;

    OpenFile(PartitionData partition, ParquetDataWriter parquet, AvroDataWriter avro) {
      this.partition = partition;
      this.parquet = parquet;
      this.avro = avro;
    }

    void write(StructLike row) {
      if (parquet != null) {
        parquet.write(row);
      } else {
        avro.write(row);
      }
    }

    long recordCount() {
      return parquet != null ? parquet.recordCount() : avro.recordCount();
    }

    long length() {
      return parquet != null ? parquet.length() : avro.length();
    }

    void close() {
      if (parquet != null) {
        parquet.close();
      } else {
        avro.close();
      }
    }

    DataFile toDataFile() {
      return parquet != null ? parquet.toDataFile() : avro.toDataFile();
    }
  }
}
