package io.datashard.internal.io;

import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.InputFile;
import io.datashard.io.SeekableInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** A local file to read; {@code knownLength} is -1 when the length must be read from the file. */
final class LocalInputFile implements InputFile {
  private final String location;
  private final Path path;
  private final long knownLength;

  LocalInputFile(String location, Path path, long knownLength) {
    this.location = location;
    this.path = path;
    this.knownLength = knownLength;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public long length() {
    if (knownLength >= 0) {
      return knownLength;
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw notFound(e);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to read the length of " + location, e);
    }
    if (!attrs.isRegularFile()) {
      throw new NotFoundException("Cannot read the length of " + location + ": it is a directory, not a file");
    }
    return attrs.size();
  }

  @Override
  public SeekableInputStream newStream() {
    try {
      return new LocalSeekableInputStream(location, FileChannel.open(path, StandardOpenOption.READ));
    } catch (NoSuchFileException e) {
      throw notFound(e);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to open " + location + " for reading", e);
    }
  }

  @Override
  public boolean exists() {
    return Files.isRegularFile(path);
  }

  private NotFoundException notFound(NoSuchFileException cause) {
    return new NotFoundException("File does not exist: " + location, cause);
  }

  @Override
  public String toString() {
    return location;
  }
}
