package io.datashard.io;

import java.util.Objects;

/**
 * A file found by {@link SupportsPrefixListing#listPrefix(String)}.
 *
 * @param location where the file is, usable with the {@link FileIO} that listed it
 * @param size length in bytes
 * @param createdAtMillis when the file was written, in milliseconds since the epoch (the storage's
 *     last-modified time; Datashard never modifies a file after creating it)
 */
public record FileInfo(String location, long size, long createdAtMillis) {
  public FileInfo {
    Objects.requireNonNull(location, "location is null");
    if (size < 0) {
      throw new IllegalArgumentException("Invalid size " + size + " for file " + location + ": must be >= 0");
    }
  }
}
