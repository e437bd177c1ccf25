package io.datashard.s3;

import io.datashard.io.SeekableInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Streams an S3 object with ranged GETs. The object is never buffered whole: a seek only records
 * the new position, and the next read either skips forward within the open response (if the jump
 * is within the skip window, which is cheaper than a new request) or reopens the response at the
 * new position. Every response after the first is pinned to the first one's ETag, so a reader
 * never mixes the bytes of two versions of an overwritten object.
 */
final class S3InputStream extends SeekableInputStream {
  private static final Logger LOG = LoggerFactory.getLogger(S3InputStream.class);
  // Closing a response with more than this left unread aborts the connection instead of draining it.
  private static final long DRAIN_LIMIT = 128 * 1024;
  private static final int READ_ATTEMPTS = 3;

  private final S3Client client;
  private final S3Location target;
  private final String location;
  private final long skipWindow;
  private final long length;
  private final String eTag;
  private ResponseInputStream<GetObjectResponse> stream;
  private long streamPosition;
  private long position;
  private boolean closed;

  /** Opens the object at position 0; a missing object fails here, not at the first read. */
  S3InputStream(S3Client client, S3Location target, String location, long skipWindow) {
    this.client = client;
    this.target = target;
    this.location = location;
    this.skipWindow = skipWindow;
    GetObjectRequest request = GetObjectRequest.builder().bucket(target.bucket()).key(target.key()).build();
    try {
      this.stream = client.getObject(request);
    } catch (SdkException e) {
      throw S3Errors.translate(e, "open", location);
    }
    this.length = stream.response().contentLength();
    this.eTag = stream.response().eTag();
    this.streamPosition = 0;
  }

  long length() {
    return length;
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
    if (position >= length) {
      return -1;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        InputStream in = streamAtPosition();
        int value = in.read();
        if (value < 0) {
          throw new EOFException("Response ended early at position " + position + " of " + length);
        }
        position++;
        streamPosition++;
        return value;
      } catch (IOException e) {
        handleReadFailure(e, attempt);
      }
    }
  }

  @Override
  public int read(byte[] bytes, int offset, int count) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(offset, count, bytes.length);
    if (count == 0) {
      return 0;
    }
    if (position >= length) {
      return -1;
    }
    int wanted = (int) Math.min(count, length - position);
    for (int attempt = 1; ; attempt++) {
      try {
        InputStream in = streamAtPosition();
        int read = in.read(bytes, offset, wanted);
        if (read < 0) {
          throw new EOFException("Response ended early at position " + position + " of " + length);
        }
        position += read;
        streamPosition += read;
        return read;
      } catch (IOException e) {
        handleReadFailure(e, attempt);
      }
    }
  }

  /** A ranged GET of exactly the bytes asked for; the stream's own response is left alone. */
  @Override
  public void readFully(long filePosition, byte[] bytes, int offset, int count) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(offset, count, bytes.length);
    if (filePosition < 0) {
      throw new IllegalArgumentException("Cannot read " + location + " at position " + filePosition + ": must be >= 0");
    }
    if (filePosition + count > length) {
      throw new EOFException(String.format("Cannot read %d bytes at position %d of %s: the file has %d bytes",
          count, filePosition, location, length));
    }
    if (count == 0) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try (ResponseInputStream<GetObjectResponse> range = open(filePosition, filePosition + count - 1)) {
        int read = 0;
        while (read < count) {
          int n = range.read(bytes, offset + read, count - read);
          if (n < 0) {
            throw new EOFException("Response ended early after " + read + " of " + count + " bytes");
          }
          read += n;
        }
        return;
      } catch (IOException e) {
        if (attempt >= READ_ATTEMPTS) {
          throw new IOException("Failed to read " + count + " bytes at position " + filePosition + " of " + location, e);
        }
        LOG.debug("Retrying a ranged read of {} after: {}", location, e.toString());
      }
    }
  }

  @Override
  public long skip(long n) throws IOException {
    checkOpen();
    if (n <= 0) {
      return 0;
    }
    long skipped = Math.max(0, Math.min(n, length - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    checkOpen();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, length - position));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeResponse();
    }
  }

  /** The open response, moved to {@link #position}: skipped forward when close, else reopened. */
  private InputStream streamAtPosition() throws IOException {
    if (stream != null && position != streamPosition) {
      long gap = position - streamPosition;
      if (gap > 0 && gap <= skipWindow) {
        skipFully(gap);
      } else {
        closeResponse();
      }
    }
    if (stream == null) {
      stream = open(position, -1);
      streamPosition = position;
    }
    return stream;
  }

  private void skipFully(long gap) throws IOException {
    long remaining = gap;
    while (remaining > 0) {
      long n = stream.skip(remaining);
      if (n <= 0) {
        if (stream.read() < 0) {
          throw new EOFException("Response ended early while skipping to position " + position);
        }
        n = 1;
      }
      remaining -= n;
      streamPosition += n;
    }
  }

  private ResponseInputStream<GetObjectResponse> open(long first, long last) throws IOException {
    GetObjectRequest.Builder request = GetObjectRequest.builder()
        .bucket(target.bucket())
        .key(target.key())
        .range("bytes=" + first + "-" + (last < 0 ? "" : String.valueOf(last)));
    if (eTag != null) {
      request.ifMatch(eTag);
    }
    try {
      return client.getObject(request.build());
    } catch (SdkException e) {
      if (S3Errors.status(e) == 412) {
        throw new IOException("Cannot continue reading " + location + ": the object was replaced while it was "
            + "being read (its ETag changed from " + eTag + ")", e);
      }
      throw new IOException("Failed to read " + location + " from position " + first, S3Errors.translate(e, "read", location));
    }
  }

  private void handleReadFailure(IOException failure, int attempt) throws IOException {
    stream = abort(stream);
    if (attempt >= READ_ATTEMPTS || closed) {
      throw new IOException("Failed to read " + location + " at position " + position, failure);
    }
    // connection resets happen on long reads; the next read reopens at the current position
    LOG.debug("Reopening {} at position {} after: {}", location, position, failure.toString());
  }

  private void closeResponse() {
    if (stream == null) {
      return;
    }
    if (length - streamPosition > DRAIN_LIMIT) {
      stream = abort(stream);
      return;
    }
    try {
      stream.close();
    } catch (IOException | SdkException e) {
      LOG.debug("Failed to close a response of {}", location, e);
    }
    stream = null;
  }

  private ResponseInputStream<GetObjectResponse> abort(ResponseInputStream<GetObjectResponse> response) {
    if (response != null) {
      response.abort();
      try {
        response.close();
      } catch (IOException | SdkException e) {
        LOG.debug("Failed to close an aborted response of {}", location, e);
      }
    }
    return null;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("Cannot use the stream of " + location + ": it is closed");
    }
  }
}
