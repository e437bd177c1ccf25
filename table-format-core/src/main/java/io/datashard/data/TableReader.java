package io.datashard.data;

import io.datashard.Table;
import io.datashard.exceptions.NotFoundException;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.scan.FileScanTask;
import io.datashard.scan.TableScan;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads a table's rows from Java as {@link Record}s: the files a {@link TableScan} plans, with their
 * position deletes, equality deletes and deletion vectors applied and the filter evaluated on every
 * row. Streams with one data file (and its delete files) open at a time.
 *
 * <pre>{@code
 * try (CloseableIterable<Record> rows = TableReader.read(table)
 *     .where(Expressions.greaterThan("id", 10)).select("id", "data").useSnapshot(snapshotId).build()) {
 *   for (Record row : rows) { ... }
 * }
 * }</pre>
 *
 * <p>{@code read(table)} is itself iterable: without refinements it reads every row of the current
 * snapshot in the current schema.
 */
public final class TableReader {
  private TableReader() {}

  /** A read of the current snapshot's rows, to refine or to iterate directly. */
  public static ReadBuilder read(Table table) {
    return new ReadBuilder(table);
  }

  /** The rows of the current snapshot projected onto {@code projection} (for example {@code schema.select("id")}). */
  public static CloseableIterable<Record> read(Table table, Schema projection) {
    return new ReadBuilder(table).project(projection).build();
  }

  /**
   * The rows of a snapshot, in the schema that was current when it was written.
   *
   * @throws NotFoundException if the table has no snapshot with that id
   */
  public static CloseableIterable<Record> read(Table table, long snapshotId) {
    return new ReadBuilder(table).useSnapshot(snapshotId).build();
  }

  /**
   * Configures a read; each refinement returns this builder. Iterating the builder is the same as
   * iterating {@link #build()}.
   */
  public static final class ReadBuilder implements CloseableIterable<Record> {
    private final Table table;
    private TableScan scan;
    private Expression filter = Expressions.alwaysTrue();
    private List<String> selected = null;
    private Schema projection = null;

    private ReadBuilder(Table table) {
      this.table = Objects.requireNonNull(table, "table is null");
      this.scan = table.newScan();
    }

    /** Returns only rows matching {@code expression} too (ANDed with earlier filters). */
    public ReadBuilder where(Expression expression) {
      Objects.requireNonNull(expression, "expression is null");
      this.filter = Expressions.and(filter, expression);
      return this;
    }

    /** Returns only the named columns (full names such as {@code "location.lat"}). */
    public ReadBuilder select(String... columns) {
      this.selected = List.copyOf(Arrays.asList(columns));
      this.projection = null;
      return this;
    }

    /** Returns rows of this projection of the table's schema; fields are matched by id. */
    public ReadBuilder project(Schema schema) {
      this.projection = Objects.requireNonNull(schema, "schema is null");
      this.selected = null;
      return this;
    }

    /** Whether column names in the filter and selection are matched case-sensitively (default true). */
    public ReadBuilder caseSensitive(boolean caseSensitive) {
      this.scan = scan.caseSensitive(caseSensitive);
      return this;
    }

    /** Reads the snapshot with this id, in its schema. */
    public ReadBuilder useSnapshot(long snapshotId) {
      this.scan = scan.useSnapshot(snapshotId);
      return this;
    }

    /** Reads the snapshot that was current at {@code timestampMillis}, in its schema. */
    public ReadBuilder asOfTime(long timestampMillis) {
      this.scan = scan.asOfTime(timestampMillis);
      return this;
    }

    /** Reads the snapshot a branch or tag points to. */
    public ReadBuilder useRef(String name) {
      this.scan = scan.useRef(name);
      return this;
    }

    /**
     * The rows. Plans and validates now (a filter on a missing column fails here); files are opened
     * as the rows are iterated.
     */
    public CloseableIterable<Record> build() {
      Schema tableSchema = scan.schema(); // no projection yet: the schema the scan reads in
      TableScan planned = scan.filter(filter);
      if (projection != null) {
        planned = planned.project(projection);
      } else if (selected != null) {
        planned = planned.select(new ArrayList<>(selected));
      }
      TableScan finalScan = planned;
      ScanTaskReaderFactory readers = () -> new ScanTaskReader(table.io(), tableSchema, finalScan.schema(), filter,
          finalScan.isCaseSensitive());
      readers.create(); // binds the filter, so that a bad filter fails before iteration
      return () -> new TaskByTask(finalScan.planFiles(), readers.create());
    }

    @Override
    public CloseableIterator<Record> iterator() {
      return build().iterator();
    }
  }

  private interface ScanTaskReaderFactory {
    ScanTaskReader create();
  }

  /** Opens the planned tasks lazily and each data file only when the previous one is exhausted. */
  private static final class TaskByTask implements CloseableIterator<Record> {
    private final CloseableIterator<FileScanTask> tasks;
    private final ScanTaskReader reader;
    private CloseableIterator<Record> current = null;

    TaskByTask(CloseableIterable<FileScanTask> tasks, ScanTaskReader reader) {
      this.tasks = tasks.iterator();
      this.reader = reader;
    }

    @Override
    public boolean hasNext() {
      while (current == null || !current.hasNext()) {
        if (current != null) {
          current.close();
          current = null;
        }
        if (!tasks.hasNext()) {
          return false;
        }
        current = reader.open(tasks.next());
      }
      return true;
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
        tasks.close();
      }
    }
  }
}
