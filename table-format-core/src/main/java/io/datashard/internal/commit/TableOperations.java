package io.datashard.internal.commit;

import io.datashard.internal.metadata.TableMetadata;
import io.datashard.io.FileIO;

/**
 * The storage side of a table: a compare-and-swap over its metadata. Catalogs implement it.
 */
public interface TableOperations {
  /** The metadata last loaded (without a reload). */
  TableMetadata current();

  /** Reloads and returns the latest metadata. */
  TableMetadata refresh();

  /**
   * Replaces {@code base} with {@code metadata} atomically.
   *
   * @throws io.datashard.exceptions.CommitFailedException if {@code base} is no longer current (retryable)
   * @throws io.datashard.exceptions.CommitStateUnknownException if the outcome cannot be known
   */
  void commit(TableMetadata base, TableMetadata metadata);

  FileIO io();

  /** Location for a new metadata file (manifest, manifest list) with the given file name. */
  String metadataFileLocation(String fileName);

  /** Location for a new data file under the table's data folder. */
  String dataFileLocation(String fileName);

  /** A new, unique snapshot id. */
  default long newSnapshotId() {
    java.util.UUID uuid = java.util.UUID.randomUUID();
    long mostSignificantBits = uuid.getMostSignificantBits();
    long leastSignificantBits = uuid.getLeastSignificantBits();
    return (mostSignificantBits ^ leastSignificantBits) & Long.MAX_VALUE;
  }

  /** Name of the table for messages. */
  String tableName();
}
