package io.datashard.examples;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.HistoryEntry;
import io.datashard.PartitionData;
import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.OutputFile;
import io.datashard.io.PositionOutputStream;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * The README's main job: creates a table partitioned by day in a local warehouse folder, appends
 * twice (real Avro data files with column statistics), lists the files of one partition, shows the
 * history and time-travels to the first snapshot, reading its rows back.
 *
 * <p>Usage: {@code QuickstartJob [warehouse-folder]} (default {@code ./warehouse}). The table is
 * recreated on each run so the output is the same every time.
 */
public final class QuickstartJob {
  private static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(3, "category", Types.StringType.get())));

  private static final org.apache.avro.Schema AVRO_SCHEMA = avroSchema();

  private record Row(long id, Instant ts, String category) {}

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
    table.newAppend()
        .appendFile(writeDataFile(table, spec, List.of(
            new Row(1, day1.plusSeconds(60), "books"), new Row(2, day1.plusSeconds(3_600), "games"))))
        .appendFile(writeDataFile(table, spec, List.of(new Row(3, day2.plusSeconds(120), "books"))))
        .commit();
    Snapshot first = table.currentSnapshot().orElseThrow();
    out.println("Append 1: snapshot " + first.snapshotId() + " " + first.summary());

    table.newAppend()
        .appendFile(writeDataFile(table, spec, List.of(
            new Row(4, day2.plusSeconds(7_200), null), new Row(5, day2.plusSeconds(9_000), "music"))))
        .commit();
    Snapshot second = table.currentSnapshot().orElseThrow();
    out.println("Append 2: snapshot " + second.snapshotId() + " " + second.summary());

    String wanted = "2026-11-21";
    out.println("Files of partition ts_day=" + wanted + " in the current snapshot:");
    PartitionField dayField = spec.fields().get(0);
    Type dayType = dayField.transform().resultType(Types.TimestampType.withZone());
    try (CloseableIterable<DataFile> files = table.dataFiles(second)) {
      for (DataFile file : files) {
        String day = dayField.transform().toHumanString(dayType, file.partition().get(0, Integer.class));
        if (day.equals(wanted)) {
          out.println("  " + file.location() + " (" + file.recordCount() + " rows)");
        }
      }
    }

    out.println("History:");
    for (HistoryEntry entry : table.history()) {
      out.println("  " + Instant.ofEpochMilli(entry.timestampMillis()) + "  snapshot " + entry.snapshotId());
    }

    out.println("Time travel to snapshot " + first.snapshotId() + ":");
    for (Row row : readRows(table, first)) {
      out.println("  " + row);
    }
    out.println("Current snapshot " + second.snapshotId() + " has " + readRows(table, second).size() + " rows");
    return table;
  }

  /** Rows of every data file of a snapshot, read back from the Avro files. */
  static List<Row> readRows(Table table, Snapshot snapshot) {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterable<DataFile> files = table.dataFiles(snapshot)) {
      for (DataFile file : files) {
        try (InputStream in = table.io().newInputFile(file.location()).newStream();
            DataFileStream<GenericRecord> avro = new DataFileStream<>(in, new GenericDatumReader<>())) {
          for (GenericRecord record : avro) {
            Object category = record.get("category");
            rows.add(new Row((Long) record.get("id"), micros((Long) record.get("ts")),
                category == null ? null : category.toString()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the quickstart's data files", e);
    }
    rows.sort((a, b) -> Long.compare(a.id(), b.id()));
    return rows;
  }

  /** Writes rows of one partition as an Avro data file and describes it with its column metrics. */
  private static DataFile writeDataFile(Table table, PartitionSpec spec, List<Row> rows) {
    FileIO io = table.io();
    long dayOfFirst = rows.get(0).ts().getEpochSecond() / 86_400;
    PartitionData partition = PartitionData.of((int) dayOfFirst);
    String location = table.location() + "/data/" + spec.partitionToPath(partition) + "/"
        + UUID.randomUUID() + ".avro";
    OutputFile output = io.newOutputFile(location);
    long size;
    try (PositionOutputStream stream = output.create();
        DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(AVRO_SCHEMA))) {
      writer.create(AVRO_SCHEMA, stream);
      for (Row row : rows) {
        GenericRecord record = new GenericData.Record(AVRO_SCHEMA);
        record.put("id", row.id());
        record.put("ts", row.ts().getEpochSecond() * 1_000_000L + row.ts().getNano() / 1_000);
        record.put("category", row.category());
        writer.append(record);
      }
      writer.flush();
      size = stream.position();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write data file " + location, e);
    }

    Map<Integer, Long> valueCounts = new HashMap<>();
    Map<Integer, Long> nullCounts = new HashMap<>();
    Map<Integer, Object> lower = new LinkedHashMap<>();
    Map<Integer, Object> upper = new LinkedHashMap<>();
    for (Row row : rows) {
      Object[] values = {row.id(), row.ts().getEpochSecond() * 1_000_000L + row.ts().getNano() / 1_000, row.category()};
      for (int i = 0; i < values.length; i++) {
        int fieldId = i + 1;
        valueCounts.merge(fieldId, 1L, Long::sum);
        nullCounts.merge(fieldId, values[i] == null ? 1L : 0L, Long::sum);
        if (values[i] != null) {
          lower.merge(fieldId, values[i], QuickstartJob::min);
          upper.merge(fieldId, values[i], QuickstartJob::max);
        }
      }
    }
    return DataFile.builder(spec)
        .withLocation(location)
        .withFormat(FileFormat.AVRO)
        .withPartition(partition)
        .withRecordCount(rows.size())
        .withFileSizeInBytes(size)
        .withValueCounts(valueCounts)
        .withNullValueCounts(nullCounts)
        .withLowerBounds(serialize(lower))
        .withUpperBounds(serialize(upper))
        .build();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object min(Object a, Object b) {
    return ((Comparable) a).compareTo(b) <= 0 ? a : b;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object max(Object a, Object b) {
    return ((Comparable) a).compareTo(b) >= 0 ? a : b;
  }

  private static Map<Integer, ByteBuffer> serialize(Map<Integer, Object> values) {
    Map<Integer, ByteBuffer> result = new HashMap<>();
    values.forEach((id, value) -> result.put(id, Conversions.toByteBuffer(SCHEMA.findType(id), value)));
    return result;
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** The Avro schema of the data files, with the table's field ids as the spec requires. */
  private static org.apache.avro.Schema avroSchema() {
    org.apache.avro.Schema ts = LogicalTypes.timestampMicros().addToSchema(
        org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
    ts.addProp("adjust-to-utc", true);
    org.apache.avro.Schema schema = SchemaBuilder.record("events").fields()
        .name("id").prop("field-id", 1).type().longType().noDefault()
        .name("ts").prop("field-id", 2).type(ts).noDefault()
        .name("category").prop("field-id", 3).type().optional().stringType()
        .endRecord();
    return schema;
  }
}
