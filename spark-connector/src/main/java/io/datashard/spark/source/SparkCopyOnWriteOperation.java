package io.datashard.spark.source;

import java.util.Objects;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.RowLevelOperation;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A copy-on-write {@code DELETE}/{@code UPDATE}/{@code MERGE}: Spark reads every row of the data files
 * that may hold changed rows (narrowed at run time to the files that do, by {@code _file_id}), applies the
 * change, and the write replaces exactly those files with the rows Spark returns, in one overwrite
 * snapshot validated from the snapshot read.
 */
final class SparkCopyOnWriteOperation implements RowLevelOperation {
  private final SparkRowLevelTarget target;
  private volatile SparkScan scan = null;

  SparkCopyOnWriteOperation(SparkRowLevelTarget target) {
    this.target = Objects.requireNonNull(target, "target is null");
  }

  @Override
  public Command command() {
    return target.command();
  }

  @Override
  public String description() {
    return "copy-on-write " + target.describe();
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new SparkScanBuilder(target.table(), target.selection(), target.schema(), options)
        .forRowLevelOperation(true, built -> this.scan = built);
  }

  @Override
  public NamedReference[] requiredMetadataAttributes() {
    // runtime group filtering matches the files to rewrite by _file_id (8 bytes a row through Spark's
    // join and shuffles, where _file costs its location string), so the read relation must have it
    return new NamedReference[] {Expressions.column(SparkRowLevelColumns.FILE_ID.name())};
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new WriteBuilder() {
      @Override
      public Write build() {
        return new SparkCopyOnWriteWrite(target, info, () -> scan);
      }
    };
  }
}
