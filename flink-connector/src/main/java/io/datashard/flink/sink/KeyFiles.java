package io.datashard.flink.sink;

import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.data.GenericRecord;
import io.datashard.data.Record;
import io.datashard.data.parquet.ParquetDataReader;
import io.datashard.data.parquet.ParquetDataWriter;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads {@link KeyFile}s: Parquet files whose columns are the primary key columns (with
 * the table's field ids). Spilling keys keeps checkpoints small however many keys a checkpoint
 * changes: Flink keeps pending committables in checkpoint state.
 */
final class KeyFiles {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);

  private KeyFiles() {}

  /** The schema of key files: the key columns of {@code tableSchema}, in key order. */
  static Schema keySchema(Schema tableSchema, List<String> keyColumns) {
    List<io.datashard.types.Types.NestedField> fields = new ArrayList<>();
    for (String column : keyColumns) {
      fields.add(tableSchema.findField(column).orElseThrow(() -> new IllegalArgumentException(
          "Key column " + column + " is not in " + tableSchema.asStruct())));
    }
    return new Schema(fields, java.util.Set.of());
  }

  /** Writes {@code keys} (values in the order of the key schema's columns) to a new key file at {@code location}. */
  static KeyFile write(FileIO io, String location, Schema keySchema, Map<String, String> properties,
      Collection<List<Object>> keys) {
    ParquetDataWriter writer = ParquetDataWriter.builder(io.newOutputFile(location)).schema(keySchema)
        .spec(PartitionSpec.unpartitioned()).partition(PartitionData.empty()).properties(properties).build();
    try {
      Record record = GenericRecord.create(keySchema);
      for (List<Object> key : keys) {
        for (int i = 0; i < key.size(); i += 1) {
          record.set(i, key.get(i));
        }
        writer.write(record);
      }
    } finally {
      writer.close();
    }
    return new KeyFile(location, keys.size());
  }

  /** Reads the keys of {@code files}, each a list of values in the order of the key schema's columns. */
  static List<List<Object>> read(FileIO io, Schema keySchema, List<KeyFile> files) {
    List<List<Object>> keys = new ArrayList<>();
    int width = keySchema.columns().size();
    for (KeyFile file : files) {
      try (CloseableIterable<Record> records =
          ParquetDataReader.builder(io.newInputFile(file.location())).project(keySchema).build()) {
        for (Record record : records) {
          Object[] values = new Object[width];
          for (int i = 0; i < width; i += 1) {
            values[i] = record.get(i);
          }
          keys.add(Arrays.asList(values));
        }
      }
    }
    return keys;
  }

  /** Deletes key files no longer needed (their checkpoint is committed); failures are only logged. */
  static void deleteQuietly(FileIO io, List<KeyFile> files) {
    for (KeyFile file : files) {
      try {
        io.deleteFile(file.location());
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete key file {}; it is not part of the table and can be removed", file.location(), e);
      }
    }
  }
}
