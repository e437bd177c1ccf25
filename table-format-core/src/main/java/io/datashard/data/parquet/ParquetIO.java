package io.datashard.data.parquet;

import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import java.io.IOException;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet's views of Datashard's {@link InputFile} and {@link OutputFile}, so that Parquet reads
 * and writes through any FileIO and never through a Hadoop FileSystem.
 */
final class ParquetIO {
  private ParquetIO() {}

  /**
   * The absolute index in the file of a row group's first row, whichever row groups a reader reads
   * or skips: from the footer's row index offset, or else by counting the rows of the groups before it.
   */
  static long firstRowIndex(org.apache.parquet.hadoop.metadata.ParquetMetadata footer,
      org.apache.parquet.hadoop.metadata.BlockMetaData block) {
    if (block.getRowIndexOffset() >= 0) {
      return block.getRowIndexOffset();
    }
    long rows = 0;
    for (org.apache.parquet.hadoop.metadata.BlockMetaData other : footer.getBlocks()) {
      if (other.getStartingPos() < block.getStartingPos()) {
        rows += other.getRowCount();
      }
    }
    return rows;
  }

  static org.apache.parquet.io.InputFile input(InputFile file) {
    return new Input(file);
  }

  static Output output(OutputFile file) {
    return new Output(file);
  }

  private static final class Input implements org.apache.parquet.io.InputFile {
    private final InputFile file;

    Input(InputFile file) {
      this.file = file;
    }

    @Override
    public long getLength() {
      return file.length();
    }

    @Override
    public SeekableInputStream newStream() {
      io.datashard.io.SeekableInputStream stream = file.newStream();
      return new DelegatingSeekableInputStream(stream) {
        @Override
        public long getPos() throws IOException {
          return stream.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          stream.seek(newPos);
        }
      };
    }

    @Override
    public String toString() {
      return file.location();
    }
  }

  /** Creates the file once; remembers the stream so the writer can abandon it after a failure. */
  static final class Output implements org.apache.parquet.io.OutputFile {
    private final OutputFile file;
    private Stream stream = null;

    Output(OutputFile file) {
      this.file = file;
    }

    /** The stream Parquet writes to, or null before Parquet created the file. */
    Stream stream() {
      return stream;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      stream = new Stream(file.create());
      return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      stream = new Stream(file.createOrOverwrite());
      return stream;
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return file.location();
    }
  }

  /** Counts bytes; an abandoned stream is never closed, so storage publishes nothing. */
  static final class Stream extends PositionOutputStream {
    private final io.datashard.io.PositionOutputStream out;
    private long position = 0;
    private boolean abandoned = false;

    Stream(io.datashard.io.PositionOutputStream out) {
      this.out = out;
    }

    void abandon() {
      abandoned = true;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position += 1;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      position += length;
    }

    @Override
    public void flush() throws IOException {
      if (!abandoned) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (!abandoned) {
        out.close();
      }
    }
  }
}
