package io.datashard.internal.scan;

import io.datashard.DataFile;
import io.datashard.DeleteFile;
import io.datashard.ManifestFile;
import io.datashard.PartitionSpec;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.expressions.Binder;
import io.datashard.expressions.Evaluator;
import io.datashard.expressions.Expression;
import io.datashard.expressions.InclusiveMetricsEvaluator;
import io.datashard.expressions.ManifestEvaluator;
import io.datashard.expressions.Projections;
import io.datashard.expressions.ResidualEvaluator;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.scan.FileScanTask;
import io.datashard.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * Plans the files of a set of manifests under a row filter. Manifests whose partition summaries
 * rule the filter out are skipped before they are opened; entries are kept when the inclusive
 * projection of the filter accepts their partition and their column metrics may match; each kept
 * data file gets its residual and its deletes from a {@link DeleteFileIndex}. Manifests are read
 * one after another, or on the given executor, a few at a time.
 */
final class ManifestPlanner {
  private final FileIO io;
  private final Map<Integer, PartitionSpec> specsById;
  private final Schema schema;
  private final Expression boundFilter;
  private final boolean caseSensitive;
  private final ExecutorService executor;
  private final InclusiveMetricsEvaluator metrics;
  private final boolean readStats;
  private final Map<Integer, SpecEvaluators> bySpec = new ConcurrentHashMap<>();

  /** A filter's evaluators for one partition spec. */
  private record SpecEvaluators(PartitionSpec spec, ManifestEvaluator manifests, Evaluator partitions, ResidualEvaluator residuals) {
  }

  /**
   * @param filter the row filter; bound to {@code schema} here, so a filter on a missing column
   *     fails now, naming the column
   * @param executor the executor to read manifests on, or null to read them on the calling thread
   */
  ManifestPlanner(FileIO io, Map<Integer, PartitionSpec> specsById, Schema schema, Expression filter,
      boolean caseSensitive, ExecutorService executor, boolean includeStats) {
    this.io = Objects.requireNonNull(io, "io is null");
    this.specsById = Map.copyOf(specsById);
    this.schema = Objects.requireNonNull(schema, "schema is null");
    // bound once to the scan's schema: field ids, not names, then carry the filter through every spec
    this.boundFilter = Binder.bind(schema.asStruct(), filter, caseSensitive);
    this.caseSensitive = caseSensitive;
    this.executor = executor;
    this.metrics = new InclusiveMetricsEvaluator(schema, boundFilter, caseSensitive);
    // without a filter nothing prunes by metrics, so unless the caller wants them the statistics of
    // data files are not even decoded: most of the cost of planning every file of a large table
    this.readStats = includeStats || boundFilter.op() != Expression.Operation.TRUE;
  }

  private SpecEvaluators evaluators(ManifestFile manifest) {
    return bySpec.computeIfAbsent(manifest.partitionSpecId(), specId -> {
      PartitionSpec spec = specsById.get(specId);
      if (spec == null) {
        throw new CorruptMetadataException(String.format(
            "Cannot plan manifest %s: it was written with partition spec %d, which the table metadata does not define (specs: %s)",
            manifest.location(), specId, new TreeSet<>(specsById.keySet())));
      }
      Expression partitionFilter = Projections.inclusive(spec, caseSensitive).project(boundFilter);
      return new SpecEvaluators(spec,
          ManifestEvaluator.forRowFilter(boundFilter, spec, caseSensitive),
          new Evaluator(spec.partitionType(), partitionFilter, true),
          ResidualEvaluator.of(spec, boundFilter, caseSensitive));
    });
  }

  /** Whether the manifest may hold matching files, judged by its partition summaries alone. */
  boolean mayMatch(ManifestFile manifest) {
    return evaluators(manifest).manifests().eval(manifest);
  }

  /** The index of the live delete files of the manifests that the filter's partitions may touch. */
  DeleteFileIndex deleteIndex(List<ManifestFile> deleteManifests) {
    DeleteFileIndex.Builder builder = DeleteFileIndex.builder(schema, specsById);
    List<CloseableIterable<DeleteFile>> perManifest = new ArrayList<>();
    for (ManifestFile manifest : deleteManifests) {
      if (mayMatch(manifest)) {
        SpecEvaluators evaluators = evaluators(manifest);
        perManifest.add(ManifestReader.liveEntries(io, manifest, specsById)
            .filter(entry -> evaluators.partitions().eval(entry.file().partition()))
            .map(entry -> (DeleteFile) entry.file()));
      }
    }
    try (CloseableIterator<DeleteFile> deletes = concat(perManifest).iterator()) {
      while (deletes.hasNext()) {
        builder.add(deletes.next());
      }
    }
    return builder.build();
  }

  /**
   * The matching live data files of the manifests, streamed.
   *
   * @param entryFilter which entries to consider at all (e.g. only those a snapshot added)
   */
  CloseableIterable<FileScanTask> plan(List<ManifestFile> dataManifests, DeleteFileIndex deletes,
      Predicate<ManifestEntry> entryFilter) {
    List<CloseableIterable<FileScanTask>> perManifest = new ArrayList<>();
    // equality deletes are skipped for data files whose bounds rule them out, which needs the bounds
    boolean withStats = readStats || !deletes.isEmpty();
    for (ManifestFile manifest : dataManifests) {
      if (!mayMatch(manifest)) {
        continue;
      }
      SpecEvaluators evaluators = evaluators(manifest);
      perManifest.add(ManifestReader.liveEntries(io, manifest, specsById, withStats)
          .filter(entry -> entryFilter.test(entry)
              && evaluators.partitions().eval(entry.file().partition())
              && metrics.eval(entry.file()))
          .map(entry -> {
            DataFile file = (DataFile) entry.file();
            return FileScanTask.wholeFile(file, deletes.forDataFile(file), evaluators.spec(),
                evaluators.residuals().residualFor(file.partition()));
          }));
    }
    return concat(perManifest);
  }

  private <T> CloseableIterable<T> concat(List<CloseableIterable<T>> perManifest) {
    if (executor == null || perManifest.size() <= 1) {
      return CloseableIterable.concat(perManifest);
    }
    return new ParallelIterable<>(perManifest, executor, 8);
  }
}
