package io.datashard.spark.source;

import io.datashard.DataFile;
import io.datashard.Table;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.TableWriter;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import scala.jdk.javaapi.CollectionConverters;

/** Test data and comparisons shared by the read tests: rows written with the core, read through Spark. */
final class ReadTestSupport {
  static final String PROVIDER = "datashard";

  private ReadTestSupport() {
  }

  static SparkSession startSpark(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .getOrCreate();
  }

  static Dataset<Row> read(SparkSession spark, Table table) {
    return spark.read().format(PROVIDER).load(table.location());
  }

  static List<DataFile> append(Table table, List<Record> rows) {
    try (TableWriter writer = TableWriter.append(table)) {
      return writer.writeAll(rows).commit();
    }
  }

  /** A Spark row as comparable Java values (binary as hex, nested rows, arrays and maps converted). */
  static List<Object> values(Row row) {
    List<Object> values = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      values.add(sparkValue(row.get(i)));
    }
    return values;
  }

  private static Object sparkValue(Object value) {
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    } else if (value instanceof Row row) {
      return values(row);
    } else if (value instanceof scala.collection.Seq<?> seq) {
      List<Object> list = new ArrayList<>();
      for (Object element : CollectionConverters.asJava(seq)) {
        list.add(sparkValue(element));
      }
      return list;
    } else if (value instanceof scala.collection.Map<?, ?> map) {
      Map<Object, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : CollectionConverters.asJava(map).entrySet()) {
        result.put(sparkValue(entry.getKey()), sparkValue(entry.getValue()));
      }
      return result;
    }
    return value;
  }

  /** A core record as the values Spark should return for it (java8 datetime API, UTC). */
  static List<Object> values(Record record) {
    List<Object> values = new ArrayList<>(record.size());
    List<Types.NestedField> fields = record.struct().fields();
    for (int i = 0; i < fields.size(); i++) {
      values.add(expected(fields.get(i).type(), record.get(i)));
    }
    return values;
  }

  private static Object expected(io.datashard.types.Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case DATE:
        return LocalDate.ofEpochDay((Integer) value);
      case TIMESTAMP: {
        long micros = (Long) value;
        Instant instant = Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L));
        return ((Types.TimestampType) type).shouldAdjustToUTC() ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
      }
      case UUID:
        return value.toString();
      case BINARY:
      case FIXED: {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return HexFormat.of().formatHex(bytes);
      }
      case DECIMAL:
        return ((BigDecimal) value).setScale(((Types.DecimalType) type).scale());
      case STRUCT:
        return values((Record) value);
      case LIST: {
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) value) {
          list.add(expected(type.asNestedType().asListType().elementType(), element));
        }
        return list;
      }
      case MAP: {
        Types.MapType map = type.asNestedType().asMapType();
        Map<Object, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          result.put(expected(map.keyType(), entry.getKey()), expected(map.valueType(), entry.getValue()));
        }
        return result;
      }
      default:
        return value;
    }
  }

  static List<List<Object>> sparkRows(Dataset<Row> df) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : df.collectAsList()) {
      rows.add(values(row));
    }
    return rows;
  }

  static List<List<Object>> recordRows(List<Record> records) {
    List<List<Object>> rows = new ArrayList<>();
    for (Record record : records) {
      rows.add(values(record));
    }
    return rows;
  }

  /** The Datashard scans (and their exec nodes) of an executed plan, adaptive or not. */
  static List<BatchScanExec> batchScans(Dataset<Row> df) {
    List<BatchScanExec> scans = new ArrayList<>();
    collect(df.queryExecution().executedPlan(), scans);
    return scans;
  }

  private static void collect(SparkPlan plan, List<BatchScanExec> scans) {
    if (plan instanceof BatchScanExec scan) {
      scans.add(scan);
    }
    if (plan instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec adaptive) {
      collect(adaptive.executedPlan(), scans);
    }
    if (plan instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec stage) {
      collect(stage.plan(), scans);
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      collect(child, scans);
    }
    for (SparkPlan sub : CollectionConverters.asJava(plan.subqueriesAll())) {
      collect(sub, scans);
    }
  }

  static SparkScan datashardScan(Dataset<Row> df) {
    for (BatchScanExec exec : batchScans(df)) {
      if (exec.scan() instanceof SparkScan scan) {
        return scan;
      }
    }
    throw new AssertionError("No Datashard scan in plan:\n" + df.queryExecution().executedPlan());
  }

  static GenericRecord record(Schema schema, Object... values) {
    GenericRecord record = GenericRecord.create(schema);
    for (int i = 0; i < values.length; i++) {
      record.set(i, values[i]);
    }
    return record;
  }

  static UUID uuid(long i) {
    return new UUID(i, i * 31);
  }
}
