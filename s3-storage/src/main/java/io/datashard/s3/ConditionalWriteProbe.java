package io.datashard.s3;

import io.datashard.exceptions.DatashardException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Finds out, once per bucket, whether the store honours {@code If-None-Match: *}. Some S3-compatible
 * stores ignore the header and answer 200, which would let two committers both "create" the same
 * metadata version, the later silently replacing the earlier. The probe writes a small hidden
 * object twice with the condition, next to the first file the instance creates in the bucket (where
 * the caller may write), and expects the second write to be refused with 412; then deletes it.
 */
final class ConditionalWriteProbe {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionalWriteProbe.class);
  static final String PROBE_PREFIX = ".datashard-conditional-write-probe-";

  private final S3FileIO io;
  private final Map<String, Boolean> supportedByBucket = new ConcurrentHashMap<>();

  ConditionalWriteProbe(S3FileIO io) {
    this.io = io;
  }

  /** Returns if conditional creates are safe in the location's bucket; throws if they are not. */
  void check(S3Location location) {
    boolean supported = supportedByBucket.computeIfAbsent(location.bucket(), bucket -> probe(location));
    if (!supported) {
      throw new DatashardException(String.format(
          "Cannot create %s safely: the S3 endpoint %s does not honour conditional writes "
              + "(If-None-Match: *) in bucket '%s', so two writers could both create the same file and a "
              + "table commit could silently replace another one. Use a store with conditional writes "
              + "(AWS S3, MinIO, and others; see docs/s3.md). Only if a single writer ever commits to each "
              + "table, set %s=%s to create files with an unsafe check-then-write",
          location, io.s3Properties().endpoint().orElse("(AWS default)"), location.bucket(),
          S3FileIOProperties.CONDITIONAL_WRITES, S3FileIOProperties.ConditionalWrites.UNSAFE_DISABLED.value()));
    }
  }

  private enum Outcome { WRITTEN, PRECONDITION_FAILED, NOT_IMPLEMENTED }

  private boolean probe(S3Location location) {
    String key = location.key();
    String probeKey = key.substring(0, key.lastIndexOf('/') + 1) + PROBE_PREFIX + UUID.randomUUID();
    S3Location probe = new S3Location(location.scheme(), location.bucket(), probeKey);
    try {
      Outcome first = conditionalPut(probe);
      if (first != Outcome.WRITTEN) {
        return false;
      }
      Outcome second = conditionalPut(probe);
      LOG.debug("Conditional-write probe in bucket {}: second write {}", location.bucket(), second);
      return second == Outcome.PRECONDITION_FAILED;
    } finally {
      try {
        io.client().deleteObject(b -> b.bucket(probe.bucket()).key(probe.key()));
      } catch (SdkException e) {
        LOG.warn("Failed to delete the conditional-write probe object {}: {}", probe, S3Errors.describe(e));
      }
    }
  }

  private Outcome conditionalPut(S3Location probe) {
    PutObjectRequest request = io.writeSettings(PutObjectRequest.builder()
        .bucket(probe.bucket()).key(probe.key()).ifNoneMatch("*")).build();
    try {
      io.client().putObject(request, RequestBody.empty());
      return Outcome.WRITTEN;
    } catch (SdkException e) {
      if (S3Errors.status(e) == 412) {
        return Outcome.PRECONDITION_FAILED;
      }
      if (S3Errors.status(e) == 501 || "NotImplemented".equals(S3Errors.code(e))) {
        LOG.warn("The S3 endpoint rejects conditional writes: {}", S3Errors.describe(e));
        return Outcome.NOT_IMPLEMENTED;
      }
      throw S3Errors.translate(e, "check conditional-write support with probe object", probe.toString());
    }
  }
}
