package io.datashard.internal.io;

import io.datashard.exceptions.AlreadyExistsException;
import io.datashard.exceptions.NotFoundException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.FileInfo;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.SupportsBulkDelete;
import io.datashard.io.SupportsPrefixListing;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link FileIO} that keeps files in memory, for tests and examples. All instances in a JVM share
 * one store keyed by location, so a table written through one instance (or a deserialized copy on
 * a local Spark executor) is visible through every other. Any location string works, such as
 * {@code memory://bucket/table/metadata/v1.metadata.json}; {@link io.datashard.io.FileIOs} routes the
 * {@code memory} scheme here. Call {@link #reset()} between tests that need an empty store.
 */
public class InMemoryFileIO implements FileIO, SupportsBulkDelete, SupportsPrefixListing {
  private static final long serialVersionUID = 1L;
  private static final ConcurrentMap<String, StoredFile> FILES = new ConcurrentHashMap<>();

  private volatile Map<String, String> properties = Map.of();

  /** Content is never mutated after it is stored, so readers share the array without copying. */
  record StoredFile(byte[] content, long createdAtMillis) {
  }

  /** Deletes every file of every instance. */
  public static void reset() {
    FILES.clear();
  }

  @Override
  public void initialize(Map<String, String> newProperties) {
    this.properties = Map.copyOf(Objects.requireNonNull(newProperties, "properties is null"));
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new InMemoryInputFile(Objects.requireNonNull(location, "location is null"), -1);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    Objects.requireNonNull(location, "location is null");
    if (length < 0) {
      throw new IllegalArgumentException(
          "Invalid length " + length + " for file " + location + ": must be >= 0");
    }
    return new InMemoryInputFile(location, length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new InMemoryOutputFile(Objects.requireNonNull(location, "location is null"));
  }

  @Override
  public void deleteFile(String location) {
    FILES.remove(Objects.requireNonNull(location, "location is null"));
  }

  @Override
  public void deleteFiles(Iterable<String> locations) {
    for (String location : locations) {
      deleteFile(location);
    }
  }

  @Override
  public CloseableIterable<FileInfo> listPrefix(String prefix) {
    String base = Locations.directoryPrefix(Objects.requireNonNull(prefix, "prefix is null"));
    return CloseableIterable.of(FILES.entrySet())
        .filter(entry -> entry.getKey().startsWith(base))
        .map(entry -> new FileInfo(
            entry.getKey(), entry.getValue().content().length, entry.getValue().createdAtMillis()));
  }

  @Override
  public void deletePrefix(String prefix) {
    String base = Locations.directoryPrefix(Objects.requireNonNull(prefix, "prefix is null"));
    FILES.keySet().removeIf(location -> location.startsWith(base));
  }

  static StoredFile find(String location) {
    StoredFile file = FILES.get(location);
    if (file == null) {
      throw new NotFoundException("File does not exist: " + location);
    }
    return file;
  }

  static boolean exists(String location) {
    return FILES.containsKey(location);
  }

  /** Stores {@code content} only if no file is at the location, atomically. */
  static void putIfAbsent(String location, byte[] content) {
    if (FILES.putIfAbsent(location, new StoredFile(content, System.currentTimeMillis())) != null) {
      throw alreadyExists(location);
    }
  }

  static void put(String location, byte[] content) {
    FILES.put(location, new StoredFile(content, System.currentTimeMillis()));
  }

  static AlreadyExistsException alreadyExists(String location) {
    return new AlreadyExistsException("Cannot create " + location + ": the file already exists "
        + "(another writer may have created it first). Write to a new location, or use "
        + "createOrOverwrite() to replace the file");
  }
}
