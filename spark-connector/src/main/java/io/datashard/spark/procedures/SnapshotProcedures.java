package io.datashard.spark.procedures;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.spark.SparkCatalog;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code CALL cat.system.rollback_to_snapshot(table => 'db.t', snapshot_id => 123)} (an ancestor of
 * the current snapshot) and {@code CALL cat.system.set_current_snapshot(table => 'db.t', snapshot_id => 123)}
 * (any snapshot). Both return the previous and the new current snapshot id.
 */
final class SnapshotProcedures {
  private static final StructType OUTPUT = new StructType()
      .add("previous_snapshot_id", DataTypes.LongType, true)
      .add("current_snapshot_id", DataTypes.LongType, false);

  private SnapshotProcedures() {
  }

  abstract static class SnapshotProcedure extends TableProcedure {
    SnapshotProcedure(SparkCatalog catalog) {
      super(catalog);
    }

    @Override
    public ProcedureParameter[] parameters() {
      return new ProcedureParameter[] {required("table", DataTypes.StringType), required("snapshot_id", DataTypes.LongType)};
    }

    @Override
    ProcedureResult run(Table table, InternalRow args) {
      if (args.isNullAt(1)) {
        throw new IllegalArgumentException("Procedure " + name() + " needs snapshot_id => <id> for table " + table.name());
      }
      long target = args.getLong(1);
      Long previous = table.currentSnapshot().map(Snapshot::snapshotId).orElse(null);
      apply(table, target);
      long current = table.refresh().currentSnapshot().map(Snapshot::snapshotId).orElseThrow();
      return new ProcedureResult(OUTPUT, new InternalRow[] {new GenericInternalRow(new Object[] {previous, current})});
    }

    abstract void apply(Table table, long snapshotId);
  }

  static final class Rollback extends SnapshotProcedure {
    Rollback(SparkCatalog catalog) {
      super(catalog);
    }

    @Override
    public String name() {
      return "rollback_to_snapshot";
    }

    @Override
    public String description() {
      return "Makes an ancestor of the current snapshot current again";
    }

    @Override
    void apply(Table table, long snapshotId) {
      table.manageSnapshots().rollbackTo(snapshotId).commit();
    }
  }

  static final class SetCurrent extends SnapshotProcedure {
    SetCurrent(SparkCatalog catalog) {
      super(catalog);
    }

    @Override
    public String name() {
      return "set_current_snapshot";
    }

    @Override
    public String description() {
      return "Makes any snapshot of the table current";
    }

    @Override
    void apply(Table table, long snapshotId) {
      table.manageSnapshots().setCurrentSnapshot(snapshotId).commit();
    }
  }
}
