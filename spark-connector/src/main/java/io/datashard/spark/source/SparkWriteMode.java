package io.datashard.spark.source;

/** What a Spark batch write does with the table's existing rows when it commits. */
enum SparkWriteMode {
  /** Adds the written files. */
  APPEND,
  /** Replaces the rows matching a filter (all rows for a truncate) with the written files. */
  OVERWRITE_BY_FILTER,
  /** Replaces every partition the job wrote a file to with the written files. */
  DYNAMIC_OVERWRITE
}
