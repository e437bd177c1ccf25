package io.datashard.data.parquet;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.data.GenericRecord;
import io.datashard.data.PositionedRecordIterator;
import io.datashard.data.Record;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.InputFile;
import io.datashard.io.SeekableInputStream;
import java.io.IOException;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row groups skipped by statistics and dictionaries. The reader returns every row of each row group
 * it reads and no row of those it skips, so the rows returned tell exactly which row groups were read.
 */
class ParquetRowGroupFilterTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "name", Types.StringType.get()),
      optional(3, "sparse", Types.IntegerType.get()),
      optional(4, "category", Types.StringType.get()),
      optional(5, "score", Types.DoubleType.get()),
      optional(6, "day", Types.DateType.get())));
  private static final int ROWS = 2000;
  private static final Map<String, String> SMALL_ROW_GROUPS = Map.of(
      ParquetDataWriter.ROW_GROUP_SIZE_PROPERTY, "4096",
      ParquetDataWriter.ROW_GROUP_CHECK_MIN_PROPERTY, "10",
      ParquetDataWriter.ROW_GROUP_CHECK_MAX_PROPERTY, "50",
      ParquetDataWriter.COMPRESSION_PROPERTY, "uncompressed");

  @TempDir
  Path dir;

  private final FileIO io = new LocalFileIO();

  /** Sorted by id (= row index); "sparse" is null below id 500; "category" gains "b" from id 1000 on. */
  private static List<Record> sortedRows() {
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i += 1) {
      GenericRecord record = GenericRecord.create(SCHEMA);
      record.set(0, (long) i);
      record.set(1, String.format("name-%05d", i));
      record.set(2, i < 500 ? null : i);
      String[] categories = i < 1000 ? new String[] {"a", "c"} : new String[] {"a", "b", "c"};
      record.set(3, categories[i % categories.length]);
      record.set(4, i * 0.25);
      record.set(5, 18000 + i / 10);
      rows.add(record);
    }
    return rows;
  }

  private String write(String name, List<Record> rows) {
    String location = dir.resolve(name).toString();
    try (ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(location))
        .schema(SCHEMA).properties(SMALL_ROW_GROUPS).build()) {
      rows.forEach(writer::write);
    }
    return location;
  }

  private List<BlockMetaData> rowGroups(String location) throws Exception {
    try (ParquetFileReader reader = ParquetFileReader.open(ParquetIO.input(io.newInputFile(location)))) {
      return reader.getRowGroups();
    }
  }

  private List<Record> read(String location, Expression filter) {
    List<Record> result = new ArrayList<>();
    try (CloseableIterator<Record> records = ParquetDataReader.builder(io.newInputFile(location))
        .project(SCHEMA).filter(filter).build().iterator()) {
      while (records.hasNext()) {
        Record record = records.next();
        if (records instanceof PositionedRecordIterator) {
          // ids are row indexes: skipped row groups must not shift the positions of later ones
          assertThat(((PositionedRecordIterator) records).position()).isEqualTo((Long) record.get(0));
        }
        result.add(record);
      }
    }
    return result;
  }

  private static Set<Long> ids(List<Record> records) {
    Set<Long> ids = new TreeSet<>();
    for (Record record : records) {
      ids.add((Long) record.get(0));
    }
    return ids;
  }

  /** The ids of every row group holding at least one row that matches, i.e. what an exact filter keeps. */
  private Set<Long> idsOfMatchingRowGroups(String location, List<Record> rows, Expression filter) throws Exception {
    Evaluator evaluator = new Evaluator(SCHEMA.asStruct(), filter);
    Set<Long> ids = new TreeSet<>();
    long first = 0;
    for (BlockMetaData block : rowGroups(location)) {
      List<Record> group = rows.subList((int) first, (int) (first + block.getRowCount()));
      if (group.stream().anyMatch(evaluator::eval)) {
        group.forEach(record -> ids.add((Long) record.get(0)));
      }
      first += block.getRowCount();
    }
    return ids;
  }

  @Test
  void statisticsSkipRowGroupsOfSortedData() throws Exception {
    List<Record> rows = sortedRows();
    String location = write("sorted.parquet", rows);
    assertThat(rowGroups(location).size()).isGreaterThan(5);

    List<Expression> filters = List.of(
        Expressions.lessThan("id", 100L),
        Expressions.lessThanOrEqual("id", 100L),
        Expressions.greaterThan("id", 1890L),
        Expressions.greaterThanOrEqual("score", 450.0),
        Expressions.equal("id", 1234L),
        Expressions.in("id", 7L, 1500L),
        Expressions.isNull("sparse"),
        Expressions.notNull("sparse"),
        Expressions.startsWith("name", "name-012"),
        Expressions.equal("day", 18150),
        Expressions.and(Expressions.greaterThan("id", 300L), Expressions.lessThan("id", 450L)),
        Expressions.or(Expressions.lessThan("id", 50L), Expressions.greaterThan("id", 1950L)),
        Expressions.not(Expressions.greaterThanOrEqual("id", 120L)));
    for (Expression filter : filters) {
      Set<Long> expected = idsOfMatchingRowGroups(location, rows, filter);
      assertThat(ids(read(location, filter))).as("rows read with %s", filter).isEqualTo(expected);
      assertThat(expected.size()).as("row groups skipped for %s", filter).isLessThan(ROWS);
    }
  }

  @Test
  void skippedRowGroupsAreNotReadFromStorage() throws Exception {
    String location = write("bytes.parquet", sortedRows());
    List<BlockMetaData> groups = rowGroups(location);
    List<long[]> reads = new ArrayList<>();
    InputFile counting = recordingReads(io.newInputFile(location), reads);
    List<Record> records = new ArrayList<>();
    try (CloseableIterator<Record> iterator = ParquetDataReader.builder(counting)
        .project(SCHEMA).filter(Expressions.greaterThanOrEqual("id", 1990L)).build().iterator()) {
      iterator.forEachRemaining(records::add);
    }
    BlockMetaData last = groups.get(groups.size() - 1);
    assertThat(records).hasSize((int) last.getRowCount());
    for (int i = 0; i < groups.size(); i += 1) {
      long start = groups.get(i).getStartingPos();
      long end = start + groups.get(i).getCompressedSize();
      boolean touched = reads.stream().anyMatch(range -> range[0] < end && range[1] > start);
      assertThat(touched).as("bytes of row group %s read", i).isEqualTo(i == groups.size() - 1);
    }
  }

  /** Records the byte range [from, to) of every read. */
  private static InputFile recordingReads(InputFile file, List<long[]> reads) {
    return new InputFile() {
      @Override
      public String location() {
        return file.location();
      }

      @Override
      public long length() {
        return file.length();
      }

      @Override
      public boolean exists() {
        return file.exists();
      }

      @Override
      public SeekableInputStream newStream() {
        SeekableInputStream stream = file.newStream();
        return new SeekableInputStream() {
          @Override
          public long position() throws IOException {
            return stream.position();
          }

          @Override
          public void seek(long newPosition) throws IOException {
            stream.seek(newPosition);
          }

          @Override
          public int read() throws IOException {
            long at = stream.position();
            int b = stream.read();
            if (b >= 0) {
              reads.add(new long[] {at, at + 1});
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            long at = stream.position();
            int n = stream.read(buffer, offset, length);
            if (n > 0) {
              reads.add(new long[] {at, at + n});
            }
            return n;
          }

          @Override
          public void close() throws IOException {
            stream.close();
          }
        };
      }
    };
  }

  @Test
  void filtersThatStatisticsCannotDecideReadEverything() throws Exception {
    List<Record> rows = sortedRows();
    String location = write("undecided.parquet", rows);
    for (Expression filter : List.of(
        Expressions.notEqual("id", 5L),
        Expressions.notIn("id", 5L, 6L),
        Expressions.isNaN("score"),
        Expressions.notNaN("score"),
        Expressions.alwaysTrue())) {
      assertThat(read(location, filter)).as("rows read with %s", filter).hasSize(ROWS);
    }
    assertThat(read(location, Expressions.alwaysFalse())).isEmpty();
    assertThat(read(location, Expressions.greaterThan("id", 5000L))).isEmpty();
  }

  @Test
  void dictionariesSkipRowGroupsThatStatisticsKeep() throws Exception {
    List<Record> rows = sortedRows();
    String location = write("dictionary.parquet", rows);
    boolean allDictionaryEncoded = true;
    for (BlockMetaData block : rowGroups(location)) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        if (chunk.getPath().toDotString().equals("category")) {
          allDictionaryEncoded &= ParquetDictionaryRowGroupFilter.isFullyDictionaryEncoded(chunk);
          // min "a" and max "c" cannot exclude "b": only the dictionary can
          assertThat(((org.apache.parquet.io.api.Binary) chunk.getStatistics().genericGetMin()).toStringUsingUTF8()).isEqualTo("a");
          assertThat(((org.apache.parquet.io.api.Binary) chunk.getStatistics().genericGetMax()).toStringUsingUTF8()).isEqualTo("c");
        }
      }
    }
    assertThat(allDictionaryEncoded).isTrue();

    Expression equalsB = Expressions.equal("category", "b");
    Set<Long> read = ids(read(location, equalsB));
    assertThat(read).isEqualTo(idsOfMatchingRowGroups(location, rows, equalsB));
    assertThat(read).doesNotContain(0L, 500L, 900L).contains(1000L, 1999L);

    assertThat(read(location, Expressions.in("category", "b", "x"))).hasSize(read.size());
    assertThat(read(location, Expressions.in("category", "x", "y"))).isEmpty();
    assertThat(read(location, Expressions.equal("category", "a"))).hasSize(ROWS);
    // the dictionary rules out one side of an or; the statistics keep the row groups of the other side
    for (Expression either : List.of(Expressions.or(equalsB, Expressions.lessThan("id", 10L)),
        Expressions.or(Expressions.lessThan("id", 10L), equalsB))) {
      assertThat(ids(read(location, either))).isEqualTo(idsOfMatchingRowGroups(location, rows, either)).contains(0L);
    }
  }

  @Test
  void neverSkipsARowGroupWithAMatch() {
    Random random = new Random(20261121L);
    long rowsRead = 0;
    long rowsScanned = 0;
    for (int round = 0; round < 6; round += 1) {
      List<Record> rows = randomRows(random, 600);
      String location = write("random-" + round + ".parquet", rows);
      for (int i = 0; i < 40; i += 1) {
        Expression filter = randomFilter(random);
        Evaluator evaluator = new Evaluator(SCHEMA.asStruct(), filter);
        Set<Long> matching = new HashSet<>();
        for (Record row : rows) {
          if (evaluator.eval(row)) {
            matching.add((Long) row.get(0));
          }
        }
        Set<Long> read = ids(read(location, filter));
        assertThat(read).as("rows read with %s", filter).containsAll(matching);
        rowsRead += read.size();
        rowsScanned += rows.size();
      }
    }
    // the check means something only if row groups were in fact skipped
    assertThat(rowsRead).isLessThan(rowsScanned * 9 / 10);
  }

  @Test
  void promotedAndMissingColumns() {
    Schema written = new Schema(List.of(
        required(1, "id", Types.IntegerType.get()),
        optional(5, "score", Types.FloatType.get())));
    String location = dir.resolve("evolved.parquet").toString();
    try (ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(location))
        .schema(written).properties(SMALL_ROW_GROUPS).build()) {
      for (int i = 0; i < ROWS; i += 1) {
        GenericRecord record = GenericRecord.create(written);
        record.set(0, i);
        record.set(1, i * 0.5f);
        writer.write(record);
      }
    }
    // id int -> long, score float -> double, and column 7 added after the file was written
    Schema read = new Schema(List.of(
        required(1, "id", Types.LongType.get()),
        optional(5, "score", Types.DoubleType.get()),
        optional(7, "added", Types.IntegerType.get())));
    assertThat(readIds(location, read, Expressions.lessThan("id", 10L))).contains(0L, 9L).hasSizeLessThan(ROWS / 2);
    assertThat(readIds(location, read, Expressions.greaterThan("score", 990.0))).contains(1999L).hasSizeLessThan(ROWS / 2);
    // the added column has no statistics in the file: nothing can be skipped by it
    assertThat(readIds(location, read, Expressions.isNull("added"))).hasSize(ROWS);
    assertThat(readIds(location, read, Expressions.equal("added", 3))).hasSize(ROWS);
  }

  private Set<Long> readIds(String location, Schema projection, Expression filter) {
    Set<Long> ids = new TreeSet<>();
    try (CloseableIterator<Record> records = ParquetDataReader.builder(io.newInputFile(location))
        .project(projection).filter(filter).build().iterator()) {
      while (records.hasNext()) {
        ids.add((Long) records.next().get(0));
      }
    }
    return ids;
  }

  private static List<Record> randomRows(Random random, int count) {
    double[] specialScores = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i += 1) {
      GenericRecord record = GenericRecord.create(SCHEMA);
      record.set(0, (long) i);
      record.set(1, random.nextInt(10) == 0 ? null : "n" + random.nextInt(40));
      record.set(2, random.nextInt(3) == 0 ? null : random.nextInt(100) - 50);
      record.set(3, random.nextInt(8) == 0 ? null : String.valueOf((char) ('a' + random.nextInt(5))));
      record.set(4, random.nextInt(6) == 0 ? specialScores[random.nextInt(specialScores.length)] : random.nextInt(40) - 20.0);
      record.set(5, random.nextInt(5) == 0 ? null : 18000 + random.nextInt(30));
      rows.add(record);
    }
    // sorted stretches make statistics selective, random ones keep them honest
    if (random.nextBoolean()) {
      rows.sort((a, b) -> Integer.compare(a.get(2) == null ? -100 : (Integer) a.get(2), b.get(2) == null ? -100 : (Integer) b.get(2)));
      for (int i = 0; i < rows.size(); i += 1) {
        rows.get(i).set(0, (long) i);
      }
    }
    return rows;
  }

  private static Expression randomFilter(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return Expressions.and(randomPredicate(random), randomPredicate(random));
      case 1:
        return Expressions.or(randomPredicate(random), randomPredicate(random));
      case 2:
        return Expressions.not(randomPredicate(random));
      default:
        return randomPredicate(random);
    }
  }

  private static Expression randomPredicate(Random random) {
    int op = random.nextInt(12);
    switch (random.nextInt(6)) {
      case 0:
        return comparison(op, "id", (long) random.nextInt(650), (long) random.nextInt(650));
      case 1:
        if (op == 10) {
          return Expressions.startsWith("name", "n" + random.nextInt(5));
        } else if (op == 11) {
          return Expressions.notStartsWith("name", "n" + random.nextInt(5));
        }
        return comparison(op, "name", "n" + random.nextInt(45), "n" + random.nextInt(45));
      case 2:
        return comparison(op, "sparse", random.nextInt(110) - 55, random.nextInt(110) - 55);
      case 3:
        return comparison(op, "category", String.valueOf((char) ('a' + random.nextInt(7))),
            String.valueOf((char) ('a' + random.nextInt(7))));
      case 4:
        if (op == 10) {
          return Expressions.isNaN("score");
        } else if (op == 11) {
          return Expressions.notNaN("score");
        }
        return comparison(op, "score", random.nextInt(3) == 0 ? 0.0 : random.nextInt(44) - 22.0, -0.0);
      default:
        return comparison(op, "day", 18000 + random.nextInt(35) - 2, 18000 + random.nextInt(35) - 2);
    }
  }

  private static Expression comparison(int op, String column, Object value, Object other) {
    switch (op) {
      case 0:
        return Expressions.lessThan(column, value);
      case 1:
        return Expressions.lessThanOrEqual(column, value);
      case 2:
        return Expressions.greaterThan(column, value);
      case 3:
        return Expressions.greaterThanOrEqual(column, value);
      case 4:
        return Expressions.equal(column, value);
      case 5:
        return Expressions.notEqual(column, value);
      case 6:
        return Expressions.in(column, value, other);
      case 7:
        return Expressions.notIn(column, value, other);
      case 8:
        return Expressions.isNull(column);
      default:
        return Expressions.notNull(column);
    }
  }

  @Test
  void filterOnAColumnThatIsNotProjectedOrOfAnotherTypeNamesTheColumn() {
    String location = write("bad-filter.parquet", sortedRows());
    assertThatThrownBy(() -> ParquetDataReader.builder(io.newInputFile(location))
        .project(SCHEMA).filter(Expressions.equal("missing_column", 1)).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("missing_column")
        .hasMessageContaining(location);
    assertThatThrownBy(() -> ParquetDataReader.builder(io.newInputFile(location))
        .project(SCHEMA).filter(Expressions.equal("id", "not a number")).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'id'");
    // case-insensitive binding finds the column
    assertThat(ParquetDataReader.builder(io.newInputFile(location)).project(SCHEMA)
        .filter(Expressions.lessThan("ID", 10L)).caseSensitive(false).build()).isNotNull();
  }
}
