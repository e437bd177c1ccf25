package io.datashard.puffin;

import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a Puffin file: the magic, then each blob as it is added, then the footer on
 * {@link #close()}. Blobs are stored uncompressed and the footer payload is not compressed; both
 * are valid Puffin and readable by every implementation.
 *
 * <pre>{@code
 * try (PuffinWriter writer = new PuffinWriter(io.newOutputFile(path), Map.of())) {
 *   BlobMetadata stored = writer.add(blob);
 * }
 * }</pre>
 */
public final class PuffinWriter implements AutoCloseable {
  private static final String DEFAULT_CREATED_BY = "Datashard";

  private final OutputFile file;
  private final Map<String, String> properties;
  private final List<BlobMetadata> written = new ArrayList<>();
  private PositionOutputStream stream;
  private boolean closed;
  private long fileSize = -1;
  private long footerSize = -1;

  /**
   * A writer that creates {@code file} (failing if it exists) when the first blob is added or the
   * writer is closed.
   *
   * @param properties file properties for the footer; {@code created-by} defaults to "Datashard"
   */
  public PuffinWriter(OutputFile file, Map<String, String> properties) {
    this.file = Objects.requireNonNull(file, "file is null");
    Map<String, String> props = new HashMap<>(Objects.requireNonNull(properties, "properties is null"));
    props.putIfAbsent(PuffinFormat.CREATED_BY, DEFAULT_CREATED_BY);
    this.properties = Map.copyOf(props);
  }

  public String location() {
    return file.location();
  }

  /** Appends a blob uncompressed and returns its footer entry (offset and length in the file). */
  public BlobMetadata add(Blob blob) {
    Objects.requireNonNull(blob, "blob is null");
    checkOpen();
    ByteBuffer data = blob.data();
    try {
      PositionOutputStream out = stream();
      long offset = out.position();
      int length = data.remaining();
      writeBuffer(out, data);
      BlobMetadata metadata = new BlobMetadata(blob.type(), blob.fields(), blob.snapshotId(), blob.sequenceNumber(),
          offset, length, PuffinCompressionCodec.NONE, blob.properties());
      written.add(metadata);
      return metadata;
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to write a " + blob.type() + " blob to Puffin file " + file.location(), e);
    }
  }

  /** The footer entries of the blobs added so far, in file order. */
  public List<BlobMetadata> writtenBlobs() {
    return List.copyOf(written);
  }

  /** Size of the whole file; known once the writer is closed. */
  public long fileSize() {
    if (!closed) {
      throw new IllegalStateException("The size of Puffin file " + file.location() + " is known only after close()");
    }
    return fileSize;
  }

  /** Size of the footer (both magics, payload, size and flags); known once the writer is closed. */
  public long footerSize() {
    if (!closed) {
      throw new IllegalStateException("The footer size of Puffin file " + file.location() + " is known only after close()");
    }
    return footerSize;
  }

  /** Writes the footer and publishes the file. Calling it again does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      PositionOutputStream out = stream();
      long footerStart = out.position();
      byte[] payload = FileMetadataParser.toJson(new FileMetadata(written, properties)).getBytes(StandardCharsets.UTF_8);
      out.write(PuffinFormat.MAGIC);
      out.write(payload);
      byte[] tail = new byte[PuffinFormat.FOOTER_STRUCT_LENGTH];
      PuffinFormat.writeIntLittleEndian(tail, 0, payload.length);
      // flags (bytes 4..7) stay 0: the payload is not compressed and the other bits are reserved
      System.arraycopy(PuffinFormat.MAGIC, 0, tail, 8, PuffinFormat.MAGIC_LENGTH);
      out.write(tail);
      long end = out.position();
      closed = true;
      out.close();
      this.footerSize = end - footerStart;
      this.fileSize = end;
    } catch (IOException e) {
      closed = true;
      throw new RuntimeIOException("Failed to write the footer of Puffin file " + file.location(), e);
    }
  }

  private PositionOutputStream stream() throws IOException {
    if (stream == null) {
      stream = file.create();
      stream.write(PuffinFormat.MAGIC);
    }
    return stream;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Cannot add a blob to Puffin file " + file.location() + ": the writer is closed");
    }
  }

  private static void writeBuffer(PositionOutputStream out, ByteBuffer data) throws IOException {
    if (data.hasArray()) {
      out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
    } else {
      byte[] copy = new byte[data.remaining()];
      data.duplicate().get(copy);
      out.write(copy);
    }
  }
}
