package io.datashard.spark.catalog;

import io.datashard.spark.SparkTable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * The table behind {@code CREATE/REPLACE TABLE [AS SELECT]}. The metadata change is committed when
 * the table is staged (so the write can commit its snapshot to it); a failed statement undoes it:
 * a created table is dropped with its files, a replaced table gets its previous schema, spec,
 * properties and main branch back in a new metadata version.
 */
public final class StagedDatashardTable implements StagedTable, SupportsWrite {
  private final SparkTable delegate;
  private final Runnable undo;

  public StagedDatashardTable(SparkTable delegate, Runnable undo) {
    this.delegate = Objects.requireNonNull(delegate, "delegate is null");
    this.undo = Objects.requireNonNull(undo, "undo is null");
  }

  @Override
  public void commitStagedChanges() {
    // Everything was committed when staged or by the write itself.
  }

  @Override
  public void abortStagedChanges() {
    undo.run();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return delegate.schema();
  }

  @Override
  public Column[] columns() {
    return delegate.columns();
  }

  @Override
  public Transform[] partitioning() {
    return delegate.partitioning();
  }

  @Override
  public Map<String, String> properties() {
    return delegate.properties();
  }

  @Override
  public Set<TableCapability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return delegate.newWriteBuilder(info);
  }
}
