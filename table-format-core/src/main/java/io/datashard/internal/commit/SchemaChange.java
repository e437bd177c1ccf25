package io.datashard.internal.commit;

import io.datashard.exceptions.ValidationException;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataBuilder;
import io.datashard.types.Schema;

/** Commits a {@link SchemaUpdate}: refused if the schema changed since the update was planned. */
final class SchemaChange implements MetadataChange {
  private final SchemaUpdate update;
  private final String tableName;

  SchemaChange(SchemaUpdate update, String tableName) {
    this.update = update;
    this.tableName = tableName;
  }

  @Override
  public TableMetadata applyTo(TableMetadata base) {
    if (!base.schema().sameSchema(update.base())) {
      throw new ValidationException("Cannot commit schema change to " + tableName
          + ": the schema was changed concurrently (current schema id " + base.currentSchemaId()
          + "). Re-run the schema change on the refreshed table.");
    }
    Schema evolved = update.apply();
    checkSourcesKept(base, evolved);
    TableMetadataBuilder builder = base.toBuilder();
    builder.setCurrentSchema(evolved);
    return builder.build();
  }

  /**
   * New files are partitioned and sorted by the default spec and order, so their source columns
   * must stay; older specs and orders may lose theirs.
   */
  private void checkSourcesKept(TableMetadata base, Schema evolved) {
    for (io.datashard.PartitionField field : base.spec().fields()) {
      if (evolved.findField(field.sourceId()).isEmpty()) {
        throw new ValidationException("Cannot drop column '" + base.schema().findColumnName(field.sourceId()).orElse("id " + field.sourceId())
            + "' of " + tableName + ": partition field '" + field.name() + "' of the current partition spec uses it. "
            + "Remove the partition field with updateSpec() first.");
      }
    }
    for (io.datashard.SortField field : base.sortOrder().fields()) {
      if (evolved.findField(field.sourceId()).isEmpty()) {
        throw new ValidationException("Cannot drop column '" + base.schema().findColumnName(field.sourceId()).orElse("id " + field.sourceId())
            + "' of " + tableName + ": the current sort order uses it. Replace the sort order first.");
      }
    }
  }
}
