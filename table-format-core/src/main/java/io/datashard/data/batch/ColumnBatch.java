package io.datashard.data.batch;

import io.datashard.exceptions.ValidationException;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.List;
import java.util.Objects;

/**
 * Consecutive rows of one data file, column by column: {@link #column(int)} holds the values of the
 * schema's i-th top-level field for rows {@code 0 .. numRows() - 1}, which are the file's rows
 * {@code firstRowPosition() .. firstRowPosition() + numRows() - 1} (a batch never spans row groups).
 *
 * <p>Deleted and filtered rows are not removed from the vectors: the batch carries a <em>selection</em>
 * of its live rows instead, so that deletes never copy values. Iterate live rows as
 * {@code for (int i = 0; i < batch.numLiveRows(); i++) { int row = batch.liveRow(i); ... }}. When every
 * row is live, {@link #isAllLive()} is true and {@code liveRow(i) == i}.
 *
 * <p>Readers reuse a batch and its vectors: a batch is valid until the next call to the reader's
 * {@code next()}. Not thread-safe.
 */
public final class ColumnBatch {
  private final Schema schema;
  private final ColumnVector[] columns;
  private int numRows = 0;
  private long firstRowPosition = 0;
  private int[] selection = null;
  private int numLive = 0;

  /** A batch of the schema's top-level fields, one vector each, in the schema's order. */
  public ColumnBatch(Schema schema, List<ColumnVector> columns) {
    this.schema = Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(columns, "columns is null");
    List<Types.NestedField> fields = schema.columns();
    if (fields.size() != columns.size()) {
      throw new ValidationException("Cannot make a column batch of " + columns.size() + " vectors for schema "
          + schema.asStruct() + ": it has " + fields.size() + " top-level fields");
    }
    this.columns = columns.toArray(new ColumnVector[0]);
  }

  public Schema schema() {
    return schema;
  }

  public int numColumns() {
    return columns.length;
  }

  /** The vector of the schema's top-level field at {@code position}. */
  public ColumnVector column(int position) {
    return columns[position];
  }

  /** The vector of the top-level field with id {@code fieldId}. */
  public ColumnVector columnById(int fieldId) {
    List<Types.NestedField> fields = schema.columns();
    for (int i = 0; i < fields.size(); i += 1) {
      if (fields.get(i).fieldId() == fieldId) {
        return columns[i];
      }
    }
    throw new ValidationException("Column batch of " + schema.asStruct() + " has no top-level field with id " + fieldId);
  }

  /** Rows held by the vectors, live or not. */
  public int numRows() {
    return numRows;
  }

  /** The position in the data file (0-based row index) of the batch's row 0. */
  public long firstRowPosition() {
    return firstRowPosition;
  }

  /** Rows not deleted nor filtered out. */
  public int numLiveRows() {
    return selection == null ? numRows : numLive;
  }

  /** The index in the vectors of the {@code i}-th live row, ascending in {@code i}. */
  public int liveRow(int i) {
    return selection == null ? i : selection[i];
  }

  public boolean isAllLive() {
    return selection == null;
  }

  /**
   * The indexes of the live rows in ascending order, valid up to {@link #numLiveRows()}, or null when
   * every row is live. The array belongs to the batch; do not modify it.
   */
  public int[] selection() {
    return selection;
  }

  /** Sets the rows held, all live. For readers. */
  public void setRows(long firstPosition, int rows) {
    this.firstRowPosition = firstPosition;
    this.numRows = rows;
    this.selection = null;
    this.numLive = rows;
  }

  /**
   * Keeps only the first {@code count} rows of {@code liveRows} (ascending indexes) live, or all rows
   * if {@code liveRows} is null. The batch keeps the array. For readers and delete filters.
   */
  public void select(int[] liveRows, int count) {
    if (liveRows != null && (count < 0 || count > liveRows.length || count > numRows)) {
      throw new IllegalArgumentException("Invalid selection of " + count + " rows in a batch of " + numRows);
    }
    this.selection = liveRows;
    this.numLive = liveRows == null ? numRows : count;
  }

  /** A batch of a subset of this batch's columns, sharing its vectors, rows and selection. */
  ColumnBatch project(Schema target) {
    ColumnVector[] vectors = new ColumnVector[target.columns().size()];
    for (int i = 0; i < vectors.length; i += 1) {
      vectors[i] = columnById(target.columns().get(i).fieldId());
    }
    ColumnBatch result = new ColumnBatch(target, List.of(vectors));
    result.copyRowsFrom(this);
    return result;
  }

  void copyRowsFrom(ColumnBatch other) {
    this.firstRowPosition = other.firstRowPosition;
    this.numRows = other.numRows;
    this.selection = other.selection;
    this.numLive = other.numLive;
  }
}
