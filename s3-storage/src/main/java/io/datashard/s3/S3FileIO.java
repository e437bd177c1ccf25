package io.datashard.s3;

import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.DatashardException;
import io.datashard.io.BulkDeletionFailureException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.FileInfo;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.SupportsBulkDelete;
import io.datashard.io.SupportsPrefixListing;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A {@link FileIO} for S3 and S3-compatible stores ({@code s3://}, {@code s3a://}, {@code s3n://}
 * locations) on the AWS SDK v2. Configured from properties, see {@link S3FileIOProperties} and
 * {@code docs/s3.md}.
 *
 * <p>{@link OutputFile#create()} is an atomic create-if-absent with a conditional PUT
 * ({@code If-None-Match: *}), which makes catalog-less path-table commits safe for concurrent
 * writers. Before its first create in a bucket, an instance checks once that the store honours
 * conditional writes, and refuses to create files if it does not, unless
 * {@code s3.conditional-writes=unsafe-disabled} says the user accepts unsafe commits.
 *
 * <p>Serializable: only the properties travel; the SDK client and the upload threads are created
 * lazily where the instance is used.
 */
public class S3FileIO implements FileIO, SupportsBulkDelete, SupportsPrefixListing {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(S3FileIO.class);
  private static final int MAX_REPORTED_FAILURES = 10;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private Map<String, String> properties = Map.of();
  private transient volatile S3FileIOProperties parsed;
  private transient volatile S3Client client;
  private transient volatile ExecutorService uploadExecutor;
  private transient ConditionalWriteProbe probe;
  private transient volatile boolean warnedUnsafe;

  public S3FileIO() {
    this.probe = new ConditionalWriteProbe(this);
  }

  @Override
  public void initialize(Map<String, String> newProperties) {
    Objects.requireNonNull(newProperties, "properties is null");
    // parsed now so that a bad value fails here, with the key named, rather than at first use
    this.parsed = new S3FileIOProperties(newProperties);
    this.properties = Map.copyOf(newProperties);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new S3InputFile(this, location, S3Location.parse(location), -1);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("Invalid length " + length + " for file " + location + ": must be >= 0");
    }
    return new S3InputFile(this, location, S3Location.parse(location), length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new S3OutputFile(this, location, S3Location.parse(location));
  }

  @Override
  public void deleteFile(String location) {
    S3Location parsedLocation = S3Location.parse(location);
    try {
      client().deleteObject(b -> b.bucket(parsedLocation.bucket()).key(parsedLocation.key()));
    } catch (SdkException e) {
      if (!S3Errors.isNotFound(e) || "NoSuchBucket".equals(S3Errors.code(e))) {
        throw S3Errors.translate(e, "delete", location);
      }
    }
  }

  @Override
  public void deleteFiles(Iterable<String> locations) {
    BulkDeletion deletion = new BulkDeletion();
    for (String location : locations) {
      deletion.add(location);
    }
    deletion.finish();
  }

  @Override
  public CloseableIterable<FileInfo> listPrefix(String prefix) {
    S3Location parsedPrefix = S3Location.parsePrefix(prefix);
    String keyPrefix = parsedPrefix.key().isEmpty() || parsedPrefix.key().endsWith("/")
        ? parsedPrefix.key() : parsedPrefix.key() + "/";
    String base = prefix.endsWith("/") ? prefix : prefix + "/";
    ListObjectsV2Request request = ListObjectsV2Request.builder()
        .bucket(parsedPrefix.bucket()).prefix(keyPrefix).build();
    return () -> {
      Iterator<S3Object> objects = client().listObjectsV2Paginator(request).contents().iterator();
      return new CloseableIterator<>() {
        @Override
        public boolean hasNext() {
          try {
            return objects.hasNext();
          } catch (SdkException e) {
            throw S3Errors.translate(e, "list the files under", prefix);
          }
        }

        @Override
        public FileInfo next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          S3Object object = objects.next();
          return new FileInfo(base + object.key().substring(keyPrefix.length()), object.size(),
              object.lastModified() == null ? 0 : object.lastModified().toEpochMilli());
        }

        @Override
        public void close() {
        }
      };
    };
  }

  @Override
  public void deletePrefix(String prefix) {
    BulkDeletion deletion = new BulkDeletion();
    try (CloseableIterator<FileInfo> files = listPrefix(prefix).iterator()) {
      while (files.hasNext()) {
        deletion.add(files.next().location());
      }
    }
    deletion.finish();
  }

  @Override
  public void close() {
    ExecutorService executor = uploadExecutor;
    if (executor != null) {
      executor.shutdown();
    }
    S3Client current = client;
    client = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public String toString() {
    return "S3FileIO{" + s3Properties() + "}";
  }

  // ---- shared with the files and streams of this package ----

  S3FileIOProperties s3Properties() {
    S3FileIOProperties current = parsed;
    if (current == null) {
      synchronized (this) {
        if (parsed == null) {
          parsed = new S3FileIOProperties(properties);
        }
        current = parsed;
      }
    }
    return current;
  }

  S3Client client() {
    S3Client current = client;
    if (current == null) {
      synchronized (this) {
        if (client == null) {
          client = S3ClientFactory.create(s3Properties());
          LOG.debug("Created an S3 client: {}", s3Properties());
        }
        current = client;
      }
    }
    return current;
  }

  ExecutorService uploadExecutor() {
    ExecutorService current = uploadExecutor;
    if (current == null) {
      synchronized (this) {
        if (uploadExecutor == null) {
          int threads = s3Properties().uploadThreads();
          ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "datashard-s3-upload-" + THREAD_IDS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
          executor.allowCoreThreadTimeOut(true);
          uploadExecutor = executor;
        }
        current = uploadExecutor;
      }
    }
    return current;
  }

  /** Whether an object exists, by HEAD. */
  boolean exists(S3Location location) {
    try {
      client().headObject(b -> b.bucket(location.bucket()).key(location.key()));
      return true;
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return false;
      }
      throw S3Errors.translate(e, "check whether a file exists at", location.toString());
    }
  }

  AlreadyExistsException alreadyExists(String location, Exception cause) {
    return new AlreadyExistsException("Cannot create " + location + ": the file already exists "
        + "(another writer may have created it first). Write to a new location, or use "
        + "createOrOverwrite() to replace the file", cause);
  }

  /** Refuses creates in buckets whose store is known to ignore conditional writes. */
  void requireConditionalWrites(S3Location location) {
    if (s3Properties().conditionalWrites() == S3FileIOProperties.ConditionalWrites.ENABLED
        && s3Properties().conditionalWritesProbe()) {
      probe().check(location);
    }
  }

  void warnUnsafeOnce() {
    if (!warnedUnsafe) {
      warnedUnsafe = true;
      LOG.warn("{}={}: files are created with a check-then-write that concurrent writers can both pass; "
          + "table commits are only safe with a single writer per table", S3FileIOProperties.CONDITIONAL_WRITES,
          S3FileIOProperties.ConditionalWrites.UNSAFE_DISABLED.value());
    }
  }

  PutObjectRequest.Builder writeSettings(PutObjectRequest.Builder request) {
    S3FileIOProperties config = s3Properties();
    switch (config.sseType()) {
      case S3 -> request.serverSideEncryption(ServerSideEncryption.AES256);
      case KMS -> {
        request.serverSideEncryption(ServerSideEncryption.AWS_KMS);
        config.sseKmsKeyId().ifPresent(request::ssekmsKeyId);
      }
      default -> { }
    }
    config.storageClass().ifPresent(request::storageClass);
    return request;
  }

  CreateMultipartUploadRequest.Builder writeSettings(CreateMultipartUploadRequest.Builder request) {
    S3FileIOProperties config = s3Properties();
    switch (config.sseType()) {
      case S3 -> request.serverSideEncryption(ServerSideEncryption.AES256);
      case KMS -> {
        request.serverSideEncryption(ServerSideEncryption.AWS_KMS);
        config.sseKmsKeyId().ifPresent(request::ssekmsKeyId);
      }
      default -> { }
    }
    config.storageClass().ifPresent(request::storageClass);
    return request;
  }

  private synchronized ConditionalWriteProbe probe() {
    if (probe == null) {
      probe = new ConditionalWriteProbe(this);
    }
    return probe;
  }

  /** Deletes in batches of up to 1,000 keys per bucket (the DeleteObjects limit). */
  private final class BulkDeletion {
    private final Map<String, List<String>> pending = new LinkedHashMap<>();
    private final List<RuntimeException> reported = new ArrayList<>();
    private final int batchSize = s3Properties().deleteBatchSize();
    private int attempted;
    private int failures;

    void add(String location) {
      attempted++;
      S3Location parsedLocation;
      try {
        parsedLocation = S3Location.parse(location);
      } catch (RuntimeException e) {
        failed(1, e);
        return;
      }
      List<String> keys = pending.computeIfAbsent(parsedLocation.bucket(), b -> new ArrayList<>());
      keys.add(parsedLocation.key());
      if (keys.size() >= batchSize) {
        flush(parsedLocation.bucket(), keys);
        pending.remove(parsedLocation.bucket());
      }
    }

    void finish() {
      pending.forEach(this::flush);
      pending.clear();
      if (failures > 0) {
        BulkDeletionFailureException failure = new BulkDeletionFailureException(failures, String.format(
            "Failed to delete %d of %d files; the first %d failures are attached as suppressed exceptions "
                + "(first: %s). The other files were deleted; retry to delete the rest",
            failures, attempted, reported.size(), reported.get(0).getMessage()));
        reported.forEach(failure::addSuppressed);
        throw failure;
      }
    }

    private void flush(String bucket, List<String> keys) {
      List<ObjectIdentifier> objects = new ArrayList<>(keys.size());
      for (String key : keys) {
        objects.add(ObjectIdentifier.builder().key(key).build());
      }
      try {
        DeleteObjectsResponse response = client().deleteObjects(b -> b.bucket(bucket)
            .delete(d -> d.objects(objects).quiet(true)));
        for (S3Error error : response.errors()) {
          if ("NoSuchKey".equals(error.code())) {
            continue;
          }
          failed(1, new DatashardException("Failed to delete s3://" + bucket + "/" + error.key() + ": "
              + error.code() + " " + error.message()));
        }
      } catch (SdkException e) {
        failed(keys.size(), new DatashardException("Failed to delete a batch of " + keys.size()
            + " files in bucket " + bucket + " (first: " + keys.get(0) + "): " + S3Errors.describe(e), e));
      }
    }

    private void failed(int count, RuntimeException e) {
      failures += count;
      if (reported.size() < MAX_REPORTED_FAILURES) {
        reported.add(e);
      }
    }
  }
}
