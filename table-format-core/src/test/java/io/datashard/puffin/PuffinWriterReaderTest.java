package io.datashard.puffin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.FileIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PuffinWriterReaderTest {
  private static final byte[] MAGIC = "PFA1".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  private String location(String name) {
    return dir.resolve(name).toString();
  }

  private static Blob blob(String type, byte[] data, Map<String, String> properties) {
    return new Blob(type, List.of(1, 2), 42L, 7L, ByteBuffer.wrap(data), properties);
  }

  private List<BlobMetadata> writeTwoBlobs(String location, PuffinWriter[] writerOut) {
    PuffinWriter writer = new PuffinWriter(io.newOutputFile(location), Map.of("custom", "x"));
    BlobMetadata first = writer.add(blob("type-a", "hello".getBytes(StandardCharsets.UTF_8), Map.of("k", "v")));
    BlobMetadata second = writer.add(blob("type-b", new byte[] {9, 8, 7}, Map.of()));
    writer.close();
    writerOut[0] = writer;
    return List.of(first, second);
  }

  @Test
  void footerLayoutFollowsTheSpec() throws IOException {
    String location = location("a.puffin");
    PuffinWriter[] writer = new PuffinWriter[1];
    List<BlobMetadata> blobs = writeTwoBlobs(location, writer);
    byte[] bytes = Files.readAllBytes(Path.of(location));

    // Magic Blob1 Blob2 Footer, Footer = Magic FooterPayload FooterPayloadSize Flags Magic
    assertThat(Arrays.copyOfRange(bytes, 0, 4)).isEqualTo(MAGIC);
    assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length)).isEqualTo(MAGIC);
    ByteBuffer tail = ByteBuffer.wrap(bytes, bytes.length - 12, 8).order(ByteOrder.LITTLE_ENDIAN);
    int payloadSize = tail.getInt();
    int flags = tail.getInt();
    assertThat(flags).as("no flags set: footer payload not compressed").isZero();
    int payloadStart = bytes.length - 12 - payloadSize;
    assertThat(Arrays.copyOfRange(bytes, payloadStart - 4, payloadStart)).isEqualTo(MAGIC);
    assertThat(payloadStart - 4).as("footer follows the last blob").isEqualTo(4 + 5 + 3);
    assertThat(writer[0].fileSize()).isEqualTo(bytes.length);
    assertThat(writer[0].footerSize()).isEqualTo(bytes.length - (4 + 5 + 3));

    assertThat(blobs.get(0).offset()).isEqualTo(4);
    assertThat(blobs.get(0).length()).isEqualTo(5);
    assertThat(blobs.get(1).offset()).isEqualTo(9);
    assertThat(blobs.get(1).length()).isEqualTo(3);
    assertThat(Arrays.copyOfRange(bytes, 4, 9)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(Arrays.copyOfRange(bytes, 9, 12)).isEqualTo(new byte[] {9, 8, 7});

    JsonNode footer = new ObjectMapper().readTree(new String(bytes, payloadStart, payloadSize, StandardCharsets.UTF_8));
    JsonNode first = footer.get("blobs").get(0);
    assertThat(first.get("type").asText()).isEqualTo("type-a");
    assertThat(first.get("fields").toString()).isEqualTo("[1,2]");
    assertThat(first.get("snapshot-id").asLong()).isEqualTo(42);
    assertThat(first.get("sequence-number").asLong()).isEqualTo(7);
    assertThat(first.get("offset").asLong()).isEqualTo(4);
    assertThat(first.get("length").asLong()).isEqualTo(5);
    assertThat(first.has("compression-codec")).isFalse();
    assertThat(first.get("properties").get("k").asText()).isEqualTo("v");
    assertThat(footer.get("blobs").get(1).has("properties")).as("empty properties are omitted").isFalse();
    assertThat(footer.get("properties").get("created-by").asText()).isEqualTo("Datashard");
    assertThat(footer.get("properties").get("custom").asText()).isEqualTo("x");
  }

  @Test
  void readerRoundTripsFooterAndBlobs() {
    String location = location("b.puffin");
    PuffinWriter[] writer = new PuffinWriter[1];
    List<BlobMetadata> written = writeTwoBlobs(location, writer);

    try (PuffinReader reader = new PuffinReader(io.newInputFile(location))) {
      FileMetadata metadata = reader.fileMetadata();
      assertThat(metadata.blobs()).isEqualTo(written);
      assertThat(metadata.properties()).containsEntry("created-by", "Datashard").containsEntry("custom", "x");
      assertThat(reader.footerSize()).isEqualTo(writer[0].footerSize());
      assertThat(bytes(reader.readBlob(written.get(0)))).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
      assertThat(bytes(reader.readBlob(written.get(1)))).isEqualTo(new byte[] {9, 8, 7});
    }
  }

  @Test
  void emptyFileHasOnlyMagicAndFooter() {
    String location = location("empty.puffin");
    PuffinWriter writer = new PuffinWriter(io.newOutputFile(location), Map.of());
    writer.close();
    try (PuffinReader reader = new PuffinReader(io.newInputFile(location))) {
      assertThat(reader.fileMetadata().blobs()).isEmpty();
      assertThat(reader.footerSize()).isEqualTo(writer.fileSize() - 4);
    }
  }

  @Test
  void readsTheFooterFromTheTailAndBlobsByOffsetOnly() {
    String location = location("big.puffin");
    byte[] large = new byte[200_000];
    Arrays.fill(large, (byte) 1);
    BlobMetadata small;
    try (PuffinWriter writer = new PuffinWriter(io.newOutputFile(location), Map.of())) {
      writer.add(blob("large", large, Map.of()));
      small = writer.add(blob("small", new byte[] {5, 6}, Map.of()));
    }
    CountingInputFile counting = new CountingInputFile(io.newInputFile(location));
    try (PuffinReader reader = new PuffinReader(counting)) {
      reader.fileMetadata();
      long footerBytes = counting.bytesRead();
      assertThat(footerBytes).isEqualTo(4 + reader.footerSize());
      assertThat(bytes(reader.readBlob(small))).isEqualTo(new byte[] {5, 6});
      assertThat(counting.bytesRead() - footerBytes).isEqualTo(2);
    }
  }

  @Test
  void readsLz4CompressedBlobsAndFooter() throws IOException {
    byte[] content = "compressed deletion vectors and sketches ".repeat(20).getBytes(StandardCharsets.UTF_8);
    byte[] stored = lz4(content);
    String footerJson = "{\"blobs\":[{\"type\":\"t\",\"fields\":[3],\"snapshot-id\":-1,\"sequence-number\":-1,"
        + "\"offset\":4,\"length\":" + stored.length + ",\"compression-codec\":\"lz4\"}],\"properties\":{\"created-by\":\"test\"}}";
    byte[] payload = lz4(footerJson.getBytes(StandardCharsets.UTF_8));
    String location = location("lz4.puffin");
    Files.write(Path.of(location), puffin(stored, payload, 1));

    try (PuffinReader reader = new PuffinReader(io.newInputFile(location))) {
      BlobMetadata blob = reader.fileMetadata().blobs().get(0);
      assertThat(blob.compressionCodec()).isEqualTo(PuffinCompressionCodec.LZ4);
      assertThat(reader.fileMetadata().properties()).containsEntry("created-by", "test");
      assertThat(bytes(reader.readBlob(blob))).isEqualTo(content);
    }
  }

  @Test
  void readsZstdCompressedBlobsWhenTheDecoderIsPresent() throws IOException {
    Assumptions.assumeTrue(classPresent("com.github.luben.zstd.ZstdOutputStream"), "zstd-jni is not on the classpath");
    byte[] content = "zstd content ".repeat(30).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream zstd = new org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream(out)) {
      zstd.write(content);
    }
    byte[] stored = out.toByteArray();
    String footerJson = "{\"blobs\":[{\"type\":\"t\",\"fields\":[],\"snapshot-id\":1,\"sequence-number\":1,"
        + "\"offset\":4,\"length\":" + stored.length + ",\"compression-codec\":\"zstd\"}]}";
    String location = location("zstd.puffin");
    Files.write(Path.of(location), puffin(stored, footerJson.getBytes(StandardCharsets.UTF_8), 0));
    try (PuffinReader reader = new PuffinReader(io.newInputFile(location))) {
      BlobMetadata blob = reader.fileMetadata().blobs().get(0);
      assertThat(blob.compressionCodec()).isEqualTo(PuffinCompressionCodec.ZSTD);
      assertThat(bytes(reader.readBlob(blob))).isEqualTo(content);
    }
  }

  @Test
  void unknownCodecIsAClearError() throws IOException {
    String footerJson = "{\"blobs\":[{\"type\":\"t\",\"fields\":[],\"snapshot-id\":1,\"sequence-number\":1,"
        + "\"offset\":4,\"length\":1,\"compression-codec\":\"snappy\"}]}";
    String location = location("snappy.puffin");
    Files.write(Path.of(location), puffin(new byte[] {1}, footerJson.getBytes(StandardCharsets.UTF_8), 0));
    try (PuffinReader reader = new PuffinReader(io.newInputFile(location))) {
      assertThatThrownBy(reader::fileMetadata)
          .isInstanceOf(CorruptMetadataException.class)
          .hasMessageContaining(location)
          .hasMessageContaining("snappy");
    }
  }

  @Test
  void corruptFilesFailWithClearErrors() throws IOException {
    String location = location("good.puffin");
    writeTwoBlobs(location, new PuffinWriter[1]);
    byte[] good = Files.readAllBytes(Path.of(location));

    assertCorrupt("truncated.puffin", Arrays.copyOf(good, good.length - 3), "does not end with the Puffin magic");
    byte[] badHead = good.clone();
    badHead[0] = 'X';
    assertCorrupt("head.puffin", badHead, "does not start with the Puffin magic");
    byte[] badSize = good.clone();
    ByteBuffer.wrap(badSize).order(ByteOrder.LITTLE_ENDIAN).putInt(good.length - 12, good.length);
    assertCorrupt("size.puffin", badSize, "footer payload size");
    byte[] shiftedSize = good.clone();
    int size = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(good.length - 12);
    ByteBuffer.wrap(shiftedSize).order(ByteOrder.LITTLE_ENDIAN).putInt(good.length - 12, size - 1);
    assertCorrupt("shifted.puffin", shiftedSize, "footer at offset");
    byte[] badFlags = good.clone();
    badFlags[good.length - 8] = 0x2;
    assertCorrupt("flags.puffin", badFlags, "reserved bits");
    assertCorrupt("tiny.puffin", MAGIC, "shorter than the smallest Puffin file");
  }

  @Test
  void blobOutsideTheBlobAreaIsRejected() {
    String location = location("c.puffin");
    writeTwoBlobs(location, new PuffinWriter[1]);
    try (PuffinReader reader = new PuffinReader(io.newInputFile(location))) {
      BlobMetadata pastFooter = new BlobMetadata("x", List.of(), -1, -1, 10, 50, PuffinCompressionCodec.NONE, Map.of());
      reader.fileMetadata();
      assertThatThrownBy(() -> reader.readBlob(pastFooter))
          .isInstanceOf(CorruptMetadataException.class)
          .hasMessageContaining(location)
          .hasMessageContaining("offset 10");
      assertThatThrownBy(() -> reader.readBlob(0, 4))
          .isInstanceOf(CorruptMetadataException.class);
    }
  }

  @Test
  void writerRefusesBlobsAfterClose() {
    PuffinWriter writer = new PuffinWriter(io.newOutputFile(location("d.puffin")), Map.of());
    writer.close();
    writer.close();
    assertThatThrownBy(() -> writer.add(blob("t", new byte[1], Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private void assertCorrupt(String name, byte[] content, String message) throws IOException {
    String location = location(name);
    Files.write(Path.of(location), content);
    try (PuffinReader reader = new PuffinReader(io.newInputFile(location))) {
      assertThatThrownBy(reader::fileMetadata)
          .isInstanceOf(CorruptMetadataException.class)
          .hasMessageContaining(location)
          .hasMessageContaining(message);
    }
  }

  /** A Puffin file laid out by hand: one blob at offset 4 and the given footer payload and flags. */
  private static byte[] puffin(byte[] blob, byte[] payload, int flags) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + blob.length + 4 + payload.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).put(blob).put(MAGIC).put(payload).putInt(payload.length).putInt(flags).put(MAGIC);
    return buffer.array();
  }

  private static byte[] lz4(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream lz4 = new FramedLZ4CompressorOutputStream(out)) {
      lz4.write(content);
    }
    return out.toByteArray();
  }

  private static boolean classPresent(String name) {
    try {
      Class.forName(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] result = new byte[buffer.remaining()];
    buffer.duplicate().get(result);
    return result;
  }
}
