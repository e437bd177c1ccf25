package io.datashard.spark.source;

import io.datashard.SnapshotRef;
import io.datashard.Table;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expressions;
import io.datashard.spark.SnapshotSelection;
import java.util.Objects;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsDynamicOverwrite;
import org.apache.spark.sql.connector.write.SupportsOverwriteV2;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;

/**
 * Builds the batch write Spark runs for {@code INSERT INTO}, {@code INSERT OVERWRITE},
 * {@code DataFrameWriterV2} and path writes: an append by default, a truncate or an overwrite by
 * filter when Spark asks for one, or a dynamic partition overwrite that replaces exactly the
 * partitions the job wrote.
 */
public final class SparkWriteBuilder implements WriteBuilder, SupportsTruncate, SupportsOverwriteV2, SupportsDynamicOverwrite {
  /** The write option naming the branch to commit to, as in Iceberg. */
  public static final String BRANCH_OPTION = "branch";

  private final Table table;
  private final String branch;
  private final LogicalWriteInfo info;
  private SparkWriteMode mode = SparkWriteMode.APPEND;
  private Expression overwriteFilter = null;

  public SparkWriteBuilder(Table table, SnapshotSelection selection, LogicalWriteInfo info) {
    this.table = Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(selection, "selection is null");
    this.info = Objects.requireNonNull(info, "info is null");
    this.branch = branch(table, selection, info.options().get(BRANCH_OPTION));
  }

  /** The branch a write commits to, or null for the main branch. */
  private static String branch(Table table, SnapshotSelection selection, String optionBranch) {
    if (selection.snapshotId() != null || selection.asOfTimestampMillis() != null) {
      throw new IllegalArgumentException("Cannot write to table " + table.name() + " at "
          + (selection.snapshotId() != null ? "snapshot " + selection.snapshotId() : "timestamp " + selection.asOfTimestampMillis())
          + ": a time-travel selection is read-only; write to the table itself or to a branch");
    }
    String selected = selection.ref();
    if (selected != null && optionBranch != null && !selected.equals(optionBranch)) {
      throw new IllegalArgumentException("Cannot write to table " + table.name() + ": the table was selected at ref '"
          + selected + "' but the write option " + BRANCH_OPTION + " names branch '" + optionBranch + "'; use one of them");
    }
    String name = selected != null ? selected : optionBranch;
    if (name == null || name.equals(SnapshotRef.MAIN_BRANCH)) {
      return null;
    }
    SnapshotRef ref = table.refs().get(name);
    if (ref != null && ref.isTag()) {
      throw new IllegalArgumentException("Cannot write to tag '" + name + "' of table " + table.name()
          + ": tags are immutable; write to a branch (ALTER TABLE ... CREATE BRANCH) instead");
    }
    return name;
  }

  @Override
  public WriteBuilder truncate() {
    this.mode = SparkWriteMode.OVERWRITE_BY_FILTER;
    this.overwriteFilter = Expressions.alwaysTrue();
    return this;
  }

  @Override
  public boolean canOverwrite(Predicate[] predicates) {
    return SparkWriteFilters.convert(table.schema(), predicates).isPresent();
  }

  @Override
  public WriteBuilder overwrite(Predicate[] predicates) {
    this.mode = SparkWriteMode.OVERWRITE_BY_FILTER;
    this.overwriteFilter = SparkWriteFilters.convert(table.schema(), predicates).orElseThrow(() ->
        new IllegalArgumentException("Cannot overwrite table " + table.name() + " by filter "
            + java.util.Arrays.toString(predicates) + ": the filter cannot be converted to a Datashard expression; "
            + "use simple comparisons, IN, IS NULL and STARTS WITH on table columns"));
    return this;
  }

  @Override
  public WriteBuilder overwriteDynamicPartitions() {
    this.mode = SparkWriteMode.DYNAMIC_OVERWRITE;
    this.overwriteFilter = null;
    return this;
  }

  @Override
  public Write build() {
    return new SparkWrite(table, branch, info, mode, overwriteFilter);
  }
}
