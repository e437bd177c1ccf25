package io.datashard.spark;

import io.datashard.PartitionSpec;
import io.datashard.SortOrder;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.NoSuchTableException;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.spark.catalog.PathIdentifier;
import io.datashard.spark.catalog.PendingPathTable;
import io.datashard.spark.catalog.SparkTableChanges;
import io.datashard.spark.catalog.StagedDatashardTable;
import io.datashard.spark.catalog.TableReplacement;
import io.datashard.spark.catalog.TimeTravel;
import io.datashard.spark.catalog.Warehouse;
import io.datashard.spark.metadata.MetadataTable;
import io.datashard.spark.metadata.MetadataTableType;
import io.datashard.spark.procedures.SystemProcedures;
import io.datashard.types.Schema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NonEmptyNamespaceException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.ProcedureCatalog;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.catalog.TableInfo;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark catalog of Datashard tables. {@code type=path} (the default) keeps tables as path tables
 * under {@code warehouse}: namespace {@code a.b} is the folder {@code <warehouse>/a/b} and table
 * {@code a.b.t} lives at {@code <warehouse>/a/b/t}. Identifiers whose name is a location (a quoted
 * name containing {@code /}) address path tables anywhere, which is also how
 * {@code format("datashard")} reaches tables. Other options (e.g. {@code s3.endpoint}) configure
 * the storage.
 *
 * <pre>
 * spark.sql.catalog.lake = io.datashard.spark.SparkCatalog
 * spark.sql.catalog.lake.warehouse = s3://bucket/warehouse
 * </pre>
 */
public class SparkCatalog implements StagingTableCatalog, SupportsNamespaces, ProcedureCatalog {
  public static final String TYPE = "type";
  public static final String WAREHOUSE = "warehouse";

  private String name;
  private Map<String, String> ioProperties = Map.of();
  private PathTables tables = new PathTables();
  private Warehouse warehouse;

  @Override
  public void initialize(String catalogName, CaseInsensitiveStringMap options) {
    this.name = catalogName;
    String type = options.getOrDefault(TYPE, "path").toLowerCase(Locale.ROOT);
    if (!type.equals("path")) {
      throw new IllegalArgumentException("Cannot initialize catalog " + catalogName + ": catalog type '" + type + "' "
          + (type.equals("jdbc") || type.equals("rest") ? "is not available yet in this Datashard version" : "is unknown")
          + "; use type=path with a warehouse folder");
    }
    Map<String, String> io = new LinkedHashMap<>(options.asCaseSensitiveMap());
    io.remove(TYPE);
    io.remove(WAREHOUSE);
    this.ioProperties = Map.copyOf(io);
    this.tables = new PathTables(ioProperties);
    String location = options.get(WAREHOUSE);
    this.warehouse = location == null || location.isBlank() ? null : new Warehouse(location, ioProperties);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String[] defaultNamespace() {
    return new String[] {"default"};
  }

  /** Loads the Datashard table for a name or location, for procedures and the data source. */
  public Table loadDatashardTable(Identifier ident) throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    String location = location(ident);
    try {
      return tables.load(location);
    } catch (NoSuchTableException e) {
      throw new org.apache.spark.sql.catalyst.analysis.NoSuchTableException(ident);
    }
  }

  // ---- tables

  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident)
      throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    Optional<org.apache.spark.sql.connector.catalog.Table> metadataTable = metadataTable(ident);
    if (metadataTable.isPresent()) {
      return metadataTable.get();
    }
    if (ident instanceof PathIdentifier path && !DatashardDataSource.isRead(ident) && !tables.exists(path.location())) {
      // save(path) in append/overwrite mode on a new location: the first write creates the table.
      return new PendingPathTable(tables, path.location());
    }
    SnapshotSelection selection = ident instanceof PathIdentifier path ? path.selection() : SnapshotSelection.latest();
    Table table;
    try {
      table = tables.load(location(ident));
    } catch (NoSuchTableException e) {
      if (DatashardDataSource.isRead(ident)) {
        throw new IllegalArgumentException("No Datashard table at " + location(ident) + " (no metadata/v<N>.metadata.json"
            + " there): check the location, or create the table by writing to it with format(\"datashard\").save(...)", e);
      }
      throw new org.apache.spark.sql.catalyst.analysis.NoSuchTableException(ident);
    }
    return new SparkTable(table, TimeTravel.check(table, selection));
  }


  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident, String version)
      throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    Optional<Map.Entry<String, MetadataTableType>> metadata = metadataTableParts(ident);
    Table table = metadata.isPresent() ? loadAt(ident, metadata.get().getKey()) : loadDatashardTable(ident);
    SnapshotSelection selection = TimeTravel.version(table, version);
    return metadata.isPresent() ? new MetadataTable(table, metadata.get().getValue(), selection) : new SparkTable(table, selection);
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident, long timestampMicros)
      throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    Optional<Map.Entry<String, MetadataTableType>> metadata = metadataTableParts(ident);
    Table table = metadata.isPresent() ? loadAt(ident, metadata.get().getKey()) : loadDatashardTable(ident);
    SnapshotSelection selection = TimeTravel.asOf(table, Math.floorDiv(timestampMicros, 1000L));
    return metadata.isPresent() ? new MetadataTable(table, metadata.get().getValue(), selection) : new SparkTable(table, selection);
  }

  private Table loadAt(Identifier ident, String location) throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    try {
      return tables.load(location);
    } catch (NoSuchTableException e) {
      throw new org.apache.spark.sql.catalyst.analysis.NoSuchTableException(ident);
    }
  }

  @Override
  public boolean tableExists(Identifier ident) {
    return tables.exists(metadataTableParts(ident).map(Map.Entry::getKey).orElseGet(() -> location(ident)));
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    Warehouse layout = warehouse("list tables");
    if (!layout.namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    return layout.children(namespace, true).stream().map(t -> Identifier.of(namespace, t)).toArray(Identifier[]::new);
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table createTable(Identifier ident, TableInfo info)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    return createTable(ident, info.columns(), info.partitions(), info.properties());
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table createTable(Identifier ident, Column[] columns, Transform[] partitions,
      Map<String, String> properties) throws TableAlreadyExistsException, NoSuchNamespaceException {
    return new SparkTable(create(ident, columns, partitions, properties), SnapshotSelection.latest());
  }

  private Table create(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException {
    String location = location(ident);
    checkLocation(ident, location, properties);
    Schema schema = SparkTypes.toDatashardSchema(structType(columns));
    PartitionSpec spec = SparkPartitioning.toPartitionSpec(schema, partitions);
    try {
      return tables.create(schema, spec, SortOrder.unsorted(), tableProperties(properties), location);
    } catch (AlreadyExistsException e) {
      throw new TableAlreadyExistsException(ident);
    }
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table alterTable(Identifier ident, TableChange... changes)
      throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    Table table = loadDatashardTable(ident);
    SparkTableChanges.apply(table, changes);
    return new SparkTable(table.refresh(), SnapshotSelection.latest());
  }

  /** Drops the table's metadata; its data files stay (as Iceberg's drop without PURGE). */
  @Override
  public boolean dropTable(Identifier ident) {
    return metadataTableParts(ident).isEmpty() && tables.drop(location(ident), false);
  }

  /** Drops the table and deletes every file under its location. */
  @Override
  public boolean purgeTable(Identifier ident) {
    return metadataTableParts(ident).isEmpty() && tables.drop(location(ident), true);
  }

  @Override
  public void renameTable(Identifier from, Identifier to) {
    throw new DatashardException("Cannot rename table " + from + " to " + to + " in catalog " + name
        + ": a path table's metadata and manifests record its absolute location, so it cannot move. "
        + "Copy it with CREATE TABLE " + to + " AS SELECT * FROM " + from + ", then DROP TABLE " + from);
  }

  // ---- staged CREATE / REPLACE [AS SELECT]

  @Override
  public StagedTable stageCreate(Identifier ident, TableInfo info) throws TableAlreadyExistsException, NoSuchNamespaceException {
    return stageCreate(ident, info.columns(), info.partitions(), info.properties());
  }

  @Override
  public StagedTable stageCreate(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException {
    Table table = create(ident, columns, partitions, properties);
    String location = table.location();
    return new StagedDatashardTable(new SparkTable(table, SnapshotSelection.latest()), () -> tables.drop(location, true));
  }

  @Override
  public StagedTable stageReplace(Identifier ident, TableInfo info)
      throws NoSuchNamespaceException, org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    return stageReplace(ident, info.columns(), info.partitions(), info.properties());
  }

  @Override
  public StagedTable stageReplace(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties)
      throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    Table table = loadDatashardTable(ident);
    checkLocation(ident, table.location(), properties);
    Schema schema = SparkTypes.toDatashardSchema(structType(columns));
    TableMetadata previous = TableReplacement.replace(table, schema,
        fresh -> SparkPartitioning.toPartitionSpec(fresh, partitions), tableProperties(properties));
    return new StagedDatashardTable(new SparkTable(table, SnapshotSelection.latest()),
        () -> TableReplacement.restore(table, previous));
  }

  @Override
  public StagedTable stageCreateOrReplace(Identifier ident, TableInfo info) throws NoSuchNamespaceException {
    return stageCreateOrReplace(ident, info.columns(), info.partitions(), info.properties());
  }

  @Override
  public StagedTable stageCreateOrReplace(Identifier ident, Column[] columns, Transform[] partitions,
      Map<String, String> properties) {
    for (int attempt = 0; ; attempt++) {
      try {
        return tables.exists(location(ident))
            ? stageReplace(ident, columns, partitions, properties)
            : stageCreate(ident, columns, partitions, properties);
      } catch (TableAlreadyExistsException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
        // Created or dropped concurrently between the check and the change: decide again once.
        if (attempt > 0) {
          throw new DatashardException("Cannot create or replace table " + ident + ": it was created or dropped concurrently", e);
        }
      }
    }
  }

  // ---- namespaces

  @Override
  public String[][] listNamespaces() {
    return childNamespaces(new String[0]);
  }

  @Override
  public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
    if (!namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    return childNamespaces(namespace);
  }

  private String[][] childNamespaces(String[] parent) {
    List<String> children = warehouse("list namespaces").children(parent, false);
    String[][] result = new String[children.size()][];
    for (int i = 0; i < result.length; i++) {
      result[i] = Arrays.copyOf(parent, parent.length + 1);
      result[i][parent.length] = children.get(i);
    }
    return result;
  }

  @Override
  public boolean namespaceExists(String[] namespace) {
    return warehouse != null && warehouse.namespaceExists(namespace);
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
    if (!namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    return Map.of(SupportsNamespaces.PROP_LOCATION, warehouse.namespaceLocation(namespace));
  }

  @Override
  public void createNamespace(String[] namespace, Map<String, String> metadata) throws NamespaceAlreadyExistsException {
    Warehouse layout = warehouse("create namespaces");
    for (String key : metadata.keySet()) {
      if (!key.equals(SupportsNamespaces.PROP_OWNER)) {
        throw new IllegalArgumentException("Cannot create namespace " + String.join(".", namespace) + " with property '"
            + key + "': namespaces of a path catalog are folders under " + layout.root() + " and hold no properties");
      }
    }
    if (layout.namespaceExists(namespace)) {
      throw new NamespaceAlreadyExistsException(namespace);
    }
    layout.createNamespace(namespace);
  }

  @Override
  public void alterNamespace(String[] namespace, NamespaceChange... changes) {
    throw new IllegalArgumentException("Cannot alter namespace " + String.join(".", namespace) + " of catalog " + name
        + ": namespaces of a path catalog are folders and hold no properties");
  }

  @Override
  public boolean dropNamespace(String[] namespace, boolean cascade) throws NoSuchNamespaceException, NonEmptyNamespaceException {
    if (!namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    if (cascade) {
      for (String[] child : childNamespaces(namespace)) {
        dropNamespace(child, true);
      }
      for (String table : warehouse.children(namespace, true)) {
        tables.drop(warehouse.tableLocation(namespace, table), true);
      }
    }
    if (!warehouse.dropEmptyNamespace(namespace)) {
      throw new NonEmptyNamespaceException(namespace);
    }
    return true;
  }

  // ---- procedures

  @Override
  public UnboundProcedure loadProcedure(Identifier ident) {
    return SystemProcedures.load(this, ident);
  }

  @Override
  public Identifier[] listProcedures(String[] namespace) {
    return SystemProcedures.list(namespace);
  }

  // ---- helpers

  /** The location of a warehouse table or path identifier (without any metadata table suffix). */
  public String location(Identifier ident) {
    if (PathIdentifier.isPath(ident)) {
      String location = PathIdentifier.of(ident).location();
      int hash = location.lastIndexOf('#');
      return hash > 0 && MetadataTableType.find(location.substring(hash + 1)).isPresent() ? location.substring(0, hash) : location;
    }
    return warehouse("resolve table " + String.join(".", ident.namespace()) + "." + ident.name())
        .tableLocation(ident.namespace(), ident.name());
  }

  /** {@code db.t.snapshots} or {@code `/path#snapshots`}: the table location and metadata table type. */
  private Optional<Map.Entry<String, MetadataTableType>> metadataTableParts(Identifier ident) {
    if (PathIdentifier.isPath(ident)) {
      String location = PathIdentifier.of(ident).location();
      int hash = location.lastIndexOf('#');
      if (hash > 0) {
        Optional<MetadataTableType> type = MetadataTableType.find(location.substring(hash + 1));
        if (type.isPresent()) {
          return Optional.of(Map.entry(location.substring(0, hash), type.get()));
        }
      }
      return Optional.empty();
    }
    String[] namespace = ident.namespace();
    Optional<MetadataTableType> type = MetadataTableType.find(ident.name());
    if (type.isEmpty() || namespace.length == 0 || warehouse == null) {
      return Optional.empty();
    }
    String parent = warehouse.tableLocation(Arrays.copyOf(namespace, namespace.length - 1), namespace[namespace.length - 1]);
    if (tables.exists(warehouse.tableLocation(namespace, ident.name())) || !tables.exists(parent)) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(parent, type.get()));
  }

  private Optional<org.apache.spark.sql.connector.catalog.Table> metadataTable(Identifier ident)
      throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
    Optional<Map.Entry<String, MetadataTableType>> parts = metadataTableParts(ident);
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    Table table = loadAt(ident, parts.get().getKey());
    SnapshotSelection selection = ident instanceof PathIdentifier path ? path.selection() : SnapshotSelection.latest();
    return Optional.of(new MetadataTable(table, parts.get().getValue(), TimeTravel.check(table, selection)));
  }

  private Warehouse warehouse(String action) {
    if (warehouse == null) {
      throw new IllegalArgumentException("Cannot " + action + " in catalog " + name + ": it has no warehouse. Set "
          + "spark.sql.catalog." + name + ".warehouse to a folder or URI, or address tables by location, e.g. "
          + name + ".`/path/to/table`");
    }
    return warehouse;
  }

  private static void checkLocation(Identifier ident, String location, Map<String, String> properties) {
    String requested = properties.get(TableCatalog.PROP_LOCATION);
    if (requested != null && !stripSlash(requested).equals(stripSlash(location))
        && !stripSlash(requested).equals(stripSlash("file:" + location))) {
      throw new IllegalArgumentException("Cannot create table " + ident + " at LOCATION '" + requested
          + "': in a path catalog a table lives at " + location + ". Omit LOCATION, or write to the location with "
          + "format(\"datashard\").save('" + requested + "')");
    }
  }

  private static String stripSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  static Map<String, String> tableProperties(Map<String, String> properties) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      String key = entry.getKey();
      if (!SparkTableChanges.SPARK_RESERVED.contains(key) && !key.startsWith(TableCatalog.OPTION_PREFIX)) {
        result.put(key, entry.getValue());
      }
    }
    return result;
  }

  static StructType structType(Column[] columns) {
    StructField[] fields = new StructField[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Column column = columns[i];
      StructField field = new StructField(column.name(), column.dataType(), column.nullable(),
          org.apache.spark.sql.types.Metadata.empty());
      fields[i] = column.comment() == null ? field : field.withComment(column.comment());
    }
    return new StructType(fields);
  }
}
