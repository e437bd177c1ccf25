package io.datashard;

/** The spec's snapshot operation names. */
public final class DataOperations {
  /** Only data files were added. */
  public static final String APPEND = "append";
  /** Files were replaced without changing the table's data (compaction, rewrites). */
  public static final String REPLACE = "replace";
  /** Data files were added and removed, or deletes were added (row-level changes). */
  public static final String OVERWRITE = "overwrite";
  /** Only files were removed. */
  public static final String DELETE = "delete";

  private DataOperations() {
  }
}
