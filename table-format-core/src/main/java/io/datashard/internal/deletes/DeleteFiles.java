package io.datashard.internal.deletes;

import io.datashard.DeleteFile;
import io.datashard.deletes.DeleteWriteResult;
import io.datashard.io.FileIO;
import java.util.LinkedHashSet;
import java.util.Set;

/** Clean-up of delete files written for a commit that failed (never after an unknown outcome). */
public final class DeleteFiles {
  private DeleteFiles() {
  }

  /** Deletes the files of {@code result}; failures are attached to {@code cause} as suppressed. */
  public static void deleteWritten(FileIO io, DeleteWriteResult result, RuntimeException cause) {
    Set<String> locations = new LinkedHashSet<>();
    for (DeleteFile file : result.deleteFiles()) {
      locations.add(file.location());
    }
    for (String location : locations) {
      try {
        io.deleteFile(location);
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
