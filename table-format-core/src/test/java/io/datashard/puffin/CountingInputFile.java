package io.datashard.puffin;

import io.datashard.io.InputFile;
import io.datashard.io.SeekableInputStream;
import java.io.IOException;

/** An input file that counts the bytes read through its streams, to prove reads stay small. */
final class CountingInputFile implements InputFile {
  private final InputFile delegate;
  private long bytesRead;

  CountingInputFile(InputFile delegate) {
    this.delegate = delegate;
  }

  long bytesRead() {
    return bytesRead;
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public long length() {
    return delegate.length();
  }

  @Override
  public boolean exists() {
    return delegate.exists();
  }

  @Override
  public SeekableInputStream newStream() {
    SeekableInputStream in = delegate.newStream();
    return new SeekableInputStream() {
      @Override
      public long position() throws IOException {
        return in.position();
      }

      @Override
      public void seek(long newPosition) throws IOException {
        in.seek(newPosition);
      }

      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
          bytesRead++;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
          bytesRead += n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
