package io.datashard.puffin;

import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.DatashardException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Layout constants of the Puffin format and the (de)compression it allows. */
final class PuffinFormat {
  /** "PFA1": Puffin (Fratercula arctica), version 1; at the start of the file and around the footer. */
  static final byte[] MAGIC = {0x50, 0x46, 0x41, 0x31};
  static final int MAGIC_LENGTH = MAGIC.length;
  /** Footer payload size (int32) and flags (4 bytes) between the payload and the trailing magic. */
  static final int FOOTER_STRUCT_LENGTH = 4 + 4 + MAGIC_LENGTH;
  /** Byte 0, bit 0 of the flags: the footer payload is LZ4-compressed. */
  static final int FLAG_FOOTER_COMPRESSED = 0x1;
  static final String CREATED_BY = "created-by";

  private PuffinFormat() {
  }

  static void writeIntLittleEndian(byte[] target, int offset, int value) {
    target[offset] = (byte) value;
    target[offset + 1] = (byte) (value >>> 8);
    target[offset + 2] = (byte) (value >>> 16);
    target[offset + 3] = (byte) (value >>> 24);
  }

  static int readIntLittleEndian(byte[] source, int offset) {
    return (source[offset] & 0xFF)
        | (source[offset + 1] & 0xFF) << 8
        | (source[offset + 2] & 0xFF) << 16
        | (source[offset + 3] & 0xFF) << 24;
  }

  static boolean isMagic(byte[] source, int offset) {
    for (int i = 0; i < MAGIC_LENGTH; i++) {
      if (source[offset + i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decompresses one blob or footer payload with Apache Commons Compress, which core has through
   * Avro. Its LZ4 frame decoder is pure Java; its Zstandard decoder needs zstd-jni at run time,
   * which core has through Parquet, and whose absence is reported as such rather than as corruption.
   */
  static ByteBuffer decompress(PuffinCompressionCodec codec, byte[] stored, String what) {
    if (codec == PuffinCompressionCodec.NONE) {
      return ByteBuffer.wrap(stored);
    }
    String name = codec.codecName().orElseThrow();
    try (InputStream in = decompressing(codec, new ByteArrayInputStream(stored))) {
      return ByteBuffer.wrap(in.readAllBytes());
    } catch (IOException e) {
      throw new CorruptMetadataException("Cannot decompress " + what + " with " + name
          + ": the stored bytes are not a valid " + name + " frame (" + e.getMessage() + ")", e);
    } catch (LinkageError e) {
      throw new DatashardException("Cannot read " + what + ": it is " + name + "-compressed and the " + name
          + " decoder is not on the classpath (" + e + "); add com.github.luben:zstd-jni or rewrite the file uncompressed", e);
    }
  }

  private static InputStream decompressing(PuffinCompressionCodec codec, InputStream in) throws IOException {
    switch (codec) {
      case LZ4:
        return new org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream(in);
      case ZSTD:
        return new org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream(in);
      default:
        throw new IllegalStateException("Unhandled codec " + codec);
    }
  }
}
