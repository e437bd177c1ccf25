package io.datashard.s3;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * gaul's S3Proxy on an in-memory blob store, started once per test JVM. It checks request
 * signatures, and honours {@code If-None-Match: *} atomically under concurrent writers (measured in
 * shared/BUILD-NOTES.md), which the race tests need.
 */
public final class S3TestServer {
  public static final String BUCKET = "datashard-test";
  public static final String ACCESS_KEY = "datashard-access-key";
  public static final String SECRET_KEY = "datashard-secret-key";
  private static S3TestServer shared;

  private final BlobStore store;
  private final S3Proxy proxy;
  private final S3Client client;
  private S3Proxy unsigned;

  private S3TestServer() throws Exception {
    this.store = new TransientNio2BlobStore();
    this.proxy = start(AuthenticationType.AWS_V2_OR_V4);
    this.client = newClient(endpoint());
    client.createBucket(b -> b.bucket(BUCKET));
  }

  /** The server of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized S3TestServer shared() {
    if (shared == null) {
      try {
        shared = new S3TestServer();
      } catch (Exception e) {
        throw new IllegalStateException("Failed to start S3Proxy", e);
      }
      S3TestServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return shared;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /**
   * A second server on the same objects that checks no signatures, so a test proxy in front of it
   * may rewrite the Host header that signatures cover.
   */
  public synchronized String unsignedEndpoint() throws Exception {
    if (unsigned == null) {
      unsigned = start(AuthenticationType.NONE);
    }
    return "http://127.0.0.1:" + unsigned.getPort();
  }

  /** S3FileIO properties for this server, at {@code endpoint}. */
  public static Map<String, String> properties(String endpoint) {
    Map<String, String> properties = new HashMap<>();
    properties.put(S3FileIOProperties.ENDPOINT, endpoint);
    properties.put(S3FileIOProperties.REGION, "us-east-1");
    properties.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
    properties.put(S3FileIOProperties.ACCESS_KEY_ID, ACCESS_KEY);
    properties.put(S3FileIOProperties.SECRET_ACCESS_KEY, SECRET_KEY);
    return properties;
  }

  public Map<String, String> properties() {
    return properties(endpoint());
  }

  /** A plain SDK client for checks that must not go through S3FileIO. */
  public S3Client client() {
    return client;
  }

  /** A fresh location under the test bucket, without a trailing slash. */
  public static String newRoot(String name) {
    return "s3://" + BUCKET + "/" + name + "-" + UUID.randomUUID();
  }

  public static S3Client newClient(String endpoint) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  private S3Proxy start(AuthenticationType authentication) throws Exception {
    S3Proxy server = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(authentication, ACCESS_KEY, SECRET_KEY)
        .build();
    server.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(server.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + server.getState());
      }
      Thread.sleep(10);
    }
    return server;
  }

  private void stop() {
    try {
      client.close();
      proxy.stop();
      if (unsigned != null) {
        unsigned.stop();
      }
    } catch (Exception e) {
      // the JVM is exiting; nothing is left to clean up
    }
  }
}
