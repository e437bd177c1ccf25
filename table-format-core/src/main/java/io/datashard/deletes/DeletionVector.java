package io.datashard.deletes;

import io.datashard.exceptions.CorruptMetadataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A set of deleted row positions that serializes to the Puffin {@code deletion-vector-v1} blob.
 *
 * <p>Positions are non-negative longs. As the spec lays the vector out, each position is split into
 * a 32-bit key (its high 4 bytes) and a 32-bit sub-position (its low 4 bytes) kept in one 32-bit
 * Roaring bitmap per key, so files under 2^32 rows use a single bitmap. Not thread-safe.
 */
public final class DeletionVector implements PositionDeleteIndex {
  /** The Puffin blob type of a serialized deletion vector. */
  public static final String BLOB_TYPE = "deletion-vector-v1";
  /** Largest position the format can hold: the key must fit in a non-negative int. */
  public static final long MAX_POSITION = ((long) Integer.MAX_VALUE << 32) | 0xFFFFFFFFL;

  static final byte[] MAGIC = {(byte) 0xD1, (byte) 0xD3, 0x39, 0x64};
  private static final int LENGTH_SIZE = 4;
  private static final int CRC_SIZE = 4;
  private static final int KEY_COUNT_SIZE = 8;
  private static final int KEY_SIZE = 4;

  // keys are non-negative ints, so signed order is the unsigned order the format requires
  private final TreeMap<Integer, RoaringBitmap> bitmaps = new TreeMap<>();
  // the bitmap of the key used last: per-row delete() and isDeleted() calls (a file under 2^32 rows has
  // one key) then skip the map's boxing and lookup. Bitmaps are never removed or replaced, so it stays valid.
  // key and bitmap in one object, so a reader never pairs one key with another key's bitmap
  private Last last = null;

  private record Last(int key, RoaringBitmap bitmap) {}

  public DeletionVector() {
  }

  /** A vector holding the given positions. */
  public static DeletionVector of(long... positions) {
    DeletionVector vector = new DeletionVector();
    for (long position : positions) {
      vector.delete(position);
    }
    return vector;
  }

  /** Marks {@code position} deleted. */
  public void delete(long position) {
    checkPosition(position);
    int key = key(position);
    Last current = last;
    if (current == null || current.key() != key) {
      current = new Last(key, bitmaps.computeIfAbsent(key, k -> new RoaringBitmap()));
      last = current;
    }
    current.bitmap().add(low(position));
  }

  /** Marks every position in {@code [start, end)} deleted. */
  public void delete(long start, long end) {
    if (start >= end) {
      return;
    }
    checkPosition(start);
    checkPosition(end - 1);
    long current = start;
    while (current < end) {
      int key = key(current);
      long keyEnd = Math.min(end, ((long) key + 1) << 32);
      // RoaringBitmap ranges are unsigned 32-bit values given as longs in [0, 2^32]
      long lowStart = current & 0xFFFFFFFFL;
      long lowEnd = lowStart + (keyEnd - current);
      bitmaps.computeIfAbsent(key, k -> new RoaringBitmap()).add(lowStart, lowEnd);
      current = keyEnd;
    }
  }

  /** Adds every position of {@code other} to this vector. */
  public void merge(PositionDeleteIndex other) {
    if (other instanceof DeletionVector vector) {
      for (Map.Entry<Integer, RoaringBitmap> entry : vector.bitmaps.entrySet()) {
        bitmaps.computeIfAbsent(entry.getKey(), k -> new RoaringBitmap()).or(entry.getValue());
      }
    } else {
      other.forEach(this::delete);
    }
  }

  @Override
  public boolean isDeleted(long position) {
    if (position < 0 || position > MAX_POSITION) {
      return false;
    }
    int key = key(position);
    Last current = last;
    if (current != null && current.key() == key) {
      return current.bitmap().contains(low(position));
    }
    RoaringBitmap bitmap = bitmaps.get(key);
    if (bitmap != null) {
      last = new Last(key, bitmap);
    }
    return bitmap != null && bitmap.contains(low(position));
  }

  /**
   * Walks only the deleted positions in the range (the bitmap's iterator, advanced to the range's
   * start), not every position: a batch with few deletes costs a few steps, not a lookup per row.
   */
  @Override
  public int markDeleted(long start, int count, boolean[] marks) {
    if (count <= 0) {
      return 0;
    }
    if (start < 0 || start + count - 1 > MAX_POSITION || key(start) != key(start + count - 1)) {
      return PositionDeleteIndex.super.markDeleted(start, count, marks);
    }
    RoaringBitmap bitmap = bitmaps.get(key(start));
    if (bitmap == null) {
      return 0;
    }
    long low = start & 0xFFFFFFFFL;
    PeekableIntIterator values = bitmap.getIntIterator();
    values.advanceIfNeeded(low(start));
    int found = 0;
    while (values.hasNext()) {
      // RoaringBitmap orders its 32-bit values as unsigned
      long offset = (values.next() & 0xFFFFFFFFL) - low;
      if (offset >= count) {
        break;
      }
      marks[(int) offset] = true;
      found += 1;
    }
    return found;
  }

  @Override
  public long cardinality() {
    long count = 0;
    for (RoaringBitmap bitmap : bitmaps.values()) {
      count += bitmap.getLongCardinality();
    }
    return count;
  }

  @Override
  public void forEach(LongConsumer consumer) {
    for (Map.Entry<Integer, RoaringBitmap> entry : bitmaps.entrySet()) {
      long high = (long) entry.getKey() << 32;
      // RoaringBitmap iterates its 32-bit values in unsigned order
      entry.getValue().forEach((int value) -> consumer.accept(high | (value & 0xFFFFFFFFL)));
    }
  }

  /**
   * The {@code deletion-vector-v1} blob: the length of magic plus vector (4 bytes, big-endian), the
   * magic {@code D1 D3 39 64}, the vector in Roaring's portable 64-bit layout (key count as 8 bytes
   * little-endian, then per key the key as 4 bytes little-endian and its 32-bit Roaring bitmap), and
   * the CRC-32 of magic plus vector (4 bytes, big-endian).
   */
  public ByteBuffer serialize() {
    long vectorSize = KEY_COUNT_SIZE;
    for (RoaringBitmap bitmap : bitmaps.values()) {
      bitmap.runOptimize();
      vectorSize += KEY_SIZE + bitmap.serializedSizeInBytes();
    }
    long blobSize = LENGTH_SIZE + MAGIC.length + vectorSize + CRC_SIZE;
    if (blobSize > Integer.MAX_VALUE) {
      throw new IllegalStateException("Deletion vector of " + cardinality() + " positions is too large to serialize: " + blobSize + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) blobSize).order(ByteOrder.BIG_ENDIAN);
    buffer.putInt((int) (MAGIC.length + vectorSize));
    buffer.put(MAGIC);
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(bitmaps.size());
    for (Map.Entry<Integer, RoaringBitmap> entry : bitmaps.entrySet()) {
      buffer.putInt(entry.getKey());
      entry.getValue().serialize(buffer);
    }
    CRC32 crc = new CRC32();
    crc.update(buffer.array(), LENGTH_SIZE, MAGIC.length + (int) vectorSize);
    buffer.order(ByteOrder.BIG_ENDIAN);
    buffer.putInt((int) crc.getValue());
    buffer.flip();
    return buffer;
  }

  /**
   * Reads a {@code deletion-vector-v1} blob.
   *
   * @param blob the blob bytes from its position to its limit
   * @param source what the blob is, for error messages (e.g. "deletion vector for s3://.../a.parquet in s3://.../x.puffin")
   * @throws CorruptMetadataException if the length, magic or CRC does not match, or the bitmaps cannot be read
   */
  public static DeletionVector deserialize(ByteBuffer blob, String source) {
    ByteBuffer buffer = blob.duplicate().order(ByteOrder.BIG_ENDIAN);
    int size = buffer.remaining();
    if (size < LENGTH_SIZE + MAGIC.length + KEY_COUNT_SIZE + CRC_SIZE) {
      throw corrupt(source, "it is " + size + " bytes long, shorter than the smallest deletion vector (20 bytes)");
    }
    int start = buffer.position();
    int length = buffer.getInt(start);
    if (length != size - LENGTH_SIZE - CRC_SIZE) {
      throw corrupt(source, "its length field says " + length + " bytes of magic and vector but the blob holds "
          + (size - LENGTH_SIZE - CRC_SIZE));
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (buffer.get(start + LENGTH_SIZE + i) != MAGIC[i]) {
        throw corrupt(source, "it does not start with the deletion vector magic D1 D3 39 64");
      }
    }
    byte[] checked = new byte[length];
    buffer.position(start + LENGTH_SIZE);
    buffer.get(checked);
    int expectedCrc = buffer.getInt();
    CRC32 crc = new CRC32();
    crc.update(checked);
    if ((int) crc.getValue() != expectedCrc) {
      throw corrupt(source, String.format("its CRC-32 is 0x%08x but the blob records 0x%08x", (int) crc.getValue(), expectedCrc));
    }
    ByteBuffer vector = ByteBuffer.wrap(checked, MAGIC.length, length - MAGIC.length).slice().order(ByteOrder.LITTLE_ENDIAN);
    return readVector(vector, source);
  }

  private static DeletionVector readVector(ByteBuffer vector, String source) {
    DeletionVector result = new DeletionVector();
    long keyCount = vector.getLong();
    if (keyCount < 0 || keyCount > vector.remaining() / KEY_SIZE) {
      throw corrupt(source, "its bitmap count " + keyCount + " does not fit in the blob");
    }
    int previousKey = -1;
    for (long i = 0; i < keyCount; i++) {
      if (vector.remaining() < KEY_SIZE) {
        throw corrupt(source, "it ends before bitmap " + i + " of " + keyCount);
      }
      int key = vector.getInt();
      if (key < 0 || key <= previousKey) {
        throw corrupt(source, "its bitmap keys are not ascending non-negative ints (" + key + " after " + previousKey + ")");
      }
      RoaringBitmap bitmap = new RoaringBitmap();
      try {
        bitmap.deserialize(vector);
      } catch (IOException | RuntimeException e) {
        throw new CorruptMetadataException("Cannot read " + source + ": Roaring bitmap for key " + key + " is invalid (" + e + ")", e);
      }
      vector.position(vector.position() + bitmap.serializedSizeInBytes());
      result.bitmaps.put(key, bitmap);
      previousKey = key;
    }
    if (vector.hasRemaining()) {
      throw corrupt(source, vector.remaining() + " bytes follow the last bitmap");
    }
    return result;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeletionVector other && nonEmpty(bitmaps).equals(nonEmpty(other.bitmaps));
  }

  @Override
  public int hashCode() {
    return nonEmpty(bitmaps).hashCode();
  }

  @Override
  public String toString() {
    return "DeletionVector{cardinality=" + cardinality() + "}";
  }

  private static Map<Integer, RoaringBitmap> nonEmpty(TreeMap<Integer, RoaringBitmap> bitmaps) {
    TreeMap<Integer, RoaringBitmap> result = new TreeMap<>();
    bitmaps.forEach((key, bitmap) -> {
      if (!bitmap.isEmpty()) {
        result.put(key, bitmap);
      }
    });
    return result;
  }

  private static int key(long position) {
    return (int) (position >>> 32);
  }

  private static int low(long position) {
    return (int) position;
  }

  private static void checkPosition(long position) {
    if (position < 0 || position > MAX_POSITION) {
      throw new IllegalArgumentException("Cannot delete row position " + position
          + ": deletion vectors hold positions from 0 to " + MAX_POSITION);
    }
  }

  private static CorruptMetadataException corrupt(String source, String why) {
    return new CorruptMetadataException("Cannot read " + source + ": " + why + "; the deletion vector is corrupt");
  }
}
