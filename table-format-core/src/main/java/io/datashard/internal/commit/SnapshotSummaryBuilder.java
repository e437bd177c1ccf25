package io.datashard.internal.commit;

import io.datashard.ContentFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Accumulates the spec's snapshot summary counters for one commit. */
final class SnapshotSummaryBuilder {
  private long addedDataFiles;
  private long deletedDataFiles;
  private long addedRecords;
  private long deletedRecords;
  private long addedFilesSize;
  private long removedFilesSize;
  private long addedDeleteFiles;
  private long removedDeleteFiles;
  private long addedPositionDeleteFiles;
  private long removedPositionDeleteFiles;
  private long addedEqualityDeleteFiles;
  private long removedEqualityDeleteFiles;
  private long addedDvs;
  private long removedDvs;
  private long addedPositionDeletes;
  private long removedPositionDeletes;
  private long addedEqualityDeletes;
  private long removedEqualityDeletes;
  private final Set<Object> changedPartitions = new HashSet<>();

  void added(ContentFile file) {
    changedPartitions.add(java.util.List.of(file.specId(), file.partition()));
    addedFilesSize += file.fileSizeInBytes();
    switch (file.content()) {
      case DATA -> {
        addedDataFiles++;
        addedRecords += file.recordCount();
      }
      case POSITION_DELETES -> {
        addedDeleteFiles++;
        if (((DeleteFile) file).isDeletionVector()) {
          addedDvs++;
        } else {
          addedPositionDeleteFiles++;
        }
        addedPositionDeletes += file.recordCount();
      }
      case EQUALITY_DELETES -> {
        addedDeleteFiles++;
        addedEqualityDeleteFiles++;
        addedEqualityDeletes += file.recordCount();
      }
      default -> throw new IllegalStateException("Unknown content " + file.content());
    }
  }

  void removed(ContentFile file) {
    changedPartitions.add(java.util.List.of(file.specId(), file.partition()));
    removedFilesSize += file.fileSizeInBytes();
    if (file.content() == FileContent.DATA) {
      deletedDataFiles++;
      deletedRecords += file.recordCount();
    } else if (file.content() == FileContent.POSITION_DELETES) {
      removedDeleteFiles++;
      if (((DeleteFile) file).isDeletionVector()) {
        removedDvs++;
      } else {
        removedPositionDeleteFiles++;
      }
      removedPositionDeletes += file.recordCount();
    } else {
      removedDeleteFiles++;
      removedEqualityDeleteFiles++;
      removedEqualityDeletes += file.recordCount();
    }
  }

  /** The counters, plus totals carried forward from the parent's summary when it has them. */
  Map<String, String> build(Map<String, String> parentSummary) {
    Map<String, String> summary = new LinkedHashMap<>();
    put(summary, "added-data-files", addedDataFiles);
    put(summary, "deleted-data-files", deletedDataFiles);
    put(summary, "added-records", addedRecords);
    put(summary, "deleted-records", deletedRecords);
    put(summary, "added-files-size", addedFilesSize);
    put(summary, "removed-files-size", removedFilesSize);
    put(summary, "added-delete-files", addedDeleteFiles);
    put(summary, "removed-delete-files", removedDeleteFiles);
    put(summary, "added-position-delete-files", addedPositionDeleteFiles);
    put(summary, "removed-position-delete-files", removedPositionDeleteFiles);
    put(summary, "added-equality-delete-files", addedEqualityDeleteFiles);
    put(summary, "removed-equality-delete-files", removedEqualityDeleteFiles);
    put(summary, "added-dvs", addedDvs);
    put(summary, "removed-dvs", removedDvs);
    put(summary, "added-position-deletes", addedPositionDeletes);
    put(summary, "removed-position-deletes", removedPositionDeletes);
    put(summary, "added-equality-deletes", addedEqualityDeletes);
    put(summary, "removed-equality-deletes", removedEqualityDeletes);
    summary.put("changed-partition-count", String.valueOf(changedPartitions.size()));
    total(summary, parentSummary, "total-records", addedRecords - deletedRecords);
    total(summary, parentSummary, "total-files-size", addedFilesSize - removedFilesSize);
    total(summary, parentSummary, "total-data-files", addedDataFiles - deletedDataFiles);
    total(summary, parentSummary, "total-delete-files", addedDeleteFiles - removedDeleteFiles);
    total(summary, parentSummary, "total-position-deletes", addedPositionDeletes - removedPositionDeletes);
    total(summary, parentSummary, "total-equality-deletes", addedEqualityDeletes - removedEqualityDeletes);
    return summary;
  }

  private static void put(Map<String, String> summary, String key, long value) {
    if (value != 0) {
      summary.put(key, String.valueOf(value));
    }
  }

  private static void total(Map<String, String> summary, Map<String, String> parentSummary, String key, long delta) {
    if (parentSummary == null) {
      summary.put(key, String.valueOf(delta));
      return;
    }
    String previous = parentSummary.get(key);
    if (previous != null) {
      try {
        summary.put(key, String.valueOf(Long.parseLong(previous) + delta));
      } catch (NumberFormatException e) {
        // a foreign writer left a non-numeric total; the spec makes totals optional, so omit it
      }
    }
  }
}
