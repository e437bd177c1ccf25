package io.datashard.flink.data;

import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ColumnVector;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.ColumnarRowData;
import org.apache.flink.table.data.columnar.vector.TimestampColumnVector;
import org.apache.flink.table.data.columnar.vector.VectorizedColumnBatch;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapBooleanVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapBytesVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapDoubleVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapFloatVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapIntVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapLongVector;

/**
 * Up to {@code capacity} rows held column by column in Flink's own column vectors, handed out as one
 * reused {@link ColumnarRowData} (the way Flink's Parquet reader hands out rows): no row object, no
 * boxing and no per-value allocation. The live rows of core {@link ColumnBatch}es are copied in (primitive
 * arrays value by value, strings and binaries as bytes into one buffer), because the core reader reuses
 * its vectors for its next batch while these rows are still being emitted on the task thread.
 *
 * <p>Supports top-level columns of primitive, date, time, timestamp, string, uuid, fixed and binary type
 * ({@link #supports}); other projections are converted row by row ({@link BatchToRowData}). Not
 * thread-safe: filled by one thread, then read by one thread, then {@link #clear}ed for reuse.
 */
public final class ColumnarRows {
  private final int[] fieldIds;
  private final Copier[] copiers;
  private final ColumnVector[] sources;
  private final VectorizedColumnBatch columns;
  private final ColumnarRowData row;
  private final int capacity;
  private ColumnBatch current;
  private int size;

  /** Rows with the fields of {@code target} (see {@link #supports}), taken by field id from the batches. */
  public ColumnarRows(Types.StructType target, int capacity) {
    if (!supports(target)) {
      throw new IllegalArgumentException("Cannot hold rows of " + target + " in column vectors: a column has a"
          + " nested, decimal or variant type; convert them row by row with BatchToRowData");
    }
    List<Types.NestedField> fields = target.fields();
    this.capacity = capacity;
    this.fieldIds = new int[fields.size()];
    this.copiers = new Copier[fields.size()];
    this.sources = new ColumnVector[fields.size()];
    org.apache.flink.table.data.columnar.vector.ColumnVector[] vectors =
        new org.apache.flink.table.data.columnar.vector.ColumnVector[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      fieldIds[i] = fields.get(i).fieldId();
      copiers[i] = copier(fields.get(i).type(), capacity);
      vectors[i] = copiers[i].vector();
    }
    this.columns = new VectorizedColumnBatch(vectors);
    this.row = new ColumnarRowData(columns);
  }

  /** Whether every column of {@code target} can be held in column vectors. */
  public static boolean supports(Types.StructType target) {
    for (Types.NestedField field : target.fields()) {
      switch (field.type().typeId()) {
        case BOOLEAN:
        case INTEGER:
        case DATE:
        case LONG:
        case TIME:
        case TIMESTAMP:
        case TIMESTAMP_NANO:
        case FLOAT:
        case DOUBLE:
        case STRING:
        case UUID:
        case FIXED:
        case BINARY:
          break;
        default:
          return false;
      }
    }
    return true;
  }

  public int capacity() {
    return capacity;
  }

  /** Rows held. */
  public int size() {
    return size;
  }

  /** Room left. */
  public int remaining() {
    return capacity - size;
  }

  /** Drops every row held, keeping the vectors for reuse. */
  public void clear() {
    for (Copier copier : copiers) {
      copier.vector().reset();
    }
    size = 0;
    columns.setNumRows(0);
  }

  /**
   * Copies the live rows {@code firstLive .. firstLive + count - 1} of {@code batch} (indexes as in
   * {@link ColumnBatch#liveRow}) after the rows held.
   */
  public void append(ColumnBatch batch, int firstLive, int count) {
    if (count > remaining()) {
      throw new IllegalArgumentException("Cannot add " + count + " rows to column vectors holding " + size
          + " of " + capacity);
    }
    if (batch != current) {
      for (int i = 0; i < sources.length; i++) {
        sources[i] = batch.columnById(fieldIds[i]);
      }
      current = batch;
    }
    int[] selection = batch.selection();
    for (int i = 0; i < copiers.length; i++) {
      copiers[i].copy(sources[i], selection, firstLive, count, size);
    }
    size += count;
    columns.setNumRows(size);
  }

  /** Row {@code index} of the rows held: the same reused object each call, valid until {@link #clear}. */
  public RowData row(int index) {
    row.setRowId(index);
    return row;
  }

  private static Copier copier(Type type, int capacity) {
    // primitive values are copied whole (copyInts, copyLongs, ...): a null row's value is never read
    switch (type.typeId()) {
      case BOOLEAN: {
        HeapBooleanVector target = new HeapBooleanVector(capacity);
        return Copier.perRow(target, (source, row, index) -> target.vector[index] = source.getBoolean(row));
      }
      case INTEGER:
      case DATE: {
        HeapIntVector target = new HeapIntVector(capacity);
        return new Copier(target, (source, selection, first, count, at, nulls) ->
            source.copyInts(selection, first, target.vector, at, count));
      }
      case TIME: {
        // Datashard keeps micros from midnight, Flink's TIME is int millis
        HeapIntVector target = new HeapIntVector(capacity);
        return Copier.perRow(target, (source, row, index) -> target.vector[index] = (int) (source.getLong(row) / 1000L));
      }
      case LONG: {
        HeapLongVector target = new HeapLongVector(capacity);
        return new Copier(target, (source, selection, first, count, at, nulls) ->
            source.copyLongs(selection, first, target.vector, at, count));
      }
      case TIMESTAMP:
        return timestamps(capacity, 1_000);
      case TIMESTAMP_NANO:
        return timestamps(capacity, 1);
      case FLOAT: {
        HeapFloatVector target = new HeapFloatVector(capacity);
        return new Copier(target, (source, selection, first, count, at, nulls) ->
            source.copyFloats(selection, first, target.vector, at, count));
      }
      case DOUBLE: {
        HeapDoubleVector target = new HeapDoubleVector(capacity);
        return new Copier(target, (source, selection, first, count, at, nulls) ->
            source.copyDoubles(selection, first, target.vector, at, count));
      }
      case UUID: {
        HeapBytesVector target = new HeapBytesVector(capacity);
        return Copier.perRow(target, new UuidValue(target));
      }
      default: {
        HeapBytesVector target = new HeapBytesVector(capacity);
        return Copier.perRow(target, new BytesValue(target, type.typeId() == Type.TypeID.STRING));
      }
    }
  }

  private static Copier timestamps(int capacity, long nanosPerUnit) {
    LongTimestampVector target = new LongTimestampVector(capacity, nanosPerUnit);
    return new Copier(target, (source, selection, first, count, at, nulls) ->
        source.copyLongs(selection, first, target.values, at, count));
  }

  /**
   * Copies the values of live rows {@code [first, first + count)} of a column to rows {@code at..}; null
   * rows are already marked in the target ({@code nulls} says whether there were any).
   */
  @FunctionalInterface
  private interface BulkValues {
    void copy(ColumnVector source, int[] selection, int first, int count, int at, boolean nulls);
  }

  /** Sets the value of one non-null row. */
  @FunctionalInterface
  private interface RowValue {
    void set(ColumnVector source, int row, int index);
  }

  /** Copies the values of one column into its Flink vector: null rows first, then the values. */
  private static final class Copier {
    private final AbstractHeapVector target;
    private final BulkValues values;

    Copier(AbstractHeapVector target, BulkValues values) {
      this.target = target;
      this.values = values;
    }

    /** A column copied value by value, skipping null rows. */
    static Copier perRow(AbstractHeapVector target, RowValue value) {
      return new Copier(target, (source, selection, first, count, at, nulls) -> {
        for (int i = 0; i < count; i++) {
          int row = selection == null ? first + i : selection[first + i];
          if (!nulls || !source.isNull(row)) {
            value.set(source, row, at + i);
          }
        }
      });
    }

    AbstractHeapVector vector() {
      return target;
    }

    /** Copies live rows {@code [firstLive, firstLive + count)} of {@code source} to rows {@code at..}. */
    void copy(ColumnVector source, int[] selection, int firstLive, int count, int at) {
      boolean nulls = false;
      for (int i = 0; i < count; i++) {
        if (source.isNull(selection == null ? firstLive + i : selection[firstLive + i])) {
          target.setNullAt(at + i);
          nulls = true;
        }
      }
      values.copy(source, selection, firstLive, count, at, nulls);
    }
  }

  /** Strings as their UTF-8 bytes, fixed and binary values as their bytes. */
  private static final class BytesValue implements RowValue, ColumnVector.Utf8Reader<Object> {
    private final HeapBytesVector target;
    private final boolean string;
    private byte[] scratch = new byte[64];
    private int targetIndex;

    BytesValue(HeapBytesVector target, boolean string) {
      this.target = target;
      this.string = string;
    }

    @Override
    public void set(ColumnVector source, int row, int index) {
      if (string) {
        // straight from the reader's array: no buffer view per value
        targetIndex = index;
        source.readUtf8(row, this);
        return;
      }
      ByteBuffer bytes = source.getBinary(row);
      int length = bytes.remaining();
      if (bytes.hasArray()) {
        target.appendBytes(index, bytes.array(), bytes.arrayOffset() + bytes.position(), length);
      } else {
        if (scratch.length < length) {
          scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        bytes.get(scratch, 0, length);
        target.appendBytes(index, scratch, 0, length);
      }
    }

    @Override
    public Object read(byte[] bytes, int offset, int length) {
      target.appendBytes(targetIndex, bytes, offset, length);
      return this;
    }
  }

  /** A uuid as its 16 bytes, most significant first (Flink's BINARY(16), as in {@link RowDataConverters}). */
  private static final class UuidValue implements RowValue {
    private final HeapBytesVector target;
    private final byte[] scratch = new byte[16];

    UuidValue(HeapBytesVector target) {
      this.target = target;
    }

    @Override
    public void set(ColumnVector source, int row, int index) {
      java.util.UUID uuid = source.getUuid(row);
      ByteBuffer.wrap(scratch).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      target.appendBytes(index, scratch, 0, 16);
    }
  }

  /**
   * Timestamps kept as the core's longs (micros or nanos) and turned into {@link TimestampData} only
   * when read, so rows whose timestamps nobody reads cost no allocation.
   */
  private static final class LongTimestampVector extends AbstractHeapVector implements TimestampColumnVector {
    private final long[] values;
    private final long nanosPerUnit;

    LongTimestampVector(int capacity, long nanosPerUnit) {
      super(capacity);
      this.values = new long[capacity];
      this.nanosPerUnit = nanosPerUnit;
    }

    @Override
    public TimestampData getTimestamp(int i, int precision) {
      long value = values[i];
      long unitsPerMilli = 1_000_000L / nanosPerUnit;
      long millis = Math.floorDiv(value, unitsPerMilli);
      int nanosOfMilli = (int) (Math.floorMod(value, unitsPerMilli) * nanosPerUnit);
      return TimestampData.fromEpochMillis(millis, nanosOfMilli);
    }
  }
}
