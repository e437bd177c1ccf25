package io.datashard.spark.catalog;

import io.datashard.PartitionField;
import io.datashard.PartitionSpec;
import io.datashard.SnapshotRef;
import io.datashard.SortOrder;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.DatashardException;
import io.datashard.internal.commit.TableImpl;
import io.datashard.internal.commit.TableOperations;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataBuilder;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code REPLACE TABLE} as Iceberg does it: a new metadata version of the same table whose current
 * schema, partition spec and properties are the new ones and whose main branch is empty, so the
 * old snapshots, schemas and specs stay in the history (time travel still reaches them). Columns
 * whose names survive keep their field ids; new columns get ids above every id used before.
 */
public final class TableReplacement {
  private TableReplacement() {
  }

  /** The metadata before the replacement, to pass to {@link #restore} if the replacing write fails. */
  public static TableMetadata replace(Table table, Schema schema, java.util.function.Function<Schema, PartitionSpec> specFor,
                                      Map<String, String> properties) {
    TableOperations ops = operations(table);
    TableMetadata base = ops.refresh();
    TableMetadataBuilder builder = base.toBuilder();
    Schema fresh = withIds(schema, base.schema(), builder.lastColumnId());
    builder.setCurrentSchema(fresh);
    builder.setDefaultPartitionSpec(withFieldIds(specFor.apply(fresh), fresh, base));
    builder.setDefaultSortOrder(SortOrder.unsorted());
    builder.removeRef(SnapshotRef.MAIN_BRANCH);
    Map<String, String> stored = new java.util.LinkedHashMap<>(properties);
    stored.keySet().removeAll(TableProperties.RESERVED_PROPERTIES);
    if (!stored.isEmpty()) {
      builder.setProperties(stored);
    }
    ops.commit(base, builder.build());
    table.refresh();
    return base;
  }

  /** Puts back the schema, spec, sort order, main branch and properties a failed replace changed. */
  public static void restore(Table table, TableMetadata previous) {
    TableOperations ops = operations(table);
    TableMetadata base = ops.refresh();
    TableMetadataBuilder builder = base.toBuilder();
    builder.setCurrentSchema(previous.schema());
    builder.setDefaultPartitionSpec(previous.spec());
    builder.setDefaultSortOrder(previous.sortOrder());
    SnapshotRef main = previous.refs().get(SnapshotRef.MAIN_BRANCH);
    if (main != null) {
      builder.setRef(SnapshotRef.MAIN_BRANCH, main);
    } else {
      builder.removeRef(SnapshotRef.MAIN_BRANCH);
    }
    Set<String> added = new HashSet<>(base.properties().keySet());
    added.removeAll(previous.properties().keySet());
    if (!added.isEmpty()) {
      builder.removeProperties(added);
    }
    if (!previous.properties().isEmpty()) {
      builder.setProperties(previous.properties());
    }
    ops.commit(base, builder.build());
    table.refresh();
  }

  private static TableOperations operations(Table table) {
    if (table instanceof TableImpl impl) {
      return impl.operations();
    }
    throw new DatashardException("Cannot replace table " + table.name() + ": it is not backed by table operations ("
        + table.getClass().getName() + ")");
  }

  private static Schema withIds(Schema schema, Schema previous, int lastColumnId) {
    int[] next = {lastColumnId};
    List<Types.NestedField> columns = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      Types.NestedField old = previous.findField(field.name()).orElse(null);
      boolean reuse = old != null && old.type().isPrimitiveType() && field.type().isPrimitiveType()
          && previous.columns().contains(old);
      int id = reuse ? old.fieldId() : ++next[0];
      columns.add(copy(field, id, fresh(field.type(), next)));
    }
    return new Schema(columns);
  }

  private static Type fresh(Type type, int[] next) {
    if (type.isStructType()) {
      List<Types.NestedField> fields = new ArrayList<>();
      for (Types.NestedField field : type.asStructType().fields()) {
        int id = ++next[0];
        fields.add(copy(field, id, fresh(field.type(), next)));
      }
      return Types.StructType.of(fields);
    } else if (type.isListType()) {
      Types.ListType list = type.asListType();
      int id = ++next[0];
      Type element = fresh(list.elementType(), next);
      return list.isElementOptional() ? Types.ListType.ofOptional(id, element) : Types.ListType.ofRequired(id, element);
    } else if (type.isMapType()) {
      Types.MapType map = type.asMapType();
      int keyId = ++next[0];
      int valueId = ++next[0];
      Type key = fresh(map.keyType(), next);
      Type value = fresh(map.valueType(), next);
      return map.isValueOptional() ? Types.MapType.ofOptional(keyId, valueId, key, value)
          : Types.MapType.ofRequired(keyId, valueId, key, value);
    }
    return type;
  }

  private static Types.NestedField copy(Types.NestedField field, int id, Type type) {
    Types.NestedField result = Types.NestedField.of(id, field.isOptional(), field.name(), type);
    return field.doc().map(doc -> field.isOptional() ? Types.NestedField.optional(id, field.name(), type, doc)
        : Types.NestedField.required(id, field.name(), type, doc)).orElse(result);
  }

  /** Reuses the field id of an equal partition field of any earlier spec, as Iceberg does. */
  private static PartitionSpec withFieldIds(PartitionSpec spec, Schema schema, TableMetadata base) {
    int last = base.lastPartitionId();
    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (PartitionField field : spec.fields()) {
      Integer reused = null;
      for (PartitionSpec old : base.specs()) {
        for (PartitionField candidate : old.fields()) {
          if (candidate.sourceId() == field.sourceId() && candidate.transform().toString().equals(field.transform().toString())) {
            reused = candidate.fieldId();
          }
        }
      }
      builder.add(field.sourceId(), reused != null ? reused : ++last, field.name(), field.transform());
    }
    return builder.build();
  }
}
