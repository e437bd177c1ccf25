package io.datashard.deletes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.exceptions.CorruptMetadataException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

class DeletionVectorTest {
  private static final long TWO_TO_32 = 1L << 32;

  private static List<Long> positions(PositionDeleteIndex index) {
    List<Long> result = new ArrayList<>();
    index.forEach(result::add);
    return result;
  }

  private static DeletionVector roundTrip(DeletionVector vector) {
    return DeletionVector.deserialize(vector.serialize(), "test vector");
  }

  @Test
  void markDeletedMarksExactlyTheDeletedPositionsOfARange() {
    java.util.Random random = new java.util.Random(5);
    DeletionVector vector = new DeletionVector();
    TreeSet<Long> expected = new TreeSet<>();
    long high = 1L << 32; // positions on both sides of a bitmap key boundary
    for (int i = 0; i < 3000; i += 1) {
      long position = random.nextBoolean() ? random.nextInt(20_000) : high - 5_000 + random.nextInt(10_000);
      vector.delete(position);
      expected.add(position);
    }
    vector.delete(0x7FFF_FFF0L, 0x8000_0010L); // around 2^31, where a signed int comparison would break
    for (long p = 0x7FFF_FFF0L; p < 0x8000_0010L; p += 1) {
      expected.add(p);
    }
    long[] starts = {0, 1, 4095, 12_345, 19_990, 25_000, high - 4_097, high - 3, 0x7FFF_FFE0L, 0x8000_0000L};
    for (long start : starts) {
      for (int count : new int[] {1, 7, 4096}) {
        boolean[] marks = new boolean[count];
        int found = vector.markDeleted(start, count, marks);
        int want = 0;
        for (int i = 0; i < count; i += 1) {
          boolean deleted = expected.contains(start + i);
          assertThat(marks[i]).as("position %s", start + i).isEqualTo(deleted);
          want += deleted ? 1 : 0;
        }
        assertThat(found).as("deleted in [%s, +%s)", start, count).isEqualTo(want);
      }
    }
  }

  @Test
  void roundTripsPositionsAboveTwoToThe32() {
    long[] positions = {0, 1, 5, 65_535, 65_536, TWO_TO_32 - 1, TWO_TO_32, TWO_TO_32 + 7, 5 * TWO_TO_32 + 3,
        DeletionVector.MAX_POSITION};
    DeletionVector vector = DeletionVector.of(positions);
    DeletionVector read = roundTrip(vector);

    assertThat(read).isEqualTo(vector);
    assertThat(read.cardinality()).isEqualTo(positions.length);
    assertThat(positions(read)).containsExactly(0L, 1L, 5L, 65_535L, 65_536L, TWO_TO_32 - 1, TWO_TO_32, TWO_TO_32 + 7,
        5 * TWO_TO_32 + 3, DeletionVector.MAX_POSITION);
    for (long position : positions) {
      assertThat(read.isDeleted(position)).as("position %d", position).isTrue();
    }
    assertThat(read.isDeleted(2)).isFalse();
    assertThat(read.isDeleted(TWO_TO_32 + 1)).isFalse();
    assertThat(read.isDeleted(2 * TWO_TO_32 + 7)).as("same low bits, other key").isFalse();
    assertThat(read.isDeleted(-1)).isFalse();
  }

  @Test
  void roundTripsAnEmptyVector() {
    DeletionVector empty = new DeletionVector();
    ByteBuffer blob = empty.serialize();
    // length, magic, an 8-byte zero bitmap count, CRC
    assertThat(blob.remaining()).isEqualTo(4 + 4 + 8 + 4);
    DeletionVector read = DeletionVector.deserialize(blob, "empty");
    assertThat(read.isEmpty()).isTrue();
    assertThat(read.cardinality()).isZero();
    assertThat(positions(read)).isEmpty();
  }

  @Test
  void roundTripsDenseVectorsAndRangesAcrossKeys() {
    DeletionVector dense = new DeletionVector();
    dense.delete(0, 300_000);
    dense.delete(TWO_TO_32 - 10, TWO_TO_32 + 10);
    for (long p = 400_000; p < 500_000; p += 3) {
      dense.delete(p);
    }
    long expected = 300_000 + 20 + (500_000 - 400_000 + 2) / 3;
    assertThat(dense.cardinality()).isEqualTo(expected);

    DeletionVector read = roundTrip(dense);
    assertThat(read.cardinality()).isEqualTo(expected);
    assertThat(read).isEqualTo(dense);
    assertThat(read.isDeleted(299_999)).isTrue();
    assertThat(read.isDeleted(300_000)).isFalse();
    assertThat(read.isDeleted(TWO_TO_32 - 10)).isTrue();
    assertThat(read.isDeleted(TWO_TO_32 + 9)).isTrue();
    assertThat(read.isDeleted(TWO_TO_32 + 10)).isFalse();
    assertThat(read.isDeleted(400_003)).isTrue();
    assertThat(read.isDeleted(400_004)).isFalse();
    // run containers keep a dense range small
    assertThat(read.serialize().remaining()).isLessThan(100_000);
  }

  @Test
  void mergeCardinalityAndForEachOrder() {
    DeletionVector a = DeletionVector.of(10, TWO_TO_32 + 1, 3);
    DeletionVector b = DeletionVector.of(3, 4, 2 * TWO_TO_32);
    a.merge(b);
    assertThat(a.cardinality()).isEqualTo(5);
    assertThat(positions(a)).containsExactly(3L, 4L, 10L, TWO_TO_32 + 1, 2 * TWO_TO_32);

    PositionDeleteIndex other = new PositionDeleteIndex() {
      @Override
      public boolean isDeleted(long position) {
        return position == 99;
      }

      @Override
      public long cardinality() {
        return 1;
      }

      @Override
      public void forEach(java.util.function.LongConsumer consumer) {
        consumer.accept(99);
      }
    };
    a.merge(other);
    assertThat(a.isDeleted(99)).isTrue();
    assertThat(a.cardinality()).isEqualTo(6);
    // positions above 2^31 have the sign bit set in their low 32 bits: still in unsigned order
    DeletionVector high = DeletionVector.of(0xFFFF_FFFFL, 0x8000_0000L, 1);
    assertThat(positions(high)).containsExactly(1L, 0x8000_0000L, 0xFFFF_FFFFL);
  }

  @Test
  void rejectsPositionsOutsideTheFormat() {
    DeletionVector vector = new DeletionVector();
    assertThatThrownBy(() -> vector.delete(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> vector.delete(DeletionVector.MAX_POSITION + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Decodes the blob by hand following the Puffin spec and the Roaring format spec. */
  @Test
  void blobBytesFollowTheSpecLayout() {
    DeletionVector vector = DeletionVector.of(1, 5, 9, TWO_TO_32 + 7);
    ByteBuffer blob = vector.serialize();
    byte[] bytes = new byte[blob.remaining()];
    blob.duplicate().get(bytes);

    ByteBuffer big = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    int length = big.getInt(0);
    assertThat(length).as("length of magic + vector, big-endian").isEqualTo(bytes.length - 8);
    assertThat(new byte[] {bytes[4], bytes[5], bytes[6], bytes[7]})
        .isEqualTo(new byte[] {(byte) 0xD1, (byte) 0xD3, 0x39, 0x64});
    CRC32 crc = new CRC32();
    crc.update(bytes, 4, length);
    assertThat(big.getInt(bytes.length - 4)).as("CRC-32 of magic + vector, big-endian").isEqualTo((int) crc.getValue());

    ByteBuffer le = ByteBuffer.wrap(bytes, 8, length - 4).slice().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(le.getLong()).as("bitmap count, 8 bytes little-endian").isEqualTo(2);
    TreeSet<Long> decoded = new TreeSet<>();
    int previousKey = -1;
    for (int i = 0; i < 2; i++) {
      int key = le.getInt();
      assertThat(key).as("keys ascending").isGreaterThan(previousKey);
      previousKey = key;
      for (int low : readArrayOnlyRoaring(le)) {
        decoded.add(((long) key << 32) | (low & 0xFFFFFFFFL));
      }
    }
    assertThat(le.hasRemaining()).isFalse();
    assertThat(decoded).containsExactly(1L, 5L, 9L, TWO_TO_32 + 7);
  }

  /**
   * Reads a 32-bit Roaring bitmap in the portable layout holding only array containers: cookie
   * 12346, container count, per container a 16-bit key and cardinality - 1, per container a 32-bit
   * offset, then each container's sorted 16-bit values; all little-endian.
   */
  private static List<Integer> readArrayOnlyRoaring(ByteBuffer in) {
    assertThat(in.getInt()).as("SERIAL_COOKIE_NO_RUNCONTAINER").isEqualTo(12346);
    int containers = in.getInt();
    int[] keys = new int[containers];
    int[] cardinalities = new int[containers];
    for (int i = 0; i < containers; i++) {
      keys[i] = Short.toUnsignedInt(in.getShort());
      cardinalities[i] = Short.toUnsignedInt(in.getShort()) + 1;
    }
    for (int i = 0; i < containers; i++) {
      in.getInt(); // offset of the container, not needed when reading in order
    }
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < containers; i++) {
      for (int j = 0; j < cardinalities[i]; j++) {
        values.add(keys[i] << 16 | Short.toUnsignedInt(in.getShort()));
      }
    }
    return values;
  }

  /** RoaringBitmap's own 64-bit portable serialization is the layout the spec names. */
  @Test
  void readsVectorsEncodedByRoaringsPortableSerialization() throws IOException {
    Roaring64NavigableMap reference = new Roaring64NavigableMap();
    long[] positions = {2, 70_000, 3 * TWO_TO_32 + 11, 3 * TWO_TO_32 + 12};
    for (long position : positions) {
      reference.addLong(position);
    }
    reference.addRange(TWO_TO_32, TWO_TO_32 + 1000);
    ByteArrayOutputStream vector = new ByteArrayOutputStream();
    reference.serializePortable(new DataOutputStream(vector));

    byte[] checked = new byte[4 + vector.size()];
    checked[0] = (byte) 0xD1;
    checked[1] = (byte) 0xD3;
    checked[2] = 0x39;
    checked[3] = 0x64;
    System.arraycopy(vector.toByteArray(), 0, checked, 4, vector.size());
    CRC32 crc = new CRC32();
    crc.update(checked);
    ByteBuffer blob = ByteBuffer.allocate(checked.length + 8).order(ByteOrder.BIG_ENDIAN);
    blob.putInt(checked.length).put(checked).putInt((int) crc.getValue()).flip();

    DeletionVector read = DeletionVector.deserialize(blob, "reference vector");
    assertThat(read.cardinality()).isEqualTo(reference.getLongCardinality());
    List<Long> expected = new ArrayList<>();
    reference.forEach(expected::add);
    assertThat(positions(read)).isEqualTo(expected);
  }

  @Test
  void corruptBlobsFailWithClearErrors() {
    byte[] good = toArray(DeletionVector.of(1, 2, 3, TWO_TO_32).serialize());

    byte[] flipped = good.clone();
    flipped[good.length - 6] ^= 0x10;
    assertCorrupt(flipped, "CRC-32");

    byte[] badMagic = good.clone();
    badMagic[5] = 0;
    assertCorrupt(badMagic, "magic D1 D3 39 64");

    byte[] badLength = good.clone();
    badLength[3] += 1;
    assertCorrupt(badLength, "length field");

    assertCorrupt(java.util.Arrays.copyOf(good, good.length - 1), "length field");
    assertCorrupt(new byte[] {0, 0, 0, 4}, "shorter than the smallest");
  }

  @Test
  void corruptBitmapWithValidCrcFailsClearly() {
    // a blob whose CRC matches but whose bitmap count promises more bitmaps than it holds
    byte[] checked = new byte[4 + 8];
    checked[0] = (byte) 0xD1;
    checked[1] = (byte) 0xD3;
    checked[2] = 0x39;
    checked[3] = 0x64;
    checked[4] = 1;
    CRC32 crc = new CRC32();
    crc.update(checked);
    ByteBuffer blob = ByteBuffer.allocate(checked.length + 8).putInt(checked.length).put(checked)
        .putInt((int) crc.getValue()).flip();
    assertThatThrownBy(() -> DeletionVector.deserialize(blob, "dv for data.parquet"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("dv for data.parquet")
        .hasMessageContaining("bitmap count");
  }

  private static void assertCorrupt(byte[] blob, String message) {
    assertThatThrownBy(() -> DeletionVector.deserialize(ByteBuffer.wrap(blob), "deletion vector for s3://b/data.parquet"))
        .isInstanceOf(CorruptMetadataException.class)
        .hasMessageContaining("deletion vector for s3://b/data.parquet")
        .hasMessageContaining(message);
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] result = new byte[buffer.remaining()];
    buffer.duplicate().get(result);
    return result;
  }
}
