package io.datashard.internal.deletes;

import io.datashard.ContentFile;
import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.FileContent;
import io.datashard.PartitionData;
import io.datashard.PartitionSpec;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Expression;
import io.datashard.expressions.InclusiveMetricsEvaluator;
import io.datashard.expressions.ResidualEvaluator;
import io.datashard.types.Schema;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The conflict-detection predicates of row-level changes: which concurrently added files make a
 * commit of position deletes (or deletion vectors) for some data files unsafe.
 */
public final class DeleteConflicts {
  private DeleteConflicts() {
  }

  /** A partition of one spec. */
  public record PartitionKey(int specId, PartitionData partition) {
  }

  /**
   * Position deletes (deletion vectors, or position delete files) that may apply to one of the data
   * files: they name it, or are partition-scoped in its partition. A concurrent one would be
   * shadowed by (v3) or duplicate the deletes being committed. Equality deletes do not conflict:
   * they apply independently of position deletes.
   */
  public static Predicate<ContentFile> positionDeletesFor(Set<String> dataFiles, Collection<PartitionKey> partitions) {
    Set<String> locations = Set.copyOf(dataFiles);
    Set<PartitionKey> keys = new HashSet<>(partitions);
    return file -> {
      if (!(file instanceof DeleteFile delete) || delete.content() != FileContent.POSITION_DELETES) {
        return false;
      }
      if (delete.referencedDataFile().isPresent()) {
        return locations.contains(delete.referencedDataFile().get());
      }
      return keys.contains(new PartitionKey(delete.specId(), delete.partition()));
    };
  }

  /** Data files that may hold rows matching {@code rowFilter}, judged by partition and column metrics. */
  public static Predicate<ContentFile> dataMayMatch(Schema schema, Map<Integer, PartitionSpec> specs, Expression rowFilter,
      boolean caseSensitive) {
    Expression bound = Binder.bind(schema.asStruct(), rowFilter, caseSensitive);
    Map<Integer, ResidualEvaluator> residuals = new HashMap<>();
    return file -> {
      if (!(file instanceof DataFile)) {
        return false;
      }
      PartitionSpec spec = specs.get(file.specId());
      if (spec == null) {
        return true; // a spec added concurrently: cannot judge, so count it
      }
      Expression residual;
      synchronized (residuals) {
        residual = residuals.computeIfAbsent(spec.specId(), id -> ResidualEvaluator.of(spec, bound, caseSensitive))
            .residualFor(file.partition());
      }
      switch (residual.op()) {
        case TRUE:
          return file.recordCount() != 0;
        case FALSE:
          return false;
        default:
          return new InclusiveMetricsEvaluator(schema, residual, caseSensitive).eval(file);
      }
    };
  }
}
