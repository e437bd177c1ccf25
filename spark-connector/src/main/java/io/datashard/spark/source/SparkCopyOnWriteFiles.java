package io.datashard.spark.source;

import io.datashard.scan.CombinedScanTask;
import io.datashard.scan.FileScanTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;

/**
 * Runtime filtering of a copy-on-write scan by {@code _file_id} (or {@code _file}): Spark first finds
 * the files holding rows the operation changes ({@code SELECT _file_id ... WHERE condition}, a separate
 * scan of the same snapshot) and passes them as an {@code IN} (or {@code =}) predicate, so that files
 * whose metrics matched the condition but none of whose rows do are neither read nor rewritten.
 */
final class SparkCopyOnWriteFiles {
  private SparkCopyOnWriteFiles() {
  }

  /**
   * The file locations the predicates allow, or empty when none of them is a predicate on
   * {@code _file} or {@code _file_id}.
   *
   * @param planned the locations of the files the scan planned, which {@code _file_id} values select from
   */
  static Optional<Set<String>> locations(Predicate[] predicates, Set<String> planned) {
    Set<String> result = null;
    for (Predicate predicate : predicates) {
      Set<String> allowed = locations(predicate, planned);
      if (allowed == null) {
        continue; // not a file predicate: it cannot prune files, and Spark re-checks nothing here
      }
      if (result == null) {
        result = new HashSet<>(allowed);
      } else {
        result.retainAll(allowed);
      }
    }
    return Optional.ofNullable(result);
  }

  private static Set<String> locations(Predicate predicate, Set<String> planned) {
    org.apache.spark.sql.connector.expressions.Expression[] children = predicate.children();
    if (!(predicate.name().equals("IN") || predicate.name().equals("=")) || children.length == 0
        || !(children[0] instanceof NamedReference ref)) {
      return null;
    }
    String column = String.join(".", ref.fieldNames());
    boolean byId = column.equalsIgnoreCase(SparkRowLevelColumns.FILE_ID.name());
    if (!byId && !column.equalsIgnoreCase(SparkRowLevelColumns.FILE.name())) {
      return null;
    }
    Set<String> values = new HashSet<>();
    Set<Long> ids = new HashSet<>();
    for (int i = 1; i < children.length; i++) {
      if (!(children[i] instanceof Literal<?> literal)) {
        return null;
      }
      Object value = literal.value();
      if (value == null) {
        continue;
      }
      if (!byId) {
        values.add(value.toString());
      } else if (value instanceof Long id) {
        ids.add(id);
      } else {
        return null;
      }
    }
    if (byId) {
      for (String location : planned) {
        if (ids.contains(SparkFileIds.of(location))) {
          values.add(location);
        }
      }
    }
    return values;
  }

  /** The tasks' file ranges whose file is one of {@code locations}. */
  static List<CombinedScanTask> keep(List<CombinedScanTask> tasks, Set<String> locations) {
    List<CombinedScanTask> kept = new ArrayList<>();
    for (CombinedScanTask task : tasks) {
      List<FileScanTask> files = new ArrayList<>(task.files().size());
      for (FileScanTask file : task.files()) {
        if (locations.contains(file.file().location())) {
          files.add(file);
        }
      }
      if (!files.isEmpty()) {
        kept.add(files.size() == task.files().size() ? task : new CombinedScanTask(files));
      }
    }
    return kept;
  }
}
