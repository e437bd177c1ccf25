package io.datashard.flink.data;

import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ColumnVector;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.GenericRowData;

/**
 * Converts the rows of a {@link ColumnBatch} into Flink rows. Primitive columns are read through the
 * vectors' typed accessors, strings as their UTF-8 bytes, other columns through {@link RowDataConverters}. One instance per
 * reading thread; the vectors are looked up once per batch, not once per row.
 */
public final class BatchToRowData {
  private final List<Types.NestedField> fields;
  private final RowDataConverters.ValueConverter[] converters;
  private final ColumnVector.Storage[] storages;
  private final boolean[] longKinds;
  private final boolean[] strings;
  private final ColumnVector[] vectors;
  private ColumnBatch current;

  /** Rows with the fields of {@code target}, taken by field id from the batches' columns. */
  public BatchToRowData(Types.StructType target) {
    this.fields = target.fields();
    int n = fields.size();
    this.converters = new RowDataConverters.ValueConverter[n];
    this.storages = new ColumnVector.Storage[n];
    this.longKinds = new boolean[n];
    this.strings = new boolean[n];
    this.vectors = new ColumnVector[n];
    for (int i = 0; i < n; i++) {
      Type type = fields.get(i).type();
      converters[i] = RowDataConverters.converter(type);
      storages[i] = ColumnVector.storageOf(type);
      longKinds[i] = type.typeId() != Type.TypeID.LONG;
      strings[i] = type.typeId() == Type.TypeID.STRING;
    }
  }

  /** Prepares the conversion of the rows of {@code batch}. */
  public void use(ColumnBatch batch) {
    if (batch != current) {
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = batch.columnById(fields.get(i).fieldId());
      }
      current = batch;
    }
  }

  /**
   * A Flink string of UTF-8 bytes, copied out of the reader's buffer (which the next batch reuses):
   * the bytes go from Parquet to Flink without being decoded into a Java String and encoded again.
   */
  private static StringData utf8(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return StringData.fromBytes(copy);
  }

  /** A new row holding row {@code row} of the batch given to {@link #use}. */
  public GenericRowData toRow(int row) {
    GenericRowData result = new GenericRowData(vectors.length);
    for (int i = 0; i < vectors.length; i++) {
      ColumnVector vector = vectors[i];
      if (vector.isNull(row)) {
        continue;
      }
      switch (storages[i]) {
        case BOOLEAN:
          result.setField(i, vector.getBoolean(row));
          break;
        case INT:
          result.setField(i, vector.getInt(row));
          break;
        case LONG:
          // time, timestamps and longs share the long storage; the converter picks the Flink form
          result.setField(i, longKinds[i] ? converters[i].convert(vector.getLong(row)) : (Object) vector.getLong(row));
          break;
        case FLOAT:
          result.setField(i, vector.getFloat(row));
          break;
        case DOUBLE:
          result.setField(i, vector.getDouble(row));
          break;
        default:
          if (strings[i]) {
            result.setField(i, utf8(vector.getUtf8(row)));
          } else {
            result.setField(i, converters[i].convert(vector.getObject(row)));
          }
      }
    }
    return result;
  }

}
