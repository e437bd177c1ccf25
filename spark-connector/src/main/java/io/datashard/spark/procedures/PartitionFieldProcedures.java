package io.datashard.spark.procedures;

import io.datashard.PartitionSpec;
import io.datashard.Table;
import io.datashard.UpdatePartitionSpec;
import io.datashard.spark.SparkCatalog;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Partition evolution, which Spark 4.1's SQL grammar has no statement for:
 * {@code CALL cat.system.add_partition_field(table => 'db.t', transform => 'bucket(8, id)' [, name => 'id_b'])}
 * and {@code CALL cat.system.drop_partition_field(table => 'db.t', transform => 'bucket(8, id)' | 'id_b')}.
 * Existing files keep their spec; new writes use the new one. Both return the new spec.
 */
final class PartitionFieldProcedures {
  private static final StructType OUTPUT = new StructType()
      .add("spec_id", DataTypes.IntegerType, false)
      .add("partition_spec", DataTypes.StringType, false);

  private PartitionFieldProcedures() {
  }

  static final class Add extends TableProcedure {
    Add(SparkCatalog catalog) {
      super(catalog);
    }

    @Override
    public String name() {
      return "add_partition_field";
    }

    @Override
    public String description() {
      return "Adds a partition field to a table's spec: transform => 'bucket(8, id)', optional name";
    }

    @Override
    public ProcedureParameter[] parameters() {
      return new ProcedureParameter[] {required("table", DataTypes.StringType),
          required("transform", DataTypes.StringType), optional("name", DataTypes.StringType)};
    }

    @Override
    ProcedureResult run(Table table, InternalRow args) {
      PartitionTransformParser.Parsed parsed = PartitionTransformParser.parse(string(args, 1));
      String name = string(args, 2);
      UpdatePartitionSpec update = table.updateSpec();
      if (name == null) {
        update.addField(parsed.sourceColumn(), parsed.transform());
      } else {
        update.addField(name, parsed.sourceColumn(), parsed.transform());
      }
      update.commit();
      return result(table.refresh().spec());
    }
  }

  static final class Drop extends TableProcedure {
    Drop(SparkCatalog catalog) {
      super(catalog);
    }

    @Override
    public String name() {
      return "drop_partition_field";
    }

    @Override
    public String description() {
      return "Removes a partition field from a table's spec, by transform ('bucket(8, id)') or by partition field name";
    }

    @Override
    public ProcedureParameter[] parameters() {
      return new ProcedureParameter[] {required("table", DataTypes.StringType), required("transform", DataTypes.StringType)};
    }

    @Override
    ProcedureResult run(Table table, InternalRow args) {
      String text = string(args, 1);
      UpdatePartitionSpec update = table.updateSpec();
      boolean isFieldName = table.spec().fields().stream().anyMatch(field -> field.name().equals(text.trim()));
      if (isFieldName) {
        update.removeField(text.trim());
      } else {
        PartitionTransformParser.Parsed parsed = PartitionTransformParser.parse(text);
        update.removeField(parsed.sourceColumn(), parsed.transform());
      }
      update.commit();
      return result(table.refresh().spec());
    }
  }

  private static ProcedureResult result(PartitionSpec spec) {
    InternalRow row = new GenericInternalRow(new Object[] {spec.specId(), UTF8String.fromString(spec.toString())});
    return new ProcedureResult(OUTPUT, new InternalRow[] {row});
  }
}
