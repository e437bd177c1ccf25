package io.datashard.io;

import java.io.IOException;
import java.io.OutputStream;

/** An output stream that knows how many bytes it has written, as file writers need for footers. */
public abstract class PositionOutputStream extends OutputStream {

  /** The number of bytes written so far, which is the position of the next byte in the file. */
  public abstract long position() throws IOException;
}
