package io.datashard.examples;

import io.datashard.DataFile;
import io.datashard.HistoryEntry;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.data.TableWriter;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.io.CloseableIterable;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's main job: creates a table partitioned by day in a local warehouse folder, appends
 * twice (Parquet data files written by {@link TableWriter}), reads with a filter, shows the history
 * and time-travels to the first snapshot.
 *
 * <p>Usage: {@code QuickstartJob [warehouse-folder]} (default {@code ./warehouse}). The table is
 * recreated on each run so the output is the same every time.
 */
public final class QuickstartJob {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(3, "category", Types.StringType.get())));

  /** A row as the quickstart prints it. */
  record Row(long id, Instant ts, String category) {
    static Row of(Record record) {
      long micros = (Long) record.get("ts");
      return new Row((Long) record.get("id"),
          Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L),
          (String) record.get("category"));
    }

    Record toRecord() {
      GenericRecord record = GenericRecord.create(SCHEMA);
      record.set("id", id);
      record.set("ts", ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000);
      record.set("category", category);
      return record;
    }
  }

  private QuickstartJob() {}

  public static void main(String[] args) {
    String warehouse = args.length > 0 ? args[0] : "warehouse";
    run(Path.of(warehouse).toAbsolutePath().normalize().toString(), System.out);
  }

  /** Runs the quickstart against a warehouse folder, printing to {@code out}; returns the table. */
  public static Table run(String warehouse, PrintStream out) {
    String location = warehouse + "/quickstart/events";
    PathTables tables = new PathTables();
    if (tables.drop(location, true)) {
      out.println("Dropped the previous quickstart table at " + location);
    }
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").build();
    Table table = tables.create(SCHEMA, spec, Map.of("format-version", "2"), location);
    out.println("Created table " + location + " partitioned by " + spec.fields().get(0).name());

    Instant day1 = LocalDate.of(2026, 11, 20).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant day2 = day1.plusSeconds(86_400);
    append(table, List.of(new Row(1, day1.plusSeconds(60), "books"), new Row(2, day1.plusSeconds(3_600), "games"),
        new Row(3, day2.plusSeconds(120), "books")));
    Snapshot first = table.currentSnapshot().orElseThrow();
    out.println("Append 1: snapshot " + first.snapshotId() + " " + first.summary());

    append(table, List.of(new Row(4, day2.plusSeconds(7_200), null), new Row(5, day2.plusSeconds(9_000), "music")));
    Snapshot second = table.currentSnapshot().orElseThrow();
    out.println("Append 2: snapshot " + second.snapshotId() + " " + second.summary());

    out.println("Data files:");
    try (CloseableIterable<DataFile> files = table.dataFiles(second)) {
      for (DataFile file : files) {
        out.println("  " + file.location() + " (" + file.recordCount() + " rows)");
      }
    }

    Expression filter = Expressions.and(
        Expressions.greaterThanOrEqual("ts", "2026-11-21T00:00:00+00:00"), Expressions.notNull("category"));
    out.println("Rows with " + filter + " (files of other days are not opened):");
    for (Row row : read(TableReader.read(table).where(filter))) {
      out.println("  " + row);
    }

    out.println("History:");
    for (HistoryEntry entry : table.history()) {
      out.println("  " + Instant.ofEpochMilli(entry.timestampMillis()) + "  snapshot " + entry.snapshotId());
    }

    out.println("Time travel to snapshot " + first.snapshotId() + ":");
    for (Row row : read(TableReader.read(table).useSnapshot(first.snapshotId()))) {
      out.println("  " + row);
    }
    out.println("Current snapshot " + second.snapshotId() + " has " + read(TableReader.read(table)).size() + " rows");
    return table;
  }

  private static void append(Table table, List<Row> rows) {
    try (TableWriter writer = TableWriter.append(table)) {
      for (Row row : rows) {
        writer.write(row.toRecord());
      }
      writer.commit();
    }
  }

  /** The rows a read returns, sorted by id. */
  static List<Row> read(CloseableIterable<Record> records) {
    List<Row> rows = new ArrayList<>();
    try (records) {
      for (Record record : records) {
        rows.add(Row.of(record));
      }
    }
    rows.sort((a, b) -> Long.compare(a.id(), b.id()));
    return rows;
  }
}
