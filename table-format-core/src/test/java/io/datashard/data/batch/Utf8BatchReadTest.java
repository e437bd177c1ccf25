package io.datashard.data.batch;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.parquet.ParquetBatchReader;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** String columns read in batches as UTF-8 bytes equal the row reader's Strings, dictionary-encoded or plain. */
class Utf8BatchReadTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "category", Types.StringType.get()),
      optional(3, "payload", Types.StringType.get())));
  private static final String[] CATEGORIES = {"", "ä", "\uD83D\uDE00", "日本", "plain", "\uFFFF"};
  private static final int ROWS = 5000;

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  private DataFile write() {
    Random random = new Random(3);
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve("strings.parquet").toString()))
        .schema(SCHEMA).properties(Map.of(
            // a small dictionary: the unique payloads fall back to plain encoding, the categories do not
            ParquetDataWriter.DICT_SIZE_PROPERTY, "4096",
            // many pages per batch, so a batch holds bytes of several pages at once
            ParquetDataWriter.PAGE_ROW_LIMIT_PROPERTY, "100")).build();
    try (writer) {
      for (int n = 0; n < ROWS; n += 1) {
        GenericRecord row = GenericRecord.create(SCHEMA);
        row.set(0, (long) n);
        row.set(1, n % 11 == 0 ? null : CATEGORIES[random.nextInt(CATEGORIES.length)]);
        row.set(2, n % 13 == 0 ? null : "payload-" + n + "-" + CATEGORIES[n % CATEGORIES.length] + "-" + random.nextLong());
        writer.write(row);
      }
    }
    return writer.toDataFile();
  }

  @Test
  void dictionaryAndPlainStringColumnsReadAsTheRowReader() throws Exception {
    DataFile file = write();
    try (ParquetFileReader parquet = ParquetFileReader.open(new LocalInputFile(Path.of(file.location())))) {
      List<ColumnChunkMetaData> columns = parquet.getRowGroups().get(0).getColumns();
      assertThat(columns.get(1).getEncodings()).as("category encodings").contains(Encoding.PLAIN_DICTIONARY);
      assertThat(columns.get(2).getEncodings()).as("payload encodings").contains(Encoding.PLAIN);
    }
    List<Record> expected = new ArrayList<>();
    try (CloseableIterable<Record> rows = ParquetDataReader.builder(io.newInputFile(file.location())).project(SCHEMA).build()) {
      rows.forEach(expected::add);
    }

    int seen = 0;
    try (CloseableIterator<ColumnBatch> batches = ParquetBatchReader.builder(io.newInputFile(file.location()))
        .project(SCHEMA).batchSize(1500).build().iterator()) {
      while (batches.hasNext()) {
        ColumnBatch batch = batches.next();
        for (int col = 1; col <= 2; col += 1) {
          ColumnVector vector = batch.column(col);
          // bytes first for every row, then Strings: the bytes of early pages are still intact at the end
          for (int row = 0; row < batch.numRows(); row += 1) {
            String value = (String) expected.get(seen + row).get(col);
            ByteBuffer utf8 = vector.getUtf8(row);
            assertThat(vector.isNull(row)).isEqualTo(value == null);
            if (value == null) {
              assertThat(utf8).isNull();
            } else {
              assertThat(utf8).isEqualTo(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
            }
          }
          for (int row = 0; row < batch.numRows(); row += 1) {
            String value = (String) expected.get(seen + row).get(col);
            assertThat(vector.getString(row)).isEqualTo(value);
            assertThat(vector.getObject(row)).isEqualTo(value);
            // still bytes-readable after a String was made
            if (value != null) {
              assertThat(StandardCharsets.UTF_8.decode(vector.getUtf8(row)).toString()).isEqualTo(value);
            }
          }
        }
        seen += batch.numRows();
      }
    }
    assertThat(seen).isEqualTo(ROWS);
  }

  @Test
  void wideDictionariesReadAsTheRowReaderAtOddBatchBoundaries() throws Exception {
    // 2,000 distinct strings: dictionary ids 11 bits wide, bit-packed runs cut at odd batch sizes
    Random random = new Random(11);
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(dir.resolve("wide.parquet").toString()))
        .schema(SCHEMA).properties(Map.of(ParquetDataWriter.DICT_SIZE_PROPERTY, Integer.toString(1 << 20))).build();
    try (writer) {
      for (int n = 0; n < ROWS; n += 1) {
        GenericRecord row = GenericRecord.create(SCHEMA);
        row.set(0, (long) n);
        row.set(1, n % 17 == 0 ? null : "category-" + random.nextInt(2000));
        row.set(2, "p" + random.nextInt(300));
        writer.write(row);
      }
    }
    DataFile file = writer.toDataFile();
    try (ParquetFileReader parquet = ParquetFileReader.open(new LocalInputFile(Path.of(file.location())))) {
      assertThat(parquet.getRowGroups().get(0).getColumns().get(1).getEncodings()).contains(Encoding.PLAIN_DICTIONARY);
    }
    List<Record> expected = new ArrayList<>();
    try (CloseableIterable<Record> rows = ParquetDataReader.builder(io.newInputFile(file.location())).project(SCHEMA).build()) {
      rows.forEach(expected::add);
    }
    for (int batchSize : new int[] {5, 777, 4096}) {
      int seen = 0;
      try (CloseableIterator<ColumnBatch> batches = ParquetBatchReader.builder(io.newInputFile(file.location()))
          .project(SCHEMA).batchSize(batchSize).build().iterator()) {
        while (batches.hasNext()) {
          ColumnBatch batch = batches.next();
          for (int row = 0; row < batch.numRows(); row += 1) {
            for (int col = 1; col <= 2; col += 1) {
              assertThat(batch.column(col).getString(row)).as("row %s column %s", seen + row, col)
                  .isEqualTo(expected.get(seen + row).get(col));
            }
          }
          seen += batch.numRows();
        }
      }
      assertThat(seen).isEqualTo(ROWS);
    }
  }

  @Test
  void constantAndFilledStringVectorsServeBytesAndStrings() {
    ColumnVector constant = ColumnVector.constant(Types.StringType.get(), "日本");
    assertThat(constant.getUtf8(0)).isEqualTo(ByteBuffer.wrap("日本".getBytes(StandardCharsets.UTF_8)));
    assertThat(constant.getString(3)).isEqualTo("日本");

    ColumnVector vector = ColumnVector.allocate(Types.StringType.get(), 3);
    vector.reset(3);
    byte[] page = "xx\uD83D\uDE00yy".getBytes(StandardCharsets.UTF_8);
    vector.setUtf8(0, ByteBuffer.wrap(page, 2, 4));
    vector.setObject(1, "ä");
    vector.setNull(2);
    assertThat(vector.getUtf8(0)).isEqualTo(ByteBuffer.wrap("\uD83D\uDE00".getBytes(StandardCharsets.UTF_8)));
    assertThat(vector.getString(0)).isEqualTo("\uD83D\uDE00");
    assertThat(vector.getUtf8(1)).isEqualTo(ByteBuffer.wrap("ä".getBytes(StandardCharsets.UTF_8)));
    assertThat(vector.getUtf8(2)).isNull();
    assertThat(vector.getObject(2)).isNull();
  }

  @Test
  void arrayRangesServeBytesStringsAndReaders() {
    byte[] page = "..héllo..wörld".getBytes(StandardCharsets.UTF_8);
    ColumnVector vector = ColumnVector.allocate(Types.StringType.get(), 2);
    vector.reset(4); // grows past its capacity
    vector.setUtf8(0, page, 2, 6); // é takes two bytes
    vector.setUtf8(1, page, 10, page.length - 10);
    vector.setNull(2);
    vector.setObject(3, "plain");
    ColumnVector.Utf8Reader<String> decode = (bytes, offset, length) -> new String(bytes, offset, length,
        StandardCharsets.UTF_8);
    assertThat(vector.readUtf8(0, decode)).isEqualTo("héllo");
    assertThat(vector.getUtf8(0)).isEqualTo(ByteBuffer.wrap("héllo".getBytes(StandardCharsets.UTF_8)));
    assertThat(vector.readUtf8(1, decode)).isEqualTo("wörld");
    assertThat(vector.readUtf8(2, decode)).isNull();
    assertThat(vector.readUtf8(3, decode)).isEqualTo("plain");
    assertThat(vector.getString(1)).isEqualTo("wörld");
    // decoded once, then served from the String
    assertThat(vector.getObject(0)).isEqualTo("héllo");
    assertThat(vector.readUtf8(0, decode)).isEqualTo("héllo");
    assertThat(vector.isNull(2)).isTrue();
  }
}
