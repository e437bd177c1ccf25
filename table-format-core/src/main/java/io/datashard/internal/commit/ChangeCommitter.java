package io.datashard.internal.commit;

import io.datashard.internal.metadata.TableMetadata;

/**
 * Where an update's change goes when it commits: straight to the table (with retries), or into
 * a transaction that commits later.
 */
public interface ChangeCommitter {
  TableOperations ops();

  /** The metadata an update's {@code apply()} is computed against. */
  TableMetadata current();

  void commit(MetadataChange change);

  /** Commits each change directly to the table through the {@link CommitRetrier}. */
  static ChangeCommitter direct(TableOperations ops) {
    return new ChangeCommitter() {
      @Override
      public TableOperations ops() {
        return ops;
      }

      @Override
      public TableMetadata current() {
        return ops.current();
      }

      @Override
      public void commit(MetadataChange change) {
        TableMetadata committed;
        try {
          committed = CommitRetrier.forTable(ops.current()).commit(ops, change::applyTo);
        } catch (io.datashard.exceptions.CommitStateUnknownException e) {
          throw e;
        } catch (RuntimeException e) {
          try {
            change.abandoned();
          } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
          }
          throw e;
        }
        change.committed(committed);
      }
    };
  }
}
