package io.datashard.spark.data;

import io.datashard.data.Record;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;

/**
 * Converts records of a schema to Spark rows. The top-level row is reused from call to call (Spark
 * copies rows it keeps), nested values are new objects. Not thread-safe.
 */
public final class RecordToInternalRow {
  private final SparkValues.Converter[] converters;
  private final Object[] values;
  private final GenericInternalRow row;

  public RecordToInternalRow(Schema schema) {
    List<Types.NestedField> fields = schema.columns();
    this.converters = new SparkValues.Converter[fields.size()];
    for (int i = 0; i < converters.length; i++) {
      converters[i] = SparkValues.converter(fields.get(i).type());
    }
    this.values = new Object[converters.length];
    this.row = new GenericInternalRow(values);
  }

  public InternalRow convert(Record record) {
    for (int i = 0; i < converters.length; i++) {
      Object value = record.get(i);
      values[i] = value == null ? null : converters[i].convert(value);
    }
    return row;
  }
}
