package io.datashard.s3;

import io.datashard.exceptions.ValidationException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of an {@link S3FileIO}, parsed and validated from string properties (Spark and
 * Flink options, catalog properties). Keys and defaults are listed in {@code docs/s3.md}.
 *
 * <p>Secrets (secret key, session token) are kept but never appear in {@link #toString()} or in an
 * error message.
 */
public final class S3FileIOProperties {
  public static final String REGION = "s3.region";
  /** Iceberg's name for the region, accepted as an alias of {@link #REGION}. */
  public static final String CLIENT_REGION = "client.region";
  public static final String ENDPOINT = "s3.endpoint";
  public static final String PATH_STYLE_ACCESS = "s3.path-style-access";

  public static final String ACCESS_KEY_ID = "s3.access-key-id";
  public static final String SECRET_ACCESS_KEY = "s3.secret-access-key";
  public static final String SESSION_TOKEN = "s3.session-token";
  public static final String PROFILE = "s3.profile";
  public static final String ASSUME_ROLE_ARN = "s3.assume-role.arn";
  public static final String ASSUME_ROLE_SESSION_NAME = "s3.assume-role.session-name";
  public static final String ASSUME_ROLE_EXTERNAL_ID = "s3.assume-role.external-id";

  public static final String SSE_TYPE = "s3.sse.type";
  public static final String SSE_KMS_KEY_ID = "s3.sse.kms-key-id";
  public static final String STORAGE_CLASS = "s3.storage-class";

  public static final String MULTIPART_PART_SIZE = "s3.multipart.part-size-bytes";
  public static final String MULTIPART_THRESHOLD = "s3.multipart.threshold-bytes";
  public static final String MULTIPART_PARALLELISM = "s3.multipart.parallelism";
  public static final String UPLOAD_THREADS = "s3.upload.threads";
  public static final String DELETE_BATCH_SIZE = "s3.delete.batch-size";
  public static final String READ_SKIP_WINDOW = "s3.read.skip-window-bytes";

  public static final String MAX_CONNECTIONS = "s3.http.max-connections";
  public static final String CONNECTION_TIMEOUT_MS = "s3.http.connection-timeout-ms";
  public static final String SOCKET_TIMEOUT_MS = "s3.http.socket-timeout-ms";
  public static final String CONNECTION_ACQUISITION_TIMEOUT_MS = "s3.http.connection-acquisition-timeout-ms";
  public static final String API_CALL_ATTEMPT_TIMEOUT_MS = "s3.api-call-attempt-timeout-ms";

  public static final String RETRY_MAX_ATTEMPTS = "s3.retry.max-attempts";
  public static final String RETRY_BASE_DELAY_MS = "s3.retry.base-delay-ms";
  public static final String RETRY_THROTTLING_BASE_DELAY_MS = "s3.retry.throttling-base-delay-ms";
  public static final String RETRY_MAX_DELAY_MS = "s3.retry.max-delay-ms";

  public static final String CHECKSUM_ENABLED = "s3.checksum-enabled";

  public static final String CONDITIONAL_WRITES = "s3.conditional-writes";
  public static final String CONDITIONAL_WRITES_PROBE = "s3.conditional-writes.probe";

  static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
  static final int MAX_DELETE_BATCH = 1000;

  /** How {@code OutputFile.create()} guarantees that it never replaces an existing object. */
  public enum ConditionalWrites {
    /** Conditional PUT ({@code If-None-Match: *}): atomic, safe for concurrent committers. */
    ENABLED("enabled"),
    /**
     * The store ignores conditional writes: a HEAD check before the PUT, which two racing writers
     * can both pass, so the later silently replaces the earlier. Only safe with a single writer.
     */
    UNSAFE_DISABLED("unsafe-disabled");

    private final String value;

    ConditionalWrites(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  /** Server-side encryption of written objects. */
  public enum SseType { NONE, S3, KMS }

  private final Map<String, String> properties;
  private final Optional<String> region;
  private final Optional<String> endpoint;
  private final boolean pathStyleAccess;
  private final Optional<String> profile;
  private final Optional<String> assumeRoleArn;
  private final SseType sseType;
  private final Optional<String> sseKmsKeyId;
  private final Optional<String> storageClass;
  private final long partSize;
  private final long multipartThreshold;
  private final int multipartParallelism;
  private final int uploadThreads;
  private final int deleteBatchSize;
  private final long readSkipWindow;
  private final int maxConnections;
  private final Duration connectionTimeout;
  private final Duration socketTimeout;
  private final Duration connectionAcquisitionTimeout;
  private final Optional<Duration> apiCallAttemptTimeout;
  private final int retryMaxAttempts;
  private final Duration retryBaseDelay;
  private final Duration retryThrottlingBaseDelay;
  private final Duration retryMaxDelay;
  private final boolean checksumEnabled;
  private final ConditionalWrites conditionalWrites;
  private final boolean conditionalWritesProbe;

  public S3FileIOProperties(Map<String, String> properties) {
    this.properties = Map.copyOf(Objects.requireNonNull(properties, "properties is null"));
    this.region = string(REGION).or(() -> string(CLIENT_REGION));
    this.endpoint = string(ENDPOINT);
    this.pathStyleAccess = bool(PATH_STYLE_ACCESS, false);
    this.profile = string(PROFILE);
    this.assumeRoleArn = string(ASSUME_ROLE_ARN);
    if (string(ACCESS_KEY_ID).isPresent() != string(SECRET_ACCESS_KEY).isPresent()) {
      throw new ValidationException("Invalid S3 credentials: set both " + ACCESS_KEY_ID + " and "
          + SECRET_ACCESS_KEY + ", or neither (to use the default credentials chain or " + PROFILE + ")");
    }
    if (string(ACCESS_KEY_ID).isPresent() && profile.isPresent()) {
      throw new ValidationException("Invalid S3 credentials: both static keys (" + ACCESS_KEY_ID
          + ") and a profile (" + PROFILE + ") are set; set only one");
    }
    this.sseType = enumValue(SSE_TYPE, SseType.class, SseType.NONE);
    this.sseKmsKeyId = string(SSE_KMS_KEY_ID);
    if (sseKmsKeyId.isPresent() && sseType != SseType.KMS) {
      throw new ValidationException("Invalid S3 encryption settings: " + SSE_KMS_KEY_ID + " is set but "
          + SSE_TYPE + " is '" + sseType.name().toLowerCase(Locale.ROOT) + "'; set " + SSE_TYPE + "=kms");
    }
    this.storageClass = string(STORAGE_CLASS);
    this.partSize = longValue(MULTIPART_PART_SIZE, 16L * 1024 * 1024, MIN_PART_SIZE, MAX_PART_SIZE);
    this.multipartThreshold = longValue(MULTIPART_THRESHOLD, partSize, 0, Long.MAX_VALUE);
    this.multipartParallelism = (int) longValue(MULTIPART_PARALLELISM, 4, 1, 1000);
    this.uploadThreads = (int) longValue(UPLOAD_THREADS, 16, 1, 10_000);
    this.deleteBatchSize = (int) longValue(DELETE_BATCH_SIZE, MAX_DELETE_BATCH, 1, MAX_DELETE_BATCH);
    this.readSkipWindow = longValue(READ_SKIP_WINDOW, 1024 * 1024, 0, Long.MAX_VALUE);
    this.maxConnections = (int) longValue(MAX_CONNECTIONS, 96, 1, 100_000);
    this.connectionTimeout = millis(CONNECTION_TIMEOUT_MS, 10_000);
    this.socketTimeout = millis(SOCKET_TIMEOUT_MS, 60_000);
    this.connectionAcquisitionTimeout = millis(CONNECTION_ACQUISITION_TIMEOUT_MS, 60_000);
    this.apiCallAttemptTimeout = string(API_CALL_ATTEMPT_TIMEOUT_MS).map(v -> millis(API_CALL_ATTEMPT_TIMEOUT_MS, 0));
    // Throttling (503 SlowDown) clears within seconds to a minute as S3 scales a prefix out, so the
    // defaults wait far longer than the SDK's three tries: about 2 minutes in all before giving up.
    this.retryMaxAttempts = (int) longValue(RETRY_MAX_ATTEMPTS, 12, 1, 1000);
    this.retryBaseDelay = millis(RETRY_BASE_DELAY_MS, 100);
    this.retryThrottlingBaseDelay = millis(RETRY_THROTTLING_BASE_DELAY_MS, 500);
    this.retryMaxDelay = millis(RETRY_MAX_DELAY_MS, 20_000);
    this.checksumEnabled = bool(CHECKSUM_ENABLED, true);
    this.conditionalWrites = conditionalWritesValue();
    this.conditionalWritesProbe = bool(CONDITIONAL_WRITES_PROBE, true);
  }

  /** All properties as given, secrets included: never log this map. */
  public Map<String, String> asMap() {
    return properties;
  }

  public Optional<String> region() {
    return region;
  }

  public Optional<String> endpoint() {
    return endpoint;
  }

  public boolean pathStyleAccess() {
    return pathStyleAccess;
  }

  Optional<String> accessKeyId() {
    return string(ACCESS_KEY_ID);
  }

  Optional<String> secretAccessKey() {
    return string(SECRET_ACCESS_KEY);
  }

  Optional<String> sessionToken() {
    return string(SESSION_TOKEN);
  }

  public Optional<String> profile() {
    return profile;
  }

  public Optional<String> assumeRoleArn() {
    return assumeRoleArn;
  }

  Optional<String> assumeRoleSessionName() {
    return string(ASSUME_ROLE_SESSION_NAME);
  }

  Optional<String> assumeRoleExternalId() {
    return string(ASSUME_ROLE_EXTERNAL_ID);
  }

  public SseType sseType() {
    return sseType;
  }

  public Optional<String> sseKmsKeyId() {
    return sseKmsKeyId;
  }

  public Optional<String> storageClass() {
    return storageClass;
  }

  public long partSize() {
    return partSize;
  }

  public long multipartThreshold() {
    return multipartThreshold;
  }

  public int multipartParallelism() {
    return multipartParallelism;
  }

  public int uploadThreads() {
    return uploadThreads;
  }

  public int deleteBatchSize() {
    return deleteBatchSize;
  }

  public long readSkipWindow() {
    return readSkipWindow;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  public Duration socketTimeout() {
    return socketTimeout;
  }

  public Duration connectionAcquisitionTimeout() {
    return connectionAcquisitionTimeout;
  }

  public Optional<Duration> apiCallAttemptTimeout() {
    return apiCallAttemptTimeout;
  }

  public int retryMaxAttempts() {
    return retryMaxAttempts;
  }

  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  public Duration retryThrottlingBaseDelay() {
    return retryThrottlingBaseDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  public boolean checksumEnabled() {
    return checksumEnabled;
  }

  public ConditionalWrites conditionalWrites() {
    return conditionalWrites;
  }

  public boolean conditionalWritesProbe() {
    return conditionalWritesProbe;
  }

  /** The non-secret settings, for logs and diagnostics. */
  @Override
  public String toString() {
    return "S3FileIOProperties{region=" + region.orElse("<default>")
        + ", endpoint=" + endpoint.orElse("<aws>")
        + ", pathStyle=" + pathStyleAccess
        + ", credentials=" + credentialsKind()
        + ", sse=" + sseType
        + ", partSize=" + partSize
        + ", multipartThreshold=" + multipartThreshold
        + ", conditionalWrites=" + conditionalWrites.value() + "}";
  }

  /** Which credentials are used, without any secret. */
  String credentialsKind() {
    String base = accessKeyId().isPresent() ? "static" : profile.map(p -> "profile").orElse("default-chain");
    return assumeRoleArn.isPresent() ? base + "+assume-role" : base;
  }

  private ConditionalWrites conditionalWritesValue() {
    String value = string(CONDITIONAL_WRITES).orElse(ConditionalWrites.ENABLED.value());
    for (ConditionalWrites mode : ConditionalWrites.values()) {
      if (mode.value().equalsIgnoreCase(value)) {
        return mode;
      }
    }
    throw new ValidationException("Invalid value '" + value + "' for " + CONDITIONAL_WRITES
        + ": use 'enabled' (the default; atomic commits with conditional PUTs) or 'unsafe-disabled' "
        + "(only for stores without conditional writes, and only with a single writer per table)");
  }

  private Optional<String> string(String key) {
    String value = properties.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private boolean bool(String key, boolean defaultValue) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    if (!Set.of("true", "false").contains(value.get().toLowerCase(Locale.ROOT))) {
      throw new ValidationException("Invalid value '" + value.get() + "' for " + key + ": use true or false");
    }
    return Boolean.parseBoolean(value.get());
  }

  private long longValue(String key, long defaultValue, long min, long max) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.get());
    } catch (NumberFormatException e) {
      throw new ValidationException("Invalid value '" + value.get() + "' for " + key + ": not a whole number");
    }
    if (parsed < min || parsed > max) {
      throw new ValidationException("Invalid value " + parsed + " for " + key + ": must be between "
          + min + " and " + max);
    }
    return parsed;
  }

  private Duration millis(String key, long defaultMillis) {
    return Duration.ofMillis(longValue(key, defaultMillis, 0, Long.MAX_VALUE / 1_000_000));
  }

  private <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("Invalid value '" + value.get() + "' for " + key + ": use one of "
          + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
  }
}
