package io.datashard.internal.io;

import io.datashard.io.InputFile;
import io.datashard.io.SeekableInputStream;

/** A file of {@link InMemoryFileIO}; {@code knownLength} is -1 when the length is looked up. */
final class InMemoryInputFile implements InputFile {
  private final String location;
  private final long knownLength;

  InMemoryInputFile(String location, long knownLength) {
    this.location = location;
    this.knownLength = knownLength;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public long length() {
    return knownLength >= 0 ? knownLength : InMemoryFileIO.find(location).content().length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new ByteArraySeekableInputStream(location, InMemoryFileIO.find(location).content());
  }

  @Override
  public boolean exists() {
    return InMemoryFileIO.exists(location);
  }

  @Override
  public String toString() {
    return location;
  }
}
