package io.datashard.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.CommitFailedException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits that lose real races are retried with exponential backoff, within the commit.retry.* limits. */
class CommitRetryTest {
  @TempDir
  Path dir;

  private String location;

  private ConflictingOperations tableWithConflicts(Map<String, String> properties, int conflicts) {
    location = dir.resolve("table").toString();
    CommitSafetySupport.create(location, properties);
    return new ConflictingOperations(location, conflicts);
  }

  private static Map<String, String> retries(int numRetries, long minWaitMs, long maxWaitMs, long totalTimeoutMs) {
    return Map.of(
        TableProperties.COMMIT_NUM_RETRIES, String.valueOf(numRetries),
        TableProperties.COMMIT_MIN_RETRY_WAIT_MS, String.valueOf(minWaitMs),
        TableProperties.COMMIT_MAX_RETRY_WAIT_MS, String.valueOf(maxWaitMs),
        TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, String.valueOf(totalTimeoutMs));
  }

  private String append(Table table, String name) {
    String path = location + "/data/" + name + ".parquet";
    table.newFastAppend().appendFile(CommitSafetySupport.dataFile(table.spec(), path)).commit();
    return path;
  }

  @Test
  void conflictsInjectedKTimesSucceedAfterKRetries() {
    int conflicts = 3;
    ConflictingOperations ops = tableWithConflicts(retries(conflicts, 1, 10, 60_000), conflicts);
    Table table = new TableImpl(ops, location);

    String ours = append(table, "ours");

    assertThat(ops.attempts()).isEqualTo(conflicts + 1);
    Set<String> expected = new HashSet<>(ops.rivalFiles());
    expected.add(ours);
    assertThat(ops.rivalFiles()).hasSize(conflicts);
    assertThat(CommitSafetySupport.liveDataPaths(CommitSafetySupport.load(location))).isEqualTo(expected);
    CommitSafetySupport.assertAppendOnlyHistory(location);
    // the manifest lists of the attempts that lost were removed; the one that landed was kept
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).isEmpty();
  }

  @Test
  void exhaustedRetriesFailWithAnActionableMessageAndCleanUp() {
    ConflictingOperations ops = tableWithConflicts(retries(2, 1, 10, 60_000), 10);
    Table table = new TableImpl(ops, location);

    assertThatThrownBy(() -> append(table, "ours"))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining(location)
        .hasMessageContaining("3 attempts")
        .hasMessageContaining(TableProperties.COMMIT_NUM_RETRIES)
        .hasMessageContaining("Retry");

    assertThat(ops.attempts()).isEqualTo(3);
    assertThat(CommitSafetySupport.liveDataPaths(CommitSafetySupport.load(location)))
        .isEqualTo(new HashSet<>(ops.rivalFiles()));
    CommitSafetySupport.assertAppendOnlyHistory(location);
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).as("files of the failed commit").isEmpty();
  }

  @Test
  void zeroRetriesMeansOneAttempt() {
    ConflictingOperations ops = tableWithConflicts(retries(0, 1, 10, 60_000), 1);
    Table table = new TableImpl(ops, location);

    assertThatThrownBy(() -> append(table, "ours")).isInstanceOf(CommitFailedException.class);
    assertThat(ops.attempts()).isEqualTo(1);
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).isEmpty();
  }

  @Test
  void backoffDoublesFromTheMinimumWait() {
    long minWait = 40;
    int conflicts = 4;
    ConflictingOperations ops = tableWithConflicts(retries(conflicts, minWait, 60_000, 60_000), conflicts);
    Table table = new TableImpl(ops, location);

    append(table, "ours");

    List<Long> waits = ops.waitsMillis();
    assertThat(waits).hasSize(conflicts);
    for (int retry = 0; retry < conflicts; retry++) {
      long backoff = minWait << retry;
      // jitter keeps at least half of the backoff
      assertThat(waits.get(retry)).as("wait before retry %d of %s", retry + 1, waits).isGreaterThanOrEqualTo(backoff / 2);
    }
  }

  @Test
  void backoffIsCappedAtTheMaximumWait() {
    int conflicts = 7;
    ConflictingOperations ops = tableWithConflicts(retries(conflicts, 20, 20, 60_000), conflicts);
    Table table = new TableImpl(ops, location);

    append(table, "ours");

    List<Long> waits = ops.waitsMillis();
    assertThat(waits).hasSize(conflicts);
    // uncapped, the last wait would be at least 20 * 2^6 / 2 = 640 ms
    assertThat(waits.get(conflicts - 1)).as("waits %s", waits).isLessThan(500);
    assertThat(waits).allSatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(10));
  }

  @Test
  void totalTimeoutStopsRetryingAndSaysSo() {
    ConflictingOperations ops = tableWithConflicts(retries(1000, 30, 30, 200), Integer.MAX_VALUE);
    Table table = new TableImpl(ops, location);

    long start = System.nanoTime();
    assertThatThrownBy(() -> append(table, "ours"))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining(location)
        .hasMessageContaining(TableProperties.COMMIT_TOTAL_RETRY_TIME_MS);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(ops.attempts()).isBetween(2, 100);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(200).isLessThan(10_000);
    assertThat(CommitSafetySupport.unreferencedMetadataFiles(location)).isEmpty();
  }
}
