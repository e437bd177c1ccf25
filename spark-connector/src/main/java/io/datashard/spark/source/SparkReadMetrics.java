package io.datashard.spark.source;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The custom metrics a Datashard scan shows in the Spark SQL UI. Spark instantiates the metric
 * classes by name, so each has a public no-argument constructor.
 */
public final class SparkReadMetrics {
  public static final String FILES_SCANNED = "datashardFilesScanned";
  public static final String FILES_SKIPPED = "datashardFilesSkipped";
  public static final String DELETE_FILES_APPLIED = "datashardDeleteFilesApplied";
  public static final String PLANNING_TIME_MS = "datashardPlanningTimeMs";

  private SparkReadMetrics() {
  }

  static CustomMetric[] supported() {
    return new CustomMetric[] {new FilesScanned(), new FilesSkipped(), new DeleteFilesApplied(), new PlanningTimeMs()};
  }

  /** Data files the scan reads (after partition, metrics and runtime pruning). */
  public static final class FilesScanned extends CustomSumMetric {
    @Override
    public String name() {
      return FILES_SCANNED;
    }

    @Override
    public String description() {
      return "data files scanned";
    }
  }

  /** Data files of the snapshot that partition, metrics or runtime filters pruned. */
  public static final class FilesSkipped extends CustomSumMetric {
    @Override
    public String name() {
      return FILES_SKIPPED;
    }

    @Override
    public String description() {
      return "data files skipped";
    }
  }

  /** Distinct delete files (position, deletion vector, equality) applied to the files scanned. */
  public static final class DeleteFilesApplied extends CustomSumMetric {
    @Override
    public String name() {
      return DELETE_FILES_APPLIED;
    }

    @Override
    public String description() {
      return "delete files applied";
    }
  }

  /** Time the driver spent planning the scan. */
  public static final class PlanningTimeMs extends CustomSumMetric {
    @Override
    public String name() {
      return PLANNING_TIME_MS;
    }

    @Override
    public String description() {
      return "planning time (ms)";
    }
  }

  record TaskMetric(String name, long value) implements CustomTaskMetric {
  }
}
