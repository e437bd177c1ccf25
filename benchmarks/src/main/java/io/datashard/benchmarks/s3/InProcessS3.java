package io.datashard.benchmarks.s3;

import io.datashard.s3.S3FileIOProperties;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * gaul's S3Proxy on an in-memory blob store, in this JVM, with one bucket. Requests are signed and
 * checked (AWS V4) as against a real store, so both clients pay the signing cost.
 */
final class InProcessS3 implements AutoCloseable {
  static final String BUCKET = "datashard-bench";
  private static final String ACCESS_KEY = "datashard-bench-access-key";
  private static final String SECRET_KEY = "datashard-bench-secret-key";

  private final S3Proxy proxy;

  InProcessS3() throws Exception {
    this.proxy = S3Proxy.builder()
        .blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    try (S3Client client = newRawClient()) {
      client.createBucket(b -> b.bucket(BUCKET));
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Properties for an S3FileIO on this server; everything else stays at S3FileIO's defaults. */
  Map<String, String> fileIoProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put(S3FileIOProperties.ENDPOINT, endpoint());
    properties.put(S3FileIOProperties.REGION, "us-east-1");
    properties.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
    properties.put(S3FileIOProperties.ACCESS_KEY_ID, ACCESS_KEY);
    properties.put(S3FileIOProperties.SECRET_ACCESS_KEY, SECRET_KEY);
    return properties;
  }

  /**
   * A plain SDK client with the SDK's defaults. Its HTTP client is the same implementation that
   * S3FileIO uses (Apache 5, default settings), so the comparison measures S3FileIO rather than a
   * choice of HTTP library.
   */
  S3Client newRawClient() {
    return S3Client.builder()
        .httpClient(Apache5HttpClient.create())
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
