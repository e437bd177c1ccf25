package io.datashard.spark.metadata;

import io.datashard.spark.SparkTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/** The Spark schemas of the metadata tables: Iceberg's column names and types. */
final class MetadataSchemas {
  private MetadataSchemas() {
  }

  static StructType schema(MetadataTableType type, PartitionColumns partition) {
    return switch (type) {
      case SNAPSHOTS -> new StructType()
          .add("committed_at", DataTypes.TimestampType, false)
          .add("snapshot_id", DataTypes.LongType, false)
          .add("parent_id", DataTypes.LongType, true)
          .add("operation", DataTypes.StringType, true)
          .add("manifest_list", DataTypes.StringType, true)
          .add("summary", stringMap(), true);
      case HISTORY -> new StructType()
          .add("made_current_at", DataTypes.TimestampType, false)
          .add("snapshot_id", DataTypes.LongType, false)
          .add("parent_id", DataTypes.LongType, true)
          .add("is_current_ancestor", DataTypes.BooleanType, false);
      case REFS -> new StructType()
          .add("name", DataTypes.StringType, false)
          .add("type", DataTypes.StringType, false)
          .add("snapshot_id", DataTypes.LongType, false)
          .add("max_reference_age_in_ms", DataTypes.LongType, true)
          .add("min_snapshots_to_keep", DataTypes.IntegerType, true)
          .add("max_snapshot_age_in_ms", DataTypes.LongType, true);
      case MANIFESTS -> new StructType()
          .add("content", DataTypes.IntegerType, false)
          .add("path", DataTypes.StringType, false)
          .add("length", DataTypes.LongType, false)
          .add("partition_spec_id", DataTypes.IntegerType, false)
          .add("added_snapshot_id", DataTypes.LongType, false)
          .add("added_data_files_count", DataTypes.IntegerType, false)
          .add("existing_data_files_count", DataTypes.IntegerType, false)
          .add("deleted_data_files_count", DataTypes.IntegerType, false)
          .add("added_delete_files_count", DataTypes.IntegerType, false)
          .add("existing_delete_files_count", DataTypes.IntegerType, false)
          .add("deleted_delete_files_count", DataTypes.IntegerType, false)
          .add("partition_summaries", new ArrayType(new StructType()
              .add("contains_null", DataTypes.BooleanType, false)
              .add("contains_nan", DataTypes.BooleanType, true)
              .add("lower_bound", DataTypes.StringType, true)
              .add("upper_bound", DataTypes.StringType, true), false), false);
      case FILES -> withPartition(new StructType()
          .add("content", DataTypes.IntegerType, false)
          .add("file_path", DataTypes.StringType, false)
          .add("file_format", DataTypes.StringType, false)
          .add("spec_id", DataTypes.IntegerType, false), partition, false)
          .add("record_count", DataTypes.LongType, false)
          .add("file_size_in_bytes", DataTypes.LongType, false)
          .add("column_sizes", intMap(DataTypes.LongType), true)
          .add("value_counts", intMap(DataTypes.LongType), true)
          .add("null_value_counts", intMap(DataTypes.LongType), true)
          .add("nan_value_counts", intMap(DataTypes.LongType), true)
          .add("lower_bounds", intMap(DataTypes.BinaryType), true)
          .add("upper_bounds", intMap(DataTypes.BinaryType), true)
          .add("key_metadata", DataTypes.BinaryType, true)
          .add("split_offsets", new ArrayType(DataTypes.LongType, false), true)
          .add("equality_ids", new ArrayType(DataTypes.IntegerType, false), true)
          .add("sort_order_id", DataTypes.IntegerType, true)
          .add("data_sequence_number", DataTypes.LongType, true)
          .add("referenced_data_file", DataTypes.StringType, true);
      case PARTITIONS -> withPartition(new StructType(), partition, true)
          .add("record_count", DataTypes.LongType, false)
          .add("file_count", DataTypes.IntegerType, false)
          .add("total_data_file_size_in_bytes", DataTypes.LongType, false)
          .add("position_delete_record_count", DataTypes.LongType, false)
          .add("position_delete_file_count", DataTypes.IntegerType, false)
          .add("equality_delete_record_count", DataTypes.LongType, false)
          .add("equality_delete_file_count", DataTypes.IntegerType, false);
    };
  }

  /** Adds {@code partition} (and for the partitions table {@code spec_id}) when the table was ever partitioned. */
  private static StructType withPartition(StructType base, PartitionColumns partition, boolean withSpecId) {
    if (partition.isEmpty()) {
      return base;
    }
    StructType result = base.add("partition", SparkTypes.toSparkType(partition.type()), false);
    return withSpecId ? result.add("spec_id", DataTypes.IntegerType, false) : result;
  }

  private static DataType stringMap() {
    return new MapType(DataTypes.StringType, DataTypes.StringType, true);
  }

  private static DataType intMap(DataType valueType) {
    return new MapType(DataTypes.IntegerType, valueType, false);
  }
}
