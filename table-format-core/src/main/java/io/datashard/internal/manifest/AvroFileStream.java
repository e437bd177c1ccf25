package io.datashard.internal.manifest;

import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.InputFile;
import io.datashard.io.SeekableInputStream;
import java.io.Closeable;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * A sequential reader of the generic records of an Avro metadata file (a manifest or manifest list)
 * that tells corruption from storage failures: a failure of the underlying stream is a
 * {@link RuntimeIOException}; anything Avro cannot decode, including a file that ends early, is a
 * {@link CorruptMetadataException} naming the file.
 *
 * <p>Avro's reader stops silently when a file ends inside a block, so at the end this class checks
 * that the last complete block ends where the file ends, and that the file is as long as the
 * manifest list recorded, if known.
 */
final class AvroFileStream implements Closeable {
  private final String location;
  private final String kind;
  private final long expectedLength;
  private final Input in;
  private final DataFileReader<GenericRecord> avro;
  private boolean finished = false;
  private GenericDatumReader<GenericRecord> datumReader;

  private AvroFileStream(String location, String kind, long expectedLength, Input in, DataFileReader<GenericRecord> avro) {
    this.location = location;
    this.kind = kind;
    this.expectedLength = expectedLength;
    this.in = in;
    this.avro = avro;
  }

  /**
   * Opens the file and reads the Avro header.
   *
   * @param kind what the file is, for messages ("manifest", "manifest list")
   * @param expectedLength the file's length as recorded elsewhere, or -1 if unknown
   */
  static AvroFileStream open(InputFile file, String kind, long expectedLength) {
    Input in = new Input(file);
    try {
      GenericDatumReader<GenericRecord> datumReader = new GenericDatumReader<>();
      DataFileReader<GenericRecord> avro = new DataFileReader<>(in, datumReader);
      AvroFileStream stream = new AvroFileStream(file.location(), kind, expectedLength, in, avro);
      stream.datumReader = datumReader;
      return stream;
    } catch (IOException | RuntimeException e) {
      RuntimeException failure = translate(e, in, kind, file.location(), "cannot read the Avro header");
      try {
        in.close();
      } catch (IOException | RuntimeException suppressed) {
        failure.addSuppressed(suppressed);
      }
      throw failure;
    }
  }

  /** Decodes records into {@code readerSchema}, a projection of the file's schema (Avro skips the rest). */
  void expect(org.apache.avro.Schema readerSchema) {
    datumReader.setExpected(readerSchema);
  }

  DataFileReader<GenericRecord> avro() {
    return avro;
  }

  String location() {
    return location;
  }

  boolean hasNext() {
    if (finished) {
      return false;
    }
    boolean hasNext;
    try {
      hasNext = avro.hasNext();
    } catch (RuntimeException e) {
      throw translate(e, in, kind, location, "cannot read the next block");
    }
    if (!hasNext) {
      finished = true;
      checkComplete();
    }
    return hasNext;
  }

  GenericRecord next() {
    try {
      return avro.next();
    } catch (RuntimeException e) {
      throw translate(e, in, kind, location, "cannot decode a record");
    }
  }

  private void checkComplete() {
    long endOfBlocks;
    long endOfFile;
    try {
      endOfBlocks = avro.previousSync();
      endOfFile = in.tell();
    } catch (IOException e) {
      throw translate(e, in, kind, location, "cannot find the end of the file");
    }
    if (in.storageFailure != null) {
      throw new RuntimeIOException("Failed to read " + kind + " " + location, in.storageFailure);
    }
    if (endOfBlocks != endOfFile) {
      throw corrupt(kind, location, String.format(
          "the file ends after %d bytes, inside the block that starts at byte %d; it is truncated", endOfFile, endOfBlocks), null);
    }
    if (expectedLength >= 0 && endOfFile < expectedLength) {
      throw corrupt(kind, location, String.format(
          "the file ends after %d bytes but the manifest list records a length of %d; it is truncated",
          endOfFile, expectedLength), null);
    }
  }

  @Override
  public void close() {
    try {
      avro.close();
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to close " + kind + " " + location, e);
    }
  }

  void closeAfterFailure(Exception failure) {
    try {
      close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static RuntimeException translate(Exception e, Input in, String kind, String location, String what) {
    if (in.storageFailure != null) {
      RuntimeIOException failure = new RuntimeIOException("Failed to read " + kind + " " + location, in.storageFailure);
      if (e != in.storageFailure) {
        failure.addSuppressed(e);
      }
      return failure;
    }
    if (e instanceof DatashardException) {
      return (RuntimeException) e;
    }
    Throwable cause = e instanceof AvroRuntimeException && e.getCause() != null ? e.getCause() : e;
    return corrupt(kind, location, what + ": " + cause, e);
  }

  private static CorruptMetadataException corrupt(String kind, String location, String why, Throwable cause) {
    String message = "Cannot read " + kind + " " + location + ": " + why
        + ". The file is not an Avro file of the Iceberg spec, or it is corrupt or truncated. Restore the file from a"
        + " backup, or roll the table back to a snapshot that does not reference it.";
    return cause == null ? new CorruptMetadataException(message) : new CorruptMetadataException(message, cause);
  }

  /**
   * Avro's view of the file. The stream opens lazily and the length is asked only if Avro needs it,
   * which saves a storage request. Failures of the storage stream are remembered, so they are not
   * mistaken for corruption.
   */
  private static final class Input implements SeekableInput {
    private final InputFile file;
    private SeekableInputStream stream = null;
    private IOException storageFailure = null;
    private long length = -1L;

    Input(InputFile file) {
      this.file = file;
    }

    private SeekableInputStream stream() {
      if (stream == null) {
        stream = file.newStream();
      }
      return stream;
    }

    @Override
    public void seek(long position) throws IOException {
      try {
        stream().seek(position);
      } catch (IOException e) {
        storageFailure = e;
        throw e;
      }
    }

    @Override
    public long tell() throws IOException {
      return stream().position();
    }

    @Override
    public long length() {
      if (length < 0) {
        length = file.length();
      }
      return length;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return stream().read(buffer, offset, length);
      } catch (IOException e) {
        storageFailure = e;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      if (stream != null) {
        stream.close();
      }
    }
  }
}
