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
    TableMetadataBuilder builder = base.toBuilder();
    builder.setCurrentSchema(evolved);
    return builder.build();
  }
}
