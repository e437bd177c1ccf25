package io.datashard.spark.data;

import io.datashard.data.batch.ColumnVector;
import io.datashard.spark.SparkTypes;
import io.datashard.types.Type;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Spark column vector over a Datashard {@link ColumnVector} of a primitive type, seen through the
 * batch's selection of live rows: Spark's row {@code i} is the vector's row {@code selection[i]} (or
 * {@code i} when every row is live), so deleted and filtered rows are skipped without copying values.
 * Primitive values are read straight from the core's arrays, with no boxing, and strings straight
 * from the UTF-8 bytes the core's reader holds, with no String in between.
 */
public final class SparkColumnVector extends org.apache.spark.sql.vectorized.ColumnVector {
  private final Type type;
  private final boolean nanos;
  private final boolean string;
  private ColumnVector vector;
  private int[] selection;
  private int numRows;

  public SparkColumnVector(Type type) {
    super(SparkTypes.toSparkType(type));
    if (!type.isPrimitiveType()) {
      throw new IllegalArgumentException("Cannot make a Spark column vector for nested type " + type
          + ": nested columns are read through the row reader");
    }
    this.type = type;
    this.nanos = type.typeId() == Type.TypeID.TIMESTAMP_NANO;
    this.string = type.typeId() == Type.TypeID.STRING;
  }

  /** Points this vector at the next batch's values and live rows. */
  public void reset(ColumnVector newVector, int[] newSelection, int newNumRows) {
    this.vector = newVector;
    this.selection = newSelection;
    this.numRows = newNumRows;
  }

  private int row(int rowId) {
    return selection == null ? rowId : selection[rowId];
  }

  @Override
  public void close() {
    vector = null;
    selection = null;
  }

  @Override
  public boolean hasNull() {
    return numNulls() > 0;
  }

  @Override
  public int numNulls() {
    int count = 0;
    for (int i = 0; i < numRows; i++) {
      if (vector.isNull(row(i))) {
        count++;
      }
    }
    return count;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return vector.isNull(row(rowId));
  }

  @Override
  public boolean getBoolean(int rowId) {
    return vector.getBoolean(row(rowId));
  }

  @Override
  public byte getByte(int rowId) {
    return (byte) vector.getInt(row(rowId));
  }

  @Override
  public short getShort(int rowId) {
    return (short) vector.getInt(row(rowId));
  }

  @Override
  public int getInt(int rowId) {
    return vector.getInt(row(rowId));
  }

  @Override
  public long getLong(int rowId) {
    long value = vector.getLong(row(rowId));
    return nanos ? Math.floorDiv(value, 1000L) : value;
  }

  @Override
  public float getFloat(int rowId) {
    return vector.getFloat(row(rowId));
  }

  @Override
  public double getDouble(int rowId) {
    return vector.getDouble(row(rowId));
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    int row = row(rowId);
    if (vector.isNull(row)) {
      return null;
    }
    return Decimal.apply(vector.getDecimal(row), precision, scale);
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    int row = row(rowId);
    if (vector.isNull(row)) {
      return null;
    }
    if (string) {
      // a view of the reader's bytes, valid until the next batch as Spark expects of a column vector
      return vector.readUtf8(row, UTF8String::fromBytes);
    }
    Object value = vector.getObject(row);
    return UTF8String.fromString(value instanceof UUID uuid ? uuid.toString() : (String) value);
  }

  @Override
  public byte[] getBinary(int rowId) {
    int row = row(rowId);
    if (vector.isNull(row)) {
      return null;
    }
    ByteBuffer value = (ByteBuffer) vector.getObject(row);
    return SparkValues.bytes(value);
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    throw new IllegalStateException("Column of type " + type + " is not an array");
  }

  @Override
  public ColumnarMap getMap(int rowId) {
    throw new IllegalStateException("Column of type " + type + " is not a map");
  }

  @Override
  public org.apache.spark.sql.vectorized.ColumnVector getChild(int ordinal) {
    throw new IllegalStateException("Column of type " + type + " has no children");
  }
}
