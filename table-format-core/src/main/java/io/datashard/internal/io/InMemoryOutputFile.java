package io.datashard.internal.io;

import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A file of {@link InMemoryFileIO} to write; content is stored when the stream is closed. */
final class InMemoryOutputFile implements OutputFile {
  private final String location;

  InMemoryOutputFile(String location) {
    this.location = location;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public PositionOutputStream create() {
    if (InMemoryFileIO.exists(location)) {
      throw InMemoryFileIO.alreadyExists(location);
    }
    return new Stream(true);
  }

  @Override
  public PositionOutputStream createOrOverwrite() {
    return new Stream(false);
  }

  @Override
  public InputFile toInputFile() {
    return new InMemoryInputFile(location, -1);
  }

  @Override
  public String toString() {
    return location;
  }

  private final class Stream extends PositionOutputStream {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final boolean exclusive;
    private boolean closed = false;

    Stream(boolean exclusive) {
      this.exclusive = exclusive;
    }

    @Override
    public long position() throws IOException {
      checkOpen();
      return buffer.size();
    }

    @Override
    public void write(int b) throws IOException {
      checkOpen();
      buffer.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      checkOpen();
      buffer.write(bytes, offset, length);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (exclusive) {
        InMemoryFileIO.putIfAbsent(location, buffer.toByteArray());
      } else {
        InMemoryFileIO.put(location, buffer.toByteArray());
      }
    }

    private void checkOpen() throws IOException {
      if (closed) {
        throw new IOException("Cannot write to " + location + ": the stream is closed");
      }
    }
  }
}
