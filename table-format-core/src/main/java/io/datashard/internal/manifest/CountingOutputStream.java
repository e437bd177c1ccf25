package io.datashard.internal.manifest;

import java.io.IOException;
import java.io.OutputStream;

/** Counts bytes itself, so that a file's length is known after the underlying stream is closed. */
final class CountingOutputStream extends OutputStream {
  private final OutputStream delegate;
  private long count = 0L;

  CountingOutputStream(OutputStream delegate) {
    this.delegate = delegate;
  }

  long count() {
    return count;
  }

  @Override
  public void write(int b) throws IOException {
    delegate.write(b);
    count += 1;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    delegate.write(bytes, offset, length);
    count += length;
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
