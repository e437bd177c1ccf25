package io.datashard.puffin;

import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.InputFile;
import io.datashard.io.SeekableInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads a Puffin file with positioned reads: the footer from the file's tail, then single blobs by
 * offset, never the whole file. Opens one stream on first use; close the reader to release it.
 */
public final class PuffinReader implements AutoCloseable {
  private final InputFile file;
  private long fileSize = -1;
  private SeekableInputStream stream;
  private FileMetadata metadata;
  private long footerStart = -1;

  public PuffinReader(InputFile file) {
    this.file = Objects.requireNonNull(file, "file is null");
  }

  /** A reader for a file whose size is already known (e.g. from a manifest), saving a request. */
  public PuffinReader(InputFile file, long fileSize) {
    this(file);
    if (fileSize < 0) {
      throw new IllegalArgumentException("File size of Puffin file " + file.location() + " is negative: " + fileSize);
    }
    this.fileSize = fileSize;
  }

  public String location() {
    return file.location();
  }

  /**
   * The footer: all blobs with their offsets, and the file properties. Read once, from the tail.
   *
   * @throws CorruptMetadataException if the file is not a valid Puffin file
   */
  public FileMetadata fileMetadata() {
    if (metadata == null) {
      metadata = readFooter();
    }
    return metadata;
  }

  /** Size of the footer in bytes: both magics, payload, payload size and flags. */
  public long footerSize() {
    fileMetadata();
    return fileSize() - footerStart;
  }

  /**
   * The content of one blob, decompressed.
   *
   * @throws CorruptMetadataException if the blob lies outside the file's blob area
   */
  public ByteBuffer readBlob(BlobMetadata blob) {
    Objects.requireNonNull(blob, "blob is null");
    long blobAreaEnd = metadata != null ? footerStart : fileSize();
    byte[] stored = readStored(blob.offset(), blob.length(), blobAreaEnd, blob.type());
    return PuffinFormat.decompress(blob.compressionCodec(), stored,
        "blob " + blob.type() + " at offset " + blob.offset() + " of Puffin file " + file.location());
  }

  /**
   * The stored bytes of a blob whose location is known without the footer, such as a deletion
   * vector tracked in a manifest by content offset and size. No decompression is applied.
   */
  public ByteBuffer readBlob(long offset, long length) {
    return ByteBuffer.wrap(readStored(offset, length, fileSize(), "blob"));
  }

  @Override
  public void close() {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        throw new RuntimeIOException("Failed to close Puffin file " + file.location(), e);
      } finally {
        stream = null;
      }
    }
  }

  private byte[] readStored(long offset, long length, long areaEnd, String what) {
    if (offset < PuffinFormat.MAGIC_LENGTH || length < 0 || offset + length > areaEnd) {
      throw new CorruptMetadataException(String.format(
          "Cannot read %s at offset %d with length %d from Puffin file %s: blobs lie between offset %d and %d; "
              + "the file or the metadata pointing into it is corrupt",
          what, offset, length, file.location(), PuffinFormat.MAGIC_LENGTH, areaEnd));
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new CorruptMetadataException("Cannot read " + what + " of " + length + " bytes from Puffin file "
          + file.location() + ": blobs over 2 GiB are not supported");
    }
    byte[] bytes = new byte[(int) length];
    readFully(offset, bytes);
    return bytes;
  }

  private FileMetadata readFooter() {
    long size = fileSize();
    int minimum = PuffinFormat.MAGIC_LENGTH + PuffinFormat.MAGIC_LENGTH + PuffinFormat.FOOTER_STRUCT_LENGTH;
    if (size < minimum) {
      throw corrupt("it is " + size + " bytes long, shorter than the smallest Puffin file (" + minimum + " bytes)");
    }
    byte[] head = new byte[PuffinFormat.MAGIC_LENGTH];
    readFully(0, head);
    if (!PuffinFormat.isMagic(head, 0)) {
      throw corrupt("it does not start with the Puffin magic PFA1");
    }
    byte[] tail = new byte[PuffinFormat.FOOTER_STRUCT_LENGTH];
    readFully(size - tail.length, tail);
    if (!PuffinFormat.isMagic(tail, 8)) {
      throw corrupt("it does not end with the Puffin magic PFA1 (truncated or not a Puffin file)");
    }
    int payloadSize = PuffinFormat.readIntLittleEndian(tail, 0);
    long maxPayload = size - minimum;
    if (payloadSize < 0 || payloadSize > maxPayload) {
      throw corrupt("its footer payload size " + payloadSize + " does not fit in the file (at most " + maxPayload + ")");
    }
    boolean compressed = checkFlags(tail);
    long start = size - PuffinFormat.FOOTER_STRUCT_LENGTH - payloadSize - PuffinFormat.MAGIC_LENGTH;
    byte[] footer = new byte[PuffinFormat.MAGIC_LENGTH + payloadSize];
    readFully(start, footer);
    if (!PuffinFormat.isMagic(footer, 0)) {
      throw corrupt("the footer at offset " + start + " does not start with the Puffin magic PFA1");
    }
    byte[] payload = java.util.Arrays.copyOfRange(footer, PuffinFormat.MAGIC_LENGTH, footer.length);
    ByteBuffer json = compressed
        ? PuffinFormat.decompress(PuffinCompressionCodec.LZ4, payload, "the footer payload of Puffin file " + file.location())
        : ByteBuffer.wrap(payload);
    String text = StandardCharsets.UTF_8.decode(json).toString();
    this.footerStart = start;
    return FileMetadataParser.fromJson(text, file.location());
  }

  private boolean checkFlags(byte[] tail) {
    int flags = PuffinFormat.readIntLittleEndian(tail, 4);
    if ((flags & ~PuffinFormat.FLAG_FOOTER_COMPRESSED) != 0) {
      // reserved bits may change how the footer must be read, so guessing would be unsafe
      throw corrupt(String.format("its footer flags 0x%08x set reserved bits this reader does not know", flags));
    }
    return (flags & PuffinFormat.FLAG_FOOTER_COMPRESSED) != 0;
  }

  private long fileSize() {
    if (fileSize < 0) {
      fileSize = file.length();
    }
    return fileSize;
  }

  private void readFully(long position, byte[] target) {
    try {
      if (stream == null) {
        stream = file.newStream();
      }
      stream.readFully(position, target, 0, target.length);
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to read " + target.length + " bytes at offset " + position
          + " of Puffin file " + file.location(), e);
    }
  }

  private CorruptMetadataException corrupt(String why) {
    return new CorruptMetadataException("Cannot read Puffin file " + file.location() + ": " + why);
  }
}
