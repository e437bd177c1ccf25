package io.datashard.spark.catalog;

import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.catalog.PathTables;
import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.spark.SnapshotSelection;
import io.datashard.spark.SparkTable;
import io.datashard.spark.SparkTypes;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A path table that does not exist yet, written with save mode append or overwrite: Spark loads
 * the table before writing in those modes, so this stands in for it and creates the table from
 * the DataFrame's schema (all columns nullable, unpartitioned) when the write starts. It accepts
 * any schema because there is nothing to check the DataFrame against yet.
 */
public final class PendingPathTable implements SupportsWrite {
  private final PathTables tables;
  private final String location;

  public PendingPathTable(PathTables tables, String location) {
    this.tables = tables;
    this.location = location;
  }

  @Override
  public String name() {
    return location;
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return new StructType();
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_WRITE, TableCapability.ACCEPT_ANY_SCHEMA, TableCapability.TRUNCATE,
        TableCapability.OVERWRITE_BY_FILTER, TableCapability.OVERWRITE_DYNAMIC);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    Table table;
    try {
      table = tables.create(SparkTypes.toDatashardSchema(nullable(info.schema())), PartitionSpec.unpartitioned(),
          Map.of(), location);
    } catch (AlreadyExistsException e) {
      // Another writer created it first: write to that table, whose schema Spark has not checked,
      // so the writer's own schema check applies.
      table = tables.load(location);
    }
    return new SparkTable(table, SnapshotSelection.latest()).newWriteBuilder(info);
  }

  /** The schema with every field nullable, as Spark's CTAS makes it, so later appends may hold nulls. */
  public static StructType nullable(StructType struct) {
    StructField[] fields = struct.fields();
    StructField[] result = new StructField[fields.length];
    for (int i = 0; i < fields.length; i++) {
      StructField field = fields[i];
      result[i] = new StructField(field.name(), nullable(field.dataType()), true, field.metadata());
    }
    return new StructType(result);
  }

  private static DataType nullable(DataType type) {
    if (type instanceof StructType struct) {
      return nullable(struct);
    } else if (type instanceof ArrayType array) {
      return new ArrayType(nullable(array.elementType()), true);
    } else if (type instanceof MapType map) {
      return new MapType(nullable(map.keyType()), nullable(map.valueType()), true);
    }
    return type;
  }
}
