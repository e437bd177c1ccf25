package io.datashard.data.parquet;

import io.datashard.data.batch.ColumnVector;
import io.datashard.types.Type;
import io.datashard.types.Types;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A top-level primitive column of a {@link ParquetBatchReader}, read by a {@link ColumnReader}:
 * definition levels and values go straight into the vector's arrays; values that need a conversion
 * (strings, decimals, bytes, time units) go through the row reader's {@link ParquetValues} converters.
 */
final class ParquetFlatColumn {
  /** How the column's values go into its vector. */
  enum Mode {
    BOOLEAN, INT, INT_AS_LONG, LONG, FLOAT, FLOAT_AS_DOUBLE, DOUBLE, UTF8, CONVERTED
  }

  final org.apache.parquet.schema.Type fileField;
  final ColumnVector vector;
  final Mode mode;
  final PrimitiveConverter converter;
  // per row group: one of the two is set, the page decoder when it supports the column chunk
  ColumnReader reader = null;
  PageBatchDecoder pages = null;
  int row = 0;

  ParquetFlatColumn(String location, Types.NestedField field, org.apache.parquet.schema.Type fileField, int capacity) {
    this.fileField = fileField;
    this.vector = ColumnVector.allocate(field.type(), capacity);
    // also checks that the file's type can be read as the expected type
    ParquetValues.Reader values = ParquetValues.reader(location, field.type().asPrimitiveType(),
        fileField.asPrimitiveType(), field.name());
    this.mode = mode(field.type(), fileField.asPrimitiveType());
    this.converter = mode == Mode.CONVERTED
        ? (PrimitiveConverter) values.converter(value -> vector.setObject(row, value))
        : new PrimitiveConverter() {};
  }

  private static Mode mode(Type expected, org.apache.parquet.schema.PrimitiveType file) {
    PrimitiveTypeName physical = file.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = file.getLogicalTypeAnnotation();
    boolean decimal = logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
    switch (expected.typeId()) {
      case BOOLEAN:
        return Mode.BOOLEAN;
      case INTEGER:
      case DATE:
        return Mode.INT;
      case LONG:
        if (decimal) {
          return Mode.CONVERTED;
        }
        return physical == PrimitiveTypeName.INT32 ? Mode.INT_AS_LONG : Mode.LONG;
      case FLOAT:
        return Mode.FLOAT;
      case DOUBLE:
        return physical == PrimitiveTypeName.FLOAT ? Mode.FLOAT_AS_DOUBLE : Mode.DOUBLE;
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_NANO: {
        // stored in the unit read (ParquetValues' identity cases): straight into the longs, unboxed
        LogicalTypeAnnotation.TimeUnit unit = ParquetValues.timeUnit(logical);
        boolean nanos = expected.typeId() == Type.TypeID.TIMESTAMP_NANO;
        boolean sameUnit = nanos ? unit == LogicalTypeAnnotation.TimeUnit.NANOS
            : unit == LogicalTypeAnnotation.TimeUnit.MICROS;
        return physical == PrimitiveTypeName.INT64 && sameUnit ? Mode.LONG : Mode.CONVERTED;
      }
      case STRING:
        // kept as UTF-8 bytes, decoded only for the rows read as objects (ColumnVector.setUtf8)
        return physical == PrimitiveTypeName.BINARY ? Mode.UTF8 : Mode.CONVERTED;
      default:
        // times and timestamps may change unit; strings, decimals and bytes become objects
        return Mode.CONVERTED;
    }
  }

  /**
   * Moves to row {@code rowIndex} of the row group, at or after the current row, in a row group read with
   * filtered pages. parquet-mr's reader needs nothing: it already returns only the ranges' rows.
   */
  void skipTo(long rowIndex) {
    if (pages != null) {
      pages.skipTo(rowIndex);
    }
  }

  /** Moves past {@code rows} values without decoding them; the vector is left as it was. */
  void skip(int rows) {
    if (pages != null) {
      pages.skip(rows);
      return;
    }
    int maxDefinition = reader.getDescriptor().getMaxDefinitionLevel();
    for (int i = 0; i < rows; i += 1) {
      if (reader.getCurrentDefinitionLevel() >= maxDefinition) {
        reader.skip();
      }
      reader.consume();
    }
  }

  void read(int rows) {
    if (pages != null) {
      pages.read(rows);
      return;
    }
    int maxDefinition = reader.getDescriptor().getMaxDefinitionLevel();
    for (int i = 0; i < rows; i += 1) {
      if (reader.getCurrentDefinitionLevel() < maxDefinition) {
        vector.setNull(i);
      } else {
        switch (mode) {
          case BOOLEAN:
            vector.setBoolean(i, reader.getBoolean());
            break;
          case INT:
            vector.setInt(i, reader.getInteger());
            break;
          case INT_AS_LONG:
            vector.setLong(i, reader.getInteger());
            break;
          case LONG:
            vector.setLong(i, reader.getLong());
            break;
          case FLOAT:
            vector.setFloat(i, reader.getFloat());
            break;
          case FLOAT_AS_DOUBLE:
            vector.setDouble(i, reader.getFloat());
            break;
          case DOUBLE:
            vector.setDouble(i, reader.getDouble());
            break;
          case UTF8:
            // parquet-mr's binaries are constant (a page or dictionary slice), so the view stays valid
            vector.setUtf8(i, reader.getBinary().toByteBuffer());
            break;
          default:
            row = i;
            reader.writeCurrentValueToConverter();
        }
      }
      reader.consume();
    }
  }
}
