package io.datashard.internal.catalog;

import io.datashard.TableProperties;
import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.CommitFailedException;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.CorruptMetadataException;
import io.datashard.exceptions.NoSuchTableException;
import io.datashard.exceptions.NotFoundException;
import io.datashard.internal.commit.TableOperations;
import io.datashard.internal.metadata.MetadataLogEntry;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataBuilder;
import io.datashard.internal.metadata.TableMetadataParser;
import io.datashard.io.FileIO;
import io.datashard.io.FileInfo;
import io.datashard.io.InputFile;
import io.datashard.io.SupportsPrefixListing;
import io.datashard.io.CloseableIterator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operations of a path-based table: metadata in {@code <location>/metadata/v<N>.metadata.json}
 * (the layout Apache Iceberg's HadoopTables reads), data under {@code <location>/data/}.
 *
 * <p>A commit creates {@code v<N+1>} with an atomic create-if-absent, never a rename over or an
 * overwrite: of two writers racing from {@code v<N>}, exactly one creates {@code v<N+1>}, and the
 * other gets a retryable {@link CommitFailedException}. {@code version-hint.text} is only a hint:
 * refresh reads it and then probes for later versions.
 */
public final class PathTableOperations implements TableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(PathTableOperations.class);
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)(\\.gz)?\\.metadata\\.json(\\.gz)?");
  static final String VERSION_HINT = "version-hint.text";

  private final String location;
  private final FileIO io;
  private volatile TableMetadata current;
  private volatile int currentVersion = 0;

  public PathTableOperations(String location, FileIO io) {
    this.location = stripTrailingSlash(Objects.requireNonNull(location, "location is null"));
    this.io = Objects.requireNonNull(io, "io is null");
  }

  private static String stripTrailingSlash(String path) {
    String result = path;
    while (result.length() > 1 && result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  public String location() {
    return location;
  }

  @Override
  public String tableName() {
    return location;
  }

  @Override
  public FileIO io() {
    return io;
  }

  private String metadataDir() {
    return location + "/metadata";
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return metadataDir() + "/" + fileName;
  }

  @Override
  public String dataFileLocation(String fileName) {
    return location + "/data/" + fileName;
  }

  String versionFile(int version, TableMetadataParser.Codec codec) {
    return metadataFileLocation("v" + version + codec.extension());
  }

  @Override
  public TableMetadata current() {
    TableMetadata metadata = current;
    if (metadata == null) {
      return refresh();
    }
    return metadata;
  }

  /** Whether the table has any metadata version. */
  public boolean exists() {
    return findVersionFile(latestVersion()) != null;
  }

  @Override
  public synchronized TableMetadata refresh() {
    int version = latestVersion();
    String file = findVersionFile(version);
    if (file == null) {
      throw new NoSuchTableException("No table at " + location + ": " + metadataDir()
          + " holds no v<N>.metadata.json file. Create the table first, or check the path.");
    }
    if (current != null && version == currentVersion) {
      return current;
    }
    TableMetadata metadata = TableMetadataParser.read(io.newInputFile(file));
    current = metadata;
    currentVersion = version;
    return metadata;
  }

  /** The highest version present: the hint, then probing forward (hints may lag behind commits). */
  private int latestVersion() {
    int version = Math.max(readHint(), currentVersion);
    if (version == 0) {
      version = listMaxVersion();
    }
    if (version == 0 && findVersionFile(1) == null) {
      return 0;
    }
    version = Math.max(version, 1);
    if (findVersionFile(version) == null) {
      // the hint points past what exists (a hint written by a racing writer that lost): list instead
      version = Math.max(listMaxVersion(), 0);
      if (version == 0) {
        // storage that cannot list: probe forward from v1 rather than stopping there
        if (findVersionFile(1) == null) {
          return 0;
        }
        version = 1;
      }
    }
    while (findVersionFile(version + 1) != null) {
      version++;
    }
    return version;
  }

  private int readHint() {
    InputFile hint = io.newInputFile(metadataFileLocation(VERSION_HINT));
    try (InputStream in = hint.newStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return Integer.parseInt(text);
    } catch (NotFoundException e) {
      return 0;
    } catch (IOException | NumberFormatException e) {
      LOG.warn("Ignoring unreadable {} of {}: {}", VERSION_HINT, location, e.toString());
      return 0;
    }
  }

  private int listMaxVersion() {
    if (!(io instanceof SupportsPrefixListing listing)) {
      return 0;
    }
    int max = 0;
    try (CloseableIterator<FileInfo> files = listing.listPrefix(metadataDir() + "/").iterator()) {
      while (files.hasNext()) {
        String path = files.next().location();
        String name = path.substring(path.lastIndexOf('/') + 1);
        Matcher matcher = VERSION_FILE.matcher(name);
        if (matcher.matches()) {
          max = Math.max(max, Integer.parseInt(matcher.group(1)));
        }
      }
    } catch (NotFoundException e) {
      return 0;
    }
    return max;
  }

  private String findVersionFile(int version) {
    if (version <= 0) {
      return null;
    }
    for (TableMetadataParser.Codec codec : TableMetadataParser.Codec.values()) {
      String file = versionFile(version, codec);
      if (io.newInputFile(file).exists()) {
        return file;
      }
    }
    String legacy = metadataFileLocation("v" + version + ".metadata.json.gz");
    return io.newInputFile(legacy).exists() ? legacy : null;
  }

  @Override
  public synchronized void commit(TableMetadata base, TableMetadata metadata) {
    int baseVersion = base == null ? 0 : currentVersionOf(base);
    if (base != null && base != current) {
      // the caller's base is not what we last loaded; the create-if-absent below still guards, but
      // failing early gives a clearer message and saves writing a doomed file
      TableMetadata latest = refresh();
      if (latest != base && !sameVersion(latest, base)) {
        throw new CommitFailedException("Cannot commit to " + location + ": the table changed since the update was planned (now at version "
            + currentVersion + ")");
      }
    }
    if (base != null && findVersionFile(baseVersion) == null) {
      // metadata cleanup removed the base, so the table is well past it; and the next version's
      // name may be free again, which would let the create below "succeed" outside the history
      throw new CommitFailedException("Cannot commit to " + location + ": version " + baseVersion
          + " that the update was planned on has been removed by metadata cleanup, so the table has moved on");
    }
    int nextVersion = baseVersion + 1;
    // The codec of the file name comes from the base, so every writer racing from the same base
    // targets the same name and the create-if-absent decides between them.
    TableMetadata codecSource = base == null ? metadata : base;
    TableMetadataParser.Codec codec = TableMetadataParser.Codec.fromName(
        codecSource.property(TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT));
    String file = versionFile(nextVersion, codec);
    if (base != null) {
      TableMetadataParser.Codec other = codec == TableMetadataParser.Codec.NONE ? TableMetadataParser.Codec.GZIP : TableMetadataParser.Codec.NONE;
      if (io.newInputFile(versionFile(nextVersion, other)).exists()) {
        throw new CommitFailedException("Cannot commit version " + nextVersion + " of " + location + ": another writer committed it first");
      }
    }
    try {
      TableMetadataParser.write(metadata, io.newOutputFile(file));
    } catch (AlreadyExistsException e) {
      throw new CommitFailedException("Cannot commit version " + nextVersion + " of " + location
          + ": another writer created " + file + " first", e);
    } catch (RuntimeException e) {
      resolveUnknownOutcome(file, metadata, e);
    }
    TableMetadata committed = metadata.withMetadataFileLocation(file);
    current = committed;
    currentVersion = nextVersion;
    writeHint(nextVersion);
    deleteOldMetadata(base, committed);
  }

  private boolean sameVersion(TableMetadata a, TableMetadata b) {
    return a.metadataFileLocation().isPresent() && a.metadataFileLocation().equals(b.metadataFileLocation());
  }

  private int currentVersionOf(TableMetadata base) {
    if (base.metadataFileLocation().isEmpty()) {
      throw new IllegalArgumentException("Base metadata of " + location + " was not read from a metadata file");
    }
    String path = base.metadataFileLocation().get();
    Matcher matcher = VERSION_FILE.matcher(path.substring(path.lastIndexOf('/') + 1));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("Metadata file " + path + " of " + location + " is not named v<N>.metadata.json");
    }
    return Integer.parseInt(matcher.group(1));
  }

  /**
   * A write failed for a reason other than losing the race: if the file is there and holds our
   * metadata, the commit landed; if it is absent, it did not; otherwise we cannot know.
   */
  private void resolveUnknownOutcome(String file, TableMetadata metadata, RuntimeException failure) {
    InputFile written = io.newInputFile(file);
    try {
      if (!written.exists()) {
        throw new CommitFailedException("Failed to write " + file + " for a commit to " + location + ": " + failure.getMessage(), failure);
      }
      TableMetadata found = TableMetadataParser.read(written);
      if (holdsSameMetadata(found, metadata)) {
        LOG.warn("Write of {} reported an error but the file holds this commit's metadata; treating the commit as done", file, failure);
        return;
      }
      throw new CommitFailedException("Cannot commit to " + location + ": another writer created " + file + " first", failure);
    } catch (CommitFailedException e) {
      throw e;
    } catch (CorruptMetadataException e) {
      throw new CommitStateUnknownException("Commit to " + location + " failed while writing " + file
          + " and the file is unreadable", failure);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      throw new CommitStateUnknownException("Commit to " + location + " failed while writing " + file, failure);
    }
  }

  /**
   * Whether a metadata file read back holds exactly the metadata we wrote. Timestamps and snapshot
   * ids are not enough: two writers racing from the same base with changes that add no snapshot
   * (properties, schema) can produce files that agree on both, for example when the base's
   * timestamp is ahead of the local clock. Both sides go through the same JSON round trip, so
   * the comparison does not depend on how the parser orders maps.
   */
  private static boolean holdsSameMetadata(TableMetadata found, TableMetadata written) {
    String expected = TableMetadataParser.toJson(TableMetadataParser.fromJson(TableMetadataParser.toJson(written)));
    return TableMetadataParser.toJson(found).equals(expected);
  }

  private void writeHint(int version) {
    try (OutputStream out = io.newOutputFile(metadataFileLocation(VERSION_HINT)).createOrOverwrite()) {
      out.write(String.valueOf(version).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      // only a hint: refresh probes for later versions
      LOG.warn("Failed to update {} of {} to {}: {}", VERSION_HINT, location, version, e.toString());
    }
  }

  private void deleteOldMetadata(TableMetadata base, TableMetadata committed) {
    if (base == null || !committed.propertyAsBoolean(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
        TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED_DEFAULT)) {
      return;
    }
    for (MetadataLogEntry entry : TableMetadataBuilder.droppedMetadataFiles(base, committed)) {
      try {
        io.deleteFile(entry.file());
      } catch (RuntimeException e) {
        LOG.warn("Failed to delete old metadata file {} of {}: {}", entry.file(), location, e.toString());
      }
    }
  }

  /** Creates the table's first version; fails if the table exists. */
  public synchronized void create(TableMetadata metadata) {
    if (exists()) {
      throw new AlreadyExistsException("Cannot create table at " + location + ": a table already exists there");
    }
    String file = versionFile(1, TableMetadataParser.Codec.fromName(
        metadata.property(TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT)));
    try {
      TableMetadataParser.write(metadata, io.newOutputFile(file));
    } catch (AlreadyExistsException e) {
      throw new AlreadyExistsException("Cannot create table at " + location + ": another writer created it first", e);
    }
    current = metadata.withMetadataFileLocation(file);
    currentVersion = 1;
    writeHint(1);
  }
}
