package io.datashard.benchmarks.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scan planning ({@code table.newScan().filter(..).planFiles()}, every task iterated) of a table of
 * {@code manifests × filesPerManifest} data files, Datashard and Apache Iceberg side by side
 * ({@code implementation} parameter). Both plan single-threaded: Datashard without {@code planWith},
 * Iceberg with its worker pool turned off ({@code -Diceberg.scan.plan-in-worker-pool=false}).
 *
 * <ul>
 *   <li>{@code planAll}: no filter, every file (both leave the column statistics out of the tasks of
 *       an unfiltered plan);</li>
 *   <li>{@code planAllWithStats}: the same with the column statistics in the tasks on both sides
 *       ({@code includeColumnStats()} on both);</li>
 *   <li>{@code planPartition}: {@code p = manifests / 2} (500 by default): one manifest of 1,000
 *       matches by its partition summary, the others are skipped unopened;</li>
 *   <li>{@code planIdRange}: {@code id} in a range covering 1 % of the files (not a partition column:
 *       every manifest is opened, files are skipped by their bounds).</li>
 * </ul>
 *
 * <p>The fixture (see {@link ScanFixture}) is built by fast appends in the first trial that needs it
 * and kept in {@code -Dbenchmark.dir} when set (the run script sets it), so later trials of the same
 * run only load it; without it, it goes to a temporary folder deleted after the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Diceberg.scan.plan-in-worker-pool=false"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class ScanPlanningBenchmark {
  static final String WORKER_POOL_PROPERTY = "iceberg.scan.plan-in-worker-pool";

  /** Bits 0-31 of a plan's result count files, bits 32-63 the files whose task carries column bounds. */
  static final long WITH_STATS = 1L << 32;

  /** The table under test. */
  @State(Scope.Benchmark)
  public static class TableState {
    @Param({"datashard", "iceberg"})
    public String implementation;

    @Param({"1000"})
    public int manifests;

    @Param({"100"})
    public int filesPerManifest;

    ScanFixture fixture;
    int selectedPartition;
    long rangeLower;
    long rangeUpper;
    long expectedRangeFiles;

    @Setup(Level.Trial)
    public void buildFixture() throws IOException {
      if (!"false".equals(System.getProperty(WORKER_POOL_PROPERTY))) {
        System.out.println("[warning] -D" + WORKER_POOL_PROPERTY + "=false is not set: Iceberg plans on its worker pool");
      }
      String parent = System.getProperty("benchmark.dir");
      Path root = parent == null
          ? Files.createTempDirectory("datashard-scan-bench-" + implementation + "-")
          : Files.createDirectories(Path.of(parent)).resolve("scan-" + implementation + "-" + manifests + "x" + filesPerManifest);
      fixture = ScanFixture.forImplementation(implementation, root, parent != null);
      long start = System.nanoTime();
      boolean built = fixture.createOrLoad(manifests, filesPerManifest);
      System.out.printf("%n[fixture] %s: %d manifests x %d files %s in %.1f s at %s%n", implementation, manifests,
          filesPerManifest, built ? "built" : "loaded", (System.nanoTime() - start) / 1e9, fixture.location());
      long files = (long) manifests * filesPerManifest;
      selectedPartition = manifests / 2;
      expectedRangeFiles = Math.max(1, files / 100);
      long firstFile = files / 2;
      rangeLower = ScanFixture.lowerId(firstFile);
      rangeUpper = ScanFixture.lowerId(firstFile + expectedRangeFiles);
    }

    @TearDown(Level.Trial)
    public void closeFixture() throws IOException {
      fixture.close();
    }
  }

  @Benchmark
  public long planAll(TableState state) {
    return state.fixture.planAll();
  }

  @Benchmark
  public long planAllWithStats(TableState state) {
    return state.fixture.planAllWithStats();
  }

  @Benchmark
  public long planPartition(TableState state) {
    return state.fixture.planPartition(state.selectedPartition);
  }

  @Benchmark
  public long planIdRange(TableState state) {
    return state.fixture.planIdRange(state.rangeLower, state.rangeUpper);
  }
}
