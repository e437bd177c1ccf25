package io.datashard.spark;

import io.datashard.spark.source.SparkMetadataDelete;
import io.datashard.spark.source.SparkRowLevelColumns;
import io.datashard.spark.source.SparkRowLevelOperationBuilder;
import io.datashard.spark.source.SparkScanBuilder;
import io.datashard.spark.source.SparkWriteBuilder;
import io.datashard.types.Schema;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsDeleteV2;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsRowLevelOperations;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.RowLevelOperationBuilder;
import org.apache.spark.sql.connector.write.RowLevelOperationInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Datashard table as Spark sees it, at one {@link SnapshotSelection}: the latest snapshot, a
 * snapshot id, a branch or tag, or a point in time. Reads go through {@link SparkScanBuilder};
 * writes through {@link SparkWriteBuilder} (time-travel selections are read-only). {@code DELETE},
 * {@code UPDATE} and {@code MERGE} run copy-on-write or merge-on-read ({@link SparkRowLevelOperationBuilder});
 * a {@code DELETE} whose condition covers whole files or partitions only removes files
 * ({@link SparkMetadataDelete}). Rows expose the metadata columns {@code _file}, {@code _pos} and
 * {@code _spec_id}.
 */
public class SparkTable implements org.apache.spark.sql.connector.catalog.Table, SupportsRead, SupportsWrite,
    SupportsRowLevelOperations, SupportsDeleteV2, SupportsMetadataColumns {

  private static final Set<TableCapability> CAPABILITIES = EnumSet.of(
      TableCapability.BATCH_READ,
      TableCapability.BATCH_WRITE,
      TableCapability.TRUNCATE,
      TableCapability.OVERWRITE_BY_FILTER,
      TableCapability.OVERWRITE_DYNAMIC);

  private final io.datashard.Table table;
  private final SnapshotSelection selection;
  private volatile Schema schema;

  public SparkTable(io.datashard.Table table, SnapshotSelection selection) {
    this.table = Objects.requireNonNull(table, "table is null");
    this.selection = Objects.requireNonNull(selection, "selection is null");
  }

  public io.datashard.Table table() {
    return table;
  }

  public SnapshotSelection selection() {
    return selection;
  }

  /** The Datashard schema of the selected snapshot (the current schema for the latest snapshot or a branch). */
  public Schema datashardSchema() {
    Schema result = schema;
    if (result == null) {
      // the scan resolves the selection to its schema without planning any file
      result = selection.isLatest() ? table.schema() : selection.applyTo(table.newScan()).schema();
      schema = result;
    }
    return result;
  }

  @Override
  public String name() {
    return table.name();
  }

  @Override
  public StructType schema() {
    return SparkTypes.toSparkType(datashardSchema());
  }

  @Override
  public Transform[] partitioning() {
    return SparkPartitioning.toSparkTransforms(table.spec());
  }

  @Override
  public Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>(table.properties());
    properties.put("format", "datashard/parquet");
    properties.put("location", table.location());
    properties.put("provider", "datashard");
    properties.put("format-version", Integer.toString(table.formatVersion()));
    table.currentSnapshot().ifPresent(snapshot -> properties.put("current-snapshot-id", Long.toString(snapshot.snapshotId())));
    return properties;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new SparkScanBuilder(table, selection, datashardSchema(), options);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new SparkWriteBuilder(table, selection, info);
  }

  @Override
  public MetadataColumn[] metadataColumns() {
    return SparkRowLevelColumns.all();
  }

  @Override
  public RowLevelOperationBuilder newRowLevelOperationBuilder(RowLevelOperationInfo info) {
    return new SparkRowLevelOperationBuilder(table, selection, datashardSchema(), info);
  }

  @Override
  public boolean canDeleteWhere(Predicate[] predicates) {
    return SparkMetadataDelete.canDelete(table, selection, predicates);
  }

  @Override
  public void deleteWhere(Predicate[] predicates) {
    SparkMetadataDelete.delete(table, selection, predicates);
  }

  @Override
  public String toString() {
    return "datashard table " + table.name() + " (" + selection + ")";
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof SparkTable that)) {
      return false;
    }
    return table.location().equals(that.table.location()) && selection.equals(that.selection);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table.location(), selection);
  }
}
