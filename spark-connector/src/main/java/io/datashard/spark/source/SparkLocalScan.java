package io.datashard.spark.source;

import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.types.StructType;

/** The answer to a pushed-down aggregate, computed on the driver from table metadata. */
public final class SparkLocalScan implements LocalScan {
  private final StructType schema;
  private final InternalRow[] rows;
  private final String description;

  SparkLocalScan(StructType schema, InternalRow[] rows, String description) {
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.rows = Objects.requireNonNull(rows, "rows is null").clone();
    this.description = Objects.requireNonNull(description, "description is null");
  }

  @Override
  public InternalRow[] rows() {
    return rows.clone();
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
