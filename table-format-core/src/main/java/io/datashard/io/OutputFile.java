package io.datashard.io;

/** A file to write. Obtained from {@link FileIO#newOutputFile(String)}. */
public interface OutputFile {

  /** The location this file was opened with, exactly as given. */
  String location();

  /**
   * Creates the file; fails if it exists. The create is atomic with respect to other writers: if
   * several writers race, exactly one succeeds. Existence is checked here and again, atomically,
   * when the stream is closed, which is when the content becomes visible. Nothing partial is ever
   * visible under the location: a stream that is never closed leaves no file behind at the
   * location. Commits rely on this to create the next metadata version safely.
   *
   * @throws io.datashard.exceptions.AlreadyExistsException if the file exists, here or from the
   *     stream's {@code close()} when another writer published the file first
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
