package io.datashard.catalog;

import io.datashard.PartitionSpec;
import io.datashard.SortOrder;
import io.datashard.Table;
import io.datashard.exceptions.NoSuchTableException;
import io.datashard.internal.catalog.PathTableOperations;
import io.datashard.internal.commit.TableImpl;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataBuilder;
import io.datashard.io.FileIO;
import io.datashard.io.FileIOs;
import io.datashard.io.SupportsPrefixListing;
import io.datashard.types.Schema;
import java.util.Map;
import java.util.Objects;

/**
 * Tables addressed by location, with no catalog service: metadata in
 * {@code <location>/metadata/v<N>.metadata.json}, the layout Apache Iceberg's HadoopTables reads.
 * Commits are safe for concurrent writers on any storage whose FileIO creates files atomically
 * (local disk, and S3 with conditional writes).
 *
 * <pre>{@code
 * PathTables tables = new PathTables();
 * Table table = tables.create(schema, spec, "/data/warehouse/events");
 * table.newAppend().appendFile(file).commit();
 * }</pre>
 */
public final class PathTables {
  private final Map<String, String> ioProperties;
  private final FileIO fixedIo;

  /** Storage is chosen per location by its URI scheme. */
  public PathTables() {
    this(Map.of());
  }

  /** Storage is chosen per location by its URI scheme and configured with these properties. */
  public PathTables(Map<String, String> ioProperties) {
    this.ioProperties = Map.copyOf(ioProperties);
    this.fixedIo = null;
  }

  /** Every table uses this FileIO. */
  public PathTables(FileIO io) {
    this.ioProperties = Map.of();
    this.fixedIo = Objects.requireNonNull(io, "io is null");
  }

  private FileIO ioFor(String location) {
    return fixedIo != null ? fixedIo : FileIOs.forLocation(location, ioProperties);
  }

  public Table create(Schema schema, String location) {
    return create(schema, PartitionSpec.unpartitioned(), SortOrder.unsorted(), Map.of(), location);
  }

  public Table create(Schema schema, PartitionSpec spec, String location) {
    return create(schema, spec, SortOrder.unsorted(), Map.of(), location);
  }

  public Table create(Schema schema, PartitionSpec spec, Map<String, String> properties, String location) {
    return create(schema, spec, SortOrder.unsorted(), properties, location);
  }

  /**
   * Creates a table.
   *
   * @throws io.datashard.exceptions.AlreadyExistsException if a table exists at the location
   */
  public Table create(Schema schema, PartitionSpec spec, SortOrder order, Map<String, String> properties, String location) {
    PathTableOperations ops = new PathTableOperations(location, ioFor(location));
    TableMetadata metadata = TableMetadataBuilder.newTable(schema, spec, order, ops.location(), properties);
    ops.create(metadata);
    return new TableImpl(ops, ops.location());
  }

  /**
   * Loads the table at a location.
   *
   * @throws NoSuchTableException if there is no table there
   */
  public Table load(String location) {
    PathTableOperations ops = new PathTableOperations(location, ioFor(location));
    ops.refresh();
    return new TableImpl(ops, ops.location());
  }

  public boolean exists(String location) {
    return new PathTableOperations(location, ioFor(location)).exists();
  }

  /**
   * Drops the table: removes its metadata files, and with {@code purge} also every file under the
   * location. Returns false if there was no table.
   */
  public boolean drop(String location, boolean purge) {
    FileIO io = ioFor(location);
    PathTableOperations ops = new PathTableOperations(location, io);
    if (!ops.exists()) {
      return false;
    }
    if (!(io instanceof SupportsPrefixListing listing)) {
      throw new io.datashard.exceptions.DatashardException("Cannot drop table at " + location
          + ": its storage (" + io.getClass().getSimpleName() + ") cannot list files");
    }
    listing.deletePrefix(purge ? ops.location() + "/" : ops.location() + "/metadata/");
    return true;
  }
}
