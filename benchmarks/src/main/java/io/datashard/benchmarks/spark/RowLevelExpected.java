package io.datashard.benchmarks.spark;

import org.apache.spark.sql.Row;

/**
 * The answers of the row-level benchmark's scans, computed in plain Java from the row ids alone (never
 * read back from any table): the table holds ids {@code [0, rows)}; the DELETE removes the ids with
 * {@code id % 100 == 0}; the MERGE's source holds the ids with {@code id % 100 == 50} (present, so
 * updated: {@code amount} + 1000) and the new ids {@code [rows, rows + rows / 100)} (inserted).
 */
record RowLevelExpected(long count, long idSum, long payloadChars, long updated) {
  static final int DELETE_MODULUS = 100;
  static final int UPDATE_REMAINDER = 50;
  static final double UPDATE_AMOUNT_DELTA = 1000;

  /** What every scan of the benchmark computes; the last column counts updated rows (amounts are below 100). */
  static String[] aggregation() {
    String[] base = BenchData.aggregation();
    String[] all = java.util.Arrays.copyOf(base, base.length + 1);
    all[base.length] = "count_if(amount >= " + UPDATE_AMOUNT_DELTA + ") AS updated";
    return all;
  }

  static RowLevelExpected before(long rows) {
    BenchData.Expected all = BenchData.Expected.ofRange(0, rows);
    return new RowLevelExpected(all.count(), all.idSum(), all.payloadChars(), 0);
  }

  static RowLevelExpected afterDelete(long rows) {
    long count = 0;
    long idSum = 0;
    for (long id = 0; id < rows; id++) {
      if (id % DELETE_MODULUS != 0) {
        count++;
        idSum += id;
      }
    }
    return new RowLevelExpected(count, idSum, count * BenchData.PAYLOAD_CHARS, 0);
  }

  static RowLevelExpected afterMerge(long rows) {
    RowLevelExpected deleted = afterDelete(rows);
    long updated = 0;
    for (long id = 0; id < rows; id++) {
      if (id % DELETE_MODULUS == UPDATE_REMAINDER) {
        updated++;
      }
    }
    BenchData.Expected inserted = BenchData.Expected.ofRange(rows, rows + insertedRows(rows));
    return new RowLevelExpected(deleted.count + inserted.count(), deleted.idSum + inserted.idSum(),
        deleted.payloadChars + inserted.payloadChars(), updated);
  }

  /** How many new ids the MERGE inserts: 1 % of the table. */
  static long insertedRows(long rows) {
    return Math.max(1, rows / 100);
  }

  /** Checks a row of {@link #aggregation()}. */
  void check(String what, Row row) {
    long gotCount = row.getLong(0);
    long gotIdSum = row.isNullAt(1) ? 0 : row.getLong(1);
    long gotChars = row.isNullAt(2) ? 0 : row.getLong(2);
    long gotUpdated = row.getLong(row.length() - 1);
    if (gotCount != count || gotIdSum != idSum || gotChars != payloadChars || gotUpdated != updated) {
      throw new IllegalStateException(String.format(
          "%s returned wrong rows: count %d, sum(id) %d, payload chars %d, updated %d; expected %d, %d, %d, %d",
          what, gotCount, gotIdSum, gotChars, gotUpdated, count, idSum, payloadChars, updated));
    }
  }
}
