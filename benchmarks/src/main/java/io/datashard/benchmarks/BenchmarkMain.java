package io.datashard.benchmarks;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks with JMH's usual command line and then prints, per benchmark, Datashard's
 * and Iceberg's scores side by side with the ratio Datashard ÷ Iceberg (below 1 means Datashard
 * is faster). With no benchmark pattern on the command line it runs {@link CommitBenchmark}.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {
  }

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    if (cli.shouldHelp() || cli.shouldList() || cli.shouldListWithParams() || cli.shouldListProfilers()
        || cli.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli);
    if (cli.getIncludes().isEmpty()) {
      builder.include(CommitBenchmark.class.getSimpleName());
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    printRatios(results, System.out);
  }

  /** Prints one line per benchmark (and non-implementation parameters) with both scores and their ratio. */
  static void printRatios(Collection<RunResult> results, PrintStream out) {
    Map<String, Map<String, Result<?>>> byBenchmark = new TreeMap<>();
    for (RunResult run : results) {
      String implementation = run.getParams().getParam("implementation");
      if (implementation == null) {
        continue;
      }
      StringBuilder key = new StringBuilder(shortName(run.getParams().getBenchmark()));
      for (String param : run.getParams().getParamsKeys()) {
        if (!param.equals("implementation")) {
          key.append(' ').append(param).append('=').append(run.getParams().getParam(param));
        }
      }
      byBenchmark.computeIfAbsent(key.toString(), k -> new TreeMap<>()).put(implementation, run.getPrimaryResult());
    }
    if (byBenchmark.isEmpty()) {
      return;
    }
    out.println();
    out.println("Datashard vs Apache Iceberg (average time per operation, lower is better; ratio < 1 means Datashard is faster)");
    out.printf(Locale.ROOT, "%-60s %22s %22s %12s%n", "Benchmark", "datashard", "iceberg", "ds/iceberg");
    for (Map.Entry<String, Map<String, Result<?>>> entry : byBenchmark.entrySet()) {
      Result<?> datashard = entry.getValue().get("datashard");
      Result<?> iceberg = entry.getValue().get("iceberg");
      String ratio = datashard != null && iceberg != null && iceberg.getScore() > 0
          ? String.format(Locale.ROOT, "%.2fx", datashard.getScore() / iceberg.getScore())
          : "n/a";
      out.printf(Locale.ROOT, "%-60s %22s %22s %12s%n", entry.getKey(), format(datashard), format(iceberg), ratio);
    }
  }

  private static String shortName(String benchmark) {
    int dot = benchmark.lastIndexOf('.');
    return dot < 0 ? benchmark : benchmark.substring(dot + 1);
  }

  private static String format(Result<?> result) {
    if (result == null) {
      return "-";
    }
    double error = result.getScoreError();
    return Double.isNaN(error)
        ? String.format(Locale.ROOT, "%.3f %s", result.getScore(), result.getScoreUnit())
        : String.format(Locale.ROOT, "%.3f ± %.3f %s", result.getScore(), error, result.getScoreUnit());
  }
}
