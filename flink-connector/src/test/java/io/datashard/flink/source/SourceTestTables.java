package io.datashard.flink.source;

import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableWriter;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test tables written with the core's writer: a schema with every kind of column, and row builders. */
final class SourceTestTables {
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()),
      Types.NestedField.optional(3, "ts", Types.TimestampType.withoutZone()),
      Types.NestedField.optional(4, "amount", Types.DecimalType.of(10, 2)),
      Types.NestedField.optional(5, "tags", Types.ListType.ofOptional(8, Types.StringType.get())),
      Types.NestedField.optional(6, "attrs", Types.MapType.ofOptional(9, 10, Types.StringType.get(), Types.IntegerType.get())),
      Types.NestedField.optional(7, "loc", Types.StructType.of(
          Types.NestedField.optional(11, "lat", Types.DoubleType.get()),
          Types.NestedField.optional(12, "lon", Types.DoubleType.get())))));

  /** Event time of row {@code id}: 2026-01-01 plus id minutes, in micros. */
  static final long BASE_MICROS = 1_767_225_600_000_000L;

  private SourceTestTables() {}

  /** A table bucketed on id into 3 buckets, so each append writes up to 3 files. */
  static Table create(String location) {
    return new PathTables().create(SCHEMA, PartitionSpec.builderFor(SCHEMA).bucket("id", 3).build(), Map.of(), location);
  }

  /** The rows with ids in [from, to). */
  static List<Record> rows(long from, long to) {
    List<Record> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(row(id));
    }
    return rows;
  }

  static Record row(long id) {
    Record row = GenericRecord.create(SCHEMA);
    row.set("id", id);
    row.set("name", id % 7 == 0 ? null : "name-" + id);
    row.set("ts", BASE_MICROS + id * 60_000_000L);
    row.set("amount", BigDecimal.valueOf(id * 101, 2));
    row.set("tags", id % 3 == 0 ? List.of() : List.of("t" + id, "u" + id));
    row.set("attrs", Map.of("k" + (id % 4), (int) id));
    Record loc = GenericRecord.create(SCHEMA.findField("loc").get().type().asStructType());
    loc.set("lat", id / 10.0);
    loc.set("lon", -id / 10.0);
    row.set("loc", loc);
    return row;
  }

  /** Appends rows {@code from} (inclusive) to {@code to} (exclusive) as one snapshot. */
  static void append(Table table, long from, long to) {
    try (TableWriter writer = TableWriter.append(table.refresh())) {
      for (long id = from; id < to; id++) {
        writer.write(row(id));
      }
      writer.commit();
    }
  }
}
