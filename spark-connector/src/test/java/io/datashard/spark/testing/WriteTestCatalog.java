package io.datashard.spark.testing;

import io.datashard.catalog.PathTables;
import io.datashard.spark.SnapshotSelection;
import io.datashard.spark.SparkTable;
import java.io.File;
import java.util.Map;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A test-only catalog over a warehouse folder ({@code warehouse} option): table {@code ns.t} is the
 * path table at {@code <warehouse>/ns/t}. It lets write tests use {@code DataFrameWriterV2}
 * (append, overwrite by condition, overwritePartitions) without depending on the real catalog.
 */
public final class WriteTestCatalog implements TableCatalog {
  private final PathTables tables = new PathTables();
  private String name;
  private String warehouse;

  @Override
  public void initialize(String catalogName, CaseInsensitiveStringMap options) {
    this.name = catalogName;
    this.warehouse = options.get("warehouse");
  }

  @Override
  public String name() {
    return name;
  }

  private String location(Identifier ident) {
    return warehouse + "/" + String.join("/", ident.namespace()) + "/" + ident.name();
  }

  @Override
  public Identifier[] listTables(String[] namespace) {
    return new Identifier[0];
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    String location = location(ident);
    if (!tables.exists(location)) {
      throw new NoSuchTableException(ident);
    }
    return new SparkTable(tables.load(location), SnapshotSelection.latest());
  }

  @Override
  public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
    throw new IllegalArgumentException("The write test catalog does not create tables; create " + ident
        + " with PathTables in the test");
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw new IllegalArgumentException("The write test catalog cannot alter tables");
  }

  @Override
  public boolean dropTable(Identifier ident) {
    File dir = new File(location(ident));
    return deleteRecursively(dir);
  }

  private static boolean deleteRecursively(File file) {
    File[] children = file.listFiles();
    if (children != null) {
      for (File child : children) {
        deleteRecursively(child);
      }
    }
    return file.delete();
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw new IllegalArgumentException("The write test catalog cannot rename tables");
  }
}
