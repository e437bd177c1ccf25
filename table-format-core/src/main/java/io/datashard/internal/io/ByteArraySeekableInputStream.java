package io.datashard.internal.io;

import io.datashard.io.SeekableInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;

/** Reads a byte array that nobody modifies, as {@link InMemoryFileIO} stores files. */
final class ByteArraySeekableInputStream extends SeekableInputStream {
  private final String location;
  private final byte[] content;
  private long position = 0;
  private boolean closed = false;

  ByteArraySeekableInputStream(String location, byte[] content) {
    this.location = location;
    this.content = content;
  }

  @Override
  public long position() throws IOException {
    checkOpen();
    return position;
  }

  @Override
  public void seek(long newPosition) throws IOException {
    checkOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException(
          "Cannot seek to position " + newPosition + " in " + location + ": must be >= 0");
    }
    position = newPosition;
  }

  @Override
  public int read() throws IOException {
    checkOpen();
    if (position >= content.length) {
      return -1;
    }
    return content[(int) position++] & 0xFF;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    if (position >= content.length) {
      return -1;
    }
    int count = (int) Math.min(length, content.length - position);
    System.arraycopy(content, (int) position, bytes, offset, count);
    position += count;
    return count;
  }

  @Override
  public void readFully(long filePosition, byte[] bytes, int offset, int length) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (filePosition < 0) {
      throw new IllegalArgumentException(
          "Cannot read from position " + filePosition + " in " + location + ": must be >= 0");
    }
    if (filePosition + length > content.length) {
      throw new EOFException(String.format(
          "Cannot read %d bytes from position %d of %s: the file has %d bytes",
          length, filePosition, location, content.length));
    }
    System.arraycopy(content, (int) filePosition, bytes, offset, length);
  }

  @Override
  public long skip(long n) throws IOException {
    checkOpen();
    long skipped = Math.max(0, Math.min(n, content.length - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    checkOpen();
    return (int) Math.max(0, content.length - position);
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("Cannot use the stream of " + location + ": it is closed");
    }
  }
}
