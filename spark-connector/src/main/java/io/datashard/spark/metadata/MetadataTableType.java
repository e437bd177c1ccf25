package io.datashard.spark.metadata;

import java.util.Locale;
import java.util.Optional;

/** The metadata tables every Datashard table has, named as Iceberg names them. */
public enum MetadataTableType {
  SNAPSHOTS,
  HISTORY,
  FILES,
  MANIFESTS,
  PARTITIONS,
  REFS;

  /** The name used after the table name: {@code db.t.snapshots} or {@code /path#snapshots}. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MetadataTableType> find(String name) {
    for (MetadataTableType type : values()) {
      if (type.tableName().equalsIgnoreCase(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
