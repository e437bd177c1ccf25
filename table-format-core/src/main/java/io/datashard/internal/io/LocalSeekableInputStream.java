package io.datashard.internal.io;

import io.datashard.io.SeekableInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Reads a local file through a small buffer. All channel reads are positioned, so seeking only
 * moves a counter and a seek inside the buffered range keeps the buffer.
 */
final class LocalSeekableInputStream extends SeekableInputStream {
  private static final int BUFFER_SIZE = 8192;

  private final String location;
  private final FileChannel channel;
  // Holds the file's bytes [bufferStart, bufferStart + buffer.limit()); read with absolute gets.
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  private long bufferStart = 0;
  private long position = 0;
  private boolean closed = false;

  LocalSeekableInputStream(String location, FileChannel channel) {
    this.location = location;
    this.channel = channel;
    buffer.limit(0);
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
    if (!buffered(position) && !fill()) {
      return -1;
    }
    int value = buffer.get((int) (position - bufferStart)) & 0xFF;
    position++;
    return value;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    if (!buffered(position)) {
      if (length >= BUFFER_SIZE) {
        // Large reads bypass the buffer rather than copying through it.
        int read = readAt(position, ByteBuffer.wrap(bytes, offset, length));
        if (read > 0) {
          position += read;
        }
        return read;
      }
      if (!fill()) {
        return -1;
      }
    }
    int index = (int) (position - bufferStart);
    int count = Math.min(length, buffer.limit() - index);
    buffer.get(index, bytes, offset, count);
    position += count;
    return count;
  }

  @Override
  public void readFully(long filePosition, byte[] bytes, int offset, int length) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(offset, length, bytes.length);
    ByteBuffer target = ByteBuffer.wrap(bytes, offset, length);
    while (target.hasRemaining()) {
      int read = readAt(filePosition + target.position() - offset, target);
      if (read < 0) {
        throw new EOFException(String.format(
            "Reached the end of %s after %d of %d bytes reading from position %d",
            location, target.position() - offset, length, filePosition));
      }
    }
  }

  @Override
  public long skip(long n) throws IOException {
    checkOpen();
    if (n <= 0) {
      return 0;
    }
    long skipped = Math.max(0, Math.min(n, size() - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    checkOpen();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, size() - position));
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }

  private boolean buffered(long filePosition) {
    return filePosition >= bufferStart && filePosition < bufferStart + buffer.limit();
  }

  /** Fills the buffer from the current position; false at the end of the file. */
  private boolean fill() throws IOException {
    buffer.clear();
    while (buffer.hasRemaining()) {
      if (readAt(position + buffer.position(), buffer) < 0) {
        break;
      }
    }
    buffer.flip();
    bufferStart = position;
    return buffer.hasRemaining();
  }

  private int readAt(long filePosition, ByteBuffer target) throws IOException {
    try {
      return channel.read(target, filePosition);
    } catch (IOException e) {
      throw new IOException("Failed to read " + location + " at position " + filePosition, e);
    }
  }

  private long size() throws IOException {
    try {
      return channel.size();
    } catch (IOException e) {
      throw new IOException("Failed to read the length of " + location, e);
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("Cannot use the stream of " + location + ": it is closed");
    }
  }
}
