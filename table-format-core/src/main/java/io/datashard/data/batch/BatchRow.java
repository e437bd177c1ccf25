package io.datashard.data.batch;

import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Types;
import java.util.List;

/**
 * A read-only {@link Record} view of one row of a {@link ColumnBatch}, moved from row to row with
 * {@link #at(int)}, so that row predicates (filters, equality deletes) run over a batch without
 * copying rows. Values are boxed on access.
 */
final class BatchRow implements Record {
  private final ColumnBatch batch;
  private int row = 0;

  BatchRow(ColumnBatch batch) {
    this.batch = batch;
  }

  BatchRow at(int newRow) {
    this.row = newRow;
    return this;
  }

  @Override
  public Types.StructType struct() {
    return batch.schema().asStruct();
  }

  @Override
  public int size() {
    return batch.numColumns();
  }

  @Override
  public Object get(int pos) {
    return batch.column(pos).getObject(row);
  }

  @Override
  public Object get(String name) {
    List<Types.NestedField> fields = batch.schema().columns();
    for (int pos = 0; pos < fields.size(); pos += 1) {
      if (fields.get(pos).name().equals(name)) {
        return get(pos);
      }
    }
    throw new ValidationException("Cannot read field '" + name + "' of a batch row: the batch has no such column ("
        + batch.schema().asStruct() + ")");
  }

  @Override
  public void set(int pos, Object value) {
    throw new UnsupportedOperationException("Rows of a column batch are read-only");
  }

  @Override
  public void set(String name, Object value) {
    throw new UnsupportedOperationException("Rows of a column batch are read-only");
  }

  @Override
  public Record copy() {
    GenericRecord copy = GenericRecord.create(struct());
    for (int pos = 0; pos < size(); pos += 1) {
      Object value = get(pos);
      copy.set(pos, value instanceof Record ? ((Record) value).copy() : value);
    }
    return copy;
  }
}
