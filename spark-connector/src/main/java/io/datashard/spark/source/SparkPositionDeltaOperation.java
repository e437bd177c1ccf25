package io.datashard.spark.source;

import java.util.Objects;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.DeltaWrite;
import org.apache.spark.sql.connector.write.DeltaWriteBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsDelta;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A merge-on-read {@code DELETE}/{@code UPDATE}/{@code MERGE}: Spark reads only the rows the
 * condition may match, with their row id {@code (_file_id, _pos)} (a compact stand-in for
 * {@code (_file, _pos)}, see {@link SparkRowLevelColumns}), and hands the write deletes (by row
 * id), updates and inserts. Data files stay; deleted and updated rows become position deletes
 * (format version 2) or deletion vectors (format version 3), new and updated rows new data files,
 * all in one row delta.
 */
final class SparkPositionDeltaOperation implements SupportsDelta {
  private final SparkRowLevelTarget target;
  private volatile SparkScan scan = null;

  SparkPositionDeltaOperation(SparkRowLevelTarget target) {
    this.target = Objects.requireNonNull(target, "target is null");
  }

  @Override
  public Command command() {
    return target.command();
  }

  @Override
  public String description() {
    return "merge-on-read " + target.describe();
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new SparkScanBuilder(target.table(), target.selection(), target.schema(), options)
        .forRowLevelOperation(false, built -> this.scan = built);
  }

  @Override
  public NamedReference[] rowId() {
    return new NamedReference[] {
        Expressions.column(SparkRowLevelColumns.FILE_ID.name()),
        Expressions.column(SparkRowLevelColumns.POS.name())};
  }

  @Override
  public NamedReference[] requiredMetadataAttributes() {
    return rowId();
  }

  @Override
  public boolean representUpdateAsDeleteAndInsert() {
    // an update is a delete of the old position plus a new row wherever the row now belongs
    return true;
  }

  @Override
  public DeltaWriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new DeltaWriteBuilder() {
      @Override
      public DeltaWrite build() {
        return new SparkPositionDeltaWrite(target, info, () -> scan);
      }
    };
  }
}
