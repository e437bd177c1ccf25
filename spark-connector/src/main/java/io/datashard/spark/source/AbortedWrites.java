package io.datashard.spark.source;

import io.datashard.exceptions.DatashardException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.FileInfo;
import io.datashard.io.PositionOutputStream;
import io.datashard.io.SupportsPrefixListing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes every data file of a failed write job, including files of tasks whose results never
 * reached the driver.
 *
 * <p>Spark fails a job as soon as one task fails and then calls the driver's abort with the results
 * it has. A task that Spark's commit coordinator had already allowed to commit can still be closing
 * its files; its result arrives after the job ended and is dropped, so the driver never learns of
 * those files. The protocol that closes this gap:
 * <ol>
 *   <li>the driver first writes a marker {@code .aborted-<write id>} in the data location, then
 *       deletes the files it was told about and every file under the data location whose name
 *       carries the write id;</li>
 *   <li>a task, after closing its files, looks for the marker and deletes its own files when it is
 *       there.</li>
 * </ol>
 * A task that found no marker closed its files before the marker was written, so the driver's
 * listing, which starts after the marker exists, sees them. The marker stays (a later task may still
 * look for it); it is a hidden file that orphan-file removal deletes.
 */
final class AbortedWrites {
  private static final Logger LOG = LoggerFactory.getLogger(AbortedWrites.class);
  private static final String MARKER_PREFIX = ".aborted-";

  private AbortedWrites() {
  }

  static String markerLocation(String dataLocation, String writeId) {
    return dataLocation + "/" + MARKER_PREFIX + writeId;
  }

  /** Whether the driver aborted the write {@code writeId}: checked by tasks after closing their files. */
  static boolean isAborted(FileIO io, String dataLocation, String writeId) {
    return io.newInputFile(markerLocation(dataLocation, writeId)).exists();
  }

  /**
   * Aborts the write {@code writeId}: writes the marker, then deletes {@code reported} (files the
   * tasks reported, wherever they are) and every file under {@code dataLocation} named with the write
   * id. Throws one exception naming what could not be deleted, after trying everything.
   *
   * @param sweep whether some task may have written files the driver was not told about (a task
   *              failed or its result is missing); without it only {@code reported} is deleted and
   *              the data location is not listed
   * @return the number of files deleted
   */
  static int abort(FileIO io, String dataLocation, String writeId, Collection<String> reported, boolean sweep,
      String description) {
    Set<String> toDelete = new LinkedHashSet<>(reported);
    List<RuntimeException> failures = new ArrayList<>();
    if (sweep) {
      try {
        writeMarker(io, dataLocation, writeId);
        toDelete.addAll(filesOf(io, dataLocation, writeId));
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    int deleted = 0;
    for (String location : toDelete) {
      try {
        io.deleteFile(location);
        deleted += 1;
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    LOG.info("Aborted {}: deleted {} files written by it", description, deleted);
    if (!failures.isEmpty()) {
      DatashardException failure = new DatashardException("Cannot delete every file written by the aborted "
          + description + " (write id " + writeId + "); remove the remaining files with orphan-file removal",
          failures.get(0));
      failures.stream().skip(1).forEach(failure::addSuppressed);
      throw failure;
    }
    return deleted;
  }

  private static void writeMarker(FileIO io, String dataLocation, String writeId) {
    try (PositionOutputStream out = io.newOutputFile(markerLocation(dataLocation, writeId)).createOrOverwrite()) {
      out.write(("aborted write " + writeId + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the abort marker of write " + writeId + " in " + dataLocation, e);
    }
  }

  /** Published (not hidden) files under {@code dataLocation} named with {@code writeId}. */
  private static List<String> filesOf(FileIO io, String dataLocation, String writeId) {
    if (!(io instanceof SupportsPrefixListing listing)) {
      LOG.warn("Cannot look for files of aborted write {} in {}: {} cannot list files; tasks still delete their own "
          + "files when they see the abort marker", writeId, dataLocation, io.getClass().getName());
      return List.of();
    }
    List<String> found = new ArrayList<>();
    try (CloseableIterable<FileInfo> files = listing.listPrefix(dataLocation + "/")) {
      for (FileInfo file : files) {
        String location = file.location();
        String name = location.substring(location.lastIndexOf('/') + 1);
        // hidden files are the marker and temporary files of streams still open: their tasks see
        // the marker once they publish
        if (name.contains(writeId) && !name.startsWith(".")) {
          found.add(location);
        }
      }
    }
    return found;
  }
}
