package io.datashard.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.BulkDeletionFailureException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.FileIOs;
import io.datashard.io.InputFile;
import io.datashard.io.PositionOutputStream;
import io.datashard.io.SeekableInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** S3FileIO behaviour beyond the contract: multipart, aborts, bulk deletes, throttling, settings. */
class S3FileIOTest {
  private static final int MiB = 1024 * 1024;

  private final S3TestServer server = S3TestServer.shared();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private String root;

  @BeforeEach
  void newRoot() {
    root = S3TestServer.newRoot("s3fileio");
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void multipartWriteOf50MiBReadsBackIdentically() throws Exception {
    S3FileIO io = fileIO(server.properties(), Map.of(
        S3FileIOProperties.MULTIPART_PART_SIZE, String.valueOf(5 * MiB),
        S3FileIOProperties.MULTIPART_PARALLELISM, "4"));
    byte[] content = randomBytes(50 * MiB, 1);
    String location = root + "/big.bin";

    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      // uneven writes, so parts are cut in the middle of the caller's buffers
      Random random = new Random(2);
      int written = 0;
      while (written < content.length) {
        int n = Math.min(random.nextInt(3 * MiB) + 1, content.length - written);
        out.write(content, written, n);
        written += n;
        assertThat(out.position()).isEqualTo(written);
      }
    }

    InputFile input = io.newInputFile(location);
    assertThat(input.length()).isEqualTo(content.length);
    // S3's ETag of a multipart object ends with the part count: 50 MiB in 5 MiB parts is 10
    String eTag = server.client().headObject(b -> b.bucket(S3TestServer.BUCKET).key(key(location))).eTag();
    assertThat(eTag).contains("-10");
    try (InputStream in = input.newStream()) {
      assertThat(sha256(in)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
    }

    Random random = new Random(3);
    try (SeekableInputStream in = input.newStream()) {
      for (int i = 0; i < 40; i++) {
        int position = random.nextInt(content.length);
        int length = Math.min(random.nextInt(2 * MiB) + 1, content.length - position);
        byte[] actual = new byte[length];
        if (i % 2 == 0) {
          in.seek(position);
          int read = 0;
          while (read < length) {
            int n = in.read(actual, read, length - read);
            assertThat(n).isPositive();
            read += n;
          }
          assertThat(in.position()).isEqualTo(position + length);
        } else {
          in.readFully(position, actual, 0, length);
        }
        assertThat(actual).isEqualTo(java.util.Arrays.copyOfRange(content, position, position + length));
      }
    }
    assertThat(openUploads(location)).isEmpty();
  }

  @Test
  void multipartCreateLosesToAnExistingFileAndLeavesNoUpload() throws IOException {
    S3FileIO io = fileIO(server.properties(), Map.of(S3FileIOProperties.MULTIPART_PART_SIZE, String.valueOf(5 * MiB)));
    String location = root + "/raced.bin";
    byte[] winner = randomBytes(100, 4);

    PositionOutputStream late = io.newOutputFile(location).create();
    late.write(randomBytes(6 * MiB, 5)); // past the threshold: a multipart upload is under way
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(winner);
    }

    // the completion's If-None-Match: * loses to the file the other writer published
    assertThatThrownBy(late::close).isInstanceOf(AlreadyExistsException.class).hasMessageContaining(location);
    assertThat(readAll(io, location)).isEqualTo(winner);
    assertThat(openUploads(location)).isEmpty();
  }

  @Test
  void failedPartAbortsTheUpload() throws Exception {
    FaultInjectingProxy proxy = proxy();
    proxy.rule(request -> request.isUploadPart() && request.partNumber() == 3 ? FaultInjectingProxy.Fault.internalError() : null);
    S3FileIO io = fileIO(S3TestServer.properties(proxy.endpoint()), Map.of(
        S3FileIOProperties.MULTIPART_PART_SIZE, String.valueOf(5 * MiB),
        S3FileIOProperties.RETRY_MAX_ATTEMPTS, "2",
        S3FileIOProperties.RETRY_BASE_DELAY_MS, "1"));
    String location = root + "/failed.bin";

    assertThatThrownBy(() -> {
      try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
        byte[] chunk = randomBytes(MiB, 6);
        for (int i = 0; i < 30; i++) {
          out.write(chunk);
        }
      }
    }).isInstanceOf(IOException.class).hasMessageContaining(location).hasMessageContaining("InternalError");

    assertThat(proxy.faults()).isEqualTo(2);
    assertThat(io.newInputFile(location).exists()).isFalse();
    assertThat(openUploads(location)).as("incomplete multipart uploads").isEmpty();
  }

  @Test
  void bulkDeleteSendsBatchesOfAThousand() throws Exception {
    FaultInjectingProxy proxy = proxy();
    S3FileIO io = fileIO(S3TestServer.properties(proxy.endpoint()), Map.of());
    List<String> locations = new ArrayList<>();
    for (int i = 0; i < 2100; i++) {
      locations.add(root + "/bulk/f-" + i);
    }
    putAll(locations);
    locations.add(root + "/bulk/never-written");

    io.deleteFiles(locations);

    assertThat(proxy.requests().stream().filter(FaultInjectingProxy.Request::isBulkDelete).count()).isEqualTo(3);
    assertThat(CloseableIterable.toList(io.listPrefix(root + "/bulk"))).isEmpty();
  }

  @Test
  void bulkDeleteReportsFailedBatches() throws Exception {
    FaultInjectingProxy proxy = proxy();
    proxy.rule(request -> request.isBulkDelete() ? FaultInjectingProxy.Fault.internalError() : null);
    S3FileIO io = fileIO(S3TestServer.properties(proxy.endpoint()), Map.of(
        S3FileIOProperties.RETRY_MAX_ATTEMPTS, "1", S3FileIOProperties.DELETE_BATCH_SIZE, "2"));
    List<String> locations = List.of(root + "/a", root + "/b", root + "/c");
    putAll(locations);

    assertThatThrownBy(() -> io.deleteFiles(locations))
        .isInstanceOfSatisfying(BulkDeletionFailureException.class, e -> assertThat(e.failures()).isEqualTo(3))
        .hasMessageContaining("Failed to delete 3 of 3 files");
  }

  @Test
  void survivesSlowDownThrottling() throws Exception {
    FaultInjectingProxy proxy = proxy();
    AtomicCounter throttled = new AtomicCounter(5);
    proxy.rule(request -> throttled.take() ? FaultInjectingProxy.Fault.slowDown() : null);
    S3FileIO io = fileIO(S3TestServer.properties(proxy.endpoint()), Map.of(
        S3FileIOProperties.RETRY_THROTTLING_BASE_DELAY_MS, "20"));
    String location = root + "/throttled.bin";
    byte[] content = randomBytes(1000, 7);

    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(content);
    }
    throttled.reset(5);
    assertThat(readAll(io, location)).isEqualTo(content);
    throttled.reset(5);
    assertThat(CloseableIterable.toList(io.listPrefix(root))).hasSize(1);

    assertThat(proxy.faults()).isEqualTo(15);
  }

  @Test
  void givesUpOnThrottlingAfterTheConfiguredAttempts() throws Exception {
    FaultInjectingProxy proxy = proxy();
    proxy.rule(request -> FaultInjectingProxy.Fault.slowDown());
    S3FileIO io = fileIO(S3TestServer.properties(proxy.endpoint()), Map.of(
        S3FileIOProperties.RETRY_MAX_ATTEMPTS, "3", S3FileIOProperties.RETRY_THROTTLING_BASE_DELAY_MS, "1"));

    assertThatThrownBy(() -> io.newInputFile(root + "/x").length())
        .isInstanceOf(DatashardException.class)
        .hasMessageContaining(root + "/x")
        .hasMessageContaining("503");
    assertThat(proxy.faults()).isEqualTo(3);
  }

  @Test
  void retriedConditionalPutThatHadLandedIsNotAConflict() throws Exception {
    FaultInjectingProxy proxy = proxy();
    String location = root + "/lost-response.bin";
    AtomicCounter lose = new AtomicCounter(1);
    // the first PUT of the file is carried out but its response is lost, so the SDK retries it
    proxy.rule(request -> request.isPut() && request.path().endsWith("/lost-response.bin") && lose.take()
        ? FaultInjectingProxy.Fault.lostResponse() : null);
    S3FileIO io = fileIO(S3TestServer.properties(proxy.endpoint()), Map.of(S3FileIOProperties.RETRY_BASE_DELAY_MS, "1"));
    byte[] content = randomBytes(2000, 9);

    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(content);
    }

    assertThat(proxy.faults()).isEqualTo(1);
    assertThat(readAll(io, location)).isEqualTo(content);
    // another writer's content at the location is still a conflict
    assertThatThrownBy(() -> {
      try (PositionOutputStream out = io.newOutputFile(location).create()) {
        out.write(content);
      }
    }).isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void refusesToCreateWhereConditionalWritesAreIgnored() throws Exception {
    FaultInjectingProxy proxy = proxy();
    proxy.dropConditionalHeaders(true);
    S3FileIO io = fileIO(S3TestServer.properties(proxy.endpoint()), Map.of());
    String location = root + "/metadata/v1.metadata.json";

    assertThatThrownBy(() -> io.newOutputFile(location).create())
        .isInstanceOf(DatashardException.class)
        .hasMessageContaining("does not honour conditional writes")
        .hasMessageContaining(S3FileIOProperties.CONDITIONAL_WRITES + "=unsafe-disabled")
        .hasMessageNotContaining(S3TestServer.SECRET_KEY);
    // the probe cleaned up after itself
    assertThat(CloseableIterable.toList(io.listPrefix(root))).isEmpty();

    S3FileIO unsafe = fileIO(S3TestServer.properties(proxy.endpoint()),
        Map.of(S3FileIOProperties.CONDITIONAL_WRITES, "unsafe-disabled"));
    try (PositionOutputStream out = unsafe.newOutputFile(location).create()) {
      out.write(1);
    }
    // the unsafe check is a HEAD just before the PUT, so the existing file is found at close
    assertThatThrownBy(() -> {
      try (PositionOutputStream out = unsafe.newOutputFile(location).create()) {
        out.write(2);
      }
    }).isInstanceOf(AlreadyExistsException.class);
    assertThat(readAll(unsafe, location)).containsExactly(1);
  }

  @Test
  void smallCreateIsOneConditionalPut() throws Exception {
    FaultInjectingProxy proxy = proxy();
    S3FileIO io = fileIO(S3TestServer.properties(proxy.endpoint()),
        Map.of(S3FileIOProperties.CONDITIONAL_WRITES_PROBE, "false"));
    String location = root + "/one-request.bin";
    byte[] content = randomBytes(3000, 10);

    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(content);
    }
    // no HEAD before it: the conditional PUT is the existence check (issue target: within 10% of raw)
    assertThat(proxy.requests()).extracting(FaultInjectingProxy.Request::method).containsExactly("PUT");

    assertThatThrownBy(() -> {
      try (PositionOutputStream out = io.newOutputFile(location).create()) {
        out.write(randomBytes(10, 11));
      }
    }).isInstanceOf(AlreadyExistsException.class).hasMessageContaining(location);
    assertThat(proxy.requests()).extracting(FaultInjectingProxy.Request::method).containsExactly("PUT", "PUT");
    assertThat(readAll(io, location)).isEqualTo(content);
  }

  @Test
  void acceptsStoresThatHonourConditionalWrites() throws Exception {
    S3FileIO io = fileIO(server.properties(), Map.of());
    String location = root + "/ok";
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(1);
    }
    assertThat(CloseableIterable.toList(io.listPrefix(root))).hasSize(1);
  }

  @Test
  void providerServesS3Schemes() throws IOException {
    for (String scheme : List.of("s3", "s3a", "s3n")) {
      String location = scheme + root.substring(2) + "/via-" + scheme;
      try (FileIO io = FileIOs.forLocation(location, server.properties())) {
        assertThat(io).isInstanceOf(S3FileIO.class);
        try (PositionOutputStream out = io.newOutputFile(location).create()) {
          out.write(42);
        }
        assertThat(io.newInputFile(location).length()).isEqualTo(1);
      }
    }
    assertThat(FileIOs.availableSchemes()).contains("s3", "s3a", "s3n");
  }

  @Test
  void rejectsInvalidPropertiesNamingTheKey() {
    assertThatThrownBy(() -> new S3FileIOProperties(Map.of(S3FileIOProperties.MULTIPART_PART_SIZE, "1024")))
        .isInstanceOf(ValidationException.class).hasMessageContaining(S3FileIOProperties.MULTIPART_PART_SIZE);
    assertThatThrownBy(() -> new S3FileIOProperties(Map.of(S3FileIOProperties.CONDITIONAL_WRITES, "off")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("unsafe-disabled");
    assertThatThrownBy(() -> new S3FileIOProperties(Map.of(S3FileIOProperties.SECRET_ACCESS_KEY, "hush")))
        .isInstanceOf(ValidationException.class).hasMessageNotContaining("hush");
    assertThatThrownBy(() -> new S3FileIOProperties(Map.of(S3FileIOProperties.SSE_TYPE, "aes")))
        .isInstanceOf(ValidationException.class).hasMessageContaining(S3FileIOProperties.SSE_TYPE);
    assertThatThrownBy(() -> new S3FileIO().newInputFile("s3://bucket-only"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void neverShowsSecrets() {
    Map<String, String> properties = new HashMap<>(server.properties());
    properties.put(S3FileIOProperties.SESSION_TOKEN, "token-value");
    S3FileIO io = fileIO(properties, Map.of());
    assertThat(io.toString()).doesNotContain(S3TestServer.SECRET_KEY).doesNotContain("token-value")
        .contains("credentials=static");
  }

  @Test
  void writesWithServerSideEncryptionAndStorageClass() throws IOException {
    S3FileIO io = fileIO(server.properties(), Map.of(S3FileIOProperties.STORAGE_CLASS, "STANDARD_IA"));
    String location = root + "/classed";
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(randomBytes(10, 8));
    }
    assertThat(server.client().headObject(b -> b.bucket(S3TestServer.BUCKET).key(key(location))).storageClassAsString())
        .isEqualTo("STANDARD_IA");
  }

  // ---- helpers ----

  private S3FileIO fileIO(Map<String, String> base, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(base);
    properties.putAll(extra);
    S3FileIO io = new S3FileIO();
    io.initialize(properties);
    closeables.add(io);
    return io;
  }

  private FaultInjectingProxy proxy() throws Exception {
    FaultInjectingProxy proxy = new FaultInjectingProxy(server.unsignedEndpoint());
    closeables.add(proxy);
    return proxy;
  }

  private void putAll(List<String> locations) throws Exception {
    S3Client client = server.client();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (String location : locations) {
        puts.add(pool.submit(() -> client.putObject(b -> b.bucket(S3TestServer.BUCKET).key(key(location)),
            RequestBody.fromString("x"))));
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<MultipartUpload> openUploads(String location) {
    return server.client().listMultipartUploads(b -> b.bucket(S3TestServer.BUCKET).prefix(key(location))).uploads();
  }

  private static String key(String location) {
    return location.substring(("s3://" + S3TestServer.BUCKET + "/").length());
  }

  private static byte[] readAll(FileIO io, String location) throws IOException {
    try (InputStream in = io.newInputFile(location).newStream()) {
      return in.readAllBytes();
    }
  }

  private static byte[] sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[256 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
    }
    return digest.digest();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Hands out a fixed number of "yes" answers, thread-safely. */
  private static final class AtomicCounter {
    private final java.util.concurrent.atomic.AtomicInteger left;

    AtomicCounter(int count) {
      this.left = new java.util.concurrent.atomic.AtomicInteger(count);
    }

    boolean take() {
      return left.getAndDecrement() > 0;
    }

    void reset(int count) {
      left.set(count);
    }
  }
}
