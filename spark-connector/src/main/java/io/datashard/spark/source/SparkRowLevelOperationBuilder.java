package io.datashard.spark.source;

import io.datashard.Table;
import io.datashard.spark.SnapshotSelection;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.connector.write.RowLevelOperation;
import org.apache.spark.sql.connector.write.RowLevelOperationBuilder;
import org.apache.spark.sql.connector.write.RowLevelOperationInfo;

/**
 * Chooses how Spark runs {@code DELETE}, {@code UPDATE} or {@code MERGE} on a Datashard table, by
 * the table property {@code write.delete.mode}, {@code write.update.mode} or {@code write.merge.mode}:
 * {@code copy-on-write} (the default, as in Iceberg) rewrites the data files holding changed rows;
 * {@code merge-on-read} keeps them and writes the changed rows' positions as position delete files
 * (format version 2) or deletion vectors (format version 3).
 */
public final class SparkRowLevelOperationBuilder implements RowLevelOperationBuilder {
  public static final String COPY_ON_WRITE = "copy-on-write";
  public static final String MERGE_ON_READ = "merge-on-read";

  private final Table table;
  private final SnapshotSelection selection;
  private final Schema schema;
  private final RowLevelOperationInfo info;

  public SparkRowLevelOperationBuilder(Table table, SnapshotSelection selection, Schema schema, RowLevelOperationInfo info) {
    this.table = Objects.requireNonNull(table, "table is null");
    this.selection = Objects.requireNonNull(selection, "selection is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.info = Objects.requireNonNull(info, "info is null");
  }

  @Override
  public RowLevelOperation build() {
    SparkRowLevelTarget target = SparkRowLevelTarget.of(table, selection, schema, info.command());
    String property = SparkRowLevelTarget.modeProperty(info.command());
    String mode = table.properties().getOrDefault(property, COPY_ON_WRITE).trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case COPY_ON_WRITE:
        checkNotHidden(mode, SparkRowLevelColumns.FILE_ID);
        return new SparkCopyOnWriteOperation(target);
      case MERGE_ON_READ:
        checkNotHidden(mode, SparkRowLevelColumns.FILE_ID, SparkRowLevelColumns.POS);
        if (table.formatVersion() < 2) {
          throw new IllegalArgumentException("Cannot run " + info.command() + " merge-on-read on table " + table.name()
              + ": it uses format version 1, which has no row-level deletes; set " + property + "=" + COPY_ON_WRITE
              + " or upgrade the table with format-version=2");
        }
        return new SparkPositionDeltaOperation(target);
      default:
        throw new IllegalArgumentException("Invalid table property " + property + "='" + mode + "' of table " + table.name()
            + ": expected " + COPY_ON_WRITE + " or " + MERGE_ON_READ);
    }
  }

  /**
   * A table column named like a metadata column hides it from Spark, which would then resolve the
   * operation's row id (or file id) to the table's own values and change the wrong rows or files.
   */
  private void checkNotHidden(String mode, SparkRowLevelColumns... needed) {
    for (SparkRowLevelColumns metadata : needed) {
      for (Types.NestedField column : schema.columns()) {
        if (column.name().equalsIgnoreCase(metadata.name())) {
          throw new IllegalArgumentException("Cannot run " + info.command() + " " + mode + " on table " + table.name()
              + ": its column " + column.name() + " hides the metadata column " + metadata.name()
              + " that the operation identifies rows by; rename the column (ALTER TABLE ... RENAME COLUMN)");
        }
      }
    }
  }
}
