package io.datashard.io;

/** A file to write. Obtained from {@link FileIO#newOutputFile(String)}. */
public interface OutputFile {

  /** The location this file was opened with, exactly as given. */
  String location();

  /**
   * Creates the file; fails if it exists: immediately where the storage can tell without an extra
   * request (local file system, memory), and at the latest when the stream is closed, atomically.
   * The create is atomic with respect to other writers: if several writers race, exactly one
   * succeeds. The content becomes visible when the stream is closed, and nothing partial is ever
   * visible under the location: a stream that is never closed leaves no file behind, and a create
   * that fails never changes an existing file. Commits rely on this to create the next metadata
   * version safely; callers must handle the failure from the stream's close like one from here.
   *
   * @throws io.datashard.exceptions.AlreadyExistsException if the file exists, here or from the
   *     stream's {@code write} or {@code close()} (for example on object stores, where the check is
   *     the conditional write that publishes the content, or when another writer published the file
   *     first)
   */
  PositionOutputStream create();

  /**
   * Creates or replaces the file. Readers see the old content or the new content, never a mix,
   * where the storage allows it; the new content becomes visible when the stream is closed.
   */
  PositionOutputStream createOrOverwrite();

  /** An input file for the same location. */
  InputFile toInputFile();
}
