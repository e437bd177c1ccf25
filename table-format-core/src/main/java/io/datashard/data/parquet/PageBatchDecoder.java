package io.datashard.data.parquet;

import io.datashard.data.batch.ColumnVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes one column chunk of a top-level primitive column page by page, many values at a time, for
 * the common flat cases: max repetition level 0, max definition level 0 or 1, and data pages (v1 or v2)
 * that are PLAIN or dictionary encoded with a PLAIN dictionary. Definition levels and dictionary ids
 * are read in runs of the RLE/bit-packed hybrid encoding; fixed-width PLAIN values are copied in bulk.
 * {@link #supports} decides per column chunk from the footer's encoding stats, so a chunk with any other
 * encoding is read by parquet-mr's {@code ColumnReader} instead (see {@link ParquetFlatColumn}).
 */
final class PageBatchDecoder {
  private static final Set<Encoding> DICTIONARY_IDS = Set.of(Encoding.RLE_DICTIONARY, Encoding.PLAIN_DICTIONARY);

  private final String location;
  private final ColumnDescriptor descriptor;
  private final PageReader pages;
  private final ParquetFlatColumn.Mode mode;
  private final ColumnVector vector;
  private final int maxDefinition;
  private final RleHybrid levelRuns = new RleHybrid();
  private final RleHybrid idRuns = new RleHybrid();
  // the dictionary of the chunk, decoded once, in the array of the column's physical type
  private int[] dictInts;
  private long[] dictLongs;
  private float[] dictFloats;
  private double[] dictDoubles;
  // BINARY dictionaries: every value's bytes in one array, so rows take (array, offset, length)
  private byte[] dictBytes;
  private int[] dictOffsets;
  private int[] dictLengths;
  // the current page, and the row (of the row group) of its next value
  private int pageLeft = 0;
  private long nextRow = 0;
  private boolean pageUsesIds = false;
  private ByteBuffer values; // PLAIN values, little-endian, positioned at the next value
  private int bitOffset = 0; // PLAIN booleans: bits read from the values' start
  private int[] levels = new int[0];
  // the current v1 page's definition levels when not RLE-encoded, decoded up front (null otherwise)
  private int[] packedLevels = null;
  private int packedLevelsPos = 0;
  private int[] ids = new int[0];
  private int[] intScratch = new int[0];
  private long[] longScratch = new long[0];
  private float[] floatScratch = new float[0];
  private double[] doubleScratch = new double[0];
  private boolean[] booleanScratch = new boolean[0];

  PageBatchDecoder(String location, ColumnDescriptor descriptor, PageReader pages, ParquetFlatColumn.Mode mode,
      ColumnVector vector) {
    this.location = location;
    this.descriptor = descriptor;
    this.pages = pages;
    this.mode = mode;
    this.vector = vector;
    this.maxDefinition = descriptor.getMaxDefinitionLevel();
    DictionaryPage dictionary = pages.readDictionaryPage();
    if (dictionary != null) {
      readDictionary(dictionary);
    }
  }

  /** Whether this decoder can read the chunk: otherwise parquet-mr's ColumnReader must. */
  static boolean supports(ColumnDescriptor descriptor, ColumnChunkMetaData chunk, ParquetFlatColumn.Mode mode) {
    if (chunk == null || descriptor.getMaxRepetitionLevel() != 0 || descriptor.getMaxDefinitionLevel() > 1) {
      return false;
    }
    PrimitiveTypeName physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
    boolean typeMatches;
    switch (mode) {
      case BOOLEAN:
        typeMatches = physical == PrimitiveTypeName.BOOLEAN;
        break;
      case INT:
      case INT_AS_LONG:
        typeMatches = physical == PrimitiveTypeName.INT32;
        break;
      case LONG:
        typeMatches = physical == PrimitiveTypeName.INT64;
        break;
      case FLOAT:
      case FLOAT_AS_DOUBLE:
        typeMatches = physical == PrimitiveTypeName.FLOAT;
        break;
      case DOUBLE:
        typeMatches = physical == PrimitiveTypeName.DOUBLE;
        break;
      case UTF8:
        typeMatches = physical == PrimitiveTypeName.BINARY;
        break;
      default:
        typeMatches = false;
    }
    EncodingStats stats = chunk.getEncodingStats();
    // without stats the pages' encodings are unknown up front. The chunk's encodings are no guide to the
    // levels: parquet-mr's v1 writer lists BIT_PACKED for the repetition levels a flat column does not
    // write, so every optional column lists it; each page names its level encoding (see nextPage)
    if (!typeMatches || stats == null) {
      return false;
    }
    for (Encoding encoding : stats.getDataEncodings()) {
      boolean ids = DICTIONARY_IDS.contains(encoding) && mode != ParquetFlatColumn.Mode.BOOLEAN;
      if (encoding != Encoding.PLAIN && !ids) {
        return false;
      }
    }
    for (Encoding encoding : stats.getDictionaryEncodings()) {
      if (encoding != Encoding.PLAIN && encoding != Encoding.PLAIN_DICTIONARY) {
        return false;
      }
    }
    return true;
  }

  private void readDictionary(DictionaryPage page) {
    ByteBuffer bytes = toBuffer(page.getBytes());
    int size = page.getDictionarySize();
    int pos = bytes.position();
    switch (descriptor.getPrimitiveType().getPrimitiveTypeName()) {
      case INT32:
        dictInts = new int[size];
        bytes.asIntBuffer().get(dictInts);
        break;
      case INT64:
        dictLongs = new long[size];
        bytes.asLongBuffer().get(dictLongs);
        break;
      case FLOAT:
        dictFloats = new float[size];
        bytes.asFloatBuffer().get(dictFloats);
        break;
      case DOUBLE:
        dictDoubles = new double[size];
        bytes.asDoubleBuffer().get(dictDoubles);
        break;
      case BINARY:
        dictOffsets = new int[size];
        dictLengths = new int[size];
        dictBytes = new byte[bytes.remaining()];
        bytes.duplicate().get(dictBytes);
        for (int i = 0, at = 0; i < size; i += 1) {
          int length = bytes.getInt(pos + at);
          dictOffsets[i] = at + 4;
          dictLengths[i] = length;
          at += 4 + length;
        }
        break;
      default:
        throw new IllegalStateException("Cannot read the dictionary of column " + descriptor + " in " + location
            + ": unexpected type " + descriptor.getPrimitiveType());
    }
  }

  private static ByteBuffer toBuffer(org.apache.parquet.bytes.BytesInput input) {
    try {
      return input.toByteBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Opens the next page; only {@code skipTo} may find it starting after the current row (filtered pages). */
  private void nextPage(boolean mayJump) {
    DataPage page = pages.readPage();
    if (page == null) {
      throw new IllegalStateException("Cannot read column " + descriptor + " of " + location
          + ": its pages hold fewer values than the row group's row count");
    }
    if (page.getFirstRowIndex().isPresent()) {
      long first = page.getFirstRowIndex().get();
      if (first < nextRow || (first > nextRow && !mayJump)) {
        throw new IllegalStateException("Cannot read column " + descriptor + " of " + location + ": a page starts at row "
            + first + " where row " + nextRow + " was expected");
      }
      nextRow = first;
    }
    ByteBuffer data;
    Encoding encoding;
    if (page instanceof DataPageV1 v1) {
      data = toBuffer(v1.getBytes());
      int pos = 0;
      packedLevels = null;
      if (maxDefinition > 0) {
        if (v1.getDlEncoding() == Encoding.RLE) {
          int length = data.getInt(0);
          levelRuns.init(data, 4, length, 1);
          pos = 4 + length;
        } else {
          pos = readPageLevels(v1, data);
        }
      }
      data.position(pos);
      encoding = v1.getValueEncoding();
    } else {
      DataPageV2 v2 = (DataPageV2) page;
      packedLevels = null;
      if (maxDefinition > 0) {
        ByteBuffer defs = toBuffer(v2.getDefinitionLevels());
        levelRuns.init(defs, 0, defs.remaining(), 1);
      }
      data = toBuffer(v2.getData());
      encoding = v2.getDataEncoding();
    }
    if (DICTIONARY_IDS.contains(encoding)) {
      if (dictInts == null && dictLongs == null && dictFloats == null && dictDoubles == null && dictBytes == null) {
        throw new IllegalStateException("Cannot read column " + descriptor + " of " + location
            + ": a dictionary-encoded page without a dictionary page");
      }
      int pos = data.position();
      int bitWidth = data.get(pos) & 0xFF;
      idRuns.init(data, pos + 1, data.limit() - pos - 1, bitWidth);
      pageUsesIds = true;
    } else if (encoding == Encoding.PLAIN) {
      pageUsesIds = false;
      values = data;
      bitOffset = 0;
    } else {
      throw new IllegalStateException("Cannot read column " + descriptor + " of " + location
          + ": unexpected value encoding " + encoding + " though the footer's encoding stats do not list it");
    }
    pageLeft = page.getValueCount();
  }

  /**
   * Decodes a v1 page's definition levels in another encoding than RLE (the deprecated BIT_PACKED of old
   * writers) all at once through parquet-mr, and returns where the page's values start.
   */
  private int readPageLevels(DataPageV1 page, ByteBuffer data) {
    Encoding encoding = page.getDlEncoding();
    if (encoding != Encoding.BIT_PACKED) {
      throw new IllegalStateException("Cannot read column " + descriptor + " of " + location
          + ": unexpected definition level encoding " + encoding);
    }
    int count = page.getValueCount();
    try {
      ValuesReader reader = encoding.getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
      ByteBufferInputStream in = ByteBufferInputStream.wrap(data.duplicate());
      reader.initFromPage(count, in);
      packedLevels = new int[count];
      for (int i = 0; i < count; i += 1) {
        packedLevels[i] = reader.readInteger();
      }
      packedLevelsPos = 0;
      return (int) in.position();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Fills rows {@code [0, rows)} of the vector, crossing pages as needed. */
  void read(int rows) {
    decode(rows, true);
  }

  /** Moves past {@code rows} rows without filling the vector. */
  void skip(int rows) {
    decode(rows, false);
  }

  /**
   * Moves to row {@code row} of the row group, at or after the current row: pages that end before it are
   * dropped undecoded (in a row group read with filtered pages, parquet-mr did not even read the pages
   * between ranges), and the rows before it in its page are skipped.
   */
  void skipTo(long row) {
    while (nextRow < row) {
      if (pageLeft == 0) {
        nextPage(true);
        continue;
      }
      if (row - nextRow >= pageLeft) {
        nextRow += pageLeft;
        pageLeft = 0;
      } else {
        decode((int) (row - nextRow), false);
      }
    }
    if (nextRow != row) {
      throw new IllegalStateException("Cannot read column " + descriptor + " of " + location + ": no page holds row "
          + row + " (the next page starts at row " + nextRow + ")");
    }
  }

  private void decode(int rows, boolean fill) {
    int row = 0;
    while (row < rows) {
      while (pageLeft == 0) {
        nextPage(false);
      }
      int n = Math.min(rows - row, pageLeft);
      if (maxDefinition == 0) {
        values(row, n, fill);
      } else {
        if (levels.length < n) {
          levels = new int[Math.max(n, 64)];
        }
        if (packedLevels != null) {
          System.arraycopy(packedLevels, packedLevelsPos, levels, 0, n);
          packedLevelsPos += n;
        } else {
          levelRuns.read(levels, 0, n);
        }
        int i = 0;
        while (i < n) {
          if (levels[i] == maxDefinition) {
            int end = i + 1;
            while (end < n && levels[end] == maxDefinition) {
              end += 1;
            }
            values(row + i, end - i, fill);
            i = end;
          } else {
            if (fill) {
              vector.setNull(row + i);
            }
            i += 1;
          }
        }
      }
      pageLeft -= n;
      nextRow += n;
      row += n;
    }
  }

  /** Decodes the next {@code n} non-null values into rows {@code [row, row + n)}, or past them. */
  private void values(int row, int n, boolean fill) {
    if (pageUsesIds) {
      if (ids.length < n) {
        ids = new int[Math.max(n, 64)];
      }
      idRuns.read(ids, 0, n);
      if (fill) {
        fromDictionary(row, n);
      }
    } else if (mode == ParquetFlatColumn.Mode.UTF8) {
      int pos = values.position();
      // heap pages: the vector keeps (array, offset, length) per value, with no view object each
      byte[] array = values.hasArray() ? values.array() : null;
      int base = array == null ? 0 : values.arrayOffset();
      for (int i = 0; i < n; i += 1) {
        int length = values.getInt(pos);
        if (fill) {
          if (array != null) {
            vector.setUtf8(row + i, array, base + pos + 4, length);
          } else {
            vector.setUtf8(row + i, values.slice(pos + 4, length));
          }
        }
        pos += 4 + length;
      }
      values.position(pos);
    } else if (mode == ParquetFlatColumn.Mode.BOOLEAN) {
      if (fill) {
        if (booleanScratch.length < n) {
          booleanScratch = new boolean[Math.max(n, 64)];
        }
        int start = values.position();
        for (int i = 0; i < n; i += 1) {
          int bit = bitOffset + i;
          booleanScratch[i] = ((values.get(start + (bit >>> 3)) >>> (bit & 7)) & 1) != 0;
        }
        vector.setBooleans(row, booleanScratch, 0, n);
      }
      bitOffset += n;
    } else if (!fill) {
      values.position(values.position() + n * width());
    } else {
      plain(row, n);
    }
  }

  private int width() {
    switch (mode) {
      case LONG:
      case DOUBLE:
        return 8;
      default:
        return 4;
    }
  }

  private void plain(int row, int n) {
    switch (mode) {
      case INT:
      case INT_AS_LONG:
        if (intScratch.length < n) {
          intScratch = new int[Math.max(n, 64)];
        }
        values.asIntBuffer().get(intScratch, 0, n);
        if (mode == ParquetFlatColumn.Mode.INT) {
          vector.setInts(row, intScratch, 0, n);
        } else {
          for (int i = 0; i < n; i += 1) {
            vector.setLong(row + i, intScratch[i]);
          }
        }
        break;
      case LONG:
        if (longScratch.length < n) {
          longScratch = new long[Math.max(n, 64)];
        }
        values.asLongBuffer().get(longScratch, 0, n);
        vector.setLongs(row, longScratch, 0, n);
        break;
      case FLOAT:
      case FLOAT_AS_DOUBLE:
        if (floatScratch.length < n) {
          floatScratch = new float[Math.max(n, 64)];
        }
        values.asFloatBuffer().get(floatScratch, 0, n);
        if (mode == ParquetFlatColumn.Mode.FLOAT) {
          vector.setFloats(row, floatScratch, 0, n);
        } else {
          for (int i = 0; i < n; i += 1) {
            vector.setDouble(row + i, floatScratch[i]);
          }
        }
        break;
      case DOUBLE:
        if (doubleScratch.length < n) {
          doubleScratch = new double[Math.max(n, 64)];
        }
        values.asDoubleBuffer().get(doubleScratch, 0, n);
        vector.setDoubles(row, doubleScratch, 0, n);
        break;
      default:
        throw new IllegalStateException("Cannot decode column " + descriptor + " of " + location + " as " + mode);
    }
    values.position(values.position() + n * width());
  }

  private void fromDictionary(int row, int n) {
    switch (mode) {
      case INT:
        for (int i = 0; i < n; i += 1) {
          vector.setInt(row + i, dictInts[ids[i]]);
        }
        break;
      case INT_AS_LONG:
        for (int i = 0; i < n; i += 1) {
          vector.setLong(row + i, dictInts[ids[i]]);
        }
        break;
      case LONG:
        for (int i = 0; i < n; i += 1) {
          vector.setLong(row + i, dictLongs[ids[i]]);
        }
        break;
      case FLOAT:
        for (int i = 0; i < n; i += 1) {
          vector.setFloat(row + i, dictFloats[ids[i]]);
        }
        break;
      case FLOAT_AS_DOUBLE:
        for (int i = 0; i < n; i += 1) {
          vector.setDouble(row + i, dictFloats[ids[i]]);
        }
        break;
      case DOUBLE:
        for (int i = 0; i < n; i += 1) {
          vector.setDouble(row + i, dictDoubles[ids[i]]);
        }
        break;
      case UTF8:
        for (int i = 0; i < n; i += 1) {
          int id = ids[i];
          vector.setUtf8(row + i, dictBytes, dictOffsets[id], dictLengths[id]);
        }
        break;
      default:
        throw new IllegalStateException("Cannot decode dictionary ids of column " + descriptor + " of " + location
            + " as " + mode);
    }
  }

  /** The RLE/bit-packed hybrid encoding of Parquet's levels and dictionary ids, decoded run by run. */
  private static final class RleHybrid {
    private ByteBuffer buffer;
    private int pos;
    private int end;
    private int bitWidth;
    private int runLeft;
    private boolean packed;
    private int runValue;
    private int packedStart;
    private int packedIndex;

    void init(ByteBuffer data, int start, int length, int width) {
      if (width > 32 || start + length > data.limit()) {
        throw new IllegalStateException("Invalid RLE/bit-packed data: bit width " + width + ", " + length + " bytes");
      }
      this.buffer = data;
      this.pos = start;
      this.end = start + length;
      this.bitWidth = width;
      this.runLeft = 0;
    }

    void read(int[] out, int off, int n) {
      while (n > 0) {
        if (runLeft == 0) {
          header();
        }
        int count = Math.min(n, runLeft);
        if (packed) {
          unpack(out, off, count);
          packedIndex += count;
        } else {
          java.util.Arrays.fill(out, off, off + count, runValue);
        }
        off += count;
        n -= count;
        runLeft -= count;
      }
    }

    private void header() {
      int header = 0;
      int shift = 0;
      while (true) {
        if (pos >= end) {
          throw new IllegalStateException("Invalid RLE/bit-packed data: it ends before the values it must hold");
        }
        int b = buffer.get(pos++) & 0xFF;
        header |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
      }
      if ((header & 1) == 0) {
        packed = false;
        runLeft = header >>> 1;
        int value = 0;
        for (int i = 0, bytes = (bitWidth + 7) / 8; i < bytes; i += 1) {
          value |= (buffer.get(pos++) & 0xFF) << (8 * i);
        }
        runValue = value;
      } else {
        packed = true;
        runLeft = (header >>> 1) * 8;
        packedStart = pos;
        packedIndex = 0;
        pos += (header >>> 1) * bitWidth;
      }
      if (runLeft <= 0) {
        throw new IllegalStateException("Invalid RLE/bit-packed data: an empty run");
      }
    }

    /**
     * Unpacks {@code count} values of the current bit-packed run from value {@code packedIndex} on:
     * little-endian {@code bitWidth}-bit fields, read a byte at a time into a bit accumulator.
     */
    private void unpack(int[] out, int off, int count) {
      if (bitWidth == 0) {
        java.util.Arrays.fill(out, off, off + count, 0);
        return;
      }
      long bit = (long) packedIndex * bitWidth;
      int at = packedStart + (int) (bit >>> 3);
      int skip = (int) (bit & 7);
      long mask = (1L << bitWidth) - 1;
      long acc = 0;
      int have = 0;
      for (int i = 0; i < count; i += 1) {
        while (have < bitWidth + skip) {
          // a last group may be cut short at the data's end: its missing bits hold no values read
          long b = at < end ? buffer.get(at) & 0xFF : 0;
          acc |= b << have;
          have += 8;
          at += 1;
        }
        if (skip != 0) {
          acc >>>= skip;
          have -= skip;
          skip = 0;
        }
        out[off + i] = (int) (acc & mask);
        acc >>>= bitWidth;
        have -= bitWidth;
      }
    }
  }
}
