package io.datashard.internal.scan;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.types.Comparators;
import io.datashard.types.Conversions;
import io.datashard.types.Schema;
import io.datashard.types.Type;
import io.datashard.types.Types;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The delete files of a snapshot, indexed so that each data file gets exactly the deletes that apply
 * to it under the spec's scan planning rules:
 *
 * <ul>
 *   <li>a deletion vector applies to the data file it references when the data file's data sequence
 *       number is at most the vector's; when one applies, no position delete file does;
 *   <li>a position delete file applies to data files of the same spec and partition (or only to its
 *       referenced data file, when it names one) whose data sequence number is at most its own;
 *   <li>an equality delete file applies to data files of the same spec and partition, or to every
 *       data file when its spec is unpartitioned, whose data sequence number is strictly less.
 * </ul>
 *
 * An equality delete whose equality-column bounds cannot overlap a data file's is left out for that
 * file. Immutable once built, and safe to share between planning threads.
 */
public final class DeleteFileIndex {
  /** Reserved field id of the {@code file_path} column of position delete files. */
  static final int DELETE_FILE_PATH_ID = Integer.MAX_VALUE - 101;

  private static final Comparator<DeleteFile> BY_SEQUENCE = Comparator.comparingLong(DeleteFileIndex::sequence);

  private final Schema schema;
  private final List<DeleteFile> globalEquality;
  private final Map<PartitionKey, List<DeleteFile>> equalityByPartition;
  private final Map<PartitionKey, List<DeleteFile>> positionByPartition;
  private final Map<String, List<DeleteFile>> positionByDataFile;
  private final Map<String, DeleteFile> vectorByDataFile;

  private record PartitionKey(int specId, PartitionData partition) {
  }

  private DeleteFileIndex(Builder builder) {
    this.schema = builder.schema;
    this.globalEquality = sorted(builder.globalEquality);
    this.equalityByPartition = sortedValues(builder.equalityByPartition);
    this.positionByPartition = sortedValues(builder.positionByPartition);
    this.positionByDataFile = sortedValues(builder.positionByDataFile);
    this.vectorByDataFile = Map.copyOf(builder.vectorByDataFile);
  }

  /** An index with no deletes. */
  public static DeleteFileIndex empty(Schema schema) {
    return builder(schema, Map.of()).build();
  }

  /**
   * @param schema the scan's schema, whose column types are used to compare equality-column bounds
   * @param specsById the table's specs, to tell unpartitioned (global) equality deletes apart
   */
  public static Builder builder(Schema schema, Map<Integer, PartitionSpec> specsById) {
    return new Builder(schema, specsById);
  }

  public boolean isEmpty() {
    return globalEquality.isEmpty() && equalityByPartition.isEmpty() && positionByPartition.isEmpty()
        && positionByDataFile.isEmpty() && vectorByDataFile.isEmpty();
  }

  /**
   * The deletes that apply to a data file read from a manifest (so its data sequence number is set;
   * a file without one is treated as the oldest possible, sequence number 0).
   */
  public List<DeleteFile> forDataFile(DataFile file) {
    long sequence = file.dataSequenceNumber().orElse(0L);
    List<DeleteFile> result = new ArrayList<>();
    DeleteFile vector = vectorByDataFile.get(file.location());
    if (vector != null && sequence(vector) >= sequence) {
      result.add(vector);
    } else {
      PartitionKey key = new PartitionKey(file.specId(), file.partition());
      addFrom(positionByPartition.get(key), sequence, result);
      addFrom(positionByDataFile.get(file.location()), sequence, result);
    }
    // equality deletes of the same commit do not apply: strictly newer only
    addEquality(equalityByPartition.get(new PartitionKey(file.specId(), file.partition())), sequence + 1, file, result);
    addEquality(globalEquality, sequence + 1, file, result);
    return result;
  }

  /** Adds the deletes with a data sequence number of at least {@code minSequence} (the list is sorted). */
  private static void addFrom(List<DeleteFile> deletes, long minSequence, List<DeleteFile> result) {
    if (deletes == null) {
      return;
    }
    for (int i = firstAtLeast(deletes, minSequence); i < deletes.size(); i += 1) {
      result.add(deletes.get(i));
    }
  }

  private void addEquality(List<DeleteFile> deletes, long minSequence, DataFile file, List<DeleteFile> result) {
    if (deletes == null) {
      return;
    }
    for (int i = firstAtLeast(deletes, minSequence); i < deletes.size(); i += 1) {
      DeleteFile delete = deletes.get(i);
      if (mayDeleteFrom(delete, file)) {
        result.add(delete);
      }
    }
  }

  private static int firstAtLeast(List<DeleteFile> sorted, long minSequence) {
    int low = 0;
    int high = sorted.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sequence(sorted.get(mid)) < minSequence) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /**
   * False only when some equality column's values in the delete file and in the data file cannot
   * be equal: their bounds are disjoint and they cannot both hold null (null deletes null).
   */
  private boolean mayDeleteFrom(DeleteFile delete, DataFile file) {
    for (int fieldId : delete.equalityFieldIds()) {
      Types.NestedField field = schema.findField(fieldId).orElse(null);
      if (field == null || !field.type().isPrimitiveType()) {
        continue;
      }
      Type.PrimitiveType type = field.type().asPrimitiveType();
      if (type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE) {
        continue; // bounds leave NaN out, and NaN deletes NaN
      }
      if (mayHaveNull(delete, fieldId) && mayHaveNull(file, fieldId)) {
        continue;
      }
      if (disjoint(type, delete, file, fieldId)) {
        return false;
      }
    }
    return true;
  }

  private static boolean mayHaveNull(io.datashard.ContentFile file, int fieldId) {
    Long nulls = file.nullValueCounts().get(fieldId);
    return nulls == null || nulls > 0;
  }

  private static boolean disjoint(Type.PrimitiveType type, DeleteFile delete, DataFile file, int fieldId) {
    ByteBuffer deleteLower = delete.lowerBounds().get(fieldId);
    ByteBuffer deleteUpper = delete.upperBounds().get(fieldId);
    ByteBuffer dataLower = file.lowerBounds().get(fieldId);
    ByteBuffer dataUpper = file.upperBounds().get(fieldId);
    Comparator<Object> order = Comparators.forType(type);
    if (deleteUpper != null && dataLower != null
        && order.compare(Conversions.fromByteBuffer(type, deleteUpper), Conversions.fromByteBuffer(type, dataLower)) < 0) {
      return true;
    }
    return deleteLower != null && dataUpper != null
        && order.compare(Conversions.fromByteBuffer(type, deleteLower), Conversions.fromByteBuffer(type, dataUpper)) > 0;
  }

  private static long sequence(DeleteFile delete) {
    return delete.dataSequenceNumber().orElse(0L);
  }

  private static List<DeleteFile> sorted(List<DeleteFile> deletes) {
    List<DeleteFile> copy = new ArrayList<>(deletes);
    copy.sort(BY_SEQUENCE);
    return List.copyOf(copy);
  }

  private static <K> Map<K, List<DeleteFile>> sortedValues(Map<K, List<DeleteFile>> byKey) {
    Map<K, List<DeleteFile>> result = new HashMap<>(byKey.size() * 2);
    byKey.forEach((key, deletes) -> result.put(key, sorted(deletes)));
    return Map.copyOf(result);
  }

  /** Collects delete files; not thread-safe (callers collecting from several threads synchronize). */
  public static final class Builder {
    private final Schema schema;
    private final Map<Integer, PartitionSpec> specsById;
    private final List<DeleteFile> globalEquality = new ArrayList<>();
    private final Map<PartitionKey, List<DeleteFile>> equalityByPartition = new HashMap<>();
    private final Map<PartitionKey, List<DeleteFile>> positionByPartition = new HashMap<>();
    private final Map<String, List<DeleteFile>> positionByDataFile = new HashMap<>();
    private final Map<String, DeleteFile> vectorByDataFile = new HashMap<>();

    private Builder(Schema schema, Map<Integer, PartitionSpec> specsById) {
      this.schema = Objects.requireNonNull(schema, "schema is null");
      this.specsById = Map.copyOf(Objects.requireNonNull(specsById, "specsById is null"));
    }

    public Builder add(DeleteFile delete) {
      Objects.requireNonNull(delete, "delete is null");
      if (delete.content() == FileContent.EQUALITY_DELETES) {
        PartitionSpec spec = specsById.get(delete.specId());
        if (spec != null && spec.isUnpartitioned()) {
          globalEquality.add(delete);
        } else {
          equalityByPartition.computeIfAbsent(keyOf(delete), k -> new ArrayList<>()).add(delete);
        }
        return this;
      }
      String referenced = referencedDataFile(delete);
      if (delete.isDeletionVector()) {
        if (referenced == null) {
          throw new CorruptMetadataException("Deletion vector " + delete.location()
              + " does not name its referenced data file; the spec requires referenced_data_file for deletion vectors");
        }
        DeleteFile existing = vectorByDataFile.get(referenced);
        // the spec allows one vector per data file; should a snapshot hold more, the newest one wins
        if (existing == null || sequence(existing) < sequence(delete)) {
          vectorByDataFile.put(referenced, delete);
        }
      } else if (referenced != null) {
        positionByDataFile.computeIfAbsent(referenced, k -> new ArrayList<>()).add(delete);
      } else {
        positionByPartition.computeIfAbsent(keyOf(delete), k -> new ArrayList<>()).add(delete);
      }
      return this;
    }

    private static PartitionKey keyOf(DeleteFile delete) {
      return new PartitionKey(delete.specId(), delete.partition());
    }

    /**
     * The data file a position delete file is limited to: its referenced_data_file, or else the one
     * path its {@code file_path} bounds allow (older writers set only those).
     */
    private static String referencedDataFile(DeleteFile delete) {
      if (delete.referencedDataFile().isPresent()) {
        return delete.referencedDataFile().get();
      }
      ByteBuffer lower = delete.lowerBounds().get(DELETE_FILE_PATH_ID);
      ByteBuffer upper = delete.upperBounds().get(DELETE_FILE_PATH_ID);
      if (lower != null && lower.equals(upper)) {
        return (String) Conversions.fromByteBuffer(Types.StringType.get(), lower);
      }
      return null;
    }

    public DeleteFileIndex build() {
      return new DeleteFileIndex(this);
    }
  }
}
