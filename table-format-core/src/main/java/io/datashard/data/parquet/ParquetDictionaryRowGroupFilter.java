package io.datashard.data.parquet;

import io.datashard.expressions.And;
import io.datashard.expressions.BoundPredicate;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Or;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.DictionaryPageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;

/**
 * Decides from dictionary pages whether a row group <em>may</em> hold rows matching a filter: when
 * every data page of a column chunk is dictionary-encoded, the dictionary lists every non-null
 * value of the chunk, so an {@code =} or {@code in} that no dictionary entry satisfies matches no
 * row. Only {@code =} and {@code in} are decided this way (they never match null, so the values the
 * dictionary omits cannot matter); every other predicate answers "may match". Dictionaries are read
 * only for row groups the statistics kept, and only for the columns such predicates reference.
 */
final class ParquetDictionaryRowGroupFilter {
  private final Expression bound;
  private final Map<Integer, ColumnDescriptor> columns;
  private final ParquetMetricsRowGroupFilter metrics;
  private final boolean hasEqualities;

  /**
   * {@code bound} is bound to the read schema with {@code not} pushed into its predicates. Each
   * predicate is judged by {@code metrics} and by dictionaries together, so that in
   * {@code a = 1 or b < 5} the dictionary of {@code a} and the statistics of {@code b} can together
   * exclude a row group neither excludes alone.
   */
  ParquetDictionaryRowGroupFilter(Expression bound, Map<Integer, ColumnDescriptor> columns,
      ParquetMetricsRowGroupFilter metrics) {
    this.bound = bound;
    this.columns = columns;
    this.metrics = metrics;
    this.hasEqualities = hasEquality(bound);
  }

  private static boolean hasEquality(Expression expression) {
    switch (expression.op()) {
      case AND:
        return hasEquality(((And) expression).left()) || hasEquality(((And) expression).right());
      case OR:
        return hasEquality(((Or) expression).left()) || hasEquality(((Or) expression).right());
      default:
        return expression instanceof BoundPredicate && isEquality((BoundPredicate) expression);
    }
  }

  private static boolean isEquality(BoundPredicate predicate) {
    return predicate.op() == Expression.Operation.EQ || predicate.op() == Expression.Operation.IN;
  }

  /**
   * Call only for row groups {@code metrics} keeps; dictionaries are read only for them.
   *
   * @throws UncheckedIOException if a dictionary page cannot be read; the caller names the file
   */
  boolean shouldRead(ParquetFileReader reader, BlockMetaData block) {
    if (!hasEqualities) {
      return true;
    }
    Map<ColumnPath, ColumnChunkMetaData> chunks = ParquetFilterValues.chunks(block);
    Map<Integer, List<Object>> dictionaries = new HashMap<>();
    DictionaryPageReadStore[] store = {null};
    return ParquetFilterValues.eval(bound, predicate -> {
      if (!metrics.mightMatch(predicate, chunks)) {
        return false;
      } else if (!isEquality(predicate)) {
        return true;
      }
      int id = predicate.ref().fieldId();
      ColumnDescriptor column = columns.get(id);
      ColumnChunkMetaData chunk = column == null ? null : chunks.get(ColumnPath.get(column.getPath()));
      if (chunk == null || !isFullyDictionaryEncoded(chunk)) {
        return true;
      }
      if (!dictionaries.containsKey(id)) {
        if (store[0] == null) {
          store[0] = reader.getDictionaryReader(block);
        }
        dictionaries.put(id, values(predicate, column, store[0]));
      }
      List<Object> values = dictionaries.get(id);
      if (values == null) {
        return true;
      }
      for (Object value : values) {
        if (predicate.test(value)) {
          return true;
        }
      }
      return false;
    });
  }

  /** The chunk's dictionary as Datashard values, or null when it is missing or cannot be converted. */
  private static List<Object> values(BoundPredicate predicate, ColumnDescriptor column, DictionaryPageReadStore store) {
    Dictionary dictionary;
    try {
      DictionaryPage page = store.readDictionaryPage(column);
      if (page == null) {
        return null;
      }
      dictionary = page.getEncoding().initDictionary(column, page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Object> values = new ArrayList<>(dictionary.getMaxId() + 1);
    for (int i = 0; i <= dictionary.getMaxId(); i += 1) {
      Object value = ParquetFilterValues.convert(predicate.ref().type(), column.getPrimitiveType(), decode(dictionary, i, column));
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    return values;
  }

  private static Object decode(Dictionary dictionary, int id, ColumnDescriptor column) {
    switch (column.getPrimitiveType().getPrimitiveTypeName()) {
      case BOOLEAN:
        return dictionary.decodeToBoolean(id);
      case INT32:
        return dictionary.decodeToInt(id);
      case INT64:
        return dictionary.decodeToLong(id);
      case FLOAT:
        return dictionary.decodeToFloat(id);
      case DOUBLE:
        return dictionary.decodeToDouble(id);
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return dictionary.decodeToBinary(id);
      default:
        return null;
    }
  }

  /**
   * Encoding statistics say so directly; without them (older writers) the chunk's encodings must be
   * a dictionary encoding plus only the level encodings, since a fallback adds PLAIN or another one.
   */
  static boolean isFullyDictionaryEncoded(ColumnChunkMetaData chunk) {
    EncodingStats stats = chunk.getEncodingStats();
    if (stats != null) {
      return stats.hasDictionaryPages() && !stats.hasNonDictionaryEncodedPages();
    }
    Set<Encoding> encodings = new HashSet<>(chunk.getEncodings());
    boolean dictionary = encodings.remove(Encoding.PLAIN_DICTIONARY) | encodings.remove(Encoding.RLE_DICTIONARY);
    encodings.remove(Encoding.RLE);
    encodings.remove(Encoding.BIT_PACKED);
    return dictionary && encodings.isEmpty();
  }
}
