package io.datashard.spark.catalog;

import io.datashard.Table;
import io.datashard.Transaction;
import io.datashard.UpdateProperties;
import io.datashard.UpdateSchema;
import io.datashard.exceptions.ValidationException;
import io.datashard.spark.SparkTypes;
import io.datashard.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Applies Spark's {@code ALTER TABLE} changes to a table as one commit: schema changes through
 * {@link UpdateSchema} (ids are kept, so renames and drops never rewrite data) and property
 * changes through {@link UpdateProperties}.
 */
public final class SparkTableChanges {
  /** Properties Spark adds for its own bookkeeping that are not table properties. */
  public static final Set<String> SPARK_RESERVED = Set.of(
      "provider", "location", "owner", "is_managed_location", "external", "format", "table_type", "collation");

  private SparkTableChanges() {
  }

  public static void apply(Table table, TableChange... changes) {
    List<TableChange> schemaChanges = new ArrayList<>();
    List<TableChange> propertyChanges = new ArrayList<>();
    for (TableChange change : changes) {
      if (change instanceof TableChange.SetProperty || change instanceof TableChange.RemoveProperty) {
        propertyChanges.add(change);
      } else {
        schemaChanges.add(change);
      }
    }
    Transaction transaction = table.newTransaction();
    if (!propertyChanges.isEmpty()) {
      applyProperties(table, transaction.updateProperties(), propertyChanges);
    }
    if (!schemaChanges.isEmpty()) {
      applySchema(table, transaction.updateSchema(), schemaChanges);
    }
    transaction.commitTransaction();
  }

  private static void applyProperties(Table table, UpdateProperties update, List<TableChange> changes) {
    for (TableChange change : changes) {
      if (change instanceof TableChange.SetProperty set) {
        if (SPARK_RESERVED.contains(set.property())) {
          throw new ValidationException("Cannot set property '" + set.property() + "' of table " + table.name()
              + ": it is managed by the catalog, not a table property");
        }
        update.set(set.property(), set.value());
      } else if (change instanceof TableChange.RemoveProperty remove) {
        update.remove(remove.property());
      }
    }
    update.commit();
  }

  private static void applySchema(Table table, UpdateSchema update, List<TableChange> changes) {
    for (TableChange change : changes) {
      if (change instanceof TableChange.AddColumn add) {
        addColumn(table, update, add);
      } else if (change instanceof TableChange.RenameColumn rename) {
        update.renameColumn(name(rename.fieldNames()), rename.newName());
      } else if (change instanceof TableChange.UpdateColumnType retype) {
        Type type = datashardType(retype.newDataType());
        if (!type.isPrimitiveType()) {
          throw new ValidationException("Cannot change column '" + name(retype.fieldNames()) + "' of table " + table.name()
              + " to " + retype.newDataType().simpleString() + ": only primitive types can be widened");
        }
        update.updateColumn(name(retype.fieldNames()), type.asPrimitiveType());
      } else if (change instanceof TableChange.UpdateColumnNullability nullability) {
        if (nullability.nullable()) {
          update.makeColumnOptional(name(nullability.fieldNames()));
        } else {
          update.requireColumn(name(nullability.fieldNames()));
        }
      } else if (change instanceof TableChange.UpdateColumnComment comment) {
        update.updateColumnDoc(name(comment.fieldNames()), comment.newComment());
      } else if (change instanceof TableChange.UpdateColumnPosition position) {
        move(update, name(position.fieldNames()), position.position());
      } else if (change instanceof TableChange.DeleteColumn delete) {
        String column = name(delete.fieldNames());
        if (Boolean.TRUE.equals(delete.ifExists()) && table.schema().findField(column).isEmpty()) {
          continue;
        }
        update.deleteColumn(column);
      } else {
        throw new ValidationException("Cannot alter table " + table.name() + ": Datashard does not support the change "
            + change.getClass().getSimpleName() + " (supported: add, drop, rename, retype (widening), comment, "
            + "nullability and position of columns, set/unset properties)");
      }
    }
    update.commit();
  }

  private static void addColumn(Table table, UpdateSchema update, TableChange.AddColumn add) {
    String[] names = add.fieldNames();
    if (add.defaultValue() != null) {
      throw new ValidationException("Cannot add column '" + name(names) + "' to table " + table.name()
          + " with a default value: Datashard does not support column defaults from Spark yet; add it without DEFAULT");
    }
    if (!add.isNullable()) {
      throw new ValidationException("Cannot add NOT NULL column '" + name(names) + "' to table " + table.name()
          + ": existing rows have no value for it. Add it as nullable");
    }
    Type type = datashardType(add.dataType());
    // A dotted name adds to the parent struct.
    if (add.comment() == null) {
      update.addColumn(name(names), type);
    } else {
      update.addColumn(name(names), type, add.comment());
    }
    if (add.position() != null) {
      move(update, name(names), add.position());
    }
  }

  private static void move(UpdateSchema update, String column, TableChange.ColumnPosition position) {
    if (position instanceof TableChange.First) {
      update.moveFirst(column);
    } else if (position instanceof TableChange.After after) {
      String prefix = column.contains(".") ? column.substring(0, column.lastIndexOf('.') + 1) : "";
      update.moveAfter(column, prefix + after.column());
    }
  }

  /** Converts one Spark type; nested field ids are placeholders that the schema update reassigns. */
  static Type datashardType(DataType type) {
    return SparkTypes.toDatashardSchema(new StructType().add("x", type, true)).columns().get(0).type();
  }

  static String name(String[] parts) {
    return String.join(".", parts);
  }
}
