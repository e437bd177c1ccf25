package io.datashard.internal.commit;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.DataFile;
import io.datashard.FileFormat;
import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.TableProperties;
import io.datashard.catalog.PathTables;
import io.datashard.internal.io.LocalFileIO;
import io.datashard.internal.metadata.MetadataLogEntry;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataParser;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Shared setup and invariant checks for the concurrency and crash-safety tests of commits. */
final class CommitSafetySupport {
  static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "data", Types.StringType.get())));

  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.metadata\\.json");

  private CommitSafetySupport() {
  }

  /** Retry settings that let heavy contention through quickly. */
  static Map<String, String> fastRetries() {
    return Map.of(
        TableProperties.COMMIT_NUM_RETRIES, "1000",
        TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "1",
        TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "20");
  }

  static Table create(String location, Map<String, String> properties) {
    return new PathTables(new LocalFileIO()).create(SCHEMA, PartitionSpec.unpartitioned(), properties, location);
  }

  static Table load(String location) {
    return new PathTables(new LocalFileIO()).load(location);
  }

  static Table load(String location, FileIO io) {
    return new PathTables(io).load(location);
  }

  static DataFile dataFile(PartitionSpec spec, String location) {
    return DataFile.builder(spec)
        .withLocation(location)
        .withFormat(FileFormat.PARQUET)
        .withRecordCount(10)
        .withFileSizeInBytes(1000)
        .build();
  }

  /** The snapshot an update committed (or last applied). */
  static Snapshot appliedSnapshot(Object update) {
    return ((SnapshotProducer<?>) update).lastApplied();
  }

  /** The current snapshot of the table as the table object last saw it (after its own commit). */
  static Snapshot appliedSnapshotOf(Table table) {
    return ((TableImpl) table).metadata().currentSnapshot().orElseThrow();
  }

  /** Paths of the live data files of the table's current snapshot. */
  static Set<String> liveDataPaths(Table table) {
    Set<String> paths = new HashSet<>();
    if (table.currentSnapshot().isEmpty()) {
      return paths;
    }
    try (CloseableIterator<DataFile> files = table.dataFiles(table.currentSnapshot().get()).iterator()) {
      while (files.hasNext()) {
        assertThat(paths.add(files.next().location())).as("file listed twice").isTrue();
      }
    }
    return paths;
  }

  static Path metadataDir(String location) {
    return Paths.get(location, "metadata");
  }

  /** All files in the metadata folder, by name. */
  static Set<String> metadataFileNames(String location) {
    try (Stream<Path> files = Files.list(metadataDir(location))) {
      Set<String> names = new HashSet<>();
      files.forEach(f -> names.add(f.getFileName().toString()));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every version file, by version number, read with a clean FileIO; fails if one is unreadable. */
  static TreeMap<Integer, TableMetadata> readVersions(String location) {
    TreeMap<Integer, TableMetadata> versions = new TreeMap<>();
    LocalFileIO io = new LocalFileIO();
    for (String name : metadataFileNames(location)) {
      Matcher matcher = VERSION_FILE.matcher(name);
      if (matcher.matches()) {
        String file = metadataDir(location).resolve(name).toString();
        versions.put(Integer.parseInt(matcher.group(1)), TableMetadataParser.read(io, file).withMetadataFileLocation(file));
      } else {
        assertThat(name).as("stray file that looks like metadata in %s", location).doesNotContain("metadata.json");
      }
    }
    return versions;
  }

  /**
   * Checks the invariants of a table that only ever saw appends of one snapshot per commit: the
   * versions are v1..vN with none missing or unreadable; each version adds exactly one snapshot on
   * top of the previous version's current snapshot; each version's metadata log ends with the
   * previous version; sequence numbers strictly increase along the ancestry. Returns the versions.
   */
  static TreeMap<Integer, TableMetadata> assertAppendOnlyHistory(String location) {
    TreeMap<Integer, TableMetadata> versions = readVersions(location);
    assertThat(versions).isNotEmpty();
    assertThat(versions.firstKey()).isEqualTo(1);
    assertThat(versions.lastKey()).as("versions are contiguous").isEqualTo(versions.size());

    TableMetadata previous = null;
    for (Map.Entry<Integer, TableMetadata> entry : versions.entrySet()) {
      int version = entry.getKey();
      TableMetadata metadata = entry.getValue();
      assertThat(metadata.snapshots()).as("snapshots of v%d", version).hasSize(version - 1);
      if (previous != null) {
        Snapshot current = metadata.currentSnapshot().orElseThrow();
        Long previousId = previous.currentSnapshot().map(Snapshot::snapshotId).orElse(null);
        assertThat(current.parentId()).as("parent of the snapshot v%d added", version).isEqualTo(previousId);
        assertThat(metadata.lastSequenceNumber()).as("last sequence number of v%d", version)
            .isGreaterThan(previous.lastSequenceNumber());
        for (Snapshot snapshot : previous.snapshots()) {
          assertThat(metadata.snapshot(snapshot.snapshotId())).as("v%d keeps the snapshots of v%d", version, version - 1)
              .isPresent();
        }
        List<MetadataLogEntry> log = metadata.metadataLog();
        assertThat(log).as("metadata log of v%d", version).isNotEmpty();
        assertThat(log.get(log.size() - 1).file()).as("metadata log of v%d ends with v%d", version, version - 1)
            .endsWith("/v" + (version - 1) + ".metadata.json");
        for (int i = 0; i < log.size(); i++) {
          int logged = version - log.size() + i;
          assertThat(log.get(i).file()).as("metadata log of v%d, entry %d", version, i).endsWith("/v" + logged + ".metadata.json");
        }
      }
      previous = metadata;
    }
    assertIncreasingSequenceNumbers(versions.lastEntry().getValue());
    return versions;
  }

  /** Walks the current snapshot's ancestry and checks sequence numbers strictly decrease going back. */
  static List<Snapshot> assertIncreasingSequenceNumbers(TableMetadata metadata) {
    List<Snapshot> ancestry = new ArrayList<>();
    Snapshot snapshot = metadata.currentSnapshot().orElse(null);
    while (snapshot != null) {
      ancestry.add(snapshot);
      Long parentId = snapshot.parentId();
      Snapshot parent = parentId == null ? null : metadata.snapshot(parentId).orElseThrow();
      if (parent != null) {
        assertThat(snapshot.sequenceNumber()).as("sequence number of %d after its parent", snapshot.snapshotId())
            .isGreaterThan(parent.sequenceNumber());
      }
      snapshot = parent;
    }
    assertThat(ancestry).as("every snapshot is an ancestor of the current one").hasSize(metadata.snapshots().size());
    return ancestry;
  }

  /**
   * Files in the metadata folder that are neither version files nor the hint, and that no snapshot
   * of the latest version references (as manifest list or manifest): what failed commits left.
   */
  static Set<String> unreferencedMetadataFiles(String location) {
    LocalFileIO io = new LocalFileIO();
    TableMetadata latest = readVersions(location).lastEntry().getValue();
    Set<String> referenced = new HashSet<>();
    for (Snapshot snapshot : latest.snapshots()) {
      referenced.add(Paths.get(snapshot.manifestListLocation()).getFileName().toString());
      for (ManifestFile manifest : Snapshots.manifests(io, snapshot)) {
        referenced.add(Paths.get(manifest.location()).getFileName().toString());
      }
    }
    Set<String> unreferenced = new HashSet<>();
    for (String name : metadataFileNames(location)) {
      if (!VERSION_FILE.matcher(name).matches() && !name.equals("version-hint.text") && !referenced.contains(name)) {
        unreferenced.add(name);
      }
    }
    return unreferenced;
  }

  /**
   * Checks that every version a writer reported creating holds the snapshot that writer committed:
   * versions are distinct and none was overwritten by another writer.
   */
  static void assertVersionsHoldTheirCommits(Map<String, Long> snapshotByVersionFile, Map<Integer, TableMetadata> versions) {
    Map<String, TableMetadata> byFile = new HashMap<>();
    for (TableMetadata metadata : versions.values()) {
      byFile.put(Paths.get(metadata.metadataFileLocation().orElseThrow()).getFileName().toString(), metadata);
    }
    for (Map.Entry<String, Long> entry : snapshotByVersionFile.entrySet()) {
      String name = Paths.get(entry.getKey()).getFileName().toString();
      assertThat(byFile).as("version file %s reported by a writer", name).containsKey(name);
      assertThat(byFile.get(name).currentSnapshotId().orElse(null)).as("current snapshot of %s", name).isEqualTo(entry.getValue());
    }
  }
}
