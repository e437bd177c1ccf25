package io.datashard.flink.source;

import io.datashard.data.Record;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;

/**
 * Renders rows of the test schema as strings, from core records, Flink internal rows and Flink
 * external rows independently, so tests compare what the source returned with what was written.
 */
final class Renders {
  private Renders() {}

  static String record(Record r) {
    Object ts = r.get("ts");
    Record loc = (Record) r.get("loc");
    return r.get("id") + "|" + r.get("name") + "|"
        + (ts == null ? null : LocalDateTime.ofEpochSecond(Math.floorDiv((Long) ts, 1_000_000L),
            (int) Math.floorMod((Long) ts, 1_000_000L) * 1000, ZoneOffset.UTC)) + "|"
        + r.get("amount") + "|" + r.get("tags") + "|" + new TreeMap<>((Map<?, ?>) r.get("attrs")) + "|"
        + (loc == null ? null : loc.get("lat") + "," + loc.get("lon"));
  }

  static List<String> records(List<Record> rows) {
    List<String> result = new ArrayList<>();
    for (Record row : rows) {
      result.add(record(row));
    }
    return result;
  }

  /** A Flink internal row with all seven columns of the test schema, in table order. */
  static String rowData(RowData r) {
    List<String> tags = new ArrayList<>();
    ArrayData array = r.getArray(4);
    for (int i = 0; i < array.size(); i++) {
      tags.add(array.getString(i).toString());
    }
    TreeMap<String, Integer> attrs = new TreeMap<>();
    MapData map = r.getMap(5);
    for (int i = 0; i < map.size(); i++) {
      attrs.put(map.keyArray().getString(i).toString(), map.valueArray().getInt(i));
    }
    RowData loc = r.getRow(6, 2);
    return r.getLong(0) + "|" + (r.isNullAt(1) ? null : r.getString(1).toString()) + "|"
        + r.getTimestamp(2, 6).toLocalDateTime() + "|" + r.getDecimal(3, 10, 2).toBigDecimal() + "|" + tags + "|"
        + attrs + "|" + loc.getDouble(0) + "," + loc.getDouble(1);
  }

  /** A Flink external row with all seven columns of the test schema, in table order. */
  static String row(Row r) {
    Row loc = (Row) r.getField(6);
    Object tags = r.getField(4);
    List<Object> tagList = tags == null ? null : List.of((Object[]) tags);
    return r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2) + "|" + (BigDecimal) r.getField(3) + "|" + tagList
        + "|" + new TreeMap<>((Map<?, ?>) r.getField(5)) + "|" + (loc == null ? null : loc.getField(0) + "," + loc.getField(1));
  }
}
