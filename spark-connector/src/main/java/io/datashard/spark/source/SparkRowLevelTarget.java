package io.datashard.spark.source;

import io.datashard.FileFormat;
import io.datashard.SnapshotRef;
import io.datashard.SnapshotUpdate;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.deletes.IsolationLevel;
import io.datashard.spark.SnapshotSelection;
import io.datashard.types.Schema;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.write.RowLevelOperation.Command;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * What a row-level operation ({@code DELETE}, {@code UPDATE}, {@code MERGE}) works on: the table,
 * the branch it reads and commits to, its command and the isolation level the table sets for it
 * ({@code write.<command>.isolation-level}).
 */
record SparkRowLevelTarget(Table table, SnapshotSelection selection, Schema schema, String branch, Command command,
    IsolationLevel isolation) {

  SparkRowLevelTarget {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(selection, "selection is null");
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(command, "command is null");
    Objects.requireNonNull(isolation, "isolation is null");
  }

  static SparkRowLevelTarget of(Table table, SnapshotSelection selection, Schema schema, Command command) {
    return new SparkRowLevelTarget(table, selection, schema, branch(table, selection, command), command,
        IsolationLevel.fromProperties(table.properties(), isolationProperty(command)));
  }

  private static String branch(Table table, SnapshotSelection selection, Command command) {
    if (selection.snapshotId() != null || selection.asOfTimestampMillis() != null) {
      throw new IllegalArgumentException("Cannot run " + command + " on table " + table.name() + " at "
          + (selection.snapshotId() != null ? "snapshot " + selection.snapshotId() : "timestamp " + selection.asOfTimestampMillis())
          + ": a time-travel selection is read-only; change the table itself or one of its branches");
    }
    String ref = selection.ref();
    if (ref == null || ref.equals(SnapshotRef.MAIN_BRANCH)) {
      return null;
    }
    SnapshotRef existing = table.refs().get(ref);
    if (existing != null && existing.isTag()) {
      throw new IllegalArgumentException("Cannot run " + command + " on tag '" + ref + "' of table " + table.name()
          + ": tags are immutable; change a branch instead");
    }
    return ref;
  }

  static String isolationProperty(Command command) {
    switch (command) {
      case DELETE:
        return IsolationLevel.DELETE_ISOLATION_LEVEL;
      case UPDATE:
        return IsolationLevel.UPDATE_ISOLATION_LEVEL;
      default:
        return IsolationLevel.MERGE_ISOLATION_LEVEL;
    }
  }

  /** The table property choosing copy-on-write or merge-on-read for the command. */
  static String modeProperty(Command command) {
    return "write." + command.name().toLowerCase(Locale.ROOT) + ".mode";
  }

  String describe() {
    return command + " on " + table.name() + (branch == null ? "" : " branch " + branch) + " (" + isolation.name().toLowerCase(Locale.ROOT)
        + " isolation)";
  }

  /**
   * The factory of the tasks writing new data files, configured like a plain Spark write
   * ({@code write.format.default}, {@code write.target-file-size-bytes}, {@code write.data.path}); it
   * keeps one open file per partition, since rows of a row-level change arrive in any order.
   */
  SparkDataWriterFactory dataWriterFactory(CaseInsensitiveStringMap options) {
    Map<String, String> properties = table.properties();
    String sizeValue = options.getOrDefault(SparkWrite.TARGET_FILE_SIZE_OPTION, properties.getOrDefault(
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT)));
    long targetFileSize;
    try {
      targetFileSize = Long.parseLong(sizeValue.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid value '" + sizeValue + "' of " + SparkWrite.TARGET_FILE_SIZE_OPTION
          + " for " + describe() + ": expected a positive number of bytes", e);
    }
    String location = properties.get(TableProperties.WRITE_DATA_LOCATION);
    String dataLocation = stripSlash(location != null ? location : stripSlash(table.location()) + "/data");
    return new SparkDataWriterFactory(table.name(), table.io(), table.schema(), table.spec(), new HashMap<>(properties),
        format(properties.get(TableProperties.DEFAULT_FILE_FORMAT)), dataLocation, targetFileSize, false,
        UUID.randomUUID().toString());
  }

  private FileFormat format(String name) {
    if (name == null || name.trim().equalsIgnoreCase("parquet")) {
      return FileFormat.PARQUET;
    } else if (name.trim().equalsIgnoreCase("avro")) {
      return FileFormat.AVRO;
    }
    throw new IllegalArgumentException("Cannot run " + describe() + " with " + TableProperties.DEFAULT_FILE_FORMAT + "="
        + name + ": the Spark connector writes Parquet and Avro data files; set the property to parquet or avro");
  }

  private static String stripSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  /** Adds the Spark application and query to the snapshot summary, targets the branch, and commits. */
  <T extends SnapshotUpdate<T>> void commit(SnapshotUpdate<T> update, String queryId) {
    update.set(SparkBatchWrite.APP_ID_PROPERTY, SparkSession.active().sparkContext().applicationId());
    if (queryId != null) {
      update.set(SparkBatchWrite.QUERY_ID_PROPERTY, queryId);
    }
    if (branch != null) {
      update.toBranch(branch);
    }
    update.commit();
    table.refresh();
  }
}
