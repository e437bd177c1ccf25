package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.data.GenericRecord;
import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ColumnVector;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch reader's bulk page decoding against the row reader, cell by cell, over randomized files. */
class PageBatchDecoderTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "flag", Types.BooleanType.get()),
      optional(3, "i", Types.IntegerType.get()),
      optional(4, "l", Types.LongType.get()),
      optional(5, "f", Types.FloatType.get()),
      optional(6, "d", Types.DoubleType.get()),
      optional(7, "s", Types.StringType.get()),
      optional(8, "day", Types.DateType.get()),
      optional(9, "ts", Types.TimestampType.withoutZone()),
      required(10, "rs", Types.StringType.get()),
      required(11, "ri", Types.IntegerType.get()),
      optional(12, "dec", Types.DecimalType.of(9, 2))));
  // int read as long and float as double
  private static final Schema PROMOTED = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(3, "i", Types.LongType.get()),
      optional(5, "f", Types.DoubleType.get()),
      optional(7, "s", Types.StringType.get()),
      required(11, "ri", Types.LongType.get())));

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  @Test
  void bulkDecodingReadsAsTheRowReader() throws Exception {
    Set<Encoding> bulkEncodings = new HashSet<>();
    int bulkChunks = 0;
    Set<String> bulkV1Columns = new HashSet<>();
    for (int seed = 0; seed < 6; seed += 1) {
      Random random = new Random(seed);
      int rows = 1500 + random.nextInt(2500);
      List<Record> records = records(random, rows);
      boolean v2 = seed % 2 == 1;
      Path path = dir.resolve("data-" + seed + ".parquet");
      write(path, records, v2, 30 + random.nextInt(170));
      List<Integer> groups = new ArrayList<>();
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path))) {
        MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
        for (BlockMetaData block : reader.getRowGroups()) {
          groups.add((int) block.getRowCount());
          for (ColumnChunkMetaData chunk : block.getColumns()) {
            ColumnDescriptor descriptor = fileSchema.getColumnDescription(chunk.getPath().toArray());
            boolean bulk = false;
            for (ParquetFlatColumn.Mode mode : ParquetFlatColumn.Mode.values()) {
              bulk |= PageBatchDecoder.supports(descriptor, chunk, mode);
            }
            if (bulk && !v2) {
              bulkV1Columns.add(chunk.getPath().toDotString());
            }
            if (bulk) {
              bulkChunks += 1;
              bulkEncodings.addAll(chunk.getEncodingStats().getDataEncodings());
            }
          }
        }
      }
      assertThat(groups.size()).as("row groups of seed %s", seed).isGreaterThan(1);
      for (Schema projection : List.of(SCHEMA, PROMOTED)) {
        TreeMap<Long, Record> expected = rowsOf(path, projection);
        assertThat(expected).hasSize(rows);
        for (int batchSize : new int[] {1, 7, 64 + random.nextInt(100), 4096}) {
          assertSameCells(path, projection, expected, batchSize, false);
          assertSameCells(path, projection, expected, batchSize, true);
        }
      }
    }
    // the bulk path did read chunks, with plain and dictionary pages
    assertThat(bulkChunks).isGreaterThan(40);
    assertThat(bulkEncodings).contains(Encoding.PLAIN);
    assertThat(bulkEncodings).containsAnyOf(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
    // optional columns too: parquet-mr's v1 writer lists BIT_PACKED (for the absent repetition levels) in
    // their chunks' encodings, which must not send them to the value-at-a-time reader
    assertThat(bulkV1Columns).contains("flag", "i", "l", "f", "d", "s", "day", "ts", "id", "rs", "ri");
  }

  private static List<Record> records(Random random, int rows) {
    List<Record> records = new ArrayList<>();
    double nullChance = 0.0;
    for (int n = 0; n < rows; n += 1) {
      if (n % 97 == 0) {
        // nulls in runs of varied shapes: none, rare, half, nearly all
        nullChance = new double[] {0.0, 0.05, 0.5, 0.97, 1.0}[random.nextInt(5)];
      }
      // repeating values first (dictionary pages), then unique ones that make the dictionary fall back
      boolean repeats = n < rows / 3;
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.set(0, (long) n);
      row.set(1, random.nextBoolean());
      row.set(2, repeats ? random.nextInt(20) - 10 : random.nextInt());
      row.set(3, repeats ? (long) random.nextInt(30) : random.nextLong());
      row.set(4, repeats ? (float) random.nextInt(10) : random.nextFloat());
      row.set(5, repeats ? (double) random.nextInt(10) : random.nextGaussian());
      row.set(6, repeats ? "v" + random.nextInt(15) : "unique-" + n + "-" + "é".repeat(random.nextInt(4)));
      row.set(7, 18_000 + (repeats ? random.nextInt(5) : n));
      row.set(8, 1_700_000_000_000_000L + (repeats ? random.nextInt(5) : random.nextInt()));
      row.set(9, repeats ? "" : "r" + n);
      row.set(10, n * 7);
      row.set(11, java.math.BigDecimal.valueOf(random.nextInt(100_000), 2));
      for (int pos = 1; pos < SCHEMA.columns().size(); pos += 1) {
        if (SCHEMA.columns().get(pos).isOptional() && random.nextDouble() < nullChance) {
          row.set(pos, null);
        }
      }
      records.add(row);
    }
    return records;
  }

  private static void write(Path path, List<Record> records, boolean v2, int pageRows) throws Exception {
    MessageType parquetSchema = ParquetSchemas.convert(SCHEMA);
    RecordWriteSupport support = new RecordWriteSupport(SCHEMA.asStruct(), parquetSchema, Map.of());
    try (ParquetWriter<io.datashard.StructLike> writer = new Builder(new LocalOutputFile(path), support)
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withWriterVersion(v2 ? ParquetProperties.WriterVersion.PARQUET_2_0 : ParquetProperties.WriterVersion.PARQUET_1_0)
        .withRowGroupSize(24 * 1024L)
        .withPageRowCountLimit(pageRows)
        .withPageSize(1024)
        .withDictionaryPageSize(512)
        .withMinRowCountForPageSizeCheck(10)
        .withMaxRowCountForPageSizeCheck(50)
        .build()) {
      for (Record record : records) {
        writer.write(record);
      }
    }
  }

  private TreeMap<Long, Record> rowsOf(Path path, Schema projection) {
    TreeMap<Long, Record> rows = new TreeMap<>();
    ParquetDataReader reader = ParquetDataReader.builder(io.newInputFile(path.toString())).project(projection).build();
    try (PositionedRecordIterator it = (PositionedRecordIterator) reader.iterator()) {
      while (it.hasNext()) {
        Record record = it.next();
        rows.put(it.position(), record);
      }
    }
    return rows;
  }

  /** With {@code skipSome}, every third batch (by its first id) has only its id column decoded. */
  private void assertSameCells(Path path, Schema projection, TreeMap<Long, Record> expected, int batchSize,
      boolean skipSome) {
    ParquetBatchReader.Builder builder = ParquetBatchReader.builder(io.newInputFile(path.toString()))
        .project(projection).batchSize(batchSize);
    if (skipSome) {
      builder.decodeRestOnlyIf(Set.of(1), batch -> batch.column(0).getLong(0) % 3 != 0);
    }
    List<Long> positions = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> batches = builder.build().iterator()) {
      while (batches.hasNext()) {
        ColumnBatch batch = batches.next();
        boolean decoded = !skipSome || batch.column(0).getLong(0) % 3 != 0;
        for (int row = 0; row < batch.numRows(); row += 1) {
          long position = batch.firstRowPosition() + row;
          positions.add(position);
          Record record = expected.get(position);
          assertThat(record).as("row at position %s", position).isNotNull();
          for (int col = 0; col < (decoded ? batch.numColumns() : 1); col += 1) {
            String what = "column " + projection.columns().get(col).name() + " at position " + position
                + " (batch size " + batchSize + ", " + path.getFileName() + ")";
            ColumnVector vector = batch.column(col);
            Object value = record.get(col);
            if (value instanceof String string) {
              assertThat(StandardCharsets.UTF_8.decode(vector.getUtf8(row)).toString()).as(what).isEqualTo(string);
            }
            assertThat(vector.getObject(row)).as(what).isEqualTo(value);
          }
        }
      }
    }
    assertThat(positions).containsExactlyElementsOf(expected.keySet());
  }

  private static final class Builder extends ParquetWriter.Builder<io.datashard.StructLike, Builder> {
    private final RecordWriteSupport support;

    Builder(LocalOutputFile file, RecordWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<io.datashard.StructLike> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<io.datashard.StructLike> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
