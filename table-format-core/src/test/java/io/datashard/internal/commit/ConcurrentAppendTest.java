package io.datashard.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.AppendFiles;
import io.datashard.Table;
import io.datashard.internal.metadata.TableMetadata;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many writers appending to one path table at once, from threads of one JVM and from separate
 * JVMs: every acknowledged append survives, and no metadata version is created twice.
 */
class ConcurrentAppendTest {
  private static final int THREADS = 8;
  private static final int APPENDS_PER_THREAD = 25;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "shared table instance: {0}")
  @ValueSource(booleans = {false, true})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void threadsAppendingConcurrentlyLoseNothing(boolean shareTable) throws Exception {
    String location = dir.resolve("table").toString();
    Table created = CommitSafetySupport.create(location, CommitSafetySupport.fastRetries());

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Map<String, Long> snapshotByVersionFile = new ConcurrentHashMap<>();
    List<String> reportedVersionFiles = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          // each thread its own table object, like separate applications; or all one, like tasks of one application
          Table table = shareTable ? created : CommitSafetySupport.load(location);
          start.await();
          for (int i = 0; i < APPENDS_PER_THREAD; i++) {
            String path = location + "/data/t" + thread + "-" + i + ".parquet";
            // half the writers merge manifests, so retries also re-run manifest merging
            AppendFiles append = thread % 2 == 0 ? table.newAppend() : table.newFastAppend();
            append.appendFile(CommitSafetySupport.dataFile(table.spec(), path)).commit();
            acknowledged.add(path);
            if (shareTable) {
              continue; // the shared table object may already show another thread's later commit
            }
            String versionFile = ((TableImpl) table).metadata().metadataFileLocation().orElseThrow();
            reportedVersionFiles.add(versionFile);
            snapshotByVersionFile.put(versionFile, CommitSafetySupport.appliedSnapshot(append).snapshotId());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(acknowledged).hasSize(THREADS * APPENDS_PER_THREAD);
    if (!shareTable) {
      assertThat(new HashSet<>(reportedVersionFiles)).as("every commit created its own version file")
          .hasSize(THREADS * APPENDS_PER_THREAD);
      assertThat(snapshotByVersionFile).hasSize(acknowledged.size());
    }
    assertConsistent(location, acknowledged, snapshotByVersionFile);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void processesAppendingConcurrentlyLoseNothing() throws Exception {
    String location = dir.resolve("table").toString();
    CommitSafetySupport.create(location, CommitSafetySupport.fastRetries());
    int perWorker = 30;

    Path go = dir.resolve("go");
    List<Process> processes = new ArrayList<>();
    List<List<Integer>> versionsByWorker = new ArrayList<>();
    List<Path> errors = new ArrayList<>();
    Set<String> acknowledged = new HashSet<>();
    Map<String, Long> snapshotByVersionFile = new java.util.HashMap<>();
    try {
      for (String worker : List.of("a", "b")) {
        Path stderr = dir.resolve("worker-" + worker + ".err");
        errors.add(stderr);
        ProcessBuilder builder = new ProcessBuilder(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
            "-cp", System.getProperty("java.class.path"),
            "-Xshare:auto", "-XX:TieredStopAtLevel=1",
            AppendWorker.class.getName(), location, worker, String.valueOf(perWorker), go.toString());
        builder.redirectError(stderr.toFile());
        processes.add(builder.start());
      }
      // start only when both JVMs are up, or a fast starter could finish before the other begins
      long readyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(Files.exists(dir.resolve("go.ready-a")) && Files.exists(dir.resolve("go.ready-b")))) {
        assertThat(System.nanoTime()).as("both workers became ready").isLessThan(readyDeadline);
        for (int i = 0; i < processes.size(); i++) {
          assertThat(processes.get(i).isAlive() || Files.exists(dir.resolve(i == 0 ? "go.ready-a" : "go.ready-b")))
              .as("worker %d died before it was ready; stderr: %s", i, tail(errors.get(i))).isTrue();
        }
        Thread.sleep(5);
      }
      Files.createFile(go);
      for (int i = 0; i < processes.size(); i++) {
        Process process = processes.get(i);
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            lines.add(line);
          }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("worker %d finished", i).isTrue();
        assertThat(process.exitValue()).as("exit code of worker %d; stderr: %s", i, tail(errors.get(i))).isZero();
        List<Integer> versions = new ArrayList<>();
        versionsByWorker.add(versions);
        for (String line : lines) {
          String[] parts = line.split(" ");
          String versionName = Path.of(parts[2]).getFileName().toString();
          versions.add(Integer.parseInt(versionName.substring(1, versionName.indexOf('.'))));
          assertThat(parts[0]).isEqualTo("ACK");
          assertThat(acknowledged.add(parts[1])).as("acknowledged once: %s", parts[1]).isTrue();
          assertThat(snapshotByVersionFile.put(parts[2], Long.parseLong(parts[3])))
              .as("version file %s reported by two commits", parts[2]).isNull();
        }
      }
    } finally {
      for (Process process : processes) {
        if (process.isAlive()) {
          process.destroyForcibly();
        }
      }
    }

    assertThat(acknowledged).hasSize(2 * perWorker);
    assertThat(snapshotByVersionFile).hasSize(acknowledged.size());
    // the workers really raced: their commits interleave
    List<Integer> a = versionsByWorker.get(0);
    List<Integer> b = versionsByWorker.get(1);
    assertThat(java.util.Collections.min(a)).as("versions of a %s and b %s", a, b).isLessThan(java.util.Collections.max(b));
    assertThat(java.util.Collections.min(b)).as("versions of a %s and b %s", a, b).isLessThan(java.util.Collections.max(a));
    assertConsistent(location, acknowledged, snapshotByVersionFile);
  }

  private static String tail(Path file) {
    try {
      String text = Files.readString(file);
      return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static void assertConsistent(String location, Set<String> acknowledged, Map<String, Long> snapshotByVersionFile) {
    Table table = CommitSafetySupport.load(location);
    assertThat(CommitSafetySupport.liveDataPaths(table)).isEqualTo(acknowledged);
    TreeMap<Integer, TableMetadata> versions = CommitSafetySupport.assertAppendOnlyHistory(location);
    assertThat(versions.lastKey()).isEqualTo(acknowledged.size() + 1);
    CommitSafetySupport.assertVersionsHoldTheirCommits(snapshotByVersionFile, versions);
    assertThat(table.currentSnapshot().orElseThrow().summary()).containsEntry("total-data-files", String.valueOf(acknowledged.size()));
  }
}
