package io.datashard.internal.commit;

import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.TableProperties;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.manifest.ManifestWriter;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.io.CloseableIterator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges small data manifests of the same spec into manifests of about
 * {@code commit.manifest.target-size-bytes}, once a spec has at least
 * {@code commit.manifest.min-count-to-merge} manifests. Keeps the number of manifests a reader
 * must open bounded as appends accumulate.
 */
final class ManifestMerger {
  private final TableMetadata base;
  private final SnapshotProducer<?> producer;
  private final long targetSizeBytes;
  private final int minCountToMerge;
  private final Map<List<String>, ManifestFile> mergedCache;

  ManifestMerger(TableMetadata base, SnapshotProducer<?> producer, Map<List<String>, ManifestFile> mergedCache) {
    this.base = base;
    this.producer = producer;
    this.targetSizeBytes = base.propertyAsLong(TableProperties.MANIFEST_TARGET_SIZE_BYTES, TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT);
    this.minCountToMerge = base.propertyAsInt(TableProperties.MANIFEST_MIN_MERGE_COUNT, TableProperties.MANIFEST_MIN_MERGE_COUNT_DEFAULT);
    this.mergedCache = mergedCache;
  }

  /** Data manifests in, newest first; merged data manifests out, in the same order. */
  List<ManifestFile> merge(List<ManifestFile> manifests) {
    Map<Integer, List<ManifestFile>> bySpec = new LinkedHashMap<>();
    for (ManifestFile manifest : manifests) {
      bySpec.computeIfAbsent(manifest.partitionSpecId(), id -> new ArrayList<>()).add(manifest);
    }
    List<ManifestFile> result = new ArrayList<>();
    for (List<ManifestFile> group : bySpec.values()) {
      if (group.size() < minCountToMerge) {
        result.addAll(group);
        continue;
      }
      List<ManifestFile> bin = new ArrayList<>();
      long binSize = 0;
      for (ManifestFile manifest : group) {
        if (manifest.length() >= targetSizeBytes) {
          result.add(manifest);
          continue;
        }
        if (!bin.isEmpty() && binSize + manifest.length() > targetSizeBytes) {
          result.addAll(mergeBin(bin));
          bin = new ArrayList<>();
          binSize = 0;
        }
        bin.add(manifest);
        binSize += manifest.length();
      }
      if (!bin.isEmpty()) {
        result.addAll(mergeBin(bin));
      }
    }
    return result;
  }

  private List<ManifestFile> mergeBin(List<ManifestFile> bin) {
    if (bin.size() == 1) {
      return bin;
    }
    List<String> key = new ArrayList<>();
    for (ManifestFile manifest : bin) {
      key.add(manifest.location());
    }
    ManifestFile cached = mergedCache.get(key);
    if (cached != null) {
      return List.of(cached);
    }
    long snapshotId = producer.snapshotId();
    PartitionSpec spec = FileChangeProducer.specFor(base, bin.get(0).partitionSpecId());
    ManifestWriter writer = ManifestWriter.forData(spec, base.schema(), base.formatVersion(),
        producer.io().newOutputFile(producer.newManifestLocation()), snapshotId);
    try (writer) {
      for (ManifestFile manifest : bin) {
        try (CloseableIterator<ManifestEntry> entries = ManifestReader.read(producer.io(), manifest, base.specsById()).iterator()) {
          while (entries.hasNext()) {
            ManifestEntry entry = entries.next();
            boolean ours = entry.snapshotId() != null && entry.snapshotId() == snapshotId;
            switch (entry.status()) {
              case ADDED -> {
                if (ours) {
                  Long explicitSequence = entry.dataSequenceNumber();
                  if (explicitSequence != null && explicitSequence >= 0) {
                    writer.add(entry.file(), explicitSequence); // e.g. a rewrite keeping older sequence numbers
                  } else {
                    writer.add(entry.file()); // inherits this snapshot's sequence number
                  }
                } else {
                  writer.existing(entry.file(), entry.snapshotId(), entry.dataSequenceNumber(), entry.fileSequenceNumber());
                }
              }
              case EXISTING -> writer.existing(entry.file(), entry.snapshotId(), entry.dataSequenceNumber(), entry.fileSequenceNumber());
              case DELETED -> {
                if (ours) {
                  writer.delete(entry.file(), entry.dataSequenceNumber(), entry.fileSequenceNumber());
                }
              }
              default -> throw new IllegalStateException("Unknown status " + entry.status());
            }
          }
        }
      }
    }
    ManifestFile merged = writer.toManifestFile();
    mergedCache.put(key, merged);
    return List.of(merged);
  }
}
