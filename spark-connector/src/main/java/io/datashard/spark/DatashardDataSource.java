package io.datashard.spark;

import io.datashard.spark.catalog.PathIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.SupportsCatalogOptions;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code format("datashard")}: reads and writes path tables.
 *
 * <pre>{@code
 * df.write().format("datashard").partitionBy("day").save("/data/events");      // creates the table
 * df.write().format("datashard").mode("append").save("/data/events");
 * spark.read().format("datashard").option("snapshot-id", 42L).load("/data/events");
 * spark.read().format("datashard").load("/data/events#snapshots");               // a metadata table
 * }</pre>
 *
 * <p>Spark resolves the location through a hidden {@link SparkCatalog} named {@value #PATH_CATALOG}
 * (registered in the session on first use), so every save mode works: {@code errorifexists} (the
 * default) and {@code ignore} create the table from the DataFrame, with {@code partitionBy} columns
 * as identity partitions; {@code append} and {@code overwrite} create an unpartitioned table when
 * there is none yet. Storage options (e.g. {@code s3.endpoint}) for path tables are set on that
 * catalog: {@code spark.sql.catalog.datashard_path.s3.endpoint}.
 */
public class DatashardDataSource implements DataSourceRegister, SupportsCatalogOptions {
  public static final String SHORT_NAME = "datashard";
  public static final String PATH_CATALOG = "datashard_path";
  public static final String SNAPSHOT_ID = "snapshot-id";
  public static final String AS_OF_TIMESTAMP = "as-of-timestamp";
  public static final String BRANCH = "branch";
  public static final String TAG = "tag";

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return table(options).schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return table(new CaseInsensitiveStringMap(properties));
  }

  private Table table(CaseInsensitiveStringMap options) {
    TableCatalog catalog = (TableCatalog) SparkSession.active().sessionState().catalogManager().catalog(extractCatalog(options));
    try {
      return catalog.loadTable(extractIdentifier(options));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalArgumentException("No Datashard table at " + location(options)
          + ": write one with df.write().format(\"datashard\").save(location) first", e);
    }
  }

  /**
   * The identifier this thread's last {@code spark.read()} resolved. Spark's reader asks for the
   * time-travel version right after the identifier and its writer never does, which is the only way
   * to tell a read of a missing table (a clear error) from a first append (creates the table).
   */
  private static final ThreadLocal<PathIdentifier> ISSUED = new ThreadLocal<>();
  private static final ThreadLocal<PathIdentifier> READING = new ThreadLocal<>();

  @Override
  public Identifier extractIdentifier(CaseInsensitiveStringMap options) {
    PathIdentifier ident = new PathIdentifier(location(options), selection(options));
    ISSUED.set(ident);
    READING.remove();
    return ident;
  }

  @Override
  public java.util.Optional<String> extractTimeTravelVersion(CaseInsensitiveStringMap options) {
    READING.set(ISSUED.get());
    // The selection travels in the identifier, which also covers branches, tags and metadata tables.
    return java.util.Optional.empty();
  }

  /** Whether {@code ident} is being resolved for {@code spark.read()} (as opposed to a write). */
  static boolean isRead(Identifier ident) {
    return ident != null && READING.get() == ident;
  }

  @Override
  public String extractCatalog(CaseInsensitiveStringMap options) {
    SparkSession session = SparkSession.active();
    String key = "spark.sql.catalog." + PATH_CATALOG;
    if (session.conf().getOption(key).isEmpty()) {
      session.conf().set(key, SparkCatalog.class.getName());
    }
    return PATH_CATALOG;
  }

  private static String location(CaseInsensitiveStringMap options) {
    String path = options.get("path");
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("format(\"datashard\") needs the table location: pass it to load(location) "
          + "or save(location), or use a catalog table with spark.table(\"catalog.db.table\")");
    }
    return path;
  }

  /** The snapshot the read options select; at most one of them may be set. */
  static SnapshotSelection selection(CaseInsensitiveStringMap options) {
    List<String> given = new ArrayList<>();
    for (String option : List.of(SNAPSHOT_ID, AS_OF_TIMESTAMP, BRANCH, TAG)) {
      if (options.containsKey(option)) {
        given.add(option + "=" + options.get(option));
      }
    }
    if (given.size() > 1) {
      throw new IllegalArgumentException("Cannot read table " + options.get("path") + " with options " + given
          + ": set at most one of snapshot-id, as-of-timestamp, branch and tag");
    }
    if (options.containsKey(SNAPSHOT_ID)) {
      return SnapshotSelection.snapshot(number(options, SNAPSHOT_ID));
    } else if (options.containsKey(AS_OF_TIMESTAMP)) {
      return SnapshotSelection.asOfTimestamp(number(options, AS_OF_TIMESTAMP));
    } else if (options.containsKey(BRANCH)) {
      return SnapshotSelection.ref(options.get(BRANCH));
    } else if (options.containsKey(TAG)) {
      return SnapshotSelection.ref(options.get(TAG));
    }
    return SnapshotSelection.latest();
  }

  private static long number(CaseInsensitiveStringMap options, String option) {
    String value = options.get(option);
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Option " + option + " of table " + options.get("path") + " must be a whole number"
          + (option.equals(AS_OF_TIMESTAMP) ? " of epoch milliseconds" : "") + ", got '" + value + "'", e);
    }
  }
}
