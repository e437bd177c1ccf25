package io.datashard.internal.commit;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.ManifestContent;
import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.Snapshot;
import io.datashard.SnapshotUpdate;
import io.datashard.TableProperties;
import io.datashard.exceptions.ValidationException;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.manifest.ManifestWriter;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.io.CloseableIterator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A snapshot made of file changes: files added (data and deletes), files removed (by location,
 * by file, or by a whole-file filter), and optionally small manifests merged. Every verb that
 * changes files (append, overwrite, delete, row delta, rewrite) is configured from this one class.
 */
abstract class FileChangeProducer<T extends SnapshotUpdate<T>> extends SnapshotProducer<T> {
  private final List<DataFile> addedDataFiles = new ArrayList<>();
  private final List<DeleteFile> addedDeleteFiles = new ArrayList<>();
  private final List<ManifestFile> appendedManifests = new ArrayList<>();
  private final Set<String> dataPathsToDelete = new HashSet<>();
  private final Set<String> deletePathsToDelete = new HashSet<>();
  private Predicate<DataFile> dataFilter = null;
  private Expression dataRowFilter = null;
  private boolean caseSensitive = true;
  private RowFilterMatcher rowFilterMatcher = null;
  private boolean failMissingDeletePaths = false;
  private boolean mergeManifests = false;
  private Long newDataFilesSequenceNumber = null;
  private boolean keepCarriedSequenceNumbers = false;

  // reused across retries: they do not depend on the base
  private final Map<Integer, ManifestFile> newDataManifests = new HashMap<>();
  private final Map<Integer, ManifestFile> newDeleteManifests = new HashMap<>();
  private List<ManifestFile> rewrittenAppendedManifests = null;
  private final Map<String, FilterOutcome> filteredManifests = new HashMap<>();
  private final Map<List<String>, ManifestFile> mergedManifests = new HashMap<>();

  /** A filtered manifest and the files removed from it. */
  private record FilterOutcome(ManifestFile manifest, List<ContentFile> removed, Set<String> removedPaths) {
  }

  FileChangeProducer(ChangeCommitter committer) {
    super(committer);
  }

  // ------------------------------------------------------------------ configuration

  protected void add(DataFile file) {
    addedDataFiles.add(file);
  }

  protected void add(DeleteFile file) {
    addedDeleteFiles.add(file);
  }

  protected void addManifest(ManifestFile manifest) {
    if (manifest.content() != ManifestContent.DATA) {
      throw new IllegalArgumentException("Cannot append delete manifest " + manifest.location() + ": only data manifests can be appended");
    }
    if (manifest.hasExistingFiles() || manifest.hasDeletedFiles()) {
      throw new IllegalArgumentException("Cannot append manifest " + manifest.location()
          + ": it has existing or deleted entries; only manifests of newly added files can be appended");
    }
    appendedManifests.add(manifest);
  }

  protected void delete(DataFile file) {
    dataPathsToDelete.add(file.location());
  }

  protected void deleteDataPath(String location) {
    dataPathsToDelete.add(location);
  }

  protected void delete(DeleteFile file) {
    deletePathsToDelete.add(deleteKey(file));
  }

  /**
   * How a removed delete file is matched: by location, except deletion vectors, many of which share
   * one Puffin file, so removing one must not remove the others (location plus blob offset).
   */
  static String deleteKey(ContentFile file) {
    if (file instanceof DeleteFile delete && delete.isDeletionVector() && delete.contentOffset().isPresent()) {
      return delete.location() + "#offset=" + delete.contentOffset().get();
    }
    return file.location();
  }

  protected void deleteByFilter(Predicate<DataFile> filter) {
    Predicate<DataFile> previous = dataFilter;
    dataFilter = previous == null ? filter : previous.or(filter);
  }

  /** Removes data files all of whose rows match; fails on files that match only partly. */
  protected void deleteByRowFilter(Expression rowFilter) {
    dataRowFilter = dataRowFilter == null ? rowFilter : Expressions.or(dataRowFilter, rowFilter);
  }

  protected void matchCaseSensitively(boolean sensitive) {
    this.caseSensitive = sensitive;
  }

  protected boolean isCaseSensitive() {
    return caseSensitive;
  }

  protected void failMissingDeletePaths() {
    this.failMissingDeletePaths = true;
  }

  protected void mergeManifests(boolean merge) {
    this.mergeManifests = merge;
  }

  protected void newDataFilesSequenceNumber(long sequenceNumber) {
    this.newDataFilesSequenceNumber = sequenceNumber;
  }

  /**
   * Added files that carry a data sequence number keep it (a compaction keeping the data's age);
   * otherwise every added file is new data and gets the commit's sequence number.
   */
  protected void keepCarriedSequenceNumbers() {
    this.keepCarriedSequenceNumbers = true;
  }

  protected List<DataFile> addedDataFiles() {
    return addedDataFiles;
  }

  protected List<DeleteFile> addedDeleteFiles() {
    return addedDeleteFiles;
  }

  protected Set<String> dataPathsToDelete() {
    return dataPathsToDelete;
  }

  protected Set<String> deletePathsToDelete() {
    return deletePathsToDelete;
  }

  protected boolean deletesData() {
    return !dataPathsToDelete.isEmpty() || dataFilter != null || dataRowFilter != null;
  }

  // ------------------------------------------------------------------ apply

  @Override
  protected List<ManifestFile> apply(TableMetadata base, Snapshot parent, SnapshotSummaryBuilder summary) {
    List<ManifestFile> existing = parent == null ? List.of() : Snapshots.manifests(io(), parent);
    // bound to this base's schema and specs; an outcome cached below is still valid after a retry
    // because a manifest's files and the filter do not change
    rowFilterMatcher = dataRowFilter == null ? null : new RowFilterMatcher(base, dataRowFilter, caseSensitive, ops().tableName());
    List<ManifestFile> dataManifests = new ArrayList<>();
    List<ManifestFile> deleteManifests = new ArrayList<>();

    Set<String> foundDataPaths = new HashSet<>();
    Set<String> foundDeletePaths = new HashSet<>();
    for (ManifestFile manifest : existing) {
      boolean isData = manifest.content() == ManifestContent.DATA;
      boolean filter = isData ? deletesData() : !deletePathsToDelete.isEmpty();
      ManifestFile kept = manifest;
      if (filter) {
        FilterOutcome outcome = filter(base, manifest);
        kept = outcome.manifest();
        (isData ? foundDataPaths : foundDeletePaths).addAll(outcome.removedPaths());
        for (ContentFile removed : outcome.removed()) {
          summary.removed(removed);
        }
      }
      if (kept == null) {
        continue;
      }
      if (kept.liveFilesCount() == 0 && kept.addedSnapshotId() != snapshotId()) {
        // nothing live, and its deleted entries (if any) belong to an older snapshot: no reader needs it
        continue;
      }
      (isData ? dataManifests : deleteManifests).add(kept);
    }

    if (failMissingDeletePaths) {
      Set<String> missing = new HashSet<>(dataPathsToDelete);
      missing.removeAll(foundDataPaths);
      Set<String> missingDeletes = new HashSet<>(deletePathsToDelete);
      missingDeletes.removeAll(foundDeletePaths);
      missing.addAll(missingDeletes);
      if (!missing.isEmpty()) {
        throw new ValidationException("Cannot commit to " + ops().tableName() + ": files to remove are no longer in the table "
            + "(a concurrent commit removed them, or they were never added): " + sample(missing)
            + ". Re-plan the operation against the current table state.");
      }
    }

    List<ManifestFile> newManifests = new ArrayList<>();
    newManifests.addAll(writeNewDataManifests(base, summary));
    newManifests.addAll(rewriteAppendedManifests(base, summary));
    List<ManifestFile> newDeletes = writeNewDeleteManifests(base, summary);

    List<ManifestFile> allData = new ArrayList<>(newManifests);
    allData.addAll(dataManifests);
    if (mergeManifests && mergeEnabled(base)) {
      allData = new ManifestMerger(base, this, mergedManifests).merge(allData);
    }
    List<ManifestFile> result = new ArrayList<>(allData);
    result.addAll(newDeletes);
    result.addAll(deleteManifests);
    return result;
  }

  private static String sample(Collection<String> paths) {
    List<String> sorted = new ArrayList<>(paths);
    java.util.Collections.sort(sorted);
    return sorted.size() <= 5 ? sorted.toString() : sorted.subList(0, 5) + " and " + (sorted.size() - 5) + " more";
  }

  private List<ManifestFile> writeNewDataManifests(TableMetadata base, SnapshotSummaryBuilder summary) {
    Map<Integer, List<DataFile>> bySpec = new LinkedHashMap<>();
    for (DataFile file : addedDataFiles) {
      bySpec.computeIfAbsent(file.specId(), id -> new ArrayList<>()).add(file);
      summary.added(file);
    }
    List<ManifestFile> manifests = new ArrayList<>();
    for (Map.Entry<Integer, List<DataFile>> group : bySpec.entrySet()) {
      ManifestFile cached = newDataManifests.get(group.getKey());
      if (cached == null) {
        PartitionSpec spec = specFor(base, group.getKey());
        ManifestWriter writer = ManifestWriter.forData(spec, base.schema(), base.formatVersion(),
            io().newOutputFile(newManifestLocation()), snapshotId());
        try (writer) {
          for (DataFile file : group.getValue()) {
            if (newDataFilesSequenceNumber != null) {
              writer.add(file, newDataFilesSequenceNumber);
            } else {
              // new data for this commit: a sequence number the file carries (read from an older
              // snapshot) must not be kept, or older deletes would apply to it
              writer.add(keepCarriedSequenceNumbers ? file : file.withSequenceNumbers(null, null));
            }
          }
        }
        cached = writer.toManifestFile();
        newDataManifests.put(group.getKey(), cached);
      }
      manifests.add(cached);
    }
    return manifests;
  }

  private List<ManifestFile> writeNewDeleteManifests(TableMetadata base, SnapshotSummaryBuilder summary) {
    if (!addedDeleteFiles.isEmpty() && base.formatVersion() < 2) {
      throw new ValidationException("Cannot add delete files to " + ops().tableName()
          + ": it uses format version 1, which has no row-level deletes. Upgrade it with format-version=2.");
    }
    Map<Integer, List<DeleteFile>> bySpec = new LinkedHashMap<>();
    for (DeleteFile file : addedDeleteFiles) {
      bySpec.computeIfAbsent(file.specId(), id -> new ArrayList<>()).add(file);
      summary.added(file);
    }
    List<ManifestFile> manifests = new ArrayList<>();
    for (Map.Entry<Integer, List<DeleteFile>> group : bySpec.entrySet()) {
      ManifestFile cached = newDeleteManifests.get(group.getKey());
      if (cached == null) {
        PartitionSpec spec = specFor(base, group.getKey());
        ManifestWriter writer = ManifestWriter.forDeletes(spec, base.schema(), base.formatVersion(),
            io().newOutputFile(newManifestLocation()), snapshotId());
        try (writer) {
          for (DeleteFile file : group.getValue()) {
            writer.add(keepCarriedSequenceNumbers ? file : file.withSequenceNumbers(null, null));
          }
        }
        cached = writer.toManifestFile();
        newDeleteManifests.put(group.getKey(), cached);
      }
      manifests.add(cached);
    }
    return manifests;
  }

  private List<ManifestFile> rewriteAppendedManifests(TableMetadata base, SnapshotSummaryBuilder summary) {
    if (rewrittenAppendedManifests == null) {
      List<ManifestFile> rewritten = new ArrayList<>();
      for (ManifestFile manifest : appendedManifests) {
        PartitionSpec spec = specFor(base, manifest.partitionSpecId());
        ManifestWriter writer = ManifestWriter.forData(spec, base.schema(), base.formatVersion(),
            io().newOutputFile(newManifestLocation()), snapshotId());
        try (writer; CloseableIterator<ManifestEntry> entries = ManifestReader.read(io(), manifest, base.specsById()).iterator()) {
          while (entries.hasNext()) {
            writer.add(entries.next().file());
          }
        }
        rewritten.add(writer.toManifestFile());
      }
      rewrittenAppendedManifests = rewritten;
    }
    for (ManifestFile manifest : rewrittenAppendedManifests) {
      try (CloseableIterator<ManifestEntry> entries = ManifestReader.read(io(), manifest, base.specsById()).iterator()) {
        while (entries.hasNext()) {
          summary.added(entries.next().file());
        }
      }
    }
    return rewrittenAppendedManifests;
  }

  static PartitionSpec specFor(TableMetadata base, int specId) {
    PartitionSpec spec = base.specsById().get(specId);
    if (spec == null) {
      throw new ValidationException("Cannot commit a file written with partition spec id " + specId
          + ": the table has no such spec (known: " + base.specsById().keySet() + ")");
    }
    return spec;
  }

  private boolean matchesDataDeletion(DataFile file) {
    return dataPathsToDelete.contains(file.location()) || (dataFilter != null && dataFilter.test(file))
        || (rowFilterMatcher != null && rowFilterMatcher.allRowsMatch(file));
  }

  /**
   * Rewrites a manifest without the files this commit removes. Returns the manifest unchanged
   * when nothing in it matches; outcomes are cached across retries since manifests are immutable.
   */
  private FilterOutcome filter(TableMetadata base, ManifestFile manifest) {
    FilterOutcome cached = filteredManifests.get(manifest.location());
    if (cached != null) {
      return cached;
    }
    boolean isData = manifest.content() == ManifestContent.DATA;
    if (isData && dataPathsToDelete.isEmpty() && dataFilter == null && rowFilterMatcher != null
        && !rowFilterMatcher.manifestMightMatch(manifest)) {
      FilterOutcome untouched = new FilterOutcome(manifest, List.of(), Set.of());
      filteredManifests.put(manifest.location(), untouched);
      return untouched;
    }
    boolean anyMatch = false;
    try (CloseableIterator<ManifestEntry> entries = ManifestReader.read(io(), manifest, base.specsById()).iterator()) {
      while (entries.hasNext() && !anyMatch) {
        ManifestEntry entry = entries.next();
        if (entry.status() != ManifestEntry.Status.DELETED && matches(entry.file(), isData)) {
          anyMatch = true;
        }
      }
    }
    FilterOutcome outcome;
    if (!anyMatch) {
      outcome = new FilterOutcome(manifest, List.of(), Set.of());
    } else {
      PartitionSpec spec = specFor(base, manifest.partitionSpecId());
      String location = newManifestLocation();
      ManifestWriter writer = isData
          ? ManifestWriter.forData(spec, base.schema(), base.formatVersion(), io().newOutputFile(location), snapshotId())
          : ManifestWriter.forDeletes(spec, base.schema(), base.formatVersion(), io().newOutputFile(location), snapshotId());
      List<ContentFile> removed = new ArrayList<>();
      Set<String> removedPaths = new HashSet<>();
      try (writer; CloseableIterator<ManifestEntry> entries = ManifestReader.read(io(), manifest, base.specsById()).iterator()) {
        while (entries.hasNext()) {
          ManifestEntry entry = entries.next();
          if (entry.status() == ManifestEntry.Status.DELETED) {
            continue; // deletes of older snapshots are not carried forward
          }
          ContentFile file = entry.file();
          if (matches(file, isData)) {
            writer.delete(file, entry.dataSequenceNumber(), entry.fileSequenceNumber());
            removed.add(file);
            removedPaths.add(isData ? file.location() : deleteKey(file));
          } else {
            writer.existing(file, entry.snapshotId(), entry.dataSequenceNumber(), entry.fileSequenceNumber());
          }
        }
      }
      outcome = new FilterOutcome(writer.toManifestFile(), removed, removedPaths);
    }
    filteredManifests.put(manifest.location(), outcome);
    return outcome;
  }

  private boolean matches(ContentFile file, boolean isData) {
    return isData ? matchesDataDeletion((DataFile) file) : deletePathsToDelete.contains(deleteKey(file));
  }

  // ------------------------------------------------------------------ validation helpers

  /** Files added or removed by commits after {@code startingSnapshotId} up to {@code parent}. */
  protected ConcurrentChanges concurrentChanges(TableMetadata base, Long startingSnapshotId, Snapshot parent) {
    return ConcurrentChanges.since(io(), base, startingSnapshotId, parent, ops().tableName());
  }

  static int defaultMinMergeCount(TableMetadata base) {
    return base.propertyAsInt(TableProperties.MANIFEST_MIN_MERGE_COUNT, TableProperties.MANIFEST_MIN_MERGE_COUNT_DEFAULT);
  }
}
