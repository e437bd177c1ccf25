package io.datashard.benchmarks.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The measurements of a row-level benchmark run and its table: per mode and step, each system's median
 * [fastest-slowest] seconds, Datashard ÷ Iceberg, and for every mode each system's scan after the
 * DELETE and after the MERGE divided by its scan before them.
 */
final class SparkRowLevelReport {
  /** A step of the benchmark, in the order it runs on each fresh table. */
  enum Step {
    SCAN_BEFORE, DELETE, SCAN_AFTER_DELETE, MERGE, SCAN_AFTER_MERGE;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** One timed step on one system in one mode. */
  record Measurement(String mode, Step step, String system, int round, long nanos) {
    Measurement {
      Objects.requireNonNull(mode, "mode is null");
      Objects.requireNonNull(step, "step is null");
      Objects.requireNonNull(system, "system is null");
    }

    double seconds() {
      return nanos / 1e9;
    }

    /** The machine-readable line the smoke test parses. */
    String line() {
      return String.format(Locale.ROOT, "RESULT %s %s %s %d %d", mode, step.label(), system, round, nanos);
    }
  }

  private final List<Measurement> measurements = new ArrayList<>();

  void add(Measurement measurement) {
    measurements.add(measurement);
  }

  private List<Double> seconds(String mode, Step step, String system) {
    return measurements.stream()
        .filter(m -> m.mode().equals(mode) && m.step() == step && m.system().equals(system))
        .map(Measurement::seconds).sorted().toList();
  }

  /** Median seconds, or NaN if the step did not run. */
  double median(String mode, Step step, String system) {
    List<Double> seconds = seconds(mode, step, system);
    if (seconds.isEmpty()) {
      return Double.NaN;
    }
    int middle = seconds.size() / 2;
    return seconds.size() % 2 == 1 ? seconds.get(middle) : (seconds.get(middle - 1) + seconds.get(middle)) / 2;
  }

  private String range(String mode, Step step, String system) {
    List<Double> seconds = seconds(mode, step, system);
    if (seconds.isEmpty()) {
      return "-";
    }
    if (seconds.size() == 1) {
      return String.format(Locale.ROOT, "%.2f", seconds.get(0));
    }
    return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(mode, step, system), seconds.get(0),
        seconds.get(seconds.size() - 1));
  }

  private static String ratio(double value, double base) {
    double ratio = value / base;
    return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  /** The report: one line per mode and step, then the scan-after ÷ scan-before ratios per system. */
  String table(List<String> modes, List<String> systems) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-8s %-18s", "mode", "step"));
    for (String system : systems) {
      out.append(String.format(Locale.ROOT, " %24s", system + " (s)"));
    }
    out.append(String.format(Locale.ROOT, " %12s%n", "ds/iceberg"));
    for (String mode : modes) {
      for (Step step : Step.values()) {
        out.append(String.format(Locale.ROOT, "%-8s %-18s", mode, step.label()));
        for (String system : systems) {
          out.append(String.format(Locale.ROOT, " %24s", range(mode, step, system)));
        }
        out.append(String.format(Locale.ROOT, " %12s%n",
            ratio(median(mode, step, "datashard"), median(mode, step, "iceberg"))));
      }
    }
    out.append(String.format(Locale.ROOT, "%nscan after / scan before (medians)%n"));
    for (String mode : modes) {
      for (String system : systems) {
        double before = median(mode, Step.SCAN_BEFORE, system);
        out.append(String.format(Locale.ROOT, "%-8s %-10s after delete %8s   after merge %8s%n", mode, system,
            ratio(median(mode, Step.SCAN_AFTER_DELETE, system), before),
            ratio(median(mode, Step.SCAN_AFTER_MERGE, system), before)));
      }
    }
    return out.toString();
  }
}
