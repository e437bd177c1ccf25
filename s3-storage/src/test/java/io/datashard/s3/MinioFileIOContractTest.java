package io.datashard.s3;

import io.datashard.io.FileIO;
import io.datashard.io.FileIOContractTest;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The core's FileIO contract against a real MinIO server, where a Docker engine exists. Without
 * Docker the class is skipped (the same suite always runs against the in-process S3Proxy in
 * {@link S3FileIOContractTest}).
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioFileIOContractTest extends FileIOContractTest {
  private static final String BUCKET = "datashard-minio";
  private static MinIOContainer minio;

  @BeforeAll
  static void startMinio() {
    minio = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");
    minio.start();
    try (S3Client client = S3Client.builder()
        .endpointOverride(URI.create(minio.getS3URL()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(minio.getUserName(), minio.getPassword())))
        .build()) {
      client.createBucket(request -> request.bucket(BUCKET));
    }
  }

  @AfterAll
  static void stopMinio() {
    if (minio != null) {
      minio.stop();
    }
  }

  @Override
  protected FileIO createFileIO() {
    Map<String, String> properties = new HashMap<>();
    properties.put(S3FileIOProperties.ENDPOINT, minio.getS3URL());
    properties.put(S3FileIOProperties.REGION, "us-east-1");
    properties.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
    properties.put(S3FileIOProperties.ACCESS_KEY_ID, minio.getUserName());
    properties.put(S3FileIOProperties.SECRET_ACCESS_KEY, minio.getPassword());
    S3FileIO io = new S3FileIO();
    io.initialize(properties);
    return io;
  }

  @Override
  protected String newLocationRoot() {
    return "s3://" + BUCKET + "/contract-" + UUID.randomUUID();
  }
}
