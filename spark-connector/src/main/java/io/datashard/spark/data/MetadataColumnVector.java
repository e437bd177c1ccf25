package io.datashard.spark.data;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Spark column vector of a metadata column ({@code _file}, {@code _pos}, {@code _spec_id}): never
 * null, computed rather than stored, and re-pointed for every batch. Subclasses override the getters
 * of their type; every other getter fails naming the type asked for.
 */
abstract class MetadataColumnVector extends ColumnVector {
  MetadataColumnVector(DataType type) {
    super(type);
  }

  /**
   * Keeps the vector's state: Spark frees each batch's vectors this way once it has read the batch,
   * but what a metadata vector holds serves every batch of its file.
   */
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
  public long getLong(int rowId) {
    throw wrongType("long");
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
  public ColumnVector getChild(int ordinal) {
    throw wrongType("struct");
  }

  private IllegalStateException wrongType(String requested) {
    return new IllegalStateException("Cannot read a " + requested + " from the " + getClass().getSimpleName()
        + " of type " + dataType());
  }
}
