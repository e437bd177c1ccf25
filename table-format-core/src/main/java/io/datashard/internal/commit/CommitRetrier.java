package io.datashard.internal.commit;

import io.datashard.TableProperties;
import io.datashard.exceptions.CommitFailedException;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.internal.metadata.TableMetadata;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry path for commits: refresh, apply, compare-and-swap, with exponential backoff and
 * jitter between attempts. Limits come from the {@code commit.retry.*} table properties of the base.
 * Validation failures are not retried.
 */
public final class CommitRetrier {
  private static final Logger LOG = LoggerFactory.getLogger(CommitRetrier.class);

  private final int numRetries;
  private final long minWaitMs;
  private final long maxWaitMs;
  private final long totalTimeoutMs;

  CommitRetrier(int numRetries, long minWaitMs, long maxWaitMs, long totalTimeoutMs) {
    this.numRetries = numRetries;
    this.minWaitMs = minWaitMs;
    this.maxWaitMs = maxWaitMs;
    this.totalTimeoutMs = totalTimeoutMs;
  }

  public static CommitRetrier forTable(TableMetadata metadata) {
    return new CommitRetrier(
        metadata.propertyAsInt(TableProperties.COMMIT_NUM_RETRIES, TableProperties.COMMIT_NUM_RETRIES_DEFAULT),
        metadata.propertyAsLong(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, TableProperties.COMMIT_MIN_RETRY_WAIT_MS_DEFAULT),
        metadata.propertyAsLong(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, TableProperties.COMMIT_MAX_RETRY_WAIT_MS_DEFAULT),
        metadata.propertyAsLong(TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, TableProperties.COMMIT_TOTAL_RETRY_TIME_MS_DEFAULT));
  }

  /**
   * Applies {@code change} to the latest metadata and commits it, retrying lost races.
   *
   * @return the metadata that became current (or the base, if the change was a no-op)
   */
  public TableMetadata commit(TableOperations ops, UnaryOperator<TableMetadata> change) {
    long start = System.nanoTime();
    int attempt = 0;
    TableMetadata base = ops.current();
    while (true) {
      TableMetadata updated = change.apply(base);
      if (updated == base) {
        return base;
      }
      try {
        ops.commit(base, updated);
        return ops.current();
      } catch (CommitFailedException e) {
        attempt++;
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        if (attempt > numRetries || elapsedMs > totalTimeoutMs) {
          // name the limit that stopped us, so the advice is the one that helps
          String limit = attempt > numRetries
              ? TableProperties.COMMIT_NUM_RETRIES + " (now " + numRetries + ")"
              : TableProperties.COMMIT_TOTAL_RETRY_TIME_MS + " (now " + totalTimeoutMs + ")";
          throw new CommitFailedException("Commit to " + ops.tableName() + " failed after " + attempt + " attempts in "
              + elapsedMs + " ms because other writers kept committing first: " + e.getMessage()
              + ". Retry later, or raise " + limit, e);
        }
        sleep(attempt);
        LOG.info("Retrying commit to {} (attempt {} of {}): {}", ops.tableName(), attempt + 1, numRetries + 1, e.getMessage());
        base = ops.refresh();
      } catch (CommitStateUnknownException e) {
        throw e;
      }
    }
  }

  private void sleep(int attempt) {
    long exponential = minWaitMs * (1L << Math.min(attempt - 1, 20));
    long wait = Math.min(maxWaitMs, exponential);
    long jittered = wait / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, wait / 2 + 1));
    try {
      Thread.sleep(jittered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException("Interrupted while waiting to retry a commit");
    }
  }
}
