package io.datashard.flink.table;

import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.flink.TableLoader;
import io.datashard.flink.data.FlinkTypes;
import io.datashard.flink.source.DatashardTableSource;
import io.datashard.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.types.logical.RowType;

/**
 * The {@code datashard} SQL connector: {@code CREATE TABLE t (...) PARTITIONED BY (...) WITH
 * ('connector' = 'datashard', 'path' = '<location>')}. On first use the path table is created from
 * the DDL (identity partitions from {@code PARTITIONED BY}, {@code write.*}/{@code read.*}/{@code
 * commit.*}/{@code history.*}/{@code format-version} options as table properties); if a table is
 * already there, the DDL is validated against it. {@code s3.*}, {@code io.*} and {@code client.*}
 * options configure the storage.
 */
public final class DatashardDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {
  public static final String IDENTIFIER = "datashard";

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(DatashardOptions.PATH);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    // other options are table properties, storage properties or source options: not validated here
    return Set.of(DatashardOptions.DISTRIBUTION_MODE, DatashardOptions.UPSERT_ENABLED);
  }

  /** Changelog streaming reads are not built: asking for one fails instead of silently reading appends only. */
  static final String STREAMING_CHANGELOG = "streaming-read.changelog";

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    ResolvedCatalogTable catalogTable = context.getCatalogTable();
    if ("true".equalsIgnoreCase(catalogTable.getOptions().getOrDefault(STREAMING_CHANGELOG, "false").trim())) {
      throw new ValidationException("Cannot read table " + context.getObjectIdentifier().asSummaryString() + " with '"
          + STREAMING_CHANGELOG + "' = 'true': changelog streaming reads are not supported. A streaming read emits"
          + " appended rows and fails at the first snapshot that deletes or replaces rows; read the table in batch"
          + " mode, or remove the option");
    }
    TableLoader loader = ensureTable(catalogTable, context.getObjectIdentifier().asSummaryString());
    return new DatashardTableSource(loader, catalogTable.getResolvedSchema(), Configuration.fromMap(catalogTable.getOptions()));
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    ResolvedCatalogTable catalogTable = context.getCatalogTable();
    TableLoader loader = ensureTable(catalogTable, context.getObjectIdentifier().asSummaryString());
    RowType rowType = (RowType) catalogTable.getResolvedSchema().toPhysicalRowDataType().getLogicalType();
    List<String> primaryKey = catalogTable.getResolvedSchema().getPrimaryKey()
        .map(org.apache.flink.table.catalog.UniqueConstraint::getColumns).orElse(List.of());
    Map<String, String> options = catalogTable.getOptions();
    return new DatashardTableSink(loader, rowType, options.get(DatashardOptions.DISTRIBUTION_MODE.key()), primaryKey,
        options.get(DatashardOptions.UPSERT_ENABLED.key()));
  }

  /** Creates the table from the DDL if there is none at the path, else validates the DDL against it. */
  static TableLoader ensureTable(ResolvedCatalogTable catalogTable, String name) {
    Map<String, String> options = catalogTable.getOptions();
    String path = options.get(DatashardOptions.PATH.key());
    if (path == null || path.isBlank()) {
      throw new ValidationException("Table " + name + " needs the option 'path' = '<table location>' for the "
          + IDENTIFIER + " connector");
    }
    Map<String, String> ioProperties = DatashardOptions.fileIoProperties(options);
    TableLoader loader = TableLoader.forLocation(path, ioProperties);
    ResolvedSchema ddl = catalogTable.getResolvedSchema();
    List<String> partitionKeys = catalogTable.getPartitionKeys();
    try {
      if (!loader.exists()) {
        create(ddl, partitionKeys, DatashardOptions.tableProperties(options), path, ioProperties, name);
        return loader;
      }
    } catch (AlreadyExistsException e) {
      // created concurrently by another job: validate against it below
    }
    try {
      SchemaCheck.validate(ddl, partitionKeys, loader.load());
    } catch (IllegalArgumentException e) {
      throw new ValidationException("Table " + name + " at " + path + ": " + e.getMessage(), e);
    }
    return loader;
  }

  static Table create(ResolvedSchema ddl, List<String> partitionKeys, Map<String, String> properties, String path,
      Map<String, String> ioProperties, String name) {
    try {
      Schema schema = FlinkTypes.toSchema(ddl);
      PartitionSpec spec = SchemaCheck.identitySpec(schema, partitionKeys, name);
      return new PathTables(ioProperties).create(schema, spec, properties, path);
    } catch (IllegalArgumentException | io.datashard.exceptions.ValidationException e) {
      throw new ValidationException("Cannot create table " + name + " at " + path + ": " + e.getMessage(), e);
    }
  }
}
