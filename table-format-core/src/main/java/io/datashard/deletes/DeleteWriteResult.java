package io.datashard.deletes;

import io.datashard.DeleteFile;
import io.datashard.io.FileIO;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link MergeOnReadDeleteWriter} wrote: the new delete files, the delete files they replace
 * (deletion vectors and file-scoped position deletes merged into a new deletion vector, to be
 * removed in the same commit), and the data files the deletes refer to (which the commit validates
 * still exist). Serializable, so engine tasks can send it to the committer.
 *
 * @param deleteFiles new position delete files or deletion vectors, to add
 * @param rewrittenDeleteFiles existing delete files merged into the new ones, to remove
 * @param referencedDataFiles locations of the data files the new deletes apply to
 */
public record DeleteWriteResult(List<DeleteFile> deleteFiles, List<DeleteFile> rewrittenDeleteFiles,
    Set<String> referencedDataFiles) implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteWriteResult.class);

  public DeleteWriteResult {
    deleteFiles = List.copyOf(Objects.requireNonNull(deleteFiles, "deleteFiles is null"));
    rewrittenDeleteFiles = List.copyOf(Objects.requireNonNull(rewrittenDeleteFiles, "rewrittenDeleteFiles is null"));
    referencedDataFiles = Set.copyOf(Objects.requireNonNull(referencedDataFiles, "referencedDataFiles is null"));
  }

  /** A result with nothing written. */
  public static DeleteWriteResult empty() {
    return new DeleteWriteResult(List.of(), List.of(), Set.of());
  }

  public boolean isEmpty() {
    return deleteFiles.isEmpty();
  }

  /**
   * Deletes the files this result added (never the rewritten ones) from {@code io}, for deletes that
   * will not be committed, e.g. those of a failed or aborted task. A file that cannot be deleted is
   * logged and left to orphan-file removal.
   *
   * @return how many files were deleted
   */
  public int deleteAddedFiles(FileIO io) {
    Objects.requireNonNull(io, "io is null");
    Set<String> locations = new LinkedHashSet<>();
    for (DeleteFile file : deleteFiles) {
      locations.add(file.location()); // deletion vectors of one writer share a Puffin file
    }
    int deleted = 0;
    for (String location : locations) {
      try {
        io.deleteFile(location);
        deleted += 1;
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete uncommitted delete file {}; orphan-file removal will", location, e);
      }
    }
    return deleted;
  }

  /**
   * The results of several writers (e.g. one per engine task) as one commit's worth.
   *
   * @throws IllegalArgumentException if two results hold a deletion vector for the same data file:
   *     a table may hold only one per data file, so the engine must send all deletes of one data file
   *     to one writer (cluster the rows by their data file)
   */
  public static DeleteWriteResult merge(Collection<DeleteWriteResult> results) {
    Objects.requireNonNull(results, "results is null");
    List<DeleteFile> added = new ArrayList<>();
    Map<String, DeleteFile> rewritten = new HashMap<>();
    Set<String> referenced = new LinkedHashSet<>();
    Map<String, String> vectorOwners = new HashMap<>();
    for (DeleteWriteResult result : results) {
      for (DeleteFile file : result.deleteFiles) {
        if (file.isDeletionVector()) {
          String dataFile = file.referencedDataFile().orElseThrow();
          String previous = vectorOwners.putIfAbsent(dataFile, file.location());
          if (previous != null) {
            throw new IllegalArgumentException("Cannot combine delete results: data file " + dataFile
                + " has deletion vectors in both " + previous + " and " + file.location()
                + "; a table holds one deletion vector per data file, so send all deletes of a data file to one writer");
          }
        }
        added.add(file);
      }
      for (DeleteFile file : result.rewrittenDeleteFiles) {
        rewritten.putIfAbsent(key(file), file);
      }
      referenced.addAll(result.referencedDataFiles);
    }
    return new DeleteWriteResult(added, new ArrayList<>(rewritten.values()), referenced);
  }

  private static String key(DeleteFile file) {
    return file.location() + "#" + file.contentOffset().orElse(-1L);
  }
}
