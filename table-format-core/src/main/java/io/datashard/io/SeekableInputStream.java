package io.datashard.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** An input stream that can move to any position in the file, as columnar readers need. */
public abstract class SeekableInputStream extends InputStream {

  /** The position of the next byte that a read returns, counted from the start of the file. */
  public abstract long position() throws IOException;

  /**
   * Moves to {@code newPosition}. Seeking past the end is allowed; reads there return end of
   * stream.
   *
   * @throws IllegalArgumentException if {@code newPosition} is negative
   */
  public abstract void seek(long newPosition) throws IOException;

  /**
   * Positioned read that does not move the stream position: reads exactly {@code length} bytes
   * starting at {@code position} into {@code buffer} at {@code offset}. The default seeks and
   * restores; implementations override it when the storage supports positioned reads.
   *
   * @throws EOFException if the file ends before {@code length} bytes were read
   */
  public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    long saved = position();
    try {
      seek(position);
      int read = 0;
      while (read < length) {
        int n = read(buffer, offset + read, length - read);
        if (n < 0) {
          throw new EOFException(String.format(
              "Reached the end of the stream after %d of %d bytes reading from position %d",
              read, length, position));
        }
        read += n;
      }
    } finally {
      seek(saved);
    }
  }
}
