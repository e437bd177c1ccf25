package io.datashard.s3;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataParser;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.FileIOs;
import io.datashard.io.FileInfo;
import io.datashard.io.SupportsPrefixListing;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.BufferedReader;
import java.io.File;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path tables on {@code s3://} locations: the catalog-less commits that conditional PUTs make safe. */
class S3PathTableTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "data", Types.StringType.get())));
  private static final Pattern VERSION_FILE = Pattern.compile(".*/v(\\d+)\\.metadata\\.json");
  private static final int APPENDS_PER_WORKER = 12;

  private final S3TestServer server = S3TestServer.shared();
  private final Map<Process, BufferedReader> readers = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Process, CompletableFuture<String>> firstLines = new java.util.concurrent.ConcurrentHashMap<>();

  @TempDir
  Path tempDir;

  @Test
  void createsAppendsAndLoadsThroughS3Locations() {
    String location = S3TestServer.newRoot("table");
    PathTables tables = new PathTables(server.properties());

    Table created = tables.create(SCHEMA, PartitionSpec.unpartitioned(), location);
    created.newAppend().appendFile(S3AppendWorker.dataFile(created.spec(), location + "/data/a.parquet")).commit();
    created.newFastAppend().appendFile(S3AppendWorker.dataFile(created.spec(), location + "/data/b.parquet")).commit();

    assertThat(created.io()).isInstanceOf(S3FileIO.class);
    Table loaded = new PathTables(server.properties()).load(location);
    assertThat(loaded.snapshots()).hasSize(2);
    assertThat(dataFiles(loaded)).containsExactlyInAnyOrder(location + "/data/a.parquet", location + "/data/b.parquet");
    assertThat(loaded.schema().asStruct()).isEqualTo(SCHEMA.asStruct());
    assertThat(tables.exists(location)).isTrue();
    assertThat(versionFiles(location)).containsOnlyKeys(1, 2, 3);

    assertThat(tables.drop(location, true)).isTrue();
    assertThat(tables.exists(location)).isFalse();
  }

  @Test
  void twoJvmsAppendingConcurrentlyLoseNoCommit() throws Exception {
    String location = S3TestServer.newRoot("concurrent");
    new PathTables(server.properties()).create(SCHEMA, PartitionSpec.unpartitioned(), Map.of(
        TableProperties.COMMIT_NUM_RETRIES, "1000",
        TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "1",
        TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "20"), location);
    Path go = tempDir.resolve("go");

    List<Process> workers = new ArrayList<>();
    for (String worker : List.of("w1", "w2")) {
      workers.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", S3AppendWorker.class.getName(),
          server.endpoint(), location, worker, String.valueOf(APPENDS_PER_WORKER), go.toString())
          .redirectError(tempDir.resolve(worker + ".err").toFile())
          .start());
    }
    List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
    for (Process worker : workers) {
      outputs.add(CompletableFuture.supplyAsync(() -> lines(worker)));
    }
    // both are up and have loaded the table before either commits
    for (Process worker : workers) {
      assertThat(firstLine(worker)).isEqualTo("READY");
    }
    Files.createFile(go);

    List<String> acks = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      Process worker = workers.get(i);
      assertThat(worker.waitFor(120, TimeUnit.SECONDS)).as("worker %d finished", i).isTrue();
      assertThat(worker.exitValue()).as("worker %d exit code; stderr: %s", i,
          Files.readString(tempDir.resolve("w" + (i + 1) + ".err"))).isZero();
      acks.addAll(outputs.get(i).get(10, TimeUnit.SECONDS));
    }

    assertThat(acks).hasSize(2 * APPENDS_PER_WORKER);
    Set<String> ackedFiles = new HashSet<>();
    Set<String> ackedVersions = new HashSet<>();
    Set<Long> ackedSnapshots = new HashSet<>();
    for (String ack : acks) {
      String[] parts = ack.split(" ");
      assertThat(parts[0]).isEqualTo("ACK");
      ackedFiles.add(parts[1]);
      assertThat(ackedVersions.add(parts[2])).as("two commits acknowledged the same version %s", parts[2]).isTrue();
      ackedSnapshots.add(Long.parseLong(parts[3]));
    }

    // no lost commit: every acknowledged file and snapshot is in the final table
    Table table = new PathTables(server.properties()).load(location);
    assertThat(dataFiles(table)).containsExactlyInAnyOrderElementsOf(ackedFiles);
    Set<Long> snapshots = new HashSet<>();
    table.snapshots().forEach(s -> snapshots.add(s.snapshotId()));
    assertThat(snapshots).isEqualTo(ackedSnapshots);

    // no overwritten version: v1..vN each add exactly one snapshot on top of the previous version
    TreeMap<Integer, TableMetadata> versions = versionFiles(location);
    assertThat(versions.keySet()).hasSize(2 * APPENDS_PER_WORKER + 1);
    assertThat(versions.lastKey()).isEqualTo(2 * APPENDS_PER_WORKER + 1);
    TableMetadata previous = null;
    for (TableMetadata metadata : versions.values()) {
      if (previous != null) {
        assertThat(metadata.snapshots()).hasSize(previous.snapshots().size() + 1);
        Snapshot current = metadata.currentSnapshot().orElseThrow();
        assertThat(current.parentId()).isEqualTo(previous.currentSnapshot().map(Snapshot::snapshotId).orElse(null));
      }
      previous = metadata;
    }
  }

  private TreeMap<Integer, TableMetadata> versionFiles(String location) {
    TreeMap<Integer, TableMetadata> versions = new TreeMap<>();
    try (FileIO io = FileIOs.forLocation(location, server.properties());
         CloseableIterator<FileInfo> files = ((SupportsPrefixListing) io).listPrefix(location + "/metadata").iterator()) {
      while (files.hasNext()) {
        String file = files.next().location();
        Matcher matcher = VERSION_FILE.matcher(file);
        if (matcher.matches()) {
          versions.put(Integer.parseInt(matcher.group(1)), TableMetadataParser.read(io.newInputFile(file)));
        }
      }
    }
    return versions;
  }

  private static List<String> dataFiles(Table table) {
    List<String> paths = new ArrayList<>();
    try (CloseableIterator<DataFile> files = table.dataFiles(table.currentSnapshot().orElseThrow()).iterator()) {
      while (files.hasNext()) {
        paths.add(files.next().location());
      }
    }
    return paths;
  }

  private static String javaBinary() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  private BufferedReader reader(Process process) {
    return readers.computeIfAbsent(process,
        p -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
  }

  private String firstLine(Process process) throws Exception {
    return firstLines.computeIfAbsent(process, p -> new CompletableFuture<>()).get(60, TimeUnit.SECONDS);
  }

  /** All lines after the first, which goes to {@link #firstLine}. */
  private List<String> lines(Process process) {
    List<String> lines = new ArrayList<>();
    CompletableFuture<String> first = firstLines.computeIfAbsent(process, p -> new CompletableFuture<>());
    try {
      BufferedReader in = reader(process);
      String line;
      while ((line = in.readLine()) != null) {
        if (!first.isDone()) {
          first.complete(line);
        } else {
          lines.add(line);
        }
      }
      first.complete("(no output)");
    } catch (java.io.IOException e) {
      first.completeExceptionally(e);
      throw new java.io.UncheckedIOException(e);
    }
    return lines;
  }
}
