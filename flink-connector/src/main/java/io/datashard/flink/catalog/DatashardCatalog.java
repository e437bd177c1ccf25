package io.datashard.flink.catalog;

import io.datashard.DataFile;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.UpdateProperties;
import io.datashard.UpdateSchema;
import io.datashard.catalog.PathTables;
import io.datashard.flink.data.FlinkTypes;
import io.datashard.flink.table.DatashardDynamicTableFactory;
import io.datashard.flink.table.DatashardOptions;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.FileIOs;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * A Flink catalog over a warehouse folder of path tables: databases are folders
 * ({@code <warehouse>/<db>}) and tables are path tables ({@code <warehouse>/<db>/<table>}). Table
 * options of {@code CREATE TABLE} become table properties; partitions are listed from the current
 * snapshot's data files and statistics come from its summary.
 */
public final class DatashardCatalog extends AbstractCatalog {
  static final String DATABASE_MARKER = ".datashard-database";
  private static final String COMMENT = "comment";

  private final String warehouse;
  private final Map<String, String> ioProperties;
  private final PathTables tables;
  private FileIO io;

  public DatashardCatalog(String name, String defaultDatabase, String warehouse, Map<String, String> ioProperties) {
    super(name, defaultDatabase);
    this.warehouse = warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
    this.ioProperties = Map.copyOf(ioProperties);
    this.tables = new PathTables(this.ioProperties);
  }

  @Override
  public void open() {
    this.io = FileIOs.forLocation(warehouse, ioProperties);
    if (!databaseExists(getDefaultDatabase())) {
      writeDatabase(getDefaultDatabase(), Map.of(), null);
    }
  }

  @Override
  public void close() {
    if (io != null) {
      io.close();
    }
  }

  @Override
  public Optional<Factory> getFactory() {
    return Optional.of(new DatashardDynamicTableFactory());
  }

  private String databaseLocation(String database) {
    return warehouse + "/" + database;
  }

  /** The location of a table of this catalog. */
  public String tableLocation(ObjectPath path) {
    return databaseLocation(path.getDatabaseName()) + "/" + path.getObjectName();
  }

  // ---- databases

  @Override
  public List<String> listDatabases() {
    return WarehouseListing.children(io, warehouse);
  }

  @Override
  public CatalogDatabase getDatabase(String name) throws DatabaseNotExistException {
    if (!databaseExists(name)) {
      throw new DatabaseNotExistException(getName(), name);
    }
    Map<String, String> properties = new HashMap<>();
    InputFile marker = io.newInputFile(databaseLocation(name) + "/" + DATABASE_MARKER);
    if (marker.exists()) {
      Properties stored = new Properties();
      try (InputStream in = marker.newStream()) {
        stored.load(in);
      } catch (IOException e) {
        throw new CatalogException("Cannot read database " + name + " at " + marker.location(), e);
      }
      stored.stringPropertyNames().forEach(key -> properties.put(key, stored.getProperty(key)));
    }
    String comment = properties.remove(COMMENT);
    return new CatalogDatabaseImpl(properties, comment);
  }

  @Override
  public boolean databaseExists(String name) {
    if (io.newInputFile(databaseLocation(name) + "/" + DATABASE_MARKER).exists()) {
      return true;
    }
    java.nio.file.Path local = WarehouseListing.localPath(databaseLocation(name));
    return local != null ? java.nio.file.Files.isDirectory(local) : listDatabases().contains(name);
  }

  @Override
  public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
      throws DatabaseAlreadyExistException {
    if (databaseExists(name)) {
      if (ignoreIfExists) {
        return;
      }
      throw new DatabaseAlreadyExistException(getName(), name);
    }
    writeDatabase(name, database.getProperties(), database.getComment());
  }

  private void writeDatabase(String name, Map<String, String> properties, String comment) {
    Properties stored = new Properties();
    stored.putAll(properties);
    if (comment != null) {
      stored.setProperty(COMMENT, comment);
    }
    OutputFile marker = io.newOutputFile(databaseLocation(name) + "/" + DATABASE_MARKER);
    try (OutputStream out = marker.createOrOverwrite()) {
      stored.store(out, "Datashard catalog database " + name);
    } catch (IOException e) {
      throw new CatalogException("Cannot write database " + name + " at " + marker.location(), e);
    }
  }

  @Override
  public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
      throws DatabaseNotExistException, DatabaseNotEmptyException {
    if (!databaseExists(name)) {
      if (ignoreIfNotExists) {
        return;
      }
      throw new DatabaseNotExistException(getName(), name);
    }
    List<String> contained = listTables(name);
    if (!contained.isEmpty() && !cascade) {
      throw new DatabaseNotEmptyException(getName(), name);
    }
    for (String table : contained) {
      tables.drop(tableLocation(new ObjectPath(name, table)), true);
    }
    io.deleteFile(databaseLocation(name) + "/" + DATABASE_MARKER);
    java.nio.file.Path local = WarehouseListing.localPath(databaseLocation(name));
    if (local != null) {
      try {
        java.nio.file.Files.deleteIfExists(local);
      } catch (IOException e) {
        throw new CatalogException("Cannot remove the folder of database " + name + " at " + local
            + ": it holds files that are not tables; remove them and drop again", e);
      }
    }
  }

  @Override
  public void alterDatabase(String name, CatalogDatabase database, boolean ignoreIfNotExists)
      throws DatabaseNotExistException {
    if (!databaseExists(name)) {
      if (ignoreIfNotExists) {
        return;
      }
      throw new DatabaseNotExistException(getName(), name);
    }
    writeDatabase(name, database.getProperties(), database.getComment());
  }

  // ---- tables

  @Override
  public List<String> listTables(String database) throws DatabaseNotExistException {
    if (!databaseExists(database)) {
      throw new DatabaseNotExistException(getName(), database);
    }
    List<String> names = new ArrayList<>();
    for (String child : WarehouseListing.children(io, databaseLocation(database))) {
      if (tables.exists(databaseLocation(database) + "/" + child)) {
        names.add(child);
      }
    }
    return names;
  }

  @Override
  public List<String> listViews(String database) throws DatabaseNotExistException {
    if (!databaseExists(database)) {
      throw new DatabaseNotExistException(getName(), database);
    }
    return List.of();
  }

  private Table load(ObjectPath path) throws TableNotExistException {
    String location = tableLocation(path);
    if (!tables.exists(location)) {
      throw new TableNotExistException(getName(), path);
    }
    return tables.load(location);
  }

  @Override
  public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
    Table table = load(path);
    RowType rowType = FlinkTypes.toRowType(table.schema());
    Schema.Builder schema = Schema.newBuilder();
    for (int i = 0; i < rowType.getFieldCount(); i++) {
      RowType.RowField field = rowType.getFields().get(i);
      schema.column(field.getName(), TypeConversions.fromLogicalToDataType(field.getType()));
      field.getDescription().ifPresent(schema::withComment);
    }
    List<String> keys = table.schema().identifierFieldNames();
    if (!keys.isEmpty()) {
      schema.primaryKey(keys);
    }
    Map<String, String> options = new LinkedHashMap<>(table.properties());
    options.putAll(ioProperties);
    options.put(DatashardOptions.PATH.key(), table.location());
    return CatalogTable.newBuilder().schema(schema.build()).partitionKeys(identityColumns(table))
        .options(options).build();
  }

  /** Flink partition keys are columns: identity partitions only (others are hidden from Flink). */
  private static List<String> identityColumns(Table table) {
    List<String> columns = new ArrayList<>();
    table.spec().fields().forEach(field -> {
      if (field.transform().isIdentity()) {
        table.schema().findColumnName(field.sourceId()).ifPresent(columns::add);
      }
    });
    return columns;
  }

  @Override
  public boolean tableExists(ObjectPath path) {
    return tables.exists(tableLocation(path));
  }

  @Override
  public void dropTable(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
    if (!tables.drop(tableLocation(path), true) && !ignoreIfNotExists) {
      throw new TableNotExistException(getName(), path);
    }
  }

  @Override
  public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists) {
    throw new CatalogException("Cannot rename table " + path + " to " + newName + " in catalog " + getName()
        + ": path tables are named by their location; create a new table and copy the rows (INSERT INTO ... SELECT)");
  }

  @Override
  public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
      throws TableAlreadyExistException, DatabaseNotExistException {
    if (!databaseExists(path.getDatabaseName())) {
      throw new DatabaseNotExistException(getName(), path.getDatabaseName());
    }
    if (!(table instanceof ResolvedCatalogTable resolved)) {
      throw new CatalogException("Cannot create " + path + " in catalog " + getName() + ": only tables are supported");
    }
    if (tableExists(path)) {
      if (ignoreIfExists) {
        return;
      }
      throw new TableAlreadyExistException(getName(), path);
    }
    Map<String, String> properties = new HashMap<>(resolved.getOptions());
    properties.remove("connector");
    properties.remove(DatashardOptions.PATH.key());
    properties.keySet().removeAll(DatashardOptions.fileIoProperties(properties).keySet());
    io.datashard.types.Schema schema = FlinkTypes.toSchema(resolved.getResolvedSchema());
    PartitionSpec spec = PartitionSpec.unpartitioned();
    if (!resolved.getPartitionKeys().isEmpty()) {
      PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
      resolved.getPartitionKeys().forEach(builder::identity);
      spec = builder.build();
    }
    tables.create(schema, spec, properties, tableLocation(path));
  }

  @Override
  public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
      throws TableNotExistException {
    // without the list of changes (older planners): apply option changes and new trailing columns
    if (!tableExists(path)) {
      if (ignoreIfNotExists) {
        return;
      }
      throw new TableNotExistException(getName(), path);
    }
    List<TableChange> changes = new ArrayList<>();
    Map<String, String> oldOptions = ((CatalogTable) getTable(path)).getOptions();
    newTable.getOptions().forEach((key, value) -> {
      if (!value.equals(oldOptions.get(key))) {
        changes.add(TableChange.set(key, value));
      }
    });
    oldOptions.keySet().stream().filter(key -> !newTable.getOptions().containsKey(key)
        && !key.equals(DatashardOptions.PATH.key())).forEach(key -> changes.add(TableChange.reset(key)));
    alterTable(path, newTable, changes, ignoreIfNotExists);
  }

  @Override
  public void alterTable(ObjectPath path, CatalogBaseTable newTable, List<TableChange> changes,
      boolean ignoreIfNotExists) throws TableNotExistException {
    if (!tableExists(path)) {
      if (ignoreIfNotExists) {
        return;
      }
      throw new TableNotExistException(getName(), path);
    }
    Table table = load(path);
    UpdateSchema schema = null;
    UpdateProperties properties = null;
    for (TableChange change : changes) {
      if (change instanceof TableChange.SetOption set) {
        if (isReserved(set.getKey())) {
          continue;
        }
        properties = properties == null ? table.updateProperties() : properties;
        properties.set(set.getKey(), set.getValue());
      } else if (change instanceof TableChange.ResetOption reset) {
        if (isReserved(reset.getKey())) {
          continue;
        }
        properties = properties == null ? table.updateProperties() : properties;
        properties.remove(reset.getKey());
      } else if (change instanceof TableChange.AddColumn add) {
        if (!add.getColumn().isPhysical()) {
          throw new CatalogException("Cannot add column " + add.getColumn().getName() + " to table " + path
              + ": only physical columns can be stored in a Datashard table");
        }
        schema = schema == null ? table.updateSchema() : schema;
        String name = add.getColumn().getName();
        LogicalType type = add.getColumn().getDataType().getLogicalType();
        if (!type.isNullable()) {
          throw new CatalogException("Cannot add NOT NULL column " + name + " to table " + path
              + ": existing rows have no value for it; add it as a nullable column");
        }
        schema.addColumn(name, FlinkTypes.toType(type), add.getColumn().getComment().orElse(null));
        if (add.getPosition() instanceof TableChange.First) {
          schema.moveFirst(name);
        } else if (add.getPosition() instanceof TableChange.After after) {
          schema.moveAfter(name, after.column());
        }
      } else if (change instanceof TableChange.ModifyColumnComment comment) {
        schema = schema == null ? table.updateSchema() : schema;
        schema.updateColumnDoc(comment.getOldColumn().getName(), comment.getNewComment());
      } else {
        throw new CatalogException("Cannot apply " + change + " to table " + path + " in catalog " + getName()
            + ": the Datashard catalog supports adding columns, column comments and setting/resetting properties");
      }
    }
    if (schema != null) {
      schema.commit();
    }
    if (properties != null) {
      properties.commit();
    }
  }

  private boolean isReserved(String key) {
    return key.equals("connector") || key.equals(DatashardOptions.PATH.key()) || ioProperties.containsKey(key);
  }

  // ---- partitions

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException {
    Table table = load(path);
    if (table.spec().isUnpartitioned()) {
      throw new TableNotPartitionedException(getName(), path);
    }
    Set<Map<String, String>> partitions = new LinkedHashSet<>();
    Optional<Snapshot> current = table.currentSnapshot();
    if (current.isPresent()) {
      try (CloseableIterable<DataFile> files = table.dataFiles(current.get())) {
        for (DataFile file : files) {
          PartitionSpec spec = table.specs().get(file.specId());
          partitions.add(partitionValues(spec.partitionToPath(file.partition())));
        }
      }
    }
    List<CatalogPartitionSpec> specs = new ArrayList<>();
    partitions.forEach(values -> specs.add(new CatalogPartitionSpec(values)));
    return specs;
  }

  /** {@code a=1/b=x} → {a: 1, b: x}. */
  private static Map<String, String> partitionValues(String partitionPath) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String part : partitionPath.split("/")) {
      int eq = part.indexOf('=');
      values.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath path, CatalogPartitionSpec partial)
      throws TableNotExistException, TableNotPartitionedException {
    List<CatalogPartitionSpec> matching = new ArrayList<>();
    for (CatalogPartitionSpec spec : listPartitions(path)) {
      if (spec.getPartitionSpec().entrySet().containsAll(partial.getPartitionSpec().entrySet())) {
        matching.add(spec);
      }
    }
    return matching;
  }

  @Override
  public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath path, List<Expression> filters)
      throws TableNotExistException, TableNotPartitionedException {
    // every partition: a superset is correct, the planner still applies the filters to the rows
    return listPartitions(path);
  }

  @Override
  public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec) throws PartitionNotExistException {
    if (!partitionExists(path, spec)) {
      throw new PartitionNotExistException(getName(), path, spec);
    }
    return new CatalogPartitionImpl(Map.of(), null);
  }

  @Override
  public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec) {
    try {
      return listPartitions(path).contains(spec);
    } catch (TableNotExistException | TableNotPartitionedException e) {
      return false;
    }
  }

  private CatalogException partitionsAreDerived(ObjectPath path, String action) {
    return new CatalogException("Cannot " + action + " a partition of table " + path + " in catalog " + getName()
        + ": Datashard partitions exist while data files are in them; write rows (INSERT) or delete them instead");
  }

  @Override
  public void createPartition(ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition,
      boolean ignoreIfExists) {
    throw partitionsAreDerived(path, "create");
  }

  @Override
  public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignoreIfNotExists) {
    throw partitionsAreDerived(path, "drop");
  }

  @Override
  public void alterPartition(ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition,
      boolean ignoreIfNotExists) {
    throw partitionsAreDerived(path, "alter");
  }

  // ---- functions: the catalog stores none

  @Override
  public List<String> listFunctions(String database) throws DatabaseNotExistException {
    if (!databaseExists(database)) {
      throw new DatabaseNotExistException(getName(), database);
    }
    return List.of();
  }

  @Override
  public CatalogFunction getFunction(ObjectPath path) throws FunctionNotExistException {
    throw new FunctionNotExistException(getName(), path);
  }

  @Override
  public boolean functionExists(ObjectPath path) {
    return false;
  }

  private CatalogException noFunctions(ObjectPath path) {
    return new CatalogException("Cannot store function " + path + " in Datashard catalog " + getName()
        + ": it stores tables only; create the function as a temporary function or in another catalog");
  }

  @Override
  public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists) {
    throw noFunctions(path);
  }

  @Override
  public void alterFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfNotExists) {
    throw noFunctions(path);
  }

  @Override
  public void dropFunction(ObjectPath path, boolean ignoreIfNotExists) throws FunctionNotExistException {
    if (!ignoreIfNotExists) {
      throw new FunctionNotExistException(getName(), path);
    }
  }

  // ---- statistics: from the current snapshot's summary

  @Override
  public CatalogTableStatistics getTableStatistics(ObjectPath path) throws TableNotExistException {
    Table table = load(path);
    Optional<Snapshot> current = table.currentSnapshot();
    if (current.isEmpty()) {
      return new CatalogTableStatistics(0, 0, 0, 0);
    }
    Map<String, String> summary = current.get().summary();
    long rows = number(summary, "total-records");
    long files = number(summary, "total-data-files");
    long size = number(summary, "total-files-size");
    if (rows < 0) {
      return CatalogTableStatistics.UNKNOWN;
    }
    return new CatalogTableStatistics(rows, (int) Math.min(Integer.MAX_VALUE, Math.max(files, -1)), size, -1);
  }

  private static long number(Map<String, String> summary, String key) {
    String value = summary.get(key);
    try {
      return value == null ? -1 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path) throws TableNotExistException {
    load(path);
    return CatalogColumnStatistics.UNKNOWN;
  }

  @Override
  public CatalogTableStatistics getPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec) {
    return CatalogTableStatistics.UNKNOWN;
  }

  @Override
  public CatalogColumnStatistics getPartitionColumnStatistics(ObjectPath path, CatalogPartitionSpec spec) {
    return CatalogColumnStatistics.UNKNOWN;
  }

  private CatalogException statisticsAreDerived(ObjectPath path) {
    return new CatalogException("Cannot store statistics for table " + path + " in catalog " + getName()
        + ": Datashard statistics come from snapshot summaries and are always current");
  }

  @Override
  public void alterTableStatistics(ObjectPath path, CatalogTableStatistics statistics, boolean ignoreIfNotExists) {
    throw statisticsAreDerived(path);
  }

  @Override
  public void alterTableColumnStatistics(ObjectPath path, CatalogColumnStatistics statistics,
      boolean ignoreIfNotExists) {
    throw statisticsAreDerived(path);
  }

  @Override
  public void alterPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec, CatalogTableStatistics statistics,
      boolean ignoreIfNotExists) {
    throw statisticsAreDerived(path);
  }

  @Override
  public void alterPartitionColumnStatistics(ObjectPath path, CatalogPartitionSpec spec,
      CatalogColumnStatistics statistics, boolean ignoreIfNotExists) {
    throw statisticsAreDerived(path);
  }
}
