package io.datashard;

/**
 * Several updates committed together as one new metadata version. Each update's
 * {@code commit()} stages it in the transaction; {@link #commitTransaction()} commits all of them,
 * re-applying them on the refreshed table if a concurrent writer won the race.
 */
public interface Transaction {
  /** The table as the transaction sees it, including staged updates. */
  Table table();

  AppendFiles newAppend();

  AppendFiles newFastAppend();

  OverwriteFiles newOverwrite();

  DeleteFiles newDelete();

  RowDelta newRowDelta();

  RewriteFiles newRewrite();

  UpdateProperties updateProperties();

  UpdateSchema updateSchema();

  UpdatePartitionSpec updateSpec();

  ManageSnapshots manageSnapshots();

  ExpireSnapshots expireSnapshots();

  void commitTransaction();
}
