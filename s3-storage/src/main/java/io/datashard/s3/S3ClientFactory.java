package io.datashard.s3;

import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/** Builds the SDK client that an {@link S3FileIO} uses, from its properties. */
final class S3ClientFactory {
  // Endpoints such as MinIO need some region to sign with; AWS proper needs the real one.
  private static final Region FALLBACK_REGION = Region.US_EAST_1;

  private S3ClientFactory() {
  }

  static S3Client create(S3FileIOProperties properties) {
    SdkHttpClient http = Apache5HttpClient.builder()
        .maxConnections(properties.maxConnections())
        .connectionTimeout(properties.connectionTimeout())
        .socketTimeout(properties.socketTimeout())
        .connectionAcquisitionTimeout(properties.connectionAcquisitionTimeout())
        .build();
    Region region = properties.region().map(Region::of).orElse(null);
    S3ClientBuilder builder = S3Client.builder()
        .httpClient(http)
        .credentialsProvider(credentials(properties, region))
        .forcePathStyle(properties.pathStyleAccess())
        .overrideConfiguration(o -> {
          o.retryStrategy(retryStrategy(properties));
          properties.apiCallAttemptTimeout().ifPresent(o::apiCallAttemptTimeout);
        });
    if (properties.checksumEnabled()) {
      builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
    } else {
      builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    if (region != null) {
      builder.region(region);
    } else if (properties.endpoint().isPresent()) {
      builder.region(FALLBACK_REGION);
    } else {
      // no region given: the SDK's chain (AWS_REGION, profile, instance metadata), and requests
      // to buckets in other regions follow the redirect
      builder.crossRegionAccessEnabled(true);
    }
    properties.endpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
    return builder.build();
  }

  /**
   * Throttling (503 SlowDown, 429) gets its own, longer backoff, and the circuit breaker that
   * stops retrying after many failures is off: under throttling every request needs its retries.
   */
  static RetryStrategy retryStrategy(S3FileIOProperties properties) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(properties.retryMaxAttempts())
        .backoffStrategy(BackoffStrategy.exponentialDelay(properties.retryBaseDelay(), properties.retryMaxDelay()))
        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(
            properties.retryThrottlingBaseDelay(), properties.retryMaxDelay()))
        .circuitBreakerEnabled(false)
        .build();
  }

  private static AwsCredentialsProvider credentials(S3FileIOProperties properties, Region region) {
    AwsCredentialsProvider base;
    if (properties.accessKeyId().isPresent()) {
      String key = properties.accessKeyId().get();
      String secret = properties.secretAccessKey().orElseThrow();
      base = StaticCredentialsProvider.create(properties.sessionToken()
          .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(token -> AwsSessionCredentials.create(key, secret, token))
          .orElseGet(() -> AwsBasicCredentials.create(key, secret)));
    } else if (properties.profile().isPresent()) {
      base = ProfileCredentialsProvider.create(properties.profile().get());
    } else {
      base = DefaultCredentialsProvider.builder().build();
    }
    if (properties.assumeRoleArn().isEmpty()) {
      return base;
    }
    var sts = StsClient.builder().credentialsProvider(base);
    if (region != null) {
      sts.region(region);
    }
    AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
        .roleArn(properties.assumeRoleArn().get())
        .roleSessionName(properties.assumeRoleSessionName().orElse("datashard-" + UUID.randomUUID()));
    properties.assumeRoleExternalId().ifPresent(request::externalId);
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts.build())
        .refreshRequest(request.build())
        .build();
  }
}
