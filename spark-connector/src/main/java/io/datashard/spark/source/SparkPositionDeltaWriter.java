package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.deletes.DeleteWriterFactory;
import io.datashard.deletes.MergeOnReadDeleteWriter;
import io.datashard.exceptions.DatashardException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DeltaWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * One merge-on-read write task: deleted rows (by row id {@code (_file_id, _pos)}) go to a
 * {@link MergeOnReadDeleteWriter}, new rows to data files. Updates arrive as a delete plus a
 * (re)insert. Rows come clustered by {@code _file_id} and sorted by position, so the delete writer
 * holds one data file's positions at a time.
 */
final class SparkPositionDeltaWriter implements DeltaWriter<InternalRow> {
  private final String tableName;
  private final SparkDataWriterFactory dataFactory;
  private final Map<Long, SparkPositionDeltaWrite.FileRef> files;
  private final int partitionId;
  private final long taskId;
  private final MergeOnReadDeleteWriter deletes;
  private SparkDataWriter data = null;
  private boolean committed = false;
  // deletes arrive clustered by data file: look up each file once, not per row
  private long lastFileId = 0L;
  private SparkPositionDeltaWrite.FileRef lastFile = null;

  SparkPositionDeltaWriter(String tableName, SparkDataWriterFactory dataFactory, DeleteWriterFactory deleteFactory,
      Map<Long, SparkPositionDeltaWrite.FileRef> files, int partitionId, long taskId) {
    this.tableName = tableName;
    this.dataFactory = dataFactory;
    this.files = files;
    this.partitionId = partitionId;
    this.taskId = taskId;
    // delete files carry the write id, so a failed job's sweep finds them like the data files
    this.deletes = deleteFactory.newWriter(dataFactory.writeId());
  }

  @Override
  public void delete(InternalRow metadata, InternalRow id) {
    long fileId = id.getLong(0);
    long position = id.getLong(1);
    if (lastFile == null || fileId != lastFileId) {
      SparkPositionDeltaWrite.FileRef file = files.get(fileId);
      if (file == null) {
        throw new IllegalStateException("Cannot delete row " + position + " of the data file with _file_id " + fileId
            + " in table " + tableName + ": the operation's scan did not read that file");
      }
      lastFileId = fileId;
      lastFile = file;
    }
    deletes.delete(lastFile.location(), lastFile.specId(), lastFile.partition(), position);
  }

  @Override
  public void update(InternalRow metadata, InternalRow id, InternalRow row) {
    delete(metadata, id);
    insert(row);
  }

  @Override
  public void reinsert(InternalRow metadata, InternalRow row) {
    insert(row);
  }

  @Override
  public void insert(InternalRow row) {
    if (data == null) {
      data = new SparkDataWriter(dataFactory, partitionId, taskId);
    }
    data.write(row);
  }

  @Override
  public WriterCommitMessage commit() {
    DeleteWriteResult result = deletes.finish();
    List<DataFile> written = List.of();
    try {
      if (data != null) {
        // checks the abort marker after closing the data files, and deletes them if the job was aborted
        written = ((SparkWriteCommitMessage) data.commit()).files();
      } else if (!result.deleteFiles().isEmpty()
          && AbortedWrites.isAborted(dataFactory.io(), dataFactory.dataLocation(), dataFactory.writeId())) {
        throw new DatashardException("Write task " + partitionId + " (task id " + taskId + ") of table " + tableName
            + " finished after its job was aborted; deleted the " + result.deleteFiles().size()
            + " delete files it wrote");
      }
    } catch (RuntimeException e) {
      // the driver will not commit this task's result: its finished delete files go too
      result.deleteAddedFiles(dataFactory.io());
      throw e;
    }
    committed = true;
    return new SparkPositionDeltaCommitMessage(written, result);
  }

  @Override
  public void abort() {
    RuntimeException failure = null;
    try {
      deletes.close(); // without finish() it deletes the files it wrote
    } catch (RuntimeException e) {
      failure = e;
    }
    if (data != null) {
      try {
        data.abort();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    committed = true;
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (!committed) {
      abort();
      return;
    }
    deletes.close();
    if (data != null) {
      data.close();
    }
  }
}
