package io.datashard.internal.metadata;

import static io.datashard.types.Types.NestedField.optional;
import static io.datashard.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datashard.PartitionSpec;
import io.datashard.PartitionStatisticsFile;
import io.datashard.Snapshot;
import io.datashard.SnapshotRef;
import io.datashard.SortOrder;
import io.datashard.StatisticsFile;
import io.datashard.TableProperties;
import io.datashard.exceptions.ValidationException;
import io.datashard.internal.io.InMemoryFileIO;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableMetadataBuilderTest {
  private static final Schema SCHEMA = new Schema(List.of(
      required(1, "id", Types.LongType.get()),
      optional(2, "data", Types.StringType.get())));

  private final String location = "memory://builder-tests/" + UUID.randomUUID() + "/table";

  private TableMetadata newTable(int formatVersion, Map<String, String> properties) {
    Map<String, String> all = new java.util.HashMap<>(properties);
    all.put(TableProperties.FORMAT_VERSION, String.valueOf(formatVersion));
    return TableMetadataBuilder.newTable(SCHEMA, PartitionSpec.unpartitioned(), SortOrder.unsorted(), location, all);
  }

  private String versionFile(int version) {
    return location + "/metadata/v" + version + ".metadata.json";
  }

  /** Commits {@code count} property changes, each based on the previous version's file, as a catalog does. */
  private List<TableMetadata> commitVersions(TableMetadata first, int count) {
    List<TableMetadata> versions = new ArrayList<>();
    TableMetadata current = first.withMetadataFileLocation(versionFile(1));
    versions.add(current);
    for (int version = 2; version <= count + 1; version += 1) {
      current = current.toBuilder().setProperties(Map.of("commit", String.valueOf(version))).build()
          .withMetadataFileLocation(versionFile(version));
      versions.add(current);
    }
    return versions;
  }

  @Test
  void theMetadataLogRecordsEveryPreviousFileByDefault() {
    List<TableMetadata> versions = commitVersions(newTable(2, Map.of()), 5);
    TableMetadata last = versions.get(versions.size() - 1);
    assertThat(last.metadataLog()).extracting(MetadataLogEntry::file)
        .containsExactly(versionFile(1), versionFile(2), versionFile(3), versionFile(4), versionFile(5));
    // each entry carries the time its file was written, that version's last-updated-ms
    for (int i = 0; i < 5; i += 1) {
      assertThat(last.metadataLog().get(i).timestampMillis()).isEqualTo(versions.get(i).lastUpdatedMillis());
    }
  }

  @Test
  void theMetadataLogIsTrimmedToPreviousVersionsMax() {
    TableMetadata first = newTable(2, Map.of(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "2"));
    List<TableMetadata> versions = commitVersions(first, 5);
    TableMetadata last = versions.get(versions.size() - 1);
    assertThat(last.metadataLog()).extracting(MetadataLogEntry::file).containsExactly(versionFile(4), versionFile(5));

    TableMetadata before = versions.get(versions.size() - 2);
    assertThat(TableMetadataBuilder.droppedMetadataFiles(before, last)).extracting(MetadataLogEntry::file)
        .containsExactly(versionFile(3));

    // lowering the limit trims at once; the new limit applies to the commit that sets it
    TableMetadata lowered = last.toBuilder().setProperties(Map.of(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "1")).build();
    assertThat(lowered.metadataLog()).extracting(MetadataLogEntry::file).containsExactly(versionFile(6));
    assertThat(TableMetadataBuilder.droppedMetadataFiles(last, lowered)).extracting(MetadataLogEntry::file)
        .containsExactly(versionFile(4), versionFile(5));
  }

  @Test
  void theMetadataLogSurvivesAWriteAndRead() {
    FileIO io = new InMemoryFileIO();
    TableMetadata first = newTable(2, Map.of(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "3"));
    TableMetadata current = first;
    for (int version = 1; version <= 6; version += 1) {
      String file = versionFile(version);
      TableMetadataParser.write(current, io.newOutputFile(file));
      current = TableMetadataParser.read(io, file).toBuilder()
          .setProperties(Map.of("commit", String.valueOf(version))).build();
    }
    assertThat(current.metadataLog()).extracting(MetadataLogEntry::file)
        .containsExactly(versionFile(4), versionFile(5), versionFile(6));
  }

  @Test
  void anUnchangedBuildReturnsTheBase() {
    TableMetadata base = newTable(2, Map.of("a", "1")).withMetadataFileLocation(versionFile(1));
    TableMetadataBuilder builder = base.toBuilder().setProperties(Map.of("a", "1")).removeProperties(List.of("missing"));
    assertThat(builder.hasChanges()).isFalse();
    assertThat(builder.build()).isSameAs(base);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void statisticsAreKeptAcrossBuildsUntilTheirSnapshotGoes(int formatVersion) {
    TableMetadataBuilder builder = newTable(formatVersion, Map.of()).toBuilder();
    boolean v3 = formatVersion >= 3;
    builder.addSnapshot(snapshot(1L, 10L, null, v3)).setBranchSnapshot(10L, SnapshotRef.MAIN_BRANCH);
    builder.addSnapshot(snapshot(2L, 20L, 10L, v3)).setBranchSnapshot(20L, SnapshotRef.MAIN_BRANCH);
    StatisticsFile stats10 = statistics(10L, "a");
    StatisticsFile stats20 = statistics(20L, "b");
    PartitionStatisticsFile partitionStats = new PartitionStatisticsFile(20L, location + "/metadata/p-20.parquet", 12L);
    TableMetadata withStats = builder.setStatistics(stats10).setStatistics(stats20).setPartitionStatistics(partitionStats).build()
        .withMetadataFileLocation(versionFile(2));

    // unrelated changes keep them
    TableMetadata later = withStats.toBuilder().setProperties(Map.of("x", "y")).build();
    later = later.toBuilder().addSnapshot(snapshot(3L, 30L, 20L, v3)).setBranchSnapshot(30L, SnapshotRef.MAIN_BRANCH).build();
    assertThat(later.statisticsFiles()).containsExactly(stats10, stats20);
    assertThat(later.partitionStatisticsFiles()).containsExactly(partitionStats);
    TableMetadata reread = TableMetadataParser.fromJson(TableMetadataParser.toJson(later));
    assertThat(reread.statisticsFiles()).containsExactly(stats10, stats20);
    assertThat(reread.partitionStatisticsFiles()).containsExactly(partitionStats);

    // replacing a snapshot's statistics keeps one file per snapshot
    StatisticsFile newer = statistics(10L, "c");
    TableMetadata replaced = later.toBuilder().setStatistics(newer).build();
    assertThat(replaced.statisticsFiles()).containsExactlyInAnyOrder(stats20, newer);

    // removing a snapshot removes its statistics, and only those
    TableMetadata expired = replaced.toBuilder().removeSnapshots(List.of(10L)).build();
    assertThat(expired.statisticsFiles()).containsExactly(stats20);
    assertThat(expired.partitionStatisticsFiles()).containsExactly(partitionStats);
    assertThat(expired.snapshotLog()).extracting(SnapshotLogEntry::snapshotId).containsExactly(20L, 30L);
    assertThat(expired.toBuilder().removeStatistics(20L).removePartitionStatistics(20L).build().statisticsFiles()).isEmpty();
  }

  @Test
  void tracksSequenceNumbersAndRowIds() {
    TableMetadataBuilder builder = newTable(3, Map.of()).toBuilder();
    assertThat(builder.nextSequenceNumber()).isEqualTo(1L);
    builder.addSnapshot(snapshot(1L, 10L, null, true)).setBranchSnapshot(10L, SnapshotRef.MAIN_BRANCH);
    assertThat(builder.nextSequenceNumber()).isEqualTo(2L);
    TableMetadata metadata = builder.build();
    assertThat(metadata.lastSequenceNumber()).isEqualTo(1L);
    // snapshot 10 was given first row id 0 and added 10 rows
    assertThat(metadata.nextRowId()).isEqualTo(10L);
    assertThat(metadata.currentSnapshotId()).contains(10L);

    assertThatThrownBy(() -> metadata.toBuilder().addSnapshot(snapshot(1L, 11L, 10L, true)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("sequence number");
    assertThatThrownBy(() -> metadata.toBuilder().setRef("b", SnapshotRef.branch(99L)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("99");
    assertThatThrownBy(() -> metadata.toBuilder().setRef(SnapshotRef.MAIN_BRANCH, SnapshotRef.tag(10L)))
        .isInstanceOf(ValidationException.class);
    assertThat(newTable(1, Map.of()).nextSequenceNumber()).isZero();
  }

  private Snapshot snapshot(long sequenceNumber, long snapshotId, Long parentId, boolean v3) {
    return new Snapshot(sequenceNumber, snapshotId, parentId, 1_700_000_000_000L + snapshotId,
        location + "/metadata/snap-" + snapshotId + ".avro", List.of(), "append", Map.of(), 0,
        v3 ? (snapshotId / 10 - 1) * 10 : null, v3 ? 10L : null);
  }

  private StatisticsFile statistics(long snapshotId, String suffix) {
    return new StatisticsFile(snapshotId, location + "/metadata/stats-" + snapshotId + "-" + suffix + ".puffin", 100L, 10L,
        null, List.of(new StatisticsFile.BlobMetadata("apache-datasketches-theta-v1", snapshotId, 1L, List.of(1), Map.of())));
  }
}
