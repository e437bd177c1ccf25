package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.deletes.DeleteWriteResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** What a merge-on-read task sends to the driver: the data files it wrote (new rows) and its deletes. */
record SparkPositionDeltaCommitMessage(List<DataFile> dataFiles, DeleteWriteResult deletes) implements WriterCommitMessage {
  SparkPositionDeltaCommitMessage {
    dataFiles = List.copyOf(dataFiles);
    Objects.requireNonNull(deletes, "deletes is null");
  }

  /** The data files of every task's message (plain write messages or delta messages). */
  static List<DataFile> dataFiles(WriterCommitMessage[] messages) {
    List<DataFile> files = new ArrayList<>();
    for (WriterCommitMessage message : messages) {
      if (message instanceof SparkWriteCommitMessage written) {
        files.addAll(written.files());
      } else if (message instanceof SparkPositionDeltaCommitMessage delta) {
        files.addAll(delta.dataFiles());
      }
    }
    return files;
  }

  static List<DeleteWriteResult> deleteResults(WriterCommitMessage[] messages) {
    List<DeleteWriteResult> results = new ArrayList<>();
    for (WriterCommitMessage message : messages) {
      if (message instanceof SparkPositionDeltaCommitMessage delta) {
        results.add(delta.deletes());
      }
    }
    return results;
  }

  /** Locations of the files the tasks wrote (deletion vectors of one Puffin file counted once). */
  static List<String> writtenLocations(WriterCommitMessage[] messages) {
    Set<String> locations = new LinkedHashSet<>();
    for (DataFile file : dataFiles(messages)) {
      locations.add(file.location());
    }
    for (DeleteWriteResult result : deleteResults(messages)) {
      for (DeleteFile file : result.deleteFiles()) {
        locations.add(file.location());
      }
    }
    return new ArrayList<>(locations);
  }
}
