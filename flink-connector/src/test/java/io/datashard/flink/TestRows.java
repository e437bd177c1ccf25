package io.datashard.flink;

import io.datashard.Table;
import io.datashard.data.Record;
import io.datashard.data.TableReader;
import io.datashard.io.CloseableIterable;
import java.util.ArrayList;
import java.util.List;

/** Reads a table back with the core reader (independent of the Flink source) as lists of values. */
public final class TestRows {
  private TestRows() {}

  public static List<List<Object>> read(Table table) {
    table.refresh();
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = TableReader.read(table)) {
      for (Record record : records) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < record.struct().fields().size(); i++) {
          values.add(record.get(i));
        }
        rows.add(values);
      }
    }
    return rows;
  }
}
