package io.datashard.spark.procedures;

import io.datashard.spark.SparkCatalog;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;

/** The procedures of a Datashard catalog, in its {@code system} namespace. */
public final class SystemProcedures {
  public static final String NAMESPACE = "system";

  private static final List<String> NAMES = List.of(
      "add_partition_field", "drop_partition_field", "rollback_to_snapshot", "set_current_snapshot");

  private SystemProcedures() {
  }

  public static UnboundProcedure load(SparkCatalog catalog, Identifier ident) {
    String[] namespace = ident.namespace();
    if (namespace.length != 1 || !namespace[0].equalsIgnoreCase(NAMESPACE)) {
      throw new IllegalArgumentException("No procedure " + String.join(".", namespace) + "." + ident.name() + " in catalog "
          + catalog.name() + ": procedures live in " + catalog.name() + "." + NAMESPACE + " (" + NAMES + ")");
    }
    Function<SparkCatalog, UnboundProcedure> factory = switch (ident.name().toLowerCase(Locale.ROOT)) {
      case "add_partition_field" -> PartitionFieldProcedures.Add::new;
      case "drop_partition_field" -> PartitionFieldProcedures.Drop::new;
      case "rollback_to_snapshot" -> SnapshotProcedures.Rollback::new;
      case "set_current_snapshot" -> SnapshotProcedures.SetCurrent::new;
      default -> throw new IllegalArgumentException("No procedure " + NAMESPACE + "." + ident.name() + " in catalog "
          + catalog.name() + ": available procedures are " + NAMES);
    };
    return factory.apply(catalog);
  }

  public static Identifier[] list(String[] namespace) {
    if (namespace.length != 1 || !namespace[0].equalsIgnoreCase(NAMESPACE)) {
      return new Identifier[0];
    }
    return NAMES.stream().map(name -> Identifier.of(new String[] {NAMESPACE}, name)).toArray(Identifier[]::new);
  }
}
