package io.datashard.data.parquet;

import io.datashard.expressions.And;
import io.datashard.expressions.BoundPredicate;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Or;
import io.datashard.types.Type;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * What the row-group filters share: finding a column chunk by field id, converting values from
 * Parquet statistics and dictionaries to Datashard's Java values, and walking a bound filter.
 *
 * <p>A value is converted only when Parquet orders it exactly as Datashard does; otherwise the
 * conversion answers {@code null}, which the filters read as "unknown, cannot skip". That rules out
 * unsigned integers (Parquet orders their statistics unsigned), binary, fixed, UUID, INT96 and
 * decimals stored as bytes, time units other than the expected one, and NaN.
 */
final class ParquetFilterValues {
  private ParquetFilterValues() {}

  /**
   * The file's primitive columns that are not inside a list or map, by field id: only those have
   * one value per row, which is what row-group statistics describe and bound predicates reference.
   */
  static Map<Integer, ColumnDescriptor> columnsById(MessageType fileSchema) {
    Map<Integer, ColumnDescriptor> columns = new HashMap<>();
    for (ColumnDescriptor column : fileSchema.getColumns()) {
      PrimitiveType type = column.getPrimitiveType();
      if (column.getMaxRepetitionLevel() == 0 && type.getId() != null) {
        columns.put(type.getId().intValue(), column);
      }
    }
    return columns;
  }

  static Map<ColumnPath, ColumnChunkMetaData> chunks(BlockMetaData block) {
    Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      chunks.put(chunk.getPath(), chunk);
    }
    return chunks;
  }

  /**
   * Evaluates a bound filter with {@code not} already pushed into its predicates; {@code leaf}
   * answers whether rows matching one predicate may exist.
   */
  static boolean eval(Expression expression, Predicate<BoundPredicate> leaf) {
    switch (expression.op()) {
      case TRUE:
        return true;
      case FALSE:
        return false;
      case AND:
        return eval(((And) expression).left(), leaf) && eval(((And) expression).right(), leaf);
      case OR:
        return eval(((Or) expression).left(), leaf) || eval(((Or) expression).right(), leaf);
      default:
        if (expression instanceof BoundPredicate) {
          return leaf.test((BoundPredicate) expression);
        }
        // not() and unbound predicates never reach here after binding and rewriteNot; reading is the safe answer
        return true;
    }
  }

  /**
   * A value as Parquet statistics or dictionaries hold it (Boolean, Integer, Long, Float, Double or
   * {@link Binary}) converted to the Java value of {@code expected}, or {@code null} when the file's
   * representation is not ordered like {@code expected} (see the class comment).
   */
  static Object convert(Type.PrimitiveType expected, PrimitiveType file, Object value) {
    if (value == null) {
      return null;
    }
    PrimitiveTypeName physical = file.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = file.getLogicalTypeAnnotation();
    switch (expected.typeId()) {
      case BOOLEAN:
        return physical == PrimitiveTypeName.BOOLEAN ? value : null;
      case INTEGER:
        return physical == PrimitiveTypeName.INT32 && isSignedInteger(logical) ? value : null;
      case DATE:
        return physical == PrimitiveTypeName.INT32
            && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? value : null;
      case LONG:
        if (physical == PrimitiveTypeName.INT32 && isSignedInteger(logical)) {
          return ((Integer) value).longValue();
        }
        return physical == PrimitiveTypeName.INT64 && isSignedInteger(logical) ? value : null;
      case TIME:
        return physical == PrimitiveTypeName.INT64
            && logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation
            && ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) logical).getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS
            ? value : null;
      case TIMESTAMP:
        return isTimestamp(physical, logical, LogicalTypeAnnotation.TimeUnit.MICROS) ? value : null;
      case TIMESTAMP_NANO:
        return isTimestamp(physical, logical, LogicalTypeAnnotation.TimeUnit.NANOS) ? value : null;
      case FLOAT:
        if (physical != PrimitiveTypeName.FLOAT || ((Float) value).isNaN()) {
          return null;
        }
        return value;
      case DOUBLE:
        if (physical == PrimitiveTypeName.FLOAT && !((Float) value).isNaN()) {
          return ((Float) value).doubleValue();
        }
        return physical == PrimitiveTypeName.DOUBLE && !((Double) value).isNaN() ? value : null;
      case STRING:
        // Parquet orders UTF-8 bytes unsigned, which is code point order, as Datashard orders strings
        return physical == PrimitiveTypeName.BINARY
            && logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation ? utf8((Binary) value) : null;
      case DECIMAL: {
        if (!(logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation)) {
          return null;
        }
        int scale = ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) logical).getScale();
        if (scale != ((io.datashard.types.Types.DecimalType) expected).scale()) {
          return null;
        } else if (physical == PrimitiveTypeName.INT32) {
          return BigDecimal.valueOf((Integer) value, scale);
        } else if (physical == PrimitiveTypeName.INT64) {
          return BigDecimal.valueOf((Long) value, scale);
        }
        return null;
      }
      default:
        return null;
    }
  }

  private static boolean isSignedInteger(LogicalTypeAnnotation logical) {
    return logical == null || (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
        && ((LogicalTypeAnnotation.IntLogicalTypeAnnotation) logical).isSigned());
  }

  private static boolean isTimestamp(PrimitiveTypeName physical, LogicalTypeAnnotation logical,
      LogicalTypeAnnotation.TimeUnit unit) {
    return physical == PrimitiveTypeName.INT64
        && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
        && ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) logical).getUnit() == unit;
  }

  /** Strict decoding: a truncated or otherwise invalid UTF-8 bound is unknown, not a replacement character. */
  private static String utf8(Binary value) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value.getBytes()));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
