package io.datashard.data;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.deletes.MergeOnReadDeleteWriter;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.deletes.PositionedRows;
import io.datashard.io.CloseableIterable;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Comparators;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the live rows holding given primary keys and deletes them by position: the writer-side
 * alternative to equality deletes for upserts, so readers never pay for equality deletes. A writer
 * collects the keys it upserts between two commits, calls {@link #deleteKeys} against the snapshot
 * it commits on, and commits the positions (deletion vectors on v3) together with the new rows in
 * one row delta:
 *
 * <pre>{@code
 * Snapshot base = table.currentSnapshot().orElseThrow();
 * DeleteWriteResult deletes;
 * try (MergeOnReadDeleteWriter writer = DeleteWriterFactory.forTable(table, base.snapshotId(), alwaysTrue()).newWriter()) {
 *   PrimaryKeyDeletes.deleteKeys(table, base.snapshotId(), List.of("id"), upsertedKeys, writer);
 *   deletes = writer.finish();
 * }
 * RowDelta delta = table.newRowDelta();
 * newDataFiles.forEach(delta::addRows);
 * MergeOnReadCommit.configure(delta, table, base.snapshotId(), deletes, alwaysTrue(), IsolationLevel.SNAPSHOT).commit();
 * }</pre>
 *
 * Data files are pruned by the keys (an {@code in} filter per key column, against partitions and
 * column bounds), and only their key columns are read. Keys use the Java values of
 * {@link Record}s (e.g. {@code Long} for long, {@code String} for string).
 */
public final class PrimaryKeyDeletes {
  private PrimaryKeyDeletes() {
  }

  /**
   * Deletes, through {@code writer}, every live row of snapshot {@code snapshotId} whose key
   * columns equal one of {@code keys} (each a list of values in the order of {@code keyColumns}).
   *
   * @return how many rows were deleted
   * @throws ValidationException if a key column is not a primitive column of the table, or a key
   *     has the wrong number of values
   */
  public static long deleteKeys(Table table, long snapshotId, List<String> keyColumns, Iterable<List<Object>> keys,
      MergeOnReadDeleteWriter writer) {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(keyColumns, "keyColumns is null");
    Objects.requireNonNull(keys, "keys is null");
    Objects.requireNonNull(writer, "writer is null");
    Snapshot snapshot = table.snapshot(snapshotId).orElseThrow(() -> new ValidationException(
        "Cannot delete keys from " + table.name() + ": it has no snapshot " + snapshotId));
    Schema schema = table.schema();
    if (keyColumns.isEmpty()) {
      throw new ValidationException("Cannot delete keys from " + table.name() + ": name at least one key column");
    }
    Set<Integer> keyIds = new LinkedHashSet<>();
    for (String column : keyColumns) {
      Types.NestedField field = schema.findField(column).orElseThrow(() -> new ValidationException(
          "Cannot delete keys from " + table.name() + ": key column '" + column + "' is not in its schema " + schema.asStruct()));
      // checked below: a key is a top-level primitive column, read by position
      if (!schema.columns().contains(field) || !field.type().isPrimitiveType()) {
        throw new ValidationException("Cannot delete keys from " + table.name() + ": key column '" + column + "' is a "
            + field.type() + (schema.columns().contains(field) ? "" : " nested in a struct")
            + "; keys are top-level primitive columns");
      }
      keyIds.add(field.fieldId());
    }
    Set<List<Object>> wanted = new HashSet<>();
    List<Set<Object>> valuesByColumn = new ArrayList<>();
    boolean[] hasNull = new boolean[keyColumns.size()];
    for (int i = 0; i < keyColumns.size(); i += 1) {
      valuesByColumn.add(new HashSet<>());
    }
    for (List<Object> key : keys) {
      if (key.size() != keyColumns.size()) {
        throw new ValidationException("Cannot delete key " + key + " from " + table.name() + ": it has " + key.size()
            + " values for the " + keyColumns.size() + " key columns " + keyColumns);
      }
      wanted.add(normalize(key));
      for (int i = 0; i < key.size(); i += 1) {
        if (key.get(i) != null) {
          valuesByColumn.get(i).add(key.get(i));
        } else {
          hasNull[i] = true;
        }
      }
    }
    if (wanted.isEmpty()) {
      return 0;
    }
    Expression filter = Expressions.alwaysTrue();
    for (int i = 0; i < keyColumns.size(); i += 1) {
      Set<Object> values = valuesByColumn.get(i);
      // null keys match null: prune by value only when no key has a null there
      if (!hasNull[i]) {
        filter = Expressions.and(filter, pruningFilter(keyColumns.get(i), values));
      }
    }

    PositionedRows reader = new PositionedRows(table.io(), schema);
    long deleted = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        Schema readSchema = reader.readSchema(task, keyIds);
        int[] positions = new int[keyColumns.size()];
        int index = 0;
        for (int id : keyIds) {
          positions[index++] = position(readSchema, id);
        }
        try (PositionedRecordIterator rows = reader.open(task, readSchema)) {
          while (rows.hasNext()) {
            Record row = rows.next();
            Object[] key = new Object[positions.length];
            for (int i = 0; i < positions.length; i += 1) {
              key[i] = row.get(positions[i]);
            }
            if (wanted.contains(normalize(Arrays.asList(key)))) {
              writer.delete(task.file(), rows.position());
              deleted += 1;
            }
          }
        }
      }
    }
    return deleted;
  }

  /**
   * An {@code in} filter for a few values; for many (evaluating a large {@code in} against every
   * file's bounds costs values × files) the range between the smallest and largest value, when the
   * values' order is the order of column bounds (numbers, and strings compared by code point).
   */
  private static Expression pruningFilter(String column, Set<Object> values) {
    if (values.size() <= MAX_IN_VALUES) {
      return Expressions.in(column, values);
    }
    Comparator<Object> order = boundsOrder(values.iterator().next());
    if (order == null) {
      return Expressions.alwaysTrue();
    }
    Object min = null;
    Object max = null;
    for (Object value : values) {
      if (min != null && value.getClass() != min.getClass()) {
        return Expressions.alwaysTrue();
      }
      if (min == null || order.compare(value, min) < 0) {
        min = value;
      }
      if (max == null || order.compare(value, max) > 0) {
        max = value;
      }
    }
    return Expressions.and(Expressions.greaterThanOrEqual(column, min), Expressions.lessThanOrEqual(column, max));
  }

  private static final int MAX_IN_VALUES = 1000;

  @SuppressWarnings("unchecked")
  private static Comparator<Object> boundsOrder(Object sample) {
    if (sample instanceof Integer || sample instanceof Long || sample instanceof BigDecimal) {
      return (a, b) -> ((Comparable<Object>) a).compareTo(b);
    }
    if (sample instanceof String) {
      // UTF-8 bytes order by code point; String.compareTo orders UTF-16 units, which differs
      return (a, b) -> Comparators.compareCodePoints((String) a, (String) b);
    }
    return null;
  }

  private static int position(Schema readSchema, int id) {
    List<Types.NestedField> fields = readSchema.columns();
    for (int i = 0; i < fields.size(); i += 1) {
      if (fields.get(i).fieldId() == id) {
        return i;
      }
    }
    throw new ValidationException("Key column id " + id + " must be a top-level column of " + readSchema.asStruct());
  }

  /** Values equal as column values compare equal as keys: decimals by value, buffers by content. */
  private static List<Object> normalize(List<Object> key) {
    Object[] values = new Object[key.size()];
    for (int i = 0; i < values.length; i += 1) {
      Object value = key.get(i);
      if (value instanceof BigDecimal decimal) {
        value = decimal.stripTrailingZeros();
      } else if (value instanceof ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        value = ByteBuffer.wrap(bytes);
      } else if (value instanceof CharSequence chars && !(value instanceof String)) {
        value = chars.toString();
      }
      values[i] = value;
    }
    return Arrays.asList(values);
  }
}
