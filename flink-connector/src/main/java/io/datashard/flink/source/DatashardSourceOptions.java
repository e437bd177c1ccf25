package io.datashard.flink.source;

import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Read options of the {@code datashard} SQL connector; {@link DatashardSource.Builder} has a method for each. */
public final class DatashardSourceOptions {
  private DatashardSourceOptions() {}

  public static final ConfigOption<Boolean> STREAMING = ConfigOptions.key("streaming").booleanType()
      .defaultValue(false)
      .withDescription("true: an unbounded read that emits the rows of each new append snapshot; false: read one snapshot.");

  public static final ConfigOption<Duration> MONITOR_INTERVAL = ConfigOptions.key("monitor-interval").durationType()
      .defaultValue(Duration.ofSeconds(10))
      .withDescription("How often a streaming read looks for new snapshots.");

  public static final ConfigOption<String> STREAMING_START = ConfigOptions.key("streaming-start").stringType()
      .defaultValue("full")
      .withDescription("Where a streaming read without start-snapshot-id starts: full (the current snapshot, then"
          + " new appends), earliest (the appends of every snapshot still held), latest (only new snapshots).");

  public static final ConfigOption<Long> START_SNAPSHOT_ID = ConfigOptions.key("start-snapshot-id").longType()
      .noDefaultValue()
      .withDescription("A streaming read starts with the appends of this snapshot (inclusive).");

  public static final ConfigOption<Long> SNAPSHOT_ID = ConfigOptions.key("snapshot-id").longType().noDefaultValue()
      .withDescription("A bounded read of this snapshot.");

  public static final ConfigOption<String> BRANCH = ConfigOptions.key("branch").stringType().noDefaultValue()
      .withDescription("Read this branch: its head (bounded) or its new snapshots (streaming).");

  public static final ConfigOption<String> TAG = ConfigOptions.key("tag").stringType().noDefaultValue()
      .withDescription("A bounded read of the snapshot this tag points to.");

  public static final ConfigOption<Long> AS_OF_TIMESTAMP = ConfigOptions.key("as-of-timestamp").longType()
      .noDefaultValue()
      .withDescription("A bounded read of the snapshot current at this time, in epoch milliseconds.");

  public static final ConfigOption<String> WATERMARK_COLUMN = ConfigOptions.key("watermark-column").stringType()
      .noDefaultValue()
      .withDescription("A timestamp column (or BIGINT of epoch millis) giving rows their event time; each split"
          + " emits a watermark at the column's smallest value in its files.");

  public static final ConfigOption<Boolean> CASE_SENSITIVE = ConfigOptions.key("case-sensitive").booleanType()
      .defaultValue(true)
      .withDescription("Whether column names are matched case-sensitively.");

  /** Every read option, for factories that validate their options. */
  public static Set<ConfigOption<?>> all() {
    return Set.of(STREAMING, MONITOR_INTERVAL, STREAMING_START, START_SNAPSHOT_ID, SNAPSHOT_ID, BRANCH, TAG,
        AS_OF_TIMESTAMP, WATERMARK_COLUMN, CASE_SENSITIVE);
  }
}
