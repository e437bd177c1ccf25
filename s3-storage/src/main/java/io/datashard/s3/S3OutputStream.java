package io.datashard.s3;

import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.io.PositionOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Writes an S3 object. Content is buffered in memory; nothing is visible at the location until
 * {@link #close()}. Up to the multipart threshold the object is written with one PUT at close;
 * past it, a multipart upload sends parts in parallel while the caller keeps writing (at most
 * {@code s3.multipart.parallelism} parts in flight per stream, which bounds memory), and close
 * completes it. Any failure aborts the upload, so no incomplete upload is left behind.
 *
 * <p>For {@code create()}, the PUT or the completion carries {@code If-None-Match: *}, which S3
 * decides atomically: of racing writers, exactly one succeeds and the others get 412, reported as
 * {@link AlreadyExistsException} from {@link #close()}. That is also how a create over an existing
 * object fails: {@code create()} sends no request of its own.
 */
final class S3OutputStream extends PositionOutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(S3OutputStream.class);
  private static final int MAX_PARTS = 10_000;
  private static final int INITIAL_BUFFER = 64 * 1024;
  // A single PUT body is one byte array; larger objects must go multipart.
  private static final long MAX_SINGLE_BUFFER = Integer.MAX_VALUE - 64;
  private static final String CONTENT_TYPE = "application/octet-stream";

  /** What a write may do to an existing object. */
  enum Mode {
    /** Replace whatever is there. */
    OVERWRITE,
    /** Create atomically with {@code If-None-Match: *}. */
    CREATE,
    /** Check with HEAD, then write: racing writers can both succeed (the documented unsafe mode). */
    CREATE_UNSAFE_CHECKED
  }

  private final S3FileIO io;
  private final S3Location target;
  private final String location;
  private final Mode mode;
  private final int partSize;
  private final long threshold;
  private final Semaphore inFlight;
  private final List<Future<CompletedPart>> parts = new ArrayList<>();
  private Buffer buffer = new Buffer(INITIAL_BUFFER);
  private String uploadId;
  private int partCount;
  private long position;
  private boolean closed;
  private IOException failure;

  S3OutputStream(S3FileIO io, S3Location target, String location, Mode mode) {
    this.io = io;
    this.target = target;
    this.location = location;
    this.mode = mode;
    S3FileIOProperties properties = io.s3Properties();
    this.partSize = (int) Math.min(properties.partSize(), MAX_SINGLE_BUFFER);
    this.threshold = Math.min(properties.multipartThreshold(), MAX_SINGLE_BUFFER);
    this.inFlight = new Semaphore(properties.multipartParallelism());
  }

  @Override
  public long position() throws IOException {
    checkOpen();
    return position;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(offset, length, bytes.length);
    try {
      append(bytes, offset, length);
    } catch (IOException e) {
      throw fail(e);
    } catch (RuntimeException e) {
      // whatever went wrong, close() must not publish what was buffered so far
      fail(new IOException("Failed to write " + location, e));
      throw e;
    }
  }

  private void append(byte[] bytes, int offset, int length) throws IOException {
    int off = offset;
    int remaining = length;
    while (remaining > 0) {
      if (uploadId == null) {
        int n = (int) Math.min(remaining, threshold + 1 - buffer.size());
        if (n <= 0) {
          startMultipart();
          continue;
        }
        buffer.write(bytes, off, n);
        off += n;
        remaining -= n;
        position += n;
        if (buffer.size() > threshold) {
          startMultipart();
        }
      } else {
        int n = Math.min(remaining, partSize - buffer.size());
        buffer.write(bytes, off, n);
        off += n;
        remaining -= n;
        position += n;
        if (buffer.size() == partSize) {
          submitPart(buffer.array(), buffer.size());
          buffer = new Buffer(partSize);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (failure != null) {
        throw new IOException("Discarded " + location + ": a write to it failed, so its content is "
            + "incomplete and was not published", failure);
      }
      if (uploadId == null) {
        putSingle();
      } else {
        if (buffer.size() > 0 || partCount == 0) {
          submitPart(buffer.array(), buffer.size());
        }
        buffer = null;
        complete(awaitParts());
      }
    } catch (IOException | RuntimeException e) {
      abortUpload(e);
      throw e;
    } finally {
      buffer = null;
    }
  }

  private void putSingle() throws IOException {
    byte[] data = buffer.array();
    int size = buffer.size();
    if (mode == Mode.CREATE_UNSAFE_CHECKED && io.exists(target)) {
      throw io.alreadyExists(location, null);
    }
    if (mode == Mode.CREATE) {
      io.requireConditionalWrites(target);
    }
    PutObjectRequest.Builder request = io.writeSettings(PutObjectRequest.builder()
        .bucket(target.bucket()).key(target.key()).contentLength((long) size));
    if (mode == Mode.CREATE) {
      request.ifNoneMatch("*");
    }
    try {
      io.client().putObject(request.build(), body(data, size));
    } catch (SdkException e) {
      if (mode == Mode.CREATE && S3Errors.status(e) == 412) {
        if (retriedAndLanded(e, data, size)) {
          return;
        }
        throw io.alreadyExists(location, e);
      }
      throw new IOException("Failed to write " + location + ": " + S3Errors.describe(e), e);
    }
  }

  /**
   * A conditional PUT that the SDK retried (after a timeout or a reset connection) may have
   * succeeded on an earlier attempt: then the 412 is our own object. Compare the content to tell.
   */
  private boolean retriedAndLanded(SdkException e, byte[] data, int size) {
    if (e.numAttempts() == null || e.numAttempts() <= 1) {
      return false;
    }
    try (InputStream in = io.newInputFile(location).newStream()) {
      byte[] found = in.readAllBytes();
      boolean same = Arrays.equals(found, 0, found.length, data, 0, size);
      if (same) {
        LOG.warn("A retried conditional PUT of {} was refused, but the object holds exactly this write: "
            + "an earlier attempt succeeded", location);
      }
      return same;
    } catch (IOException | RuntimeException readFailure) {
      e.addSuppressed(readFailure);
      return false;
    }
  }

  private void startMultipart() throws IOException {
    if (mode == Mode.CREATE) {
      io.requireConditionalWrites(target);
    }
    if (mode != Mode.OVERWRITE && io.exists(target)) {
      // not the check that decides a race (the completion is), but it saves uploading a loser
      throw io.alreadyExists(location, null);
    }
    CreateMultipartUploadRequest.Builder request = io.writeSettings(CreateMultipartUploadRequest.builder()
        .bucket(target.bucket()).key(target.key()).contentType(CONTENT_TYPE));
    try {
      uploadId = io.client().createMultipartUpload(request.build()).uploadId();
    } catch (SdkException e) {
      throw fail(new IOException("Failed to start a multipart upload of " + location + ": " + S3Errors.describe(e), e));
    }
    Buffer initial = buffer;
    int offset = 0;
    while (initial.size() - offset >= partSize) {
      submitPart(Arrays.copyOfRange(initial.array(), offset, offset + partSize), partSize);
      offset += partSize;
    }
    buffer = new Buffer(partSize);
    buffer.write(initial.array(), offset, initial.size() - offset);
  }

  private void submitPart(byte[] data, int size) throws IOException {
    checkParts();
    int partNumber = ++partCount;
    if (partNumber > MAX_PARTS) {
      throw fail(new IOException("Cannot write " + location + ": it needs more than " + MAX_PARTS
          + " parts of " + partSize + " bytes; raise " + S3FileIOProperties.MULTIPART_PART_SIZE));
    }
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(new IOException("Interrupted while writing " + location));
    }
    UploadPartRequest request = UploadPartRequest.builder()
        .bucket(target.bucket()).key(target.key()).uploadId(uploadId)
        .partNumber(partNumber).contentLength((long) size).build();
    try {
      parts.add(io.uploadExecutor().submit(() -> {
        try {
          UploadPartResponse response = io.client().uploadPart(request, body(data, size));
          return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag())
              .checksumCRC32(response.checksumCRC32()).checksumCRC32C(response.checksumCRC32C())
              .checksumCRC64NVME(response.checksumCRC64NVME())
              .checksumSHA1(response.checksumSHA1()).checksumSHA256(response.checksumSHA256())
              .build();
        } finally {
          inFlight.release();
        }
      }));
    } catch (RuntimeException e) {
      inFlight.release();
      throw fail(new IOException("Failed to schedule part " + partNumber + " of " + location, e));
    }
  }

  /** Fails fast when a part already failed, instead of uploading the rest first. */
  private void checkParts() throws IOException {
    for (Future<CompletedPart> part : parts) {
      if (part.isDone()) {
        result(part);
      }
    }
  }

  private List<CompletedPart> awaitParts() throws IOException {
    List<CompletedPart> completed = new ArrayList<>(parts.size());
    for (Future<CompletedPart> part : parts) {
      completed.add(result(part));
    }
    return completed;
  }

  private CompletedPart result(Future<CompletedPart> part) throws IOException {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(new IOException("Interrupted while writing " + location));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String detail = cause instanceof SdkException sdk ? S3Errors.describe(sdk) : String.valueOf(cause);
      throw fail(new IOException("Failed to upload a part of " + location + ": " + detail, cause));
    }
  }

  private void complete(List<CompletedPart> completed) throws IOException {
    if (mode == Mode.CREATE_UNSAFE_CHECKED && io.exists(target)) {
      throw io.alreadyExists(location, null);
    }
    CompleteMultipartUploadRequest.Builder request = CompleteMultipartUploadRequest.builder()
        .bucket(target.bucket()).key(target.key()).uploadId(uploadId)
        .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build());
    if (mode == Mode.CREATE) {
      request.ifNoneMatch("*");
    }
    try {
      io.client().completeMultipartUpload(request.build());
      uploadId = null;
    } catch (SdkException e) {
      boolean retried = e.numAttempts() != null && e.numAttempts() > 1;
      if (mode == Mode.CREATE && S3Errors.status(e) == 412 && !retried) {
        throw io.alreadyExists(location, e);
      }
      if (retried && (S3Errors.status(e) == 412 || "NoSuchUpload".equals(S3Errors.code(e)))) {
        // an earlier attempt may have completed the upload; only the caller can tell whether the
        // object there is this write (PathTableOperations compares the content)
        uploadId = null;
        throw new IOException("Unknown outcome writing " + location + ": a retried completion of its "
            + "multipart upload was refused (" + S3Errors.describe(e) + "), so an earlier attempt may "
            + "have completed it", e);
      }
      throw new IOException("Failed to complete the multipart upload of " + location + ": " + S3Errors.describe(e), e);
    }
  }

  private void abortUpload(Exception cause) {
    if (uploadId == null) {
      return;
    }
    // A part still uploading when the abort lands may be stored anyway (S3 documents this), so
    // wait for them; at most s3.multipart.parallelism parts are queued or running.
    for (Future<CompletedPart> part : parts) {
      try {
        part.get();
      } catch (Exception ignored) {
        // their failures are reported through the first one, or do not matter after an abort
      }
    }
    try {
      io.client().abortMultipartUpload(b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
      LOG.debug("Aborted the multipart upload {} of {}", uploadId, location);
    } catch (SdkException e) {
      cause.addSuppressed(new IOException("Failed to abort the multipart upload " + uploadId + " of "
          + location + "; a bucket lifecycle rule for incomplete uploads removes it", e));
    }
    uploadId = null;
  }

  private IOException fail(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("Cannot write to " + location + ": the stream is closed");
    }
    if (failure != null) {
      throw new IOException("Cannot write to " + location + ": an earlier write failed", failure);
    }
  }

  private static RequestBody body(byte[] data, int size) {
    // a new stream per attempt, so the SDK can retry without copying the buffer
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, size), size, CONTENT_TYPE);
  }

  /** A byte buffer whose array is handed out without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    byte[] array() {
      return buf;
    }
  }
}
