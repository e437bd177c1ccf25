package io.datashard.spark.catalog;

import io.datashard.spark.SnapshotSelection;
import java.util.Objects;
import org.apache.spark.sql.connector.catalog.Identifier;

/**
 * An identifier that names a table by its location, as {@code format("datashard").load(path)}
 * produces. It also carries the snapshot the read options select, so the catalog can load the
 * table at that snapshot without Spark's time-travel plumbing.
 *
 * <p>The SQL form of a path identifier is a quoted name with an empty namespace, e.g.
 * {@code datashard_path.`/data/events`}; a {@code #snapshots}-style suffix names a metadata table.
 */
public final class PathIdentifier implements Identifier {
  private static final String[] NO_NAMESPACE = new String[0];

  private final String location;
  private final SnapshotSelection selection;

  public PathIdentifier(String location, SnapshotSelection selection) {
    this.location = Objects.requireNonNull(location, "location is null");
    this.selection = Objects.requireNonNull(selection, "selection is null");
  }

  /** Whether a catalog identifier names a location rather than a warehouse table. */
  public static boolean isPath(Identifier ident) {
    if (ident instanceof PathIdentifier) {
      return true;
    }
    String name = ident.name();
    return ident.namespace().length == 0 && (name.contains("/") || name.contains("\\"));
  }

  public static PathIdentifier of(Identifier ident) {
    return ident instanceof PathIdentifier path ? path : new PathIdentifier(ident.name(), SnapshotSelection.latest());
  }

  public String location() {
    return location;
  }

  public SnapshotSelection selection() {
    return selection;
  }

  @Override
  public String[] namespace() {
    return NO_NAMESPACE;
  }

  @Override
  public String name() {
    return location;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PathIdentifier that && location.equals(that.location) && selection.equals(that.selection);
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, selection);
  }

  @Override
  public String toString() {
    return selection.isLatest() ? location : location + " (" + selection + ")";
  }
}
