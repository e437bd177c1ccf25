package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.data.GenericRecord;
import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
import io.datashard.data.batch.ColumnBatch;
import io.datashard.data.batch.ColumnVector;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch reader's page skipping through the column index: every row matching the filter is read, with
 * the row reader's values at the row reader's positions, and pages that cannot match are not read.
 */
class ParquetPageFilterTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "cat", Types.StringType.get()),
      optional(3, "amount", Types.DoubleType.get()),
      optional(4, "small", Types.IntegerType.get()),
      optional(5, "dec", Types.DecimalType.of(9, 2)),
      required(6, "payload", Types.StringType.get())));

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  @Test
  void readsOnlyPagesThatMayMatchAndEveryMatchingRow() throws Exception {
    // each filter, and whether it selects few pages (of sorted ids)
    Map<Expression, Boolean> filters = Map.of(
        Expressions.and(Expressions.greaterThanOrEqual("id", 1234L), Expressions.lessThan("id", 1400L)), true,
        Expressions.or(Expressions.lessThan("id", 100L), Expressions.equal("id", 3001L)), true,
        Expressions.and(Expressions.greaterThan("id", 500L),
            Expressions.or(Expressions.equal("cat", "c7"), Expressions.isNull("amount"))), false,
        Expressions.and(Expressions.lessThan("id", 700L), Expressions.equal("cat", "c3")), true,
        Expressions.equal("id", 2999L), true,
        Expressions.greaterThan("id", 1_000_000L), true,
        Expressions.notEqual("id", 5L), false);
    for (int seed = 0; seed < 4; seed += 1) {
      Random random = new Random(seed);
      int rows = 3000 + random.nextInt(2000);
      Path path = dir.resolve("data-" + seed + ".parquet");
      // one row group (where only page skipping can skip rows) or several
      write(path, records(random, rows), seed % 2 == 1, 40 + random.nextInt(60), seed < 2 ? 64L << 20 : 64L << 10);
      TreeMap<Long, Record> expected = rowsOf(path);
      for (Map.Entry<Expression, Boolean> filter : filters.entrySet()) {
        for (int batchSize : new int[] {1, 13, 256, 4096}) {
          assertReads(path, filter.getKey(), filter.getValue(), expected, batchSize, false);
          assertReads(path, filter.getKey(), filter.getValue(), expected, batchSize, true);
        }
      }
    }
  }

  private void assertReads(Path path, Expression filter, boolean selective, TreeMap<Long, Record> expected,
      int batchSize, boolean decodeRestOnlyIfMatching) {
    Evaluator evaluator = new Evaluator(SCHEMA.asStruct(), filter, true);
    List<Long> matching = new ArrayList<>();
    for (Map.Entry<Long, Record> entry : expected.entrySet()) {
      if (evaluator.eval(entry.getValue())) {
        matching.add(entry.getKey());
      }
    }
    ParquetBatchReader.Builder builder = ParquetBatchReader.builder(io.newInputFile(path.toString()))
        .project(SCHEMA).filter(filter).batchSize(batchSize);
    if (decodeRestOnlyIfMatching) {
      builder.decodeRestOnlyIf(Set.of(1), batch -> true);
    }
    String what = filter + " over " + path.getFileName() + " in batches of " + batchSize;
    List<Long> read = new ArrayList<>();
    List<Long> readMatching = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> batches = builder.build().iterator()) {
      while (batches.hasNext()) {
        ColumnBatch batch = batches.next();
        for (int row = 0; row < batch.numRows(); row += 1) {
          long position = batch.firstRowPosition() + row;
          Record record = expected.get(position);
          assertThat(record).as("row at position %s, %s", position, what).isNotNull();
          for (int col = 0; col < batch.numColumns(); col += 1) {
            ColumnVector vector = batch.column(col);
            assertThat(vector.getObject(row))
                .as("column %s at position %s, %s", SCHEMA.columns().get(col).name(), position, what)
                .isEqualTo(record.get(col));
          }
          read.add(position);
          if (evaluator.eval(record)) {
            readMatching.add(position);
          }
        }
      }
    }
    assertThat(read).as("positions read in order, %s", what).isSorted().doesNotHaveDuplicates();
    assertThat(readMatching).as("matching rows, %s", what).containsExactlyElementsOf(matching);
    if (selective) {
      // pages of at most 100 rows: a selective filter reads a small part of the file, even of one row group
      assertThat(read.size()).as("rows read, %s", what).isLessThan(expected.size() / 2);
    }
  }

  private static List<Record> records(Random random, int rows) {
    List<Record> records = new ArrayList<>();
    for (int n = 0; n < rows; n += 1) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.set(0, (long) n); // sorted, so that pages hold narrow id ranges
      row.set(1, random.nextInt(10) == 0 ? null : "c" + random.nextInt(10));
      row.set(2, random.nextInt(7) == 0 ? null : random.nextGaussian());
      row.set(3, random.nextInt(5) == 0 ? null : random.nextInt(1000));
      row.set(4, random.nextInt(4) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000), 2));
      row.set(5, "p" + n + "-" + random.nextInt(1000));
      records.add(row);
    }
    return records;
  }

  private static void write(Path path, List<Record> records, boolean v2, int pageRows, long rowGroupBytes)
      throws Exception {
    MessageType parquetSchema = ParquetSchemas.convert(SCHEMA);
    RecordWriteSupport support = new RecordWriteSupport(SCHEMA.asStruct(), parquetSchema, Map.of());
    try (ParquetWriter<io.datashard.StructLike> writer = new Builder(new LocalOutputFile(path), support)
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withWriterVersion(v2 ? ParquetProperties.WriterVersion.PARQUET_2_0 : ParquetProperties.WriterVersion.PARQUET_1_0)
        .withRowGroupSize(rowGroupBytes)
        .withPageRowCountLimit(pageRows)
        .withPageSize(2048)
        .withDictionaryPageSize(1024)
        .withMinRowCountForPageSizeCheck(10)
        .withMaxRowCountForPageSizeCheck(50)
        .build()) {
      for (Record record : records) {
        writer.write(record);
      }
    }
  }

  private TreeMap<Long, Record> rowsOf(Path path) {
    TreeMap<Long, Record> rows = new TreeMap<>();
    ParquetDataReader reader = ParquetDataReader.builder(io.newInputFile(path.toString())).project(SCHEMA).build();
    try (PositionedRecordIterator it = (PositionedRecordIterator) reader.iterator()) {
      while (it.hasNext()) {
        Record record = it.next();
        rows.put(it.position(), record);
      }
    }
    return rows;
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
