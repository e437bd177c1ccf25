package io.datashard.scan;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.PartitionSpec;
import io.datashard.expressions.Expression;
import java.util.List;
import java.util.Objects;

/**
 * A byte range of one data file to read, with the delete files to apply to its rows and the part of
 * the scan's filter that its partition does not already decide.
 *
 * @param file the data file
 * @param deletes the delete files that apply to it: position deletes (or its one deletion vector) and
 *     equality deletes, per the spec's scan planning rules
 * @param spec the partition spec the file was written with
 * @param residual the filter still to apply to the file's rows (bound to the scan's schema), {@code
 *     alwaysTrue()} when every row matches
 * @param start first byte of the range
 * @param length bytes in the range
 */
public record FileScanTask(DataFile file, List<DeleteFile> deletes, PartitionSpec spec, Expression residual, long start, long length) implements java.io.Serializable {
  public FileScanTask {
    Objects.requireNonNull(file, "file is null");
    deletes = List.copyOf(deletes);
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(residual, "residual is null");
    if (start < 0 || length < 0) {
      throw new IllegalArgumentException("Invalid range of " + file.location() + ": start " + start + ", length " + length);
    }
  }

  /** A task for the whole file. */
  public static FileScanTask wholeFile(DataFile file, List<DeleteFile> deletes, PartitionSpec spec, Expression residual) {
    return new FileScanTask(file, deletes, spec, residual, 0, file.fileSizeInBytes());
  }

  /** The same file, deletes and residual over another byte range. */
  public FileScanTask withRange(long newStart, long newLength) {
    return new FileScanTask(file, deletes, spec, residual, newStart, newLength);
  }

  /** Bytes to read: the range plus every delete file (which is read whole). */
  public long sizeBytes() {
    long size = length;
    for (DeleteFile delete : deletes) {
      size += delete.isDeletionVector() && delete.contentSizeInBytes().isPresent()
          ? delete.contentSizeInBytes().get() : delete.fileSizeInBytes();
    }
    return size;
  }

  /** Number of files to open: the data file and every delete file. */
  public int filesCount() {
    return 1 + deletes.size();
  }
}
