package io.datashard.benchmarks;

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
 * Commit, load and refresh latency of a path table with many snapshots, Datashard and Apache
 * Iceberg's HadoopTables side by side ({@code implementation} parameter).
 *
 * <p>Fixture (built once per trial, in a temporary folder): {@code snapshots} merging appends of
 * {@code filesPerSnapshot} metadata-only data files each to an unpartitioned format-version 2
 * table with default properties (manifest merging on, min-count-to-merge 100, target 8 MiB;
 * metadata uncompressed; old metadata files kept).
 *
 * <ul>
 *   <li>{@code commitOneFileAppend}: one merging append of one file. Each iteration starts from
 *       the fixture again (its metadata is re-committed as a new version), so the table holds
 *       {@code snapshots} plus the snapshots of the current iteration only.</li>
 *   <li>{@code loadTable}: load the table from its path with a fresh handle.</li>
 *   <li>{@code refreshTable}: refresh a reader handle after one external commit (a table property
 *       changed through the writer handle, untimed, before every invocation); the refresh has to
 *       find the new version and parse its metadata, which still holds every snapshot.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class CommitBenchmark {

  /** The table under test, built once per trial. */
  @State(Scope.Benchmark)
  public static class TableState {
    @Param({"datashard", "iceberg"})
    public String implementation;

    @Param({"1000"})
    public int snapshots;

    @Param({"10"})
    public int filesPerSnapshot;

    BenchTable table;

    @Setup(Level.Trial)
    public void buildFixture() throws IOException {
      String parent = System.getProperty("benchmark.dir");
      Path root = parent == null
          ? Files.createTempDirectory("datashard-bench-" + implementation + "-")
          : Files.createTempDirectory(Files.createDirectories(Path.of(parent)), implementation + "-");
      table = BenchTable.forImplementation(implementation, root);
      long start = System.nanoTime();
      table.create(snapshots, filesPerSnapshot);
      System.out.printf("%n[fixture] %s: %d snapshots x %d files built in %.1f s at %s%n", implementation,
          snapshots, filesPerSnapshot, (System.nanoTime() - start) / 1e9, table.location());
    }

    @TearDown(Level.Trial)
    public void deleteFixture() throws IOException {
      table.close();
    }
  }

  /** Puts the table back to the fixture's snapshots before every iteration of the commit benchmark. */
  @State(Scope.Benchmark)
  public static class FreshFixturePerIteration {
    @Setup(Level.Iteration)
    public void reset(TableState state) {
      state.table.resetToFixture();
    }
  }

  /** Commits a change through the writer before every invocation of the refresh benchmark. */
  @State(Scope.Benchmark)
  public static class ExternalCommitPerInvocation {
    @Setup(Level.Invocation)
    public void commit(TableState state) {
      state.table.externalCommit();
    }
  }

  @Benchmark
  public Object commitOneFileAppend(TableState state, FreshFixturePerIteration fresh) {
    return state.table.appendOneFile();
  }

  @Benchmark
  public Object loadTable(TableState state) {
    return state.table.load();
  }

  @Benchmark
  public long refreshTable(TableState state, ExternalCommitPerInvocation externalCommit) {
    return state.table.refreshReader();
  }
}
