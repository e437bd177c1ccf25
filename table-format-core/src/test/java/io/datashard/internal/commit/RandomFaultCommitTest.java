package io.datashard.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.AppendFiles;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.exceptions.CommitFailedException;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.DatashardException;
import io.datashard.internal.commit.FaultInjectingFileIO.Point;
import io.datashard.internal.io.LocalFileIO;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many appends through storage that fails at random (seeded) while a second writer commits
 * through healthy storage: whatever happens, the table loads, acknowledged appends are there,
 * appends that failed are not, and the only files left behind are those of unknown outcomes or of
 * deletes that failed.
 */
class RandomFaultCommitTest {
  private static final int APPENDS = 200;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(longs = {20261121L, 7L})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void appendsThroughFaultyStorageKeepTheTableConsistent(long seed) throws Exception {
    String location = dir.resolve("table").toString();
    Map<String, String> properties = new LinkedHashMap<>(CommitSafetySupport.fastRetries());
    properties.put(TableProperties.COMMIT_NUM_RETRIES, "4");
    CommitSafetySupport.create(location, properties);

    FaultInjectingFileIO io = new FaultInjectingFileIO(new LocalFileIO(), seed)
        .failRandomly(Point.CREATE, 0.01)
        .failRandomly(Point.WRITE, 0.002)
        .failRandomly(Point.CLOSE, 0.01)
        .failRandomly(Point.PUBLISH_THEN_FAIL, 0.03)
        .failRandomly(Point.OPEN, 0.003)
        .failRandomly(Point.READ, 0.002)
        .failRandomly(Point.EXISTS, 0.002)
        .failRandomly(Point.DELETE, 0.1);
    io.enabled(false);
    Table table = CommitSafetySupport.load(location, io);
    io.enabled(true);

    // a healthy writer racing the faulty one
    Set<String> rivalAcknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean(false);
    List<Throwable> rivalErrors = new ArrayList<>();
    Thread rival = new Thread(() -> {
      try {
        Table healthy = CommitSafetySupport.load(location);
        for (int i = 0; i < 60 && !stop.get(); i++) {
          String path = location + "/data/rival-" + i + ".parquet";
          while (true) {
            try {
              healthy.newFastAppend().appendFile(CommitSafetySupport.dataFile(healthy.spec(), path)).commit();
              break;
            } catch (CommitFailedException e) {
              // lost too many races in a row (the table allows few retries): the append did not
              // happen, so doing it again is safe
            }
          }
          rivalAcknowledged.add(path);
          Thread.sleep(5);
        }
      } catch (Throwable t) {
        synchronized (rivalErrors) {
          rivalErrors.add(t);
        }
      }
    });
    rival.start();

    Set<String> acknowledged = new HashSet<>();
    Set<String> failed = new HashSet<>();
    Set<String> unknown = new HashSet<>();
    Set<String> filesOfUnknownCommits = new HashSet<>();
    Map<String, Integer> exceptionTypes = new LinkedHashMap<>();
    List<Throwable> unexpected = new ArrayList<>();
    Random unknownOutcomes = new Random(seed);
    try {
      for (int i = 0; i < APPENDS; i++) {
        String path = location + "/data/faulty-" + i + ".parquet";
        int publishedBefore = io.published().size();
        if (unknownOutcomes.nextDouble() < 0.04) {
          // a metadata write that lands but reports an error, and storage that then cannot tell
          Predicate<String> versionFile = file -> file.endsWith(".metadata.json");
          io.failOnce(Point.PUBLISH_THEN_FAIL, versionFile, () -> io.failOnce(Point.OPEN, versionFile));
        }
        try {
          AppendFiles append = i % 3 == 0 ? table.newAppend() : table.newFastAppend();
          append.appendFile(CommitSafetySupport.dataFile(table.spec(), path)).commit();
          acknowledged.add(path);
        } catch (CommitStateUnknownException e) {
          unknown.add(path);
          exceptionTypes.merge(e.getClass().getSimpleName(), 1, Integer::sum);
          List<String> published = io.published();
          for (String file : published.subList(publishedBefore, published.size())) {
            filesOfUnknownCommits.add(Paths.get(file).getFileName().toString());
          }
        } catch (DatashardException e) {
          failed.add(path);
          exceptionTypes.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        } catch (RuntimeException e) {
          // every failure a caller sees must be one of ours, so callers can branch on it
          failed.add(path);
          unexpected.add(e);
        }
      }
    } finally {
      stop.set(true);
      rival.join(30_000);
    }
    String outcomes = "outcomes with seed " + seed + ": " + acknowledged.size() + " acknowledged, " + failed.size() + " failed, "
        + unknown.size() + " unknown; failures by type " + exceptionTypes + "; " + io.injectedTotal() + " faults injected";
    assertThat(rivalErrors).isEmpty();
    assertThat(unexpected).as("exceptions that are not DatashardExceptions").isEmpty();

    // the run must have exercised every kind of outcome
    assertThat(io.injectedTotal()).isGreaterThan(20);
    assertThat(acknowledged.size()).as(outcomes).isGreaterThan(APPENDS / 2);
    assertThat(failed).as(outcomes).isNotEmpty();
    assertThat(unknown).as(outcomes).isNotEmpty();

    Table reloaded = CommitSafetySupport.load(location);
    Set<String> live = CommitSafetySupport.liveDataPaths(reloaded);
    assertThat(live).containsAll(acknowledged).containsAll(rivalAcknowledged);
    assertThat(live).doesNotContainAnyElementsOf(failed);
    Set<String> allowed = new HashSet<>(acknowledged);
    allowed.addAll(rivalAcknowledged);
    allowed.addAll(unknown);
    assertThat(allowed).containsAll(live);
    CommitSafetySupport.assertAppendOnlyHistory(location);

    Set<String> leftovers = CommitSafetySupport.unreferencedMetadataFiles(location);
    Set<String> excused = new HashSet<>(filesOfUnknownCommits);
    for (String file : io.failedDeletes()) {
      excused.add(Paths.get(file).getFileName().toString());
    }
    leftovers.removeAll(excused);
    assertThat(leftovers).as("files of failed commits that were not cleaned up; %s", outcomes).isEmpty();
  }
}
