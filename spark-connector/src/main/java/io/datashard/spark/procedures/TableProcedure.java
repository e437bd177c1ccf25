package io.datashard.spark.procedures;

import io.datashard.Table;
import io.datashard.spark.SparkCatalog;
import io.datashard.spark.catalog.PathIdentifier;
import io.datashard.spark.SnapshotSelection;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.BoundProcedure;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * A procedure whose first parameter {@code table} names a table of the catalog ({@code 'db.t'})
 * or a location ({@code '/path/to/table'}).
 */
abstract class TableProcedure implements UnboundProcedure, BoundProcedure {
  private final SparkCatalog catalog;

  TableProcedure(SparkCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public BoundProcedure bind(StructType inputType) {
    return this;
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }

  @Override
  public Iterator<Scan> call(InternalRow args) {
    String tableName = string(args, 0);
    if (tableName == null) {
      throw new IllegalArgumentException("Procedure " + name() + " needs the table argument, e.g. table => 'db.t'");
    }
    Table table = load(tableName);
    return List.<Scan>of(run(table, args)).iterator();
  }

  abstract ProcedureResult run(Table table, InternalRow args);

  private Table load(String tableName) {
    Identifier ident;
    if (tableName.contains("/")) {
      ident = new PathIdentifier(tableName, SnapshotSelection.latest());
    } else {
      List<String> parts = scala.jdk.javaapi.CollectionConverters.asJava(
          CatalystSqlParser$.MODULE$.parseMultipartIdentifier(tableName));
      if (parts.size() > 1 && parts.get(0).equals(catalog.name())) {
        parts = parts.subList(1, parts.size());
      }
      ident = Identifier.of(parts.subList(0, parts.size() - 1).toArray(new String[0]), parts.get(parts.size() - 1));
    }
    try {
      return catalog.loadDatashardTable(ident);
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalArgumentException("Procedure " + name() + ": table '" + tableName + "' does not exist in catalog "
          + catalog.name(), e);
    }
  }

  static ProcedureParameter required(String name, org.apache.spark.sql.types.DataType type) {
    return ProcedureParameter.in(name, type).build();
  }

  static ProcedureParameter optional(String name, org.apache.spark.sql.types.DataType type) {
    return ProcedureParameter.in(name, type).defaultValue("NULL").build();
  }

  static String string(InternalRow args, int position) {
    return args.numFields() <= position || args.isNullAt(position) ? null : args.getUTF8String(position).toString();
  }
}
