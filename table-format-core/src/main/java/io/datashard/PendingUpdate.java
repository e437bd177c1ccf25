package io.datashard;

/**
 * A change to a table that is not yet committed. {@link #apply()} computes the result against the
 * table's current state without committing; {@link #commit()} commits it, retrying on conflicts
 * with concurrent writers as configured by the {@code commit.retry.*} table properties.
 *
 * @param <T> what the update produces (a snapshot, a schema, ...)
 */
public interface PendingUpdate<T> {
  /** Computes the result against the latest table state; nothing is committed. */
  T apply();

  /**
   * Commits the change.
   *
   * @throws io.datashard.exceptions.ValidationException if the change is invalid or conflicts with a concurrent commit
   * @throws io.datashard.exceptions.CommitFailedException if retries were exhausted
   * @throws io.datashard.exceptions.CommitStateUnknownException if the outcome is unknown
   */
  void commit();
}
