package io.datashard.data.batch;

import io.datashard.types.Type;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * The values of one column for the rows of a {@link ColumnBatch}, in an array of the column's
 * Java primitive type plus a null mask, reused from batch to batch.
 *
 * <p>Storage by type: boolean in a {@code boolean[]}; int and date in an {@code int[]}; long, time,
 * timestamp, timestamptz, timestamp_ns and timestamptz_ns in a {@code long[]}; float in a
 * {@code float[]}; double in a {@code double[]}. Every other type is held as objects in the Java
 * representation of {@link io.datashard.data.Record}: string as String, uuid as UUID, fixed and
 * binary as ByteBuffer, decimal as BigDecimal, and nested struct, list and map values as
 * {@link io.datashard.data.Record}, List and Map (read through {@link #getObject}; nested columns are
 * not columnar yet). A constant vector (a column the data file does not have) holds one value for all rows.
 *
 * <p>A reader may fill a string column with UTF-8 bytes ({@link #setUtf8}) instead of Strings: the bytes
 * are decoded only when a row is read as an object, so rows a filter drops cost no decoding, and an
 * engine with its own UTF-8 strings reads the bytes as they are ({@link #getUtf8}).
 *
 * <p>Typed accessors are only valid for the matching storage, and only for rows that are not null.
 * Values are valid until the reader fills the vector with its next batch.
 */
public final class ColumnVector {
  /** How the values of a vector are stored. */
  public enum Storage {
    BOOLEAN, INT, LONG, FLOAT, DOUBLE, OBJECT
  }

  private final Type type;
  private final Storage storage;
  private final boolean constant;
  private final boolean string;
  private final Object constantValue;
  private boolean[] nulls;
  private boolean[] booleans;
  private int[] ints;
  private long[] longs;
  private float[] floats;
  private double[] doubles;
  private Object[] objects;
  // string rows set from a byte array (setUtf8(row, bytes, offset, length)): objects holds the array
  private int[] utf8Offsets;
  private int[] utf8Lengths;

  /** Receives a string's UTF-8 bytes as a range of an array, see {@link #readUtf8}. */
  @FunctionalInterface
  public interface Utf8Reader<T> {
    T read(byte[] bytes, int offset, int length);
  }

  private ColumnVector(Type type, boolean constant, Object constantValue, int capacity) {
    this.type = Objects.requireNonNull(type, "type is null");
    this.storage = storageOf(type);
    this.string = type.typeId() == Type.TypeID.STRING;
    this.constant = constant;
    this.constantValue = constantValue;
    this.nulls = new boolean[capacity];
    if (constant) {
      return;
    }
    allocate(capacity);
  }

  /** A vector of {@code type} for up to {@code capacity} rows; it grows when filled past that. */
  public static ColumnVector allocate(Type type, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("Invalid vector capacity " + capacity + ": must not be negative");
    }
    return new ColumnVector(type, false, null, capacity);
  }

  /** A vector whose every row is {@code value} (which may be null), in the Java representation of {@code type}. */
  public static ColumnVector constant(Type type, Object value) {
    return new ColumnVector(type, true, value, 0);
  }

  /** The storage used for values of {@code type}. */
  public static Storage storageOf(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return Storage.BOOLEAN;
      case INTEGER:
      case DATE:
        return Storage.INT;
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return Storage.LONG;
      case FLOAT:
        return Storage.FLOAT;
      case DOUBLE:
        return Storage.DOUBLE;
      default:
        return Storage.OBJECT;
    }
  }

  private void allocate(int capacity) {
    nulls = new boolean[capacity];
    switch (storage) {
      case BOOLEAN:
        booleans = new boolean[capacity];
        break;
      case INT:
        ints = new int[capacity];
        break;
      case LONG:
        longs = new long[capacity];
        break;
      case FLOAT:
        floats = new float[capacity];
        break;
      case DOUBLE:
        doubles = new double[capacity];
        break;
      default:
        objects = new Object[capacity];
        if (string) {
          utf8Offsets = new int[capacity];
          utf8Lengths = new int[capacity];
        }
    }
  }

  public Type type() {
    return type;
  }

  public Storage storage() {
    return storage;
  }

  /** Whether every row holds the same value, {@link #getObject} of any row. */
  public boolean isConstant() {
    return constant;
  }

  public boolean isNull(int row) {
    return constant ? constantValue == null : nulls[row];
  }

  public boolean getBoolean(int row) {
    return constant ? (Boolean) constantValue : booleans[row];
  }

  /** An int or a date (days from 1970-01-01). */
  public int getInt(int row) {
    return constant ? ((Number) constantValue).intValue() : ints[row];
  }

  /** A long, a time, or a timestamp in the type's unit. */
  public long getLong(int row) {
    return constant ? ((Number) constantValue).longValue() : longs[row];
  }

  public float getFloat(int row) {
    return constant ? ((Number) constantValue).floatValue() : floats[row];
  }

  public double getDouble(int row) {
    return constant ? ((Number) constantValue).doubleValue() : doubles[row];
  }

  public BigDecimal getDecimal(int row) {
    return (BigDecimal) getObject(row);
  }

  public String getString(int row) {
    return (String) getObject(row);
  }

  public UUID getUuid(int row) {
    return (UUID) getObject(row);
  }

  /** A fixed or binary value; a read-only view the caller may consume. */
  public ByteBuffer getBinary(int row) {
    ByteBuffer value = (ByteBuffer) getObject(row);
    return value == null ? null : value.asReadOnlyBuffer();
  }

  /** The value of any type, boxed, in the Java representation of {@link io.datashard.data.Record}, or null. */
  public Object getObject(int row) {
    if (constant) {
      return constantValue;
    }
    if (nulls[row]) {
      return null;
    }
    switch (storage) {
      case BOOLEAN:
        return booleans[row];
      case INT:
        return ints[row];
      case LONG:
        return longs[row];
      case FLOAT:
        return floats[row];
      case DOUBLE:
        return doubles[row];
      default:
        Object value = objects[row];
        if (string && value instanceof ByteBuffer utf8) {
          // decoded once, on first use: rows nobody reads as objects are never decoded
          String decoded = decode(utf8);
          objects[row] = decoded;
          return decoded;
        } else if (string && value instanceof byte[] bytes) {
          String decoded = new String(bytes, utf8Offsets[row], utf8Lengths[row], StandardCharsets.UTF_8);
          objects[row] = decoded;
          return decoded;
        }
        return value;
    }
  }

  /**
   * A string value as UTF-8 bytes, or null: a view of the bytes the reader holds (when filled by
   * {@link #setUtf8}) or the String's encoding. Callers must not modify it.
   */
  public ByteBuffer getUtf8(int row) {
    if (!string) {
      throw new IllegalStateException("Cannot read UTF-8 bytes from a vector of " + type + ": not a string column");
    }
    Object value = constant ? constantValue : nulls[row] ? null : objects[row];
    if (value == null) {
      return null;
    }
    if (value instanceof ByteBuffer utf8) {
      return utf8.duplicate();
    } else if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes, utf8Offsets[row], utf8Lengths[row]).slice();
    }
    return ByteBuffer.wrap(((String) value).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Hands a string row's UTF-8 bytes to {@code reader} as a range of an array, without copying
   * when the vector holds them in an array (as filled by {@link #setUtf8}), and returns its result; for
   * engines with their own UTF-8 strings. The array belongs to the vector: the reader must not modify it,
   * and may keep a view of it only until the next batch. A null row gives null without calling the reader.
   */
  public <T> T readUtf8(int row, Utf8Reader<T> reader) {
    if (!string) {
      throw new IllegalStateException("Cannot read UTF-8 bytes from a vector of " + type + ": not a string column");
    }
    Object value = constant ? constantValue : nulls[row] ? null : objects[row];
    if (value == null) {
      return null;
    } else if (value instanceof byte[] bytes) {
      return reader.read(bytes, utf8Offsets[row], utf8Lengths[row]);
    } else if (value instanceof ByteBuffer utf8 && utf8.hasArray()) {
      return reader.read(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
    }
    ByteBuffer copy = getUtf8(row);
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return reader.read(bytes, 0, bytes.length);
  }

  private static String decode(ByteBuffer utf8) {
    if (utf8.hasArray()) {
      return new String(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining(), StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[utf8.remaining()];
    utf8.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  // ---- filling, for readers ----

  /** Makes room for {@code rows} rows; existing values may be lost. For readers. */
  public void reset(int rows) {
    if (constant) {
      return;
    }
    if (nulls.length < rows) {
      allocate(rows);
    } else if (objects != null) {
      Arrays.fill(objects, rows, objects.length, null); // do not keep values of earlier batches alive
    }
  }

  public void setNull(int row) {
    nulls[row] = true;
    if (objects != null) {
      objects[row] = null;
    }
  }

  public void setBoolean(int row, boolean value) {
    nulls[row] = false;
    booleans[row] = value;
  }

  public void setInt(int row, int value) {
    nulls[row] = false;
    ints[row] = value;
  }

  public void setLong(int row, long value) {
    nulls[row] = false;
    longs[row] = value;
  }

  public void setFloat(int row, float value) {
    nulls[row] = false;
    floats[row] = value;
  }

  public void setDouble(int row, double value) {
    nulls[row] = false;
    doubles[row] = value;
  }

  /**
   * Copies the values of rows {@code first .. first + count - 1} of a vector with {@code INT} storage to
   * {@code dest[offset..]}, for engines that copy columns in bulk. With a {@code selection} (a batch's
   * live rows) those are indexes into it: row {@code selection[first + i]} goes to {@code dest[offset + i]};
   * without one the rows are copied as a block. A constant vector repeats its value. The values of null
   * rows are unspecified: check {@link #isNull} for them.
   */
  public void copyInts(int[] selection, int first, int[] dest, int offset, int count) {
    if (constant) {
      Arrays.fill(dest, offset, offset + count, constantValue == null ? 0 : ((Number) constantValue).intValue());
    } else if (selection == null) {
      System.arraycopy(ints, first, dest, offset, count);
    } else {
      for (int i = 0; i < count; i += 1) {
        dest[offset + i] = ints[selection[first + i]];
      }
    }
  }

  /** Like {@link #copyInts}, for {@code LONG} storage. */
  public void copyLongs(int[] selection, int first, long[] dest, int offset, int count) {
    if (constant) {
      Arrays.fill(dest, offset, offset + count, constantValue == null ? 0L : ((Number) constantValue).longValue());
    } else if (selection == null) {
      System.arraycopy(longs, first, dest, offset, count);
    } else {
      for (int i = 0; i < count; i += 1) {
        dest[offset + i] = longs[selection[first + i]];
      }
    }
  }

  /** Like {@link #copyInts}, for {@code FLOAT} storage. */
  public void copyFloats(int[] selection, int first, float[] dest, int offset, int count) {
    if (constant) {
      Arrays.fill(dest, offset, offset + count, constantValue == null ? 0f : ((Number) constantValue).floatValue());
    } else if (selection == null) {
      System.arraycopy(floats, first, dest, offset, count);
    } else {
      for (int i = 0; i < count; i += 1) {
        dest[offset + i] = floats[selection[first + i]];
      }
    }
  }

  /** Like {@link #copyInts}, for {@code DOUBLE} storage. */
  public void copyDoubles(int[] selection, int first, double[] dest, int offset, int count) {
    if (constant) {
      Arrays.fill(dest, offset, offset + count, constantValue == null ? 0d : ((Number) constantValue).doubleValue());
    } else if (selection == null) {
      System.arraycopy(doubles, first, dest, offset, count);
    } else {
      for (int i = 0; i < count; i += 1) {
        dest[offset + i] = doubles[selection[first + i]];
      }
    }
  }

  /** Sets rows {@code [row, row + count)} to {@code values[offset..]}, not null. For readers decoding in bulk. */
  public void setBooleans(int row, boolean[] values, int offset, int count) {
    Arrays.fill(nulls, row, row + count, false);
    System.arraycopy(values, offset, booleans, row, count);
  }

  /** Sets rows {@code [row, row + count)} to {@code values[offset..]}, not null. For readers decoding in bulk. */
  public void setInts(int row, int[] values, int offset, int count) {
    Arrays.fill(nulls, row, row + count, false);
    System.arraycopy(values, offset, ints, row, count);
  }

  /** Sets rows {@code [row, row + count)} to {@code values[offset..]}, not null. For readers decoding in bulk. */
  public void setLongs(int row, long[] values, int offset, int count) {
    Arrays.fill(nulls, row, row + count, false);
    System.arraycopy(values, offset, longs, row, count);
  }

  /** Sets rows {@code [row, row + count)} to {@code values[offset..]}, not null. For readers decoding in bulk. */
  public void setFloats(int row, float[] values, int offset, int count) {
    Arrays.fill(nulls, row, row + count, false);
    System.arraycopy(values, offset, floats, row, count);
  }

  /** Sets rows {@code [row, row + count)} to {@code values[offset..]}, not null. For readers decoding in bulk. */
  public void setDoubles(int row, double[] values, int offset, int count) {
    Arrays.fill(nulls, row, row + count, false);
    System.arraycopy(values, offset, doubles, row, count);
  }

  /**
   * Sets a string value as its UTF-8 bytes, which the vector keeps (not copied) until the next batch;
   * decoded to a String only when read as an object. For readers of string columns.
   */
  public void setUtf8(int row, ByteBuffer utf8) {
    if (!string) {
      throw new IllegalStateException("Cannot set UTF-8 bytes in a vector of " + type + ": not a string column");
    }
    nulls[row] = false;
    objects[row] = utf8;
  }

  /**
   * Sets a string value as {@code length} UTF-8 bytes of {@code bytes} from {@code offset}, which the vector
   * keeps (not copied) until the next batch, like {@link #setUtf8(int, ByteBuffer)} but with no view
   * object per value. For readers of string columns whose bytes are in a heap array.
   */
  public void setUtf8(int row, byte[] bytes, int offset, int length) {
    if (!string) {
      throw new IllegalStateException("Cannot set UTF-8 bytes in a vector of " + type + ": not a string column");
    }
    nulls[row] = false;
    objects[row] = bytes;
    utf8Offsets[row] = offset;
    utf8Lengths[row] = length;
  }

  /** Sets a value given in its Java representation (boxed for primitive storage), or null. */
  public void setObject(int row, Object value) {
    if (value == null) {
      setNull(row);
      return;
    }
    switch (storage) {
      case BOOLEAN:
        setBoolean(row, (Boolean) value);
        break;
      case INT:
        setInt(row, ((Number) value).intValue());
        break;
      case LONG:
        setLong(row, ((Number) value).longValue());
        break;
      case FLOAT:
        setFloat(row, ((Number) value).floatValue());
        break;
      case DOUBLE:
        setDouble(row, ((Number) value).doubleValue());
        break;
      default:
        nulls[row] = false;
        objects[row] = value;
    }
  }
}
