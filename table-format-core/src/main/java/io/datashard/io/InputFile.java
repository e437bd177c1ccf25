package io.datashard.io;

/** A file to read. Obtained from {@link FileIO#newInputFile(String)}. */
public interface InputFile {

  /** The location this file was opened with, exactly as given. */
  String location();

  /**
   * The length of the file in bytes.
   *
   * @throws io.datashard.exceptions.NotFoundException if the file does not exist
   */
  long length();

  /**
   * Opens a new stream positioned at the start of the file. The caller closes it.
   *
   * @throws io.datashard.exceptions.NotFoundException if the file does not exist
   */
  SeekableInputStream newStream();

  /** Whether a file exists at this location. */
  boolean exists();
}
