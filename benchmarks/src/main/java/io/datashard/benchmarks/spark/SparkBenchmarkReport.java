package io.datashard.benchmarks.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The measurements of a run and the per-workload table: median seconds per system and the ratios. */
final class SparkBenchmarkReport {
  /** One timed run of one workload on one system. */
  record Measurement(Workload workload, String system, int round, long nanos) {
    Measurement {
      Objects.requireNonNull(workload, "workload is null");
      Objects.requireNonNull(system, "system is null");
    }

    double seconds() {
      return nanos / 1e9;
    }

    /** The machine-readable line the smoke test and scripts parse. */
    String line() {
      return String.format(Locale.ROOT, "RESULT %s %s %d %d", workload.label(), system, round, nanos);
    }
  }

  private final List<Measurement> measurements = new ArrayList<>();

  void add(Measurement measurement) {
    measurements.add(measurement);
  }

  List<Measurement> measurements() {
    return List.copyOf(measurements);
  }

  /** Median seconds of {@code system} on {@code workload}, or NaN if it did not run. */
  double median(Workload workload, String system) {
    List<Double> seconds = measurements.stream()
        .filter(m -> m.workload() == workload && m.system().equals(system))
        .map(Measurement::seconds).sorted().toList();
    if (seconds.isEmpty()) {
      return Double.NaN;
    }
    int middle = seconds.size() / 2;
    return seconds.size() % 2 == 1 ? seconds.get(middle) : (seconds.get(middle - 1) + seconds.get(middle)) / 2;
  }

  private String range(Workload workload, String system) {
    List<Double> seconds = measurements.stream()
        .filter(m -> m.workload() == workload && m.system().equals(system))
        .map(Measurement::seconds).sorted().toList();
    if (seconds.isEmpty()) {
      return "-";
    }
    if (seconds.size() == 1) {
      return String.format(Locale.ROOT, "%.2f", seconds.get(0));
    }
    return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(workload, system), seconds.get(0),
        seconds.get(seconds.size() - 1));
  }

  /** The table: one line per workload, median [fastest-slowest] seconds per system, Datashard's ratios. */
  String table(List<Workload> workloads, List<String> systems) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-18s", "workload"));
    for (String system : systems) {
      out.append(String.format(Locale.ROOT, " %24s", system + " (s)"));
    }
    out.append(String.format(Locale.ROOT, " %12s %12s%n", "ds/iceberg", "ds/parquet"));
    for (Workload workload : workloads) {
      out.append(String.format(Locale.ROOT, "%-18s", workload.label()));
      for (String system : systems) {
        out.append(String.format(Locale.ROOT, " %24s", range(workload, system)));
      }
      out.append(String.format(Locale.ROOT, " %12s %12s%n", ratio(workload, "datashard", "iceberg"),
          ratio(workload, "datashard", "parquet")));
    }
    return out.toString();
  }

  private String ratio(Workload workload, String system, String base) {
    double ratio = median(workload, system) / median(workload, base);
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
  }
}
