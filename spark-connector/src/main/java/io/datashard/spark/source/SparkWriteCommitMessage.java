package io.datashard.spark.source;

import io.datashard.DataFile;
import java.util.List;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** What a write task sends to the driver: the data files it wrote and closed. */
record SparkWriteCommitMessage(int partitionId, long taskId, List<DataFile> files) implements WriterCommitMessage {
  SparkWriteCommitMessage {
    files = List.copyOf(files);
  }
}
