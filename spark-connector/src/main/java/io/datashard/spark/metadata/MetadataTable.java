package io.datashard.spark.metadata;

import io.datashard.Table;
import io.datashard.spark.SnapshotSelection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A read-only metadata table of a Datashard table ({@code db.t.snapshots}, {@code db.t.files},
 * ...). Files, manifests and partitions describe the selected snapshot (the current one unless the
 * table was loaded with {@code VERSION/TIMESTAMP AS OF} or a read option).
 */
public final class MetadataTable implements SupportsRead {
  private final Table table;
  private final MetadataTableType type;
  private final SnapshotSelection selection;
  private final PartitionColumns partition;

  public MetadataTable(Table table, MetadataTableType type, SnapshotSelection selection) {
    this.table = Objects.requireNonNull(table, "table is null");
    this.type = Objects.requireNonNull(type, "type is null");
    this.selection = Objects.requireNonNull(selection, "selection is null");
    this.partition = PartitionColumns.of(table);
  }

  public MetadataTableType type() {
    return type;
  }

  @Override
  public String name() {
    return table.name() + "." + type.tableName();
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return MetadataSchemas.schema(type, partition);
  }

  @Override
  public Map<String, String> properties() {
    return Map.of("provider", "datashard", "metadata-table", type.tableName());
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new MetadataScan(table.location(), table.io(), type, selection, schema());
  }
}
