package io.datashard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.catalog.PathTables;
import io.datashard.data.TableReader;
import io.datashard.data.TableWriter;
import io.datashard.deletes.DeletionVector;
import io.datashard.deletes.DeletionVectorWriter;
import io.datashard.deletes.EqualityDeleteWriter;
import io.datashard.deletes.PositionDeleteWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Files;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row-level deletes read the same in both implementations: tables with position deletes, equality
 * deletes and deletion vectors written by Apache Iceberg read by Datashard, and written by Datashard
 * read by Iceberg's generic reader, give the same multiset of rows.
 */
class DeletesInteropTest {
  private static final Schema ICE_SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "data", Types.StringType.get()),
      Types.NestedField.optional(3, "price", Types.DecimalType.of(9, 2)),
      Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()));
  private static final io.datashard.types.Schema DS_SCHEMA = new io.datashard.types.Schema(List.of(
      io.datashard.types.Types.NestedField.required(1, "id", io.datashard.types.Types.LongType.get()),
      io.datashard.types.Types.NestedField.optional(2, "data", io.datashard.types.Types.StringType.get()),
      io.datashard.types.Types.NestedField.optional(3, "price", io.datashard.types.Types.DecimalType.of(9, 2)),
      io.datashard.types.Types.NestedField.optional(4, "ts", io.datashard.types.Types.TimestampType.withZone())));
  private static final long BASE_MICROS = 1_700_000_000_000_000L;

  @TempDir
  Path dir;

  // ---------- Iceberg writes, Datashard reads ----------

  private static Record iceRow(long id) {
    GenericRecord row = GenericRecord.create(ICE_SCHEMA);
    row.setField("id", id);
    row.setField("data", id % 4 == 0 ? null : "d" + id);
    row.setField("price", BigDecimal.valueOf(id * 25, 2));
    Instant instant = Instant.EPOCH.plus(BASE_MICROS + id * 1_000_000L, ChronoUnit.MICROS);
    row.setField("ts", OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    return row;
  }

  private EncryptedOutputFile out(Table table, String name) {
    return EncryptedFiles.plainAsEncryptedOutput(Files.localOutput(table.location() + "/data/" + name));
  }

  private DataFile iceData(Table table, GenericAppenderFactory factory, long... ids) {
    DataWriter<Record> writer = factory.newDataWriter(out(table, "data-" + UUID.randomUUID() + ".parquet"), FileFormat.PARQUET, null);
    try (writer) {
      for (long id : ids) {
        writer.write(iceRow(id));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }

  private DeleteFile icePositionDeletes(Table table, GenericAppenderFactory factory, DataFile file, long... positions) {
    org.apache.iceberg.deletes.PositionDeleteWriter<Record> writer =
        factory.newPosDeleteWriter(out(table, "pos-" + UUID.randomUUID() + ".parquet"), FileFormat.PARQUET, null);
    try (writer) {
      for (long position : positions) {
        writer.write(PositionDelete.<Record>create().set(file.location(), position, null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }

  private DeleteFile iceEqualityDeletes(Table table, GenericAppenderFactory factory, long... ids) {
    Schema keySchema = ICE_SCHEMA.select("id");
    org.apache.iceberg.deletes.EqualityDeleteWriter<Record> writer =
        factory.newEqDeleteWriter(out(table, "eq-" + UUID.randomUUID() + ".parquet"), FileFormat.PARQUET, null);
    try (writer) {
      for (long id : ids) {
        GenericRecord key = GenericRecord.create(keySchema);
        key.setField("id", id);
        writer.write(key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }

  private Table iceTable(String name, int formatVersion) {
    return new HadoopTables(new Configuration()).create(ICE_SCHEMA, PartitionSpec.unpartitioned(), SortOrder.unsorted(),
        Map.of(TableProperties.FORMAT_VERSION, Integer.toString(formatVersion)), dir.resolve(name).toString());
  }

  private static GenericAppenderFactory factory(Table table) {
    return new GenericAppenderFactory(ICE_SCHEMA, table.spec(), new int[] {1}, ICE_SCHEMA.select("id"), null);
  }

  @Test
  void datashardReadsIcebergPositionAndEqualityDeletes() {
    Table ice = iceTable("ice-v2", 2);
    GenericAppenderFactory factory = factory(ice);
    DataFile first = iceData(ice, factory, range(0, 20));
    ice.newAppend().appendFile(first).commit();
    // one commit: position deletes on the first file, equality deletes of ids 7 and 8, and a new
    // file holding ids 7 and 30, which the equality deletes of its own commit do not reach
    ice.newRowDelta()
        .addRows(iceData(ice, factory, 7, 30))
        .addDeletes(icePositionDeletes(ice, factory, first, 2, 5, 19))
        .addDeletes(iceEqualityDeletes(ice, factory, 7, 8))
        .commit();
    ice.newAppend().appendFile(iceData(ice, factory, 8)).commit(); // added after the deletes: kept

    List<List<Object>> expected = icebergRows(ice);
    assertThat(expected).hasSize(20 - 3 - 2 + 3);
    assertThat(datashardRows(new PathTables().load(ice.location()))).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void datashardReadsIcebergDeletionVectors() throws IOException {
    Table ice = iceTable("ice-v3", 3);
    GenericAppenderFactory factory = factory(ice);
    DataFile first = iceData(ice, factory, range(0, 20));
    DataFile second = iceData(ice, factory, range(100, 110));
    ice.newAppend().appendFile(first).appendFile(second).commit();
    OutputFileFactory files = OutputFileFactory.builderFor(ice, 1, 1).format(FileFormat.PUFFIN).build();
    BaseDVFileWriter dvs = new BaseDVFileWriter(files, path -> null);
    try (dvs) {
      for (long position : new long[] {0, 4, 19}) {
        dvs.delete(first.location(), position, ice.spec(), null);
      }
      dvs.delete(second.location(), 9, ice.spec(), null);
    }
    org.apache.iceberg.RowDelta delta = ice.newRowDelta();
    dvs.result().deleteFiles().forEach(delta::addDeletes);
    delta.addDeletes(iceEqualityDeletes(ice, factory, 101)).commit();

    List<List<Object>> expected = icebergRows(ice);
    assertThat(expected).hasSize(30 - 4 - 1);
    assertThat(datashardRows(new PathTables().load(ice.location()))).containsExactlyInAnyOrderElementsOf(expected);
  }

  // ---------- Datashard writes, Iceberg reads ----------

  private static io.datashard.data.Record dsRow(long id) {
    io.datashard.data.GenericRecord row = io.datashard.data.GenericRecord.create(DS_SCHEMA);
    row.set("id", id);
    row.set("data", id % 4 == 0 ? null : "d" + id);
    row.set("price", BigDecimal.valueOf(id * 25, 2));
    row.set("ts", BASE_MICROS + id * 1_000_000L);
    return row;
  }

  private static io.datashard.DataFile dsAppend(io.datashard.Table table, long... ids) {
    try (TableWriter writer = TableWriter.append(table)) {
      for (long id : ids) {
        writer.write(dsRow(id));
      }
      return writer.commit().get(0);
    }
  }

  private io.datashard.DeleteFile dsEqualityDeletes(io.datashard.Table table, long... ids) {
    io.datashard.types.Schema keySchema = DS_SCHEMA.select("id");
    EqualityDeleteWriter writer = EqualityDeleteWriter.builder(table.io().newOutputFile(
        table.location() + "/data/eq-" + UUID.randomUUID() + ".parquet")).schema(keySchema).equalityFieldIds(List.of(1)).build();
    for (long id : ids) {
      io.datashard.data.GenericRecord key = io.datashard.data.GenericRecord.create(keySchema);
      key.set(0, id);
      writer.write(key);
    }
    writer.close();
    return writer.toDeleteFile();
  }

  @Test
  void icebergReadsDatashardPositionAndEqualityDeletes() {
    io.datashard.Table ds = new PathTables().create(DS_SCHEMA, io.datashard.PartitionSpec.unpartitioned(),
        Map.of("format-version", "2"), dir.resolve("ds-v2").toString());
    io.datashard.DataFile first = dsAppend(ds, range(0, 20));
    io.datashard.DataFile second = dsAppend(ds, range(50, 55));
    PositionDeleteWriter positions = PositionDeleteWriter.builder(ds.io().newOutputFile(
        ds.location() + "/data/pos-" + UUID.randomUUID() + ".parquet")).build();
    positions.delete(first, 3).delete(first, 0).delete(second, 4).delete(first, 18);
    positions.close();
    ds.newRowDelta().addDeletes(positions.toDeleteFile()).addDeletes(dsEqualityDeletes(ds, 5, 51)).commit();
    dsAppend(ds, 5); // added after the deletes: kept

    List<List<Object>> datashard = datashardRows(ds.refresh());
    assertThat(datashard).hasSize(25 - 4 - 2 + 1);
    assertThat(icebergRows(new HadoopTables(new Configuration()).load(ds.location())))
        .containsExactlyInAnyOrderElementsOf(datashard);
  }

  @Test
  void icebergReadsDatashardDeletionVectors() {
    io.datashard.Table ds = new PathTables().create(DS_SCHEMA, io.datashard.PartitionSpec.unpartitioned(),
        Map.of("format-version", "3"), dir.resolve("ds-v3").toString());
    io.datashard.DataFile first = dsAppend(ds, range(0, 20));
    io.datashard.DataFile second = dsAppend(ds, range(50, 55));
    List<io.datashard.DeleteFile> dvs = new DeletionVectorWriter(ds.io().newOutputFile(
        ds.location() + "/data/dv-" + UUID.randomUUID() + ".puffin"))
        .add(first, DeletionVector.of(1, 2, 17))
        .add(second, DeletionVector.of(0))
        .write();
    io.datashard.RowDelta delta = ds.newRowDelta();
    dvs.forEach(delta::addDeletes);
    delta.addDeletes(dsEqualityDeletes(ds, 10)).commit();

    List<List<Object>> datashard = datashardRows(ds.refresh());
    assertThat(datashard).hasSize(25 - 4 - 1);
    assertThat(icebergRows(new HadoopTables(new Configuration()).load(ds.location())))
        .containsExactlyInAnyOrderElementsOf(datashard);
  }

  // ---------- comparison ----------

  private static long[] range(long from, long to) {
    long[] ids = new long[(int) (to - from)];
    for (int i = 0; i < ids.length; i += 1) {
      ids[i] = from + i;
    }
    return ids;
  }

  private static List<List<Object>> icebergRows(Table table) {
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        List<Object> row = new ArrayList<>();
        // rows of tables with deletes carry Iceberg's _pos metadata column after the table's columns
        for (int i = 0; i < table.schema().columns().size(); i += 1) {
          row.add(toDatashardValue(record.get(i)));
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Iceberg's generic values in Datashard's representation. */
  private static Object toDatashardValue(Object value) {
    if (value instanceof OffsetDateTime) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, ((OffsetDateTime) value).toInstant());
    } else if (value instanceof CharSequence) {
      return value.toString();
    }
    return value;
  }

  private static List<List<Object>> datashardRows(io.datashard.Table table) {
    List<List<Object>> rows = new ArrayList<>();
    try (io.datashard.io.CloseableIterator<io.datashard.data.Record> records = TableReader.read(table).iterator()) {
      while (records.hasNext()) {
        io.datashard.data.Record record = records.next();
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < record.size(); i += 1) {
          row.add(record.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
