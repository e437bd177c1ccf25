package io.datashard.transforms;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * 32-bit Murmur3 hash, x86 variant, seed 0: the hash the Iceberg spec (Appendix B) mandates for the
 * bucket transform. Written here rather than taken from a library so that core has no dependency
 * whose hashing could silently change.
 */
final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /** Hashes the 8 little-endian bytes of {@code value}; ints are widened to long first (spec note 1). */
  static int hashLong(long value) {
    int h = 0;
    h = mixH(h, mixK((int) value));
    h = mixH(h, mixK((int) (value >>> 32)));
    return finish(h, 8);
  }

  /** Hashes the UTF-8 bytes of a string. */
  static int hashString(CharSequence value) {
    return hashBytes(value.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Hashes the 16 big-endian bytes of a UUID. */
  static int hashUuid(UUID value) {
    ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
    buffer.putLong(value.getMostSignificantBits());
    buffer.putLong(value.getLeastSignificantBits());
    return hashBytes(buffer.array());
  }

  static int hashBytes(byte[] bytes) {
    return hashBytes(bytes, 0, bytes.length);
  }

  /** Hashes the remaining bytes of the buffer without moving its position. */
  static int hashBytes(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      return hashBytes(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return hashBytes(copy);
  }

  static int hashBytes(byte[] bytes, int offset, int length) {
    int h = 0;
    int blockEnd = offset + (length & ~3);
    for (int i = offset; i < blockEnd; i += 4) {
      int k = (bytes[i] & 0xff)
          | (bytes[i + 1] & 0xff) << 8
          | (bytes[i + 2] & 0xff) << 16
          | (bytes[i + 3] & 0xff) << 24;
      h = mixH(h, mixK(k));
    }

    int k = 0;
    switch (length & 3) {
      case 3:
        k ^= (bytes[blockEnd + 2] & 0xff) << 16;
        // fall through
      case 2:
        k ^= (bytes[blockEnd + 1] & 0xff) << 8;
        // fall through
      case 1:
        k ^= bytes[blockEnd] & 0xff;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    return finish(h, length);
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }

  private static int mixH(int h, int k) {
    h ^= k;
    h = Integer.rotateLeft(h, 13);
    return h * 5 + 0xe6546b64;
  }

  private static int finish(int h, int length) {
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
