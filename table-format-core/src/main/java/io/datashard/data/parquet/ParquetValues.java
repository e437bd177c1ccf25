package io.datashard.data.parquet;

import io.datashard.data.GenericRecord;
import io.datashard.exceptions.ValidationException;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads Parquet primitive values as Datashard's Java values, widening promoted columns (int to
 * long, float to double, decimal precision, date to timestamp), and supplies the values of columns
 * a file does not have.
 */
final class ParquetValues {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private ParquetValues() {}

  /** Makes converters that hand each value of one column to a sink. */
  interface Reader {
    Converter converter(Consumer<Object> sink);
  }

  private interface IntReader {
    Object read(int value);
  }

  private interface LongReader {
    Object read(long value);
  }

  private interface BinaryReader {
    Object read(Binary value);
  }

  static Reader reader(String location, Type.PrimitiveType expected, PrimitiveType file, String name) {
    PrimitiveTypeName physical = file.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = file.getLogicalTypeAnnotation();
    switch (expected.typeId()) {
      case BOOLEAN:
        require(physical == PrimitiveTypeName.BOOLEAN, location, expected, file, name);
        return sink -> new PrimitiveConverter() {
          @Override
          public void addBoolean(boolean value) {
            sink.accept(value);
          }
        };
      case INTEGER:
      case DATE:
        require(physical == PrimitiveTypeName.INT32 && !(logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation),
            location, expected, file, name);
        return ints(value -> value);
      case LONG:
        require((physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.INT64)
            && !(logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation), location, expected, file, name);
        return physical == PrimitiveTypeName.INT32 ? ints(value -> (long) value) : longs(value -> value);
      case TIME:
        if (physical == PrimitiveTypeName.INT32) {
          // TIME(MILLIS) of other writers
          return ints(value -> value * 1000L);
        }
        require(physical == PrimitiveTypeName.INT64, location, expected, file, name);
        return timeUnit(logical) == LogicalTypeAnnotation.TimeUnit.NANOS
            ? longs(value -> Math.floorDiv(value, 1000L)) : longs(value -> value);
      case TIMESTAMP:
      case TIMESTAMP_NANO: {
        boolean nanos = expected.typeId() == Type.TypeID.TIMESTAMP_NANO;
        if (physical == PrimitiveTypeName.INT32 && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          long perDay = nanos ? NANOS_PER_DAY : MICROS_PER_DAY;
          return ints(value -> Math.multiplyExact((long) value, perDay));
        }
        require(physical == PrimitiveTypeName.INT64, location, expected, file, name);
        LogicalTypeAnnotation.TimeUnit unit = timeUnit(logical);
        if (unit == LogicalTypeAnnotation.TimeUnit.MILLIS) {
          long factor = nanos ? 1_000_000L : 1000L;
          return longs(value -> Math.multiplyExact(value, factor));
        } else if (unit == LogicalTypeAnnotation.TimeUnit.NANOS && !nanos) {
          return longs(value -> Math.floorDiv(value, 1000L));
        } else if (unit != LogicalTypeAnnotation.TimeUnit.NANOS && nanos) {
          return longs(value -> Math.multiplyExact(value, 1000L));
        }
        return longs(value -> value);
      }
      case FLOAT:
        require(physical == PrimitiveTypeName.FLOAT, location, expected, file, name);
        return sink -> new PrimitiveConverter() {
          @Override
          public void addFloat(float value) {
            sink.accept(value);
          }
        };
      case DOUBLE:
        require(physical == PrimitiveTypeName.DOUBLE || physical == PrimitiveTypeName.FLOAT, location, expected, file, name);
        return sink -> new PrimitiveConverter() {
          @Override
          public void addFloat(float value) {
            sink.accept((double) value);
          }

          @Override
          public void addDouble(double value) {
            sink.accept(value);
          }
        };
      case STRING:
        require(physical == PrimitiveTypeName.BINARY, location, expected, file, name);
        return binaries(Binary::toStringUsingUTF8);
      case UUID:
        require(physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY && file.getTypeLength() == 16,
            location, expected, file, name);
        return binaries(value -> {
          ByteBuffer bytes = value.toByteBuffer();
          return new UUID(bytes.getLong(bytes.position()), bytes.getLong(bytes.position() + 8));
        });
      case FIXED:
        require(physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
            && file.getTypeLength() == ((Types.FixedType) expected).length(), location, expected, file, name);
        return binaries(value -> ByteBuffer.wrap(value.getBytes().clone()));
      case BINARY:
        require(physical == PrimitiveTypeName.BINARY || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY,
            location, expected, file, name);
        return binaries(value -> ByteBuffer.wrap(value.getBytes().clone()));
      case DECIMAL:
        return decimal(location, (Types.DecimalType) expected, file, name);
      default:
        throw new ValidationException("Cannot read field '" + name + "' of type " + expected + " from data file "
            + location + ": Datashard does not read " + expected + " from Parquet yet");
    }
  }

  static LogicalTypeAnnotation.TimeUnit timeUnit(LogicalTypeAnnotation logical) {
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
      return ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) logical).getUnit();
    } else if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
      return ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) logical).getUnit();
    }
    return LogicalTypeAnnotation.TimeUnit.MICROS;
  }

  private static Reader decimal(String location, Types.DecimalType expected, PrimitiveType file, String name) {
    LogicalTypeAnnotation logical = file.getLogicalTypeAnnotation();
    require(logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation, location, expected, file, name);
    LogicalTypeAnnotation.DecimalLogicalTypeAnnotation written = (LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) logical;
    if (written.getScale() != expected.scale() || written.getPrecision() > expected.precision()) {
      throw new ValidationException("Cannot read field '" + name + "' of data file " + location + " as " + expected
          + ": the file has decimal(" + written.getPrecision() + "," + written.getScale()
          + "); only precision can widen");
    }
    int scale = expected.scale();
    switch (file.getPrimitiveTypeName()) {
      case INT32:
        return ints(value -> BigDecimal.valueOf(value, scale));
      case INT64:
        return longs(value -> BigDecimal.valueOf(value, scale));
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return binaries(value -> new BigDecimal(new BigInteger(value.getBytes()), scale));
      default:
        throw new ValidationException("Cannot read field '" + name + "' of data file " + location + " as " + expected
            + ": its decimal is stored as " + file.getPrimitiveTypeName());
    }
  }

  private static Reader ints(IntReader read) {
    return sink -> new PrimitiveConverter() {
      @Override
      public void addInt(int value) {
        sink.accept(read.read(value));
      }
    };
  }

  private static Reader longs(LongReader read) {
    return sink -> new PrimitiveConverter() {
      @Override
      public void addLong(long value) {
        sink.accept(read.read(value));
      }
    };
  }

  private static Reader binaries(BinaryReader read) {
    return sink -> new PrimitiveConverter() {
      @Override
      public void addBinary(Binary value) {
        sink.accept(read.read(value));
      }
    };
  }

  private static void require(boolean compatible, String location, Type expected, PrimitiveType file, String name) {
    if (!compatible) {
      throw new ValidationException("Cannot read field '" + name + "' of data file " + location + " as " + expected
          + ": the file stores it as Parquet " + file + ", which cannot be read as " + expected);
    }
  }

  /** The value of a column the file does not have: its initial default, or null. */
  static Object missing(String location, Types.NestedField field, String name) {
    Object initial = field.initialDefault().orElse(null);
    if (field.type().isStructType()) {
      if (initial == null && field.isOptional()) {
        return null;
      }
      // a struct's default is {}: the struct exists and its fields take their own defaults
      Types.StructType struct = field.type().asStructType();
      GenericRecord record = GenericRecord.create(struct);
      for (int i = 0; i < struct.fields().size(); i += 1) {
        Types.NestedField child = struct.fields().get(i);
        record.set(i, missing(location, child, name + "." + child.name()));
      }
      return record;
    }
    if (initial == null && field.isRequired() && field.type().typeId() != Type.TypeID.UNKNOWN) {
      throw new ValidationException("Cannot read data file " + location + ": required field '" + name + "' (id "
          + field.fieldId() + ") is not in the file and has no initial default");
    }
    return initial;
  }

}
