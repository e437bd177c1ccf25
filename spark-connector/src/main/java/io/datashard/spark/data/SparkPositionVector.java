package io.datashard.spark.data;

import org.apache.spark.sql.types.DataTypes;

/**
 * The {@code _pos} metadata column of a batch: each live row's 0-based position in its data file,
 * computed from the batch's first row position and its selection of live rows (the same selection the
 * data vectors read through), so positions are never materialized.
 */
public final class SparkPositionVector extends MetadataColumnVector {
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
}
