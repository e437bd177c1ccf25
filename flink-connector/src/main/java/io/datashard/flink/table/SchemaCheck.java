package io.datashard.flink.table;

import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.flink.data.FlinkTypes;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

/** Checks a Flink DDL against an existing table and builds the spec of a new one. */
final class SchemaCheck {
  private SchemaCheck() {}

  /** The identity partition spec of {@code PARTITIONED BY} columns. */
  static PartitionSpec identitySpec(Schema schema, List<String> partitionKeys, String tableName) {
    if (partitionKeys.isEmpty()) {
      return PartitionSpec.unpartitioned();
    }
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (String key : partitionKeys) {
      if (schema.findField(key).isEmpty()) {
        throw new IllegalArgumentException("Cannot partition table " + tableName + " by " + key
            + ": it is not a physical column");
      }
      builder.identity(key);
    }
    return builder.build();
  }

  /**
   * Fails with an error naming the column if the DDL's physical columns do not match the table:
   * every DDL column must be a table column of the same type (or a narrower integer/float type).
   * Table columns the DDL leaves out must be optional (they are written as null).
   */
  static void validate(ResolvedSchema ddl, List<String> partitionKeys, Table table) {
    Schema schema = table.schema();
    List<String> ddlNames = new ArrayList<>();
    for (Column column : ddl.getColumns()) {
      if (!column.isPhysical()) {
        continue;
      }
      ddlNames.add(column.getName());
      Types.NestedField field = schema.findField(column.getName()).orElseThrow(() -> new IllegalArgumentException(
          "DDL of table " + table.name() + " does not match the existing table: column " + column.getName()
              + " is not in the table; the table has columns " + names(schema)
              + " (add it with ALTER TABLE in a datashard catalog, or drop it from the DDL)"));
      LogicalType type = column.getDataType().getLogicalType();
      String mismatch = mismatch(column.getName(), field.type(), type);
      if (mismatch != null) {
        throw new IllegalArgumentException("DDL of table " + table.name() + " does not match the existing table: "
            + mismatch + " (the table's type maps to Flink " + FlinkTypes.toLogicalType(field.type()).asSummaryString()
            + ")");
      }
    }
    for (Types.NestedField field : schema.columns()) {
      if (field.isRequired() && !ddlNames.contains(field.name())) {
        throw new IllegalArgumentException("DDL of table " + table.name() + " does not match the existing table: "
            + "required column " + field.name() + " " + field.type() + " is missing from the DDL");
      }
    }
    if (!partitionKeys.isEmpty()) {
      List<String> identity = new ArrayList<>();
      boolean allIdentity = true;
      for (PartitionField field : table.spec().fields()) {
        allIdentity &= field.transform().isIdentity();
        identity.add(schema.findColumnName(field.sourceId()).orElse("?"));
      }
      if (!allIdentity || !identity.equals(partitionKeys)) {
        throw new IllegalArgumentException("DDL of table " + table.name() + " does not match the existing table: "
            + "PARTITIONED BY " + partitionKeys + " but the table is partitioned by " + table.spec()
            + " (omit PARTITIONED BY to use the table's partitioning)");
      }
    }
  }

  private static List<String> names(Schema schema) {
    List<String> names = new ArrayList<>();
    schema.columns().forEach(field -> names.add(field.name()));
    return names;
  }

  /** Why a DDL type cannot hold a table column's values, or null if it can. */
  private static String mismatch(String name, Type tableType, LogicalType ddlType) {
    switch (tableType.typeId()) {
      case STRUCT: {
        if (!(ddlType instanceof RowType row)) {
          return "column " + name + " is a struct in the table but " + ddlType.asSummaryString() + " in the DDL";
        }
        for (RowType.RowField field : row.getFields()) {
          Types.NestedField tableField = tableType.asStructType().findField(field.getName()).orElse(null);
          if (tableField == null) {
            return "field " + name + "." + field.getName() + " is not in the table";
          }
          String nested = mismatch(name + "." + field.getName(), tableField.type(), field.getType());
          if (nested != null) {
            return nested;
          }
        }
        return null;
      }
      case LIST:
        if (!(ddlType instanceof ArrayType array)) {
          return "column " + name + " is a list in the table but " + ddlType.asSummaryString() + " in the DDL";
        }
        return mismatch(name + ".element", tableType.asListType().elementType(), array.getElementType());
      case MAP: {
        if (!(ddlType instanceof MapType map)) {
          return "column " + name + " is a map in the table but " + ddlType.asSummaryString() + " in the DDL";
        }
        String key = mismatch(name + ".key", tableType.asMapType().keyType(), map.getKeyType());
        return key != null ? key : mismatch(name + ".value", tableType.asMapType().valueType(), map.getValueType());
      }
      default:
        Type ddl;
        try {
          ddl = FlinkTypes.toType(ddlType);
        } catch (IllegalArgumentException e) {
          return "column " + name + ": " + e.getMessage();
        }
        if (ddl.equals(tableType) || widens(ddl, tableType) || (tableType.typeId() == Type.TypeID.UUID
            && ddl.equals(Types.FixedType.ofLength(16)))) {
          return null;
        }
        return "column " + name + " has type " + ddlType.asSummaryString() + " in the DDL but " + tableType
            + " in the table";
    }
  }

  private static boolean widens(Type from, Type to) {
    return (from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG)
        || (from.typeId() == Type.TypeID.FLOAT && to.typeId() == Type.TypeID.DOUBLE);
  }
}
