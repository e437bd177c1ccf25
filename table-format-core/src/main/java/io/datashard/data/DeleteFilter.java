package io.datashard.data;

import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.FileFormat;
import io.datashard.data.avro.AvroDataReader;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.deletes.DeletionVector;
import io.datashard.deletes.DeletionVectorReader;
import io.datashard.deletes.PositionDeleteIndex;
import io.datashard.deletes.PositionDeleteWriter;
import io.datashard.exceptions.ValidationException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies the delete files of scan tasks to their rows: position delete files and deletion vectors
 * by row position, equality delete files by the values of their equality columns.
 *
 * <p>Memory is bounded by the deletes of one task: equality delete sets are kept while the next
 * task uses the same delete files (tasks of one partition usually share them) and dropped otherwise.
 * Not thread-safe; use one filter per reading thread.
 */
public final class DeleteFilter {
  private final FileIO io;
  private final Schema tableSchema;
  private final DeletionVectorReader vectors;
  private Map<String, Set<List<Object>>> equalitySets = new HashMap<>();

  /**
   * @param io reads the delete files
   * @param tableSchema the schema the scan reads in, which holds every equality column
   */
  public DeleteFilter(FileIO io, Schema tableSchema) {
    this.io = Objects.requireNonNull(io, "io is null");
    this.tableSchema = Objects.requireNonNull(tableSchema, "tableSchema is null");
    this.vectors = new DeletionVectorReader(io);
  }

  /** Ids of the columns equality deletes of {@code task} compare, which a reader of its rows must read. */
  public static Set<Integer> requiredFieldIds(FileScanTask task) {
    Set<Integer> ids = new LinkedHashSet<>();
    for (DeleteFile delete : task.deletes()) {
      if (delete.content() == FileContent.EQUALITY_DELETES) {
        ids.addAll(delete.equalityFieldIds());
      }
    }
    return ids;
  }

  /** The positions of the task's data file deleted by its position delete files and deletion vector. */
  public PositionDeleteIndex positionDeletes(FileScanTask task) {
    return positionDeletes(task.file().location(), task.deletes());
  }

  /**
   * The positions of the data file at {@code dataFile} deleted by the position delete files and
   * deletion vectors among {@code deleteFiles} (others are ignored); for writers that merge the
   * deletes applying to a data file into one new deletion vector.
   */
  public PositionDeleteIndex positionDeletes(String dataFile, List<DeleteFile> deleteFiles) {
    Objects.requireNonNull(dataFile, "dataFile is null");
    Objects.requireNonNull(deleteFiles, "deleteFiles is null");
    DeletionVector deleted = new DeletionVector();
    for (DeleteFile delete : deleteFiles) {
      if (delete.content() != FileContent.POSITION_DELETES) {
        continue;
      }
      if (delete.isDeletionVector()) {
        deleted.merge(vectors.read(delete));
        continue;
      }
      if (delete.referencedDataFile().isPresent() && !delete.referencedDataFile().get().equals(dataFile)) {
        continue;
      }
      try (CloseableIterator<Record> rows = open(delete, PositionDeleteWriter.SCHEMA).iterator()) {
        while (rows.hasNext()) {
          Record row = rows.next();
          if (dataFile.equals(row.get(0))) {
            deleted.delete((Long) row.get(1));
          }
        }
      }
    }
    return deleted;
  }

  /**
   * Filters rows of the task's data file read in {@code readSchema} (which must hold the columns of
   * {@link #requiredFieldIds}) with positions from the reader, dropping the deleted ones.
   */
  public CloseableIterator<Record> filter(FileScanTask task, Schema readSchema, PositionedRecordIterator rows) {
    Objects.requireNonNull(task, "task is null");
    Objects.requireNonNull(readSchema, "readSchema is null");
    Objects.requireNonNull(rows, "rows is null");
    if (task.deletes().isEmpty()) {
      return rows;
    }
    PositionDeleteIndex positions = positionDeletes(task);
    List<EqualityCheck> checks = equalityChecks(task, readSchema.asStruct());
    if (positions.isEmpty() && checks.isEmpty()) {
      return rows;
    }
    CloseableIterable<Record> source = () -> rows;
    // the predicate runs right after each next(), while the reader's position is that row's
    return source.filter(row -> {
      if (!positions.isEmpty() && positions.isDeleted(rows.position())) {
        return false;
      }
      for (EqualityCheck check : checks) {
        if (check.deletes(row)) {
          return false;
        }
      }
      return true;
    }).iterator();
  }

  /**
   * Whether a row of the task's data file, read in {@code readSchema} (which must hold the columns of
   * {@link #requiredFieldIds}), is deleted by the task's equality delete files; always false when the
   * task has none. For readers that apply position deletes themselves, such as batch readers.
   */
  public Predicate<Record> equalityDeletes(FileScanTask task, Schema readSchema) {
    Objects.requireNonNull(task, "task is null");
    Objects.requireNonNull(readSchema, "readSchema is null");
    List<EqualityCheck> checks = equalityChecks(task, readSchema.asStruct());
    if (checks.isEmpty()) {
      return row -> false;
    }
    return row -> {
      for (EqualityCheck check : checks) {
        if (check.deletes(row)) {
          return true;
        }
      }
      return false;
    };
  }

  private List<EqualityCheck> equalityChecks(FileScanTask task, Types.StructType readStruct) {
    Map<String, Set<List<Object>>> kept = new HashMap<>();
    Map<List<Integer>, Set<List<Object>>> byIds = new LinkedHashMap<>();
    for (DeleteFile delete : task.deletes()) {
      if (delete.content() != FileContent.EQUALITY_DELETES) {
        continue;
      }
      String key = delete.location() + delete.equalityFieldIds();
      Set<List<Object>> keys = equalitySets.get(key);
      if (keys == null) {
        keys = readEqualityKeys(delete);
      }
      kept.put(key, keys);
      byIds.computeIfAbsent(delete.equalityFieldIds(), ids -> new HashSet<>()).addAll(keys);
    }
    equalitySets = kept; // only the current task's sets stay in memory
    List<EqualityCheck> checks = new ArrayList<>();
    byIds.forEach((ids, keys) -> {
      if (!keys.isEmpty()) {
        checks.add(new EqualityCheck(accessors(readStruct, ids, task.file().location()), keys));
      }
    });
    return checks;
  }

  private Set<List<Object>> readEqualityKeys(DeleteFile delete) {
    List<Integer> ids = delete.equalityFieldIds();
    List<String> names = new ArrayList<>();
    for (int id : ids) {
      names.add(tableSchema.findColumnName(id).orElseThrow(() -> new ValidationException(
          "Cannot apply equality delete file " + delete.location() + ": its equality field id " + id
              + " is not a column of the schema read (" + tableSchema.asStruct() + ")")));
    }
    Schema projection = tableSchema.select(names);
    int[][] paths = accessors(projection.asStruct(), ids, delete.location());
    Set<List<Object>> keys = new HashSet<>();
    try (CloseableIterator<Record> rows = open(delete, projection).iterator()) {
      while (rows.hasNext()) {
        keys.add(key(rows.next(), paths));
      }
    }
    return keys;
  }

  private CloseableIterable<Record> open(DeleteFile delete, Schema projection) {
    if (delete.format() == FileFormat.PARQUET) {
      return ParquetDataReader.builder(io.newInputFile(delete.location(), delete.fileSizeInBytes())).project(projection).build();
    } else if (delete.format() == FileFormat.AVRO) {
      return AvroDataReader.builder(io.newInputFile(delete.location(), delete.fileSizeInBytes())).project(projection).build();
    }
    throw new ValidationException("Cannot read delete file " + delete.location() + ": its format is " + delete.format()
        + " and Datashard reads delete files in Parquet and Avro (and deletion vectors in Puffin)");
  }

  /** Position paths through nested structs to each id's value. */
  private static int[][] accessors(Types.StructType struct, List<Integer> ids, String file) {
    int[][] paths = new int[ids.size()][];
    for (int i = 0; i < ids.size(); i += 1) {
      int[] path = path(struct, ids.get(i));
      if (path == null) {
        throw new ValidationException("Cannot apply equality deletes to " + file + ": equality field id " + ids.get(i)
            + " is not a column of the rows read (" + struct + ")");
      }
      paths[i] = path;
    }
    return paths;
  }

  private static int[] path(Types.StructType struct, int id) {
    List<Types.NestedField> fields = struct.fields();
    for (int pos = 0; pos < fields.size(); pos += 1) {
      Types.NestedField field = fields.get(pos);
      if (field.fieldId() == id) {
        return new int[] {pos};
      }
      if (field.type().isStructType()) {
        int[] rest = path(field.type().asStructType(), id);
        if (rest != null) {
          int[] path = new int[rest.length + 1];
          path[0] = pos;
          System.arraycopy(rest, 0, path, 1, rest.length);
          return path;
        }
      }
    }
    return null;
  }

  private static List<Object> key(Record row, int[][] paths) {
    Object[] values = new Object[paths.length];
    for (int i = 0; i < paths.length; i += 1) {
      values[i] = normalize(value(row, paths[i]));
    }
    return Arrays.asList(values);
  }

  private static Object value(Record row, int[] path) {
    Record struct = row;
    for (int i = 0; i < path.length - 1; i += 1) {
      struct = (Record) struct.get(path[i]);
      if (struct == null) {
        return null;
      }
    }
    return struct.get(path[path.length - 1]);
  }

  /** Values equal as column values compare equal as keys: decimals by value, buffers by content. */
  private static Object normalize(Object value) {
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).stripTrailingZeros();
    } else if (value instanceof ByteBuffer) {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    } else if (value instanceof CharSequence && !(value instanceof String)) {
      return value.toString();
    }
    return value;
  }

  private record EqualityCheck(int[][] paths, Set<List<Object>> keys) {
    boolean deletes(Record row) {
      return keys.contains(key(row, paths));
    }
  }
}
