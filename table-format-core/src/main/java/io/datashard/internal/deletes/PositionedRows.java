package io.datashard.internal.deletes;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.data.DeleteFilter;
import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
import io.datashard.data.avro.AvroDataReader;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.deletes.PositionDeleteIndex;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the live rows of a whole data file with their positions: the rows its task's deletes
 * (position deletes, deletion vectors, equality deletes) leave, which is what a row-level delete
 * must find positions for. Not thread-safe: one per reading thread.
 */
public final class PositionedRows {
  private final FileIO io;
  private final Schema tableSchema;
  private final DeleteFilter deletes;

  public PositionedRows(FileIO io, Schema tableSchema) {
    this.io = Objects.requireNonNull(io, "io is null");
    this.tableSchema = Objects.requireNonNull(tableSchema, "tableSchema is null");
    this.deletes = new DeleteFilter(io, tableSchema);
  }

  /** The filter reading the delete files, to reuse its cached equality deletes. */
  public DeleteFilter deleteFilter() {
    return deletes;
  }

  /**
   * The schema to read a task's rows in: the columns {@code fieldIds} plus those its equality
   * deletes compare.
   */
  public Schema readSchema(FileScanTask task, Set<Integer> fieldIds) {
    Set<Integer> ids = new LinkedHashSet<>(fieldIds);
    ids.addAll(DeleteFilter.requiredFieldIds(task));
    List<String> names = new ArrayList<>();
    for (int id : ids) {
      names.add(tableSchema.findColumnName(id).orElseThrow(() -> new ValidationException(
          "Cannot read column id " + id + " of " + task.file().location() + ": it is not in the table schema " + tableSchema.asStruct())));
    }
    return tableSchema.select(names);
  }

  /**
   * Opens the whole data file of {@code task} in {@code readSchema} (from {@link #readSchema}),
   * returning only rows its deletes leave; {@code position()} is the row's position in the file.
   */
  public PositionedRecordIterator open(FileScanTask task, Schema readSchema) {
    PositionedRecordIterator rows = openFile(task.file(), readSchema);
    if (task.deletes().isEmpty()) {
      return rows;
    }
    try {
      PositionDeleteIndex positions = deletes.positionDeletes(task);
      Predicate<Record> equality = deletes.equalityDeletes(task, readSchema);
      return new LiveRows(rows, positions, equality);
    } catch (RuntimeException e) {
      try {
        rows.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Every row of the data file in {@code readSchema}, deleted or not, with its position. */
  public PositionedRecordIterator openFile(DataFile file, Schema readSchema) {
    InputFile input = io.newInputFile(file.location(), file.fileSizeInBytes());
    if (file.format() == FileFormat.PARQUET) {
      return (PositionedRecordIterator) ParquetDataReader.builder(input).project(readSchema).build().iterator();
    } else if (file.format() == FileFormat.AVRO) {
      return (PositionedRecordIterator) AvroDataReader.builder(input).project(readSchema).build().iterator();
    }
    throw new ValidationException("Cannot read data file " + file.location() + ": its format is " + file.format()
        + " and Datashard reads only Parquet and Avro data files");
  }

  /** Rows not deleted by position or equality, keeping the position of the row last returned. */
  private static final class LiveRows implements PositionedRecordIterator {
    private final PositionedRecordIterator rows;
    private final PositionDeleteIndex positions;
    private final Predicate<Record> equality;
    private Record next = null;
    private long nextPosition = -1;
    private long position = -1;

    LiveRows(PositionedRecordIterator rows, PositionDeleteIndex positions, Predicate<Record> equality) {
      this.rows = rows;
      this.positions = positions;
      this.equality = equality;
    }

    @Override
    public boolean hasNext() {
      while (next == null && rows.hasNext()) {
        Record row = rows.next();
        long pos = rows.position();
        if (!positions.isDeleted(pos) && !equality.test(row)) {
          next = row;
          nextPosition = pos;
        }
      }
      return next != null;
    }

    @Override
    public Record next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Record row = next;
      next = null;
      position = nextPosition;
      return row;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public void close() {
      rows.close();
    }
  }
}
