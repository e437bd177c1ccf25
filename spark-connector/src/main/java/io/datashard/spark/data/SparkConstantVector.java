package io.datashard.spark.data;

import java.util.Objects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Spark column vector holding one non-null value for every row, e.g. the {@code _file} or
 * {@code _spec_id} metadata column of a batch of rows that all come from one data file. The value is
 * set per file, so a batch costs nothing per row.
 */
public final class SparkConstantVector extends MetadataColumnVector {
  private UTF8String string = null;
  private int intValue = 0;
  private long longValue = 0L;

  /**
   * @param type the column's Spark type: string, int or long
   * @throws IllegalArgumentException for any other type
   */
  public SparkConstantVector(DataType type) {
    super(type);
    if (!type.equals(DataTypes.StringType) && !type.equals(DataTypes.IntegerType) && !type.equals(DataTypes.LongType)) {
      throw new IllegalArgumentException("Cannot make a constant column vector of type " + type
          + ": only string, int and long constants are supported");
    }
  }

  /** Makes every row's value {@code value} (the vector keeps the reference, valid until the next set). */
  public void set(UTF8String value) {
    if (!dataType().equals(DataTypes.StringType)) {
      throw new IllegalStateException("Cannot set a string in a constant vector of type " + dataType());
    }
    this.string = Objects.requireNonNull(value, "value is null");
  }

  /** Makes every row's value {@code value}: a UTF8String, Integer or Long, as the vector's type. */
  public void setValue(Object value) {
    if (value instanceof UTF8String utf8) {
      set(utf8);
    } else if (value instanceof Integer number) {
      set(number.intValue());
    } else if (value instanceof Long number) {
      set(number.longValue());
    } else {
      throw new IllegalArgumentException("Cannot set " + value + " in a constant vector of type " + dataType());
    }
  }

  public void set(int value) {
    this.intValue = value;
    this.longValue = value;
  }

  public void set(long value) {
    this.longValue = value;
    this.intValue = (int) value;
  }

  @Override
  public void close() {
    string = null;
  }

  @Override
  public int getInt(int rowId) {
    return intValue;
  }

  @Override
  public long getLong(int rowId) {
    return longValue;
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return string;
  }
}
