package io.datashard.spark.data;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The {@code _pos} metadata column of a batch: each live row's 0-based position in its data file,
 * computed from the batch's first row position and its selection of live rows (the same selection the
 * data vectors read through), so positions are never materialized.
 */
public final class SparkPositionVector extends org.apache.spark.sql.vectorized.ColumnVector {
  private long firstRowPosition = 0L;
  private int[] selection = null;

  public SparkPositionVector() {
    super(DataTypes.LongType);
  }

  /**
   * Points this vector at the next batch.
   *
   * @param newFirstRowPosition the file position of the batch's row 0
   * @param newSelection the batch's live rows in ascending order, or null when every row is live
   */
  public void reset(long newFirstRowPosition, int[] newSelection) {
    this.firstRowPosition = newFirstRowPosition;
    this.selection = newSelection;
  }

  @Override
  public long getLong(int rowId) {
    return firstRowPosition + (selection == null ? rowId : selection[rowId]);
  }

  @Override
  public void close() {
    selection = null;
  }

  /** Nothing to free: the vector only points at the batch's selection, re-pointed for every batch. */
  @Override
  public void closeIfFreeable() {
  }

  @Override
  public boolean hasNull() {
    return false;
  }

  @Override
  public int numNulls() {
    return 0;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return false;
  }

  @Override
  public boolean getBoolean(int rowId) {
    throw wrongType("boolean");
  }

  @Override
  public byte getByte(int rowId) {
    throw wrongType("byte");
  }

  @Override
  public short getShort(int rowId) {
    throw wrongType("short");
  }

  @Override
  public int getInt(int rowId) {
    throw wrongType("int");
  }

  @Override
  public float getFloat(int rowId) {
    throw wrongType("float");
  }

  @Override
  public double getDouble(int rowId) {
    throw wrongType("double");
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    throw wrongType("array");
  }

  @Override
  public ColumnarMap getMap(int rowId) {
    throw wrongType("map");
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    throw wrongType("decimal");
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    throw wrongType("string");
  }

  @Override
  public byte[] getBinary(int rowId) {
    throw wrongType("binary");
  }

  @Override
  public org.apache.spark.sql.vectorized.ColumnVector getChild(int ordinal) {
    throw wrongType("struct");
  }

  private static IllegalStateException wrongType(String requested) {
    return new IllegalStateException("Cannot read a " + requested + " from the _pos column vector: it holds longs");
  }
}
