package io.datashard.flink;

import io.datashard.Table;
import io.datashard.catalog.PathTables;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Loads a table where it is needed. A {@link Table} is not serializable, so Flink operators carry a
 * loader (location + FileIO properties) and load the table on the task or job manager.
 */
public final class TableLoader implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String location;
  private final TreeMap<String, String> fileIoProperties;

  private TableLoader(String location, Map<String, String> fileIoProperties) {
    this.location = Objects.requireNonNull(location, "location is null");
    this.fileIoProperties = new TreeMap<>(Objects.requireNonNull(fileIoProperties, "fileIoProperties is null"));
  }

  /** A loader for the path table at {@code location}; storage is chosen by the location's scheme. */
  public static TableLoader forLocation(String location, Map<String, String> fileIoProperties) {
    return new TableLoader(location, fileIoProperties);
  }

  /** Loads the current metadata of the table. */
  public Table load() {
    return new PathTables(fileIoProperties).load(location);
  }

  /** True if a table exists at the location. */
  public boolean exists() {
    return new PathTables(fileIoProperties).exists(location);
  }

  public String location() {
    return location;
  }

  /** The properties that configure the table's FileIO (e.g. S3 endpoint and credentials). */
  public Map<String, String> fileIoProperties() {
    return Map.copyOf(fileIoProperties);
  }

  @Override
  public String toString() {
    return "TableLoader(" + location + ")";
  }
}
