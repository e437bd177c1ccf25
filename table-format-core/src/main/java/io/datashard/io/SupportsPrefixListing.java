package io.datashard.io;

/**
 * A {@link FileIO} that lists and deletes by prefix, as orphan-file cleanup and dropping a
 * path-based table need.
 *
 * <p>A prefix names a directory, with or without a trailing slash: the files under it are the
 * files whose location starts with the prefix followed by {@code /}, at any depth. So prefix
 * {@code s3://b/t/data} covers {@code s3://b/t/data/a.parquet} but not
 * {@code s3://b/t/data2/a.parquet}.
 */
public interface SupportsPrefixListing {

  /**
   * All files under {@code prefix}, recursively, in no particular order. A prefix with no files
   * gives an empty listing. Each {@link FileInfo#location()} is the prefix (without a trailing
   * slash) followed by {@code /} and the file's path below it, so it can be passed back to the
   * same {@link FileIO}. Storage that writes through temporary files may list the hidden
   * temporary files (names starting with {@code .}) of writes in progress or abandoned.
   */
  CloseableIterable<FileInfo> listPrefix(String prefix);

  /** Deletes every file under {@code prefix}; a prefix with no files is a no-op. */
  void deletePrefix(String prefix);
}
