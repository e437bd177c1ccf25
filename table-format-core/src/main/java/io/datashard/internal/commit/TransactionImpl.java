package io.datashard.internal.commit;

import io.datashard.AppendFiles;
import io.datashard.DeleteFiles;
import io.datashard.ExpireSnapshots;
import io.datashard.ManageSnapshots;
import io.datashard.OverwriteFiles;
import io.datashard.RewriteFiles;
import io.datashard.RowDelta;
import io.datashard.Table;
import io.datashard.Transaction;
import io.datashard.UpdatePartitionSpec;
import io.datashard.UpdateProperties;
import io.datashard.UpdateSchema;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.internal.metadata.TableMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Stages updates on a private copy of the metadata and commits them as one new version. On a
 * lost race every staged change is re-applied, in order, to the refreshed metadata.
 */
public final class TransactionImpl extends Updates implements Transaction {
  private final TableOperations ops;
  private final TableMetadata start;
  private final List<MetadataChange> staged = new ArrayList<>();
  private TableMetadata current;
  private boolean committed = false;
  private final Table view;

  public TransactionImpl(TableOperations ops, String name) {
    this(ops, name, new StagingCommitter(ops));
  }

  private TransactionImpl(TableOperations ops, String name, StagingCommitter committer) {
    super(committer);
    committer.transaction = this;
    this.ops = ops;
    this.start = ops.current();
    this.current = start;
    this.view = new TableImpl(new StagedOperations(), committer, name);
  }

  /** Hands finished updates to the transaction, which stages them on its private metadata. */
  private static final class StagingCommitter implements ChangeCommitter {
    private final TableOperations ops;
    private TransactionImpl transaction;

    StagingCommitter(TableOperations ops) {
      this.ops = ops;
    }

    @Override
    public TableOperations ops() {
      return ops;
    }

    @Override
    public TableMetadata current() {
      return transaction.current;
    }

    @Override
    public void commit(MetadataChange change) {
      transaction.stage(change);
    }
  }

  private void stage(MetadataChange change) {
    if (committed) {
      throw new IllegalStateException("Transaction on " + ops.tableName() + " is already committed; start a new one");
    }
    current = change.applyTo(current);
    staged.add(change);
  }

  @Override
  public Table table() {
    return view;
  }












  @Override
  public void commitTransaction() {
    if (committed) {
      throw new IllegalStateException("Transaction on " + ops.tableName() + " is already committed");
    }
    committed = true;
    if (staged.isEmpty()) {
      return;
    }
    TableMetadata result;
    try {
      result = CommitRetrier.forTable(start).commit(ops, base -> {
        if (base == start) {
          return current;
        }
        TableMetadata replayed = base;
        for (MetadataChange change : staged) {
          replayed = change.applyTo(replayed);
        }
        current = replayed;
        return replayed;
      });
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (RuntimeException e) {
      for (MetadataChange change : staged) {
        try {
          change.abandoned();
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
    for (MetadataChange change : staged) {
      change.committed(result);
    }
  }

  /** Table operations over the transaction's staged metadata, for {@link #table()}. */
  private final class StagedOperations implements TableOperations {
    @Override
    public TableMetadata current() {
      return current;
    }

    @Override
    public TableMetadata refresh() {
      return current;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      throw new IllegalStateException("Commit through the transaction's update methods and commitTransaction()");
    }

    @Override
    public io.datashard.io.FileIO io() {
      return ops.io();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return ops.metadataFileLocation(fileName);
    }

    @Override
    public String dataFileLocation(String fileName) {
      return ops.dataFileLocation(fileName);
    }

    @Override
    public String tableName() {
      return ops.tableName();
    }
  }
}
