package io.datashard.internal.commit;

import io.datashard.exceptions.ValidationException;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataBuilder;

/** Commits a {@link PartitionSpecUpdate}: refused if the default spec changed since it was planned. */
final class PartitionSpecChange implements MetadataChange {
  private final PartitionSpecUpdate update;
  private final String tableName;

  PartitionSpecChange(PartitionSpecUpdate update, String tableName) {
    this.update = update;
    this.tableName = tableName;
  }

  @Override
  public TableMetadata applyTo(TableMetadata base) {
    if (!base.spec().fields().equals(update.base().fields())) {
      throw new ValidationException("Cannot commit partition spec change to " + tableName
          + ": the default spec was changed concurrently (now spec " + base.defaultSpecId()
          + "). Re-run the change on the refreshed table.");
    }
    TableMetadataBuilder builder = base.toBuilder();
    builder.setDefaultPartitionSpec(update.apply());
    return builder.build();
  }
}
