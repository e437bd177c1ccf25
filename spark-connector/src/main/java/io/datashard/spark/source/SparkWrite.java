package io.datashard.spark.source;

import io.datashard.FileFormat;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.expressions.Expression;
import io.datashard.spark.SparkTypes;
import io.datashard.types.Schema;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.connector.distributions.Distribution;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.RequiresDistributionAndOrdering;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A planned batch write: the table state it started from, its options, and the distribution and
 * ordering Spark must apply to the rows before the write tasks run.
 *
 * <p>Write options (each overrides the table property in parentheses): {@code distribution-mode}
 * ({@code write.distribution-mode}), {@code fanout-enabled} ({@code write.spark.fanout.enabled}),
 * {@code target-file-size-bytes} ({@code write.target-file-size-bytes}), {@code branch}, and
 * {@code snapshot-property.<key>} to add {@code <key>} to the snapshot summary.
 */
final class SparkWrite implements RequiresDistributionAndOrdering {
  static final String DISTRIBUTION_MODE_PROPERTY = "write.distribution-mode";
  static final String DISTRIBUTION_MODE_OPTION = "distribution-mode";
  static final String FANOUT_PROPERTY = "write.spark.fanout.enabled";
  static final String FANOUT_OPTION = "fanout-enabled";
  static final String TARGET_FILE_SIZE_OPTION = "target-file-size-bytes";
  static final String SNAPSHOT_PROPERTY_PREFIX = "snapshot-property.";

  private final Table table;
  private final String branch;
  private final LogicalWriteInfo info;
  private final SparkWriteMode mode;
  private final Expression overwriteFilter;
  private final Long baseSnapshotId;
  private final SparkWriteDistribution distribution;
  private final SparkDataWriterFactory writerFactory;

  SparkWrite(Table table, String branch, LogicalWriteInfo info, SparkWriteMode mode, Expression overwriteFilter) {
    this.table = table;
    this.branch = branch;
    this.info = info;
    this.mode = mode;
    this.overwriteFilter = overwriteFilter;
    Snapshot base = branch == null ? table.currentSnapshot().orElse(null) : table.snapshot(branch).orElse(null);
    this.baseSnapshotId = base == null ? null : base.snapshotId();
    Schema schema = table.schema();
    checkSchema(table.name(), schema, info.schema());
    CaseInsensitiveStringMap options = info.options();
    Map<String, String> properties = table.properties();
    String requestedMode = options.getOrDefault(DISTRIBUTION_MODE_OPTION, properties.get(DISTRIBUTION_MODE_PROPERTY));
    String fanoutValue = options.getOrDefault(FANOUT_OPTION, properties.get(FANOUT_PROPERTY));
    Boolean fanout = fanoutValue == null ? null : parseBoolean(fanoutValue, FANOUT_OPTION, table.name());
    this.distribution = SparkWriteDistribution.of(schema, table.spec(), table.sortOrder(), requestedMode, fanout, table.name());
    long targetFileSize = parseLong(options.getOrDefault(TARGET_FILE_SIZE_OPTION,
        properties.getOrDefault(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            Long.toString(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT))), TARGET_FILE_SIZE_OPTION, table.name());
    String location = properties.get(TableProperties.WRITE_DATA_LOCATION);
    String dataLocation = stripSlash(location != null ? location : stripSlash(table.location()) + "/data");
    this.writerFactory = new SparkDataWriterFactory(table.name(), table.io(), schema, table.spec(), new HashMap<>(properties),
        format(table.name(), properties.get(TableProperties.DEFAULT_FILE_FORMAT)), dataLocation, targetFileSize,
        distribution.clustered(), UUID.randomUUID().toString());
  }

  /**
   * Spark resolves the query's columns to the table's columns by name (V2 tables) and casts them,
   * so the rows arrive in the table's column order; a mismatch here means the table changed while
   * the write was planned.
   */
  private static void checkSchema(String tableName, Schema schema, StructType rows) {
    StructType expected = SparkTypes.toSparkType(schema);
    StructField[] actual = rows.fields();
    StructField[] wanted = expected.fields();
    if (actual.length != wanted.length) {
      throw new IllegalArgumentException("Cannot write to table " + tableName + ": the rows have " + actual.length
          + " columns " + rows.simpleString() + " but the table has " + wanted.length + " columns " + expected.simpleString()
          + "; select the table's columns (by name) or change the table schema first");
    }
    for (int i = 0; i < wanted.length; i += 1) {
      if (!actual[i].name().equalsIgnoreCase(wanted[i].name())
          || !actual[i].dataType().sameType(wanted[i].dataType())) {
        throw new IllegalArgumentException("Cannot write to table " + tableName + ": column " + (i + 1) + " of the rows is "
            + actual[i].name() + " " + actual[i].dataType().simpleString() + " but the table column is " + wanted[i].name()
            + " " + wanted[i].dataType().simpleString() + "; the table schema may have changed while the write was planned, run it again");
      }
    }
  }

  private static FileFormat format(String tableName, String name) {
    if (name == null) {
      return FileFormat.PARQUET;
    }
    String normalized = name.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("parquet")) {
      return FileFormat.PARQUET;
    } else if (normalized.equals("avro")) {
      return FileFormat.AVRO;
    }
    throw new IllegalArgumentException("Cannot write to table " + tableName + " with " + TableProperties.DEFAULT_FILE_FORMAT
        + "=" + name + ": the Spark connector writes Parquet and Avro data files; set the property to parquet or avro");
  }

  private static boolean parseBoolean(String value, String name, String tableName) {
    String normalized = value.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("true") || normalized.equals("false")) {
      return Boolean.parseBoolean(normalized);
    }
    throw new IllegalArgumentException("Invalid value '" + value + "' of " + name + " for a write to table " + tableName
        + ": expected true or false");
  }

  private static long parseLong(String value, String name, String tableName) {
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the option's name
    }
    throw new IllegalArgumentException("Invalid value '" + value + "' of " + name + " for a write to table " + tableName
        + ": expected a positive number of bytes");
  }

  private static String stripSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  @Override
  public Distribution requiredDistribution() {
    return distribution.distribution();
  }

  @Override
  public SortOrder[] requiredOrdering() {
    return distribution.ordering();
  }

  @Override
  public boolean distributionStrictlyRequired() {
    // let adaptive execution coalesce small shuffle partitions: fewer tasks write fewer, larger files
    return false;
  }

  @Override
  public String description() {
    return "Datashard " + mode.name().toLowerCase(Locale.ROOT) + " to " + table.name()
        + (branch == null ? "" : " branch " + branch) + " (distribution " + distribution.mode()
        + (distribution.clustered() ? ", clustered" : ", fanout") + ")";
  }

  @Override
  public BatchWrite toBatch() {
    Map<String, String> summary = new HashMap<>();
    for (Map.Entry<String, String> option : info.options().asCaseSensitiveMap().entrySet()) {
      if (option.getKey().startsWith(SNAPSHOT_PROPERTY_PREFIX)) {
        summary.put(option.getKey().substring(SNAPSHOT_PROPERTY_PREFIX.length()), option.getValue());
      }
    }
    return new SparkBatchWrite(table, branch, mode, overwriteFilter, baseSnapshotId, writerFactory, info.queryId(), summary);
  }
}
