package io.datashard.data;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileFormat;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.data.avro.AvroDataReader;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.exceptions.NotFoundException;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.types.Schema;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads a table's rows from Java, streaming one data file at a time.
 *
 * <p>This is the first, plain read path: it reads every live data file of the snapshot in full, with
 * no filter and no file pruning, from Parquet and Avro data files. It does not apply row-level
 * deletes yet, so it refuses snapshots that have delete files rather than return deleted rows; scan
 * planning with filters and deletes comes with {@code table.newScan()}.
 */
public final class TableReader {
  private TableReader() {}

  /** The rows of the current snapshot, in the current schema; empty if the table has no snapshot. */
  public static CloseableIterable<Record> read(Table table) {
    Objects.requireNonNull(table, "table is null");
    return table.currentSnapshot()
        .map(snapshot -> read(table, snapshot, table.schema()))
        .orElseGet(CloseableIterable::empty);
  }

  /** The rows of the current snapshot projected onto {@code projection} (for example {@code schema.select("id")}). */
  public static CloseableIterable<Record> read(Table table, Schema projection) {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(projection, "projection is null");
    return table.currentSnapshot()
        .map(snapshot -> read(table, snapshot, projection))
        .orElseGet(CloseableIterable::empty);
  }

  /**
   * The rows of a snapshot, in the schema that was current when it was written (or the table's
   * current schema if the snapshot does not record one).
   *
   * @throws NotFoundException if the table has no snapshot with that id
   */
  public static CloseableIterable<Record> read(Table table, long snapshotId) {
    Objects.requireNonNull(table, "table is null");
    Snapshot snapshot = table.snapshot(snapshotId).orElseThrow(() -> new NotFoundException(
        "Cannot read snapshot " + snapshotId + " of table " + table.name() + ": the table has no such snapshot"));
    Schema schema = snapshot.schemaIdValue().map(id -> table.schemas().get(id)).orElse(table.schema());
    return read(table, snapshot, schema == null ? table.schema() : schema);
  }

  private static CloseableIterable<Record> read(Table table, Snapshot snapshot, Schema projection) {
    try (CloseableIterator<DeleteFile> deletes = table.deleteFiles(snapshot).iterator()) {
      if (deletes.hasNext()) {
        throw new ValidationException("Cannot read snapshot " + snapshot.snapshotId() + " of table " + table.name()
            + ": it has delete files (for example " + deletes.next().location() + "), and TableReader does not apply "
            + "row-level deletes yet; reading would return deleted rows");
      }
    }
    CloseableIterable<DataFile> files = table.dataFiles(snapshot);
    return () -> new FileByFile(table, files, projection);
  }

  /** Opens the manifests lazily and each data file only when the previous one is exhausted. */
  private static final class FileByFile implements CloseableIterator<Record> {
    private final Table table;
    private final Schema projection;
    private final CloseableIterator<DataFile> files;
    private CloseableIterator<Record> current = null;

    FileByFile(Table table, CloseableIterable<DataFile> files, Schema projection) {
      this.table = table;
      this.projection = projection;
      this.files = files.iterator();
    }

    @Override
    public boolean hasNext() {
      while (current == null || !current.hasNext()) {
        if (current != null) {
          current.close();
          current = null;
        }
        if (!files.hasNext()) {
          return false;
        }
        current = open(files.next());
      }
      return true;
    }

    private CloseableIterator<Record> open(DataFile file) {
      if (file.format() == FileFormat.PARQUET) {
        return ParquetDataReader.builder(table.io().newInputFile(file.location(), file.fileSizeInBytes()))
            .project(projection).build().iterator();
      } else if (file.format() != FileFormat.AVRO) {
        throw new ValidationException("Cannot read data file " + file.location() + " of table " + table.name()
            + ": its format is " + file.format() + " and TableReader reads only Parquet and Avro data files");
      }
      return AvroDataReader.builder(table.io().newInputFile(file.location(), file.fileSizeInBytes()))
          .project(projection).build().iterator();
    }

    @Override
    public Record next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    @Override
    public void close() {
      try {
        if (current != null) {
          current.close();
          current = null;
        }
      } finally {
        files.close();
      }
    }
  }
}
