package io.datashard.spark.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The metadata columns a Datashard table offers Spark, named as in Iceberg: {@code _file} (the data
 * file's location), {@code _pos} (the row's 0-based position in that file) and {@code _spec_id} (the
 * partition spec the file was written with), plus {@code _file_id}: a 64-bit id of the row's data file
 * computed from its location ({@link SparkFileIds}).
 *
 * <p>Row-level operations use {@code _file_id} where they need to name a file: merge-on-read ones
 * identify rows by {@code (_file_id, _pos)}, and copy-on-write ones find the files to rewrite by
 * {@code _file_id}. Spark carries those columns for every row the operation reads through its joins and
 * shuffles, and 8 bytes cost a fraction of a location string (about 100 bytes a row). The write maps
 * each id back to the data file the scan read; position deletes and deletion vectors store the location.
 */
public final class SparkRowLevelColumns implements MetadataColumn, Serializable {
  private static final long serialVersionUID = 1L;

  public static final SparkRowLevelColumns FILE =
      new SparkRowLevelColumns("_file", DataTypes.StringType, "Location of the data file holding the row");
  public static final SparkRowLevelColumns POS =
      new SparkRowLevelColumns("_pos", DataTypes.LongType, "0-based position of the row in its data file");
  public static final SparkRowLevelColumns SPEC_ID =
      new SparkRowLevelColumns("_spec_id", DataTypes.IntegerType, "Id of the partition spec of the row's data file");

  public static final SparkRowLevelColumns FILE_ID = new SparkRowLevelColumns("_file_id", DataTypes.LongType,
      "64-bit id of the row's data file: the first 8 bytes of the SHA-256 digest of its location");

  private static final List<SparkRowLevelColumns> ALL = List.of(FILE, POS, SPEC_ID, FILE_ID);

  private final String columnName;
  private final DataType type;
  private final String doc;

  private SparkRowLevelColumns(String columnName, DataType type, String doc) {
    this.columnName = columnName;
    this.type = type;
    this.doc = doc;
  }

  /** The metadata column called {@code name} (case-insensitive, like Spark's resolution). */
  public static Optional<SparkRowLevelColumns> named(String name) {
    for (SparkRowLevelColumns column : ALL) {
      if (column.columnName.equalsIgnoreCase(name)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }

  /** Every metadata column, for {@code SupportsMetadataColumns}. */
  public static MetadataColumn[] all() {
    return ALL.toArray(new MetadataColumn[0]);
  }

  /**
   * This column's value for every row of the {@code index}-th file range of {@code partition}: a
   * UTF8String, Integer or Long, or null for {@code _pos}, which differs from row to row.
   */
  Object fileValue(SparkInputPartition partition, int index) {
    if (this == FILE) {
      return UTF8String.fromString(partition.task().files().get(index).file().location());
    } else if (this == SPEC_ID) {
      return partition.task().files().get(index).file().specId();
    } else if (this == FILE_ID) {
      return partition.fileId(index);
    }
    return null;
  }

  static List<StructField> fields(List<SparkRowLevelColumns> columns) {
    List<StructField> fields = new ArrayList<>(columns.size());
    for (SparkRowLevelColumns column : columns) {
      fields.add(DataTypes.createStructField(column.columnName, column.type, false));
    }
    return fields;
  }

  @Override
  public String name() {
    return columnName;
  }

  @Override
  public DataType dataType() {
    return type;
  }

  @Override
  public boolean isNullable() {
    return false;
  }

  @Override
  public String comment() {
    return doc;
  }

  /** Keeps the constants unique across serialization, so readers can compare them by identity. */
  private Object readResolve() {
    return named(columnName).orElseThrow();
  }

  @Override
  public String toString() {
    return columnName;
  }
}
