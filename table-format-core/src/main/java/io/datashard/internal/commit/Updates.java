package io.datashard.internal.commit;

import io.datashard.AppendFiles;
import io.datashard.DeleteFiles;
import io.datashard.ExpireSnapshots;
import io.datashard.ManageSnapshots;
import io.datashard.OverwriteFiles;
import io.datashard.RewriteFiles;
import io.datashard.RowDelta;
import io.datashard.UpdatePartitionSpec;
import io.datashard.UpdateProperties;
import io.datashard.UpdateSchema;
import io.datashard.internal.metadata.TableMetadata;

/**
 * The update verbs of tables and transactions, which differ only in where a finished update goes:
 * a table commits it, a transaction stages it.
 */
abstract class Updates {
  private final ChangeCommitter committer;

  Updates(ChangeCommitter committer) {
    this.committer = committer;
  }

  public AppendFiles newAppend() {
    return new AppendUpdate(committer, true);
  }

  public AppendFiles newFastAppend() {
    return new AppendUpdate(committer, false);
  }

  public OverwriteFiles newOverwrite() {
    return new OverwriteUpdate(committer);
  }

  public DeleteFiles newDelete() {
    return new DeleteUpdate(committer);
  }

  public RowDelta newRowDelta() {
    return new RowDeltaUpdate(committer);
  }

  public RewriteFiles newRewrite() {
    return new RewriteUpdate(committer);
  }

  public UpdateProperties updateProperties() {
    return new PropertiesUpdate(committer);
  }

  public UpdateSchema updateSchema() {
    TableMetadata current = committer.current();
    String name = committer.ops().tableName();
    return new SchemaUpdate(current.schema(), current.lastColumnId(), current.formatVersion(),
        update -> committer.commit(new SchemaChange(update, name)));
  }

  public UpdatePartitionSpec updateSpec() {
    TableMetadata current = committer.current();
    String name = committer.ops().tableName();
    return new PartitionSpecUpdate(current.schema(), current.spec(), current.specs(), current.lastPartitionId(),
        current.formatVersion(), update -> committer.commit(new PartitionSpecChange(update, name)));
  }

  public ManageSnapshots manageSnapshots() {
    return new ManageSnapshotsUpdate(committer);
  }

  public ExpireSnapshots expireSnapshots() {
    return new ExpireSnapshotsUpdate(committer);
  }
}
