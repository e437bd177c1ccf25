package io.datashard.spark.procedures;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.types.StructType;

/** The rows a procedure returns. */
record ProcedureResult(StructType readSchema, InternalRow[] rows) implements LocalScan {
  @Override
  public String description() {
    return "datashard procedure result";
  }
}
