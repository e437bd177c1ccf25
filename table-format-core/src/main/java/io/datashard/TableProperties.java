package io.datashard;

/** Table property names (the spec's and Iceberg's names) and their defaults. */
public final class TableProperties {
  public static final String FORMAT_VERSION = "format-version";
  public static final int DEFAULT_FORMAT_VERSION = 2;
  public static final int MAX_FORMAT_VERSION = 3;

  public static final String UUID = "uuid";

  public static final String COMMIT_NUM_RETRIES = "commit.retry.num-retries";
  public static final int COMMIT_NUM_RETRIES_DEFAULT = 4;
  public static final String COMMIT_MIN_RETRY_WAIT_MS = "commit.retry.min-wait-ms";
  public static final long COMMIT_MIN_RETRY_WAIT_MS_DEFAULT = 100;
  public static final String COMMIT_MAX_RETRY_WAIT_MS = "commit.retry.max-wait-ms";
  public static final long COMMIT_MAX_RETRY_WAIT_MS_DEFAULT = 60_000;
  public static final String COMMIT_TOTAL_RETRY_TIME_MS = "commit.retry.total-timeout-ms";
  public static final long COMMIT_TOTAL_RETRY_TIME_MS_DEFAULT = 30 * 60 * 1000L;

  public static final String MANIFEST_TARGET_SIZE_BYTES = "commit.manifest.target-size-bytes";
  public static final long MANIFEST_TARGET_SIZE_BYTES_DEFAULT = 8L * 1024 * 1024;
  public static final String MANIFEST_MIN_MERGE_COUNT = "commit.manifest.min-count-to-merge";
  public static final int MANIFEST_MIN_MERGE_COUNT_DEFAULT = 100;
  public static final String MANIFEST_MERGE_ENABLED = "commit.manifest-merge.enabled";
  public static final boolean MANIFEST_MERGE_ENABLED_DEFAULT = true;

  public static final String METADATA_COMPRESSION = "write.metadata.compression-codec";
  public static final String METADATA_COMPRESSION_DEFAULT = "none";
  public static final String METADATA_PREVIOUS_VERSIONS_MAX = "write.metadata.previous-versions-max";
  public static final int METADATA_PREVIOUS_VERSIONS_MAX_DEFAULT = 100;
  public static final String METADATA_DELETE_AFTER_COMMIT_ENABLED = "write.metadata.delete-after-commit.enabled";
  public static final boolean METADATA_DELETE_AFTER_COMMIT_ENABLED_DEFAULT = false;

  public static final String MAX_SNAPSHOT_AGE_MS = "history.expire.max-snapshot-age-ms";
  public static final long MAX_SNAPSHOT_AGE_MS_DEFAULT = 5L * 24 * 60 * 60 * 1000;
  public static final String MIN_SNAPSHOTS_TO_KEEP = "history.expire.min-snapshots-to-keep";
  public static final int MIN_SNAPSHOTS_TO_KEEP_DEFAULT = 1;
  public static final String MAX_REF_AGE_MS = "history.expire.max-ref-age-ms";
  public static final long MAX_REF_AGE_MS_DEFAULT = Long.MAX_VALUE;

  public static final String DEFAULT_FILE_FORMAT = "write.format.default";
  public static final String DEFAULT_FILE_FORMAT_DEFAULT = "parquet";
  public static final String WRITE_DATA_LOCATION = "write.data.path";
  public static final String WRITE_METADATA_LOCATION = "write.metadata.path";
  public static final String WRITE_TARGET_FILE_SIZE_BYTES = "write.target-file-size-bytes";
  public static final long WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT = 512L * 1024 * 1024;

  public static final String DELETE_MODE = "write.delete.mode";
  public static final String UPDATE_MODE = "write.update.mode";
  public static final String MERGE_MODE = "write.merge.mode";

  /** Table properties that are stored as metadata fields rather than in the properties map. */
  public static final java.util.Set<String> RESERVED_PROPERTIES = java.util.Set.of(FORMAT_VERSION, UUID);

  private TableProperties() {
  }
}
