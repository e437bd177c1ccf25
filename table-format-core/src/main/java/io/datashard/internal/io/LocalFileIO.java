package io.datashard.internal.io;

import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.RuntimeIOException;
import io.datashard.io.BulkDeletionFailureException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.CloseableIterator;
import io.datashard.io.FileIO;
import io.datashard.io.FileInfo;
import io.datashard.io.InputFile;
import io.datashard.io.OutputFile;
import io.datashard.io.SupportsBulkDelete;
import io.datashard.io.SupportsPrefixListing;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link FileIO} on the local file system. Accepts plain paths ({@code /data/t}) and {@code file:}
 * locations ({@code file:/data/t}, {@code file:///data/t}, {@code file://localhost/data/t}). The
 * location text after the scheme is used as the path as is, without percent-decoding, so the
 * locations Datashard writes read back unchanged.
 *
 * <p>{@link OutputFile#create()} is an atomic create-if-absent: content goes to a hidden temporary
 * file in the target's directory and is published with a hard link, which fails if the target
 * exists. Parent directories are created as needed.
 */
public class LocalFileIO implements FileIO, SupportsBulkDelete, SupportsPrefixListing {
  private static final long serialVersionUID = 1L;
  private static final String SCHEME = "file";
  private static final int MAX_REPORTED_FAILURES = 10;

  private final boolean hardLinks;
  private volatile Map<String, String> properties = Map.of();

  public LocalFileIO() {
    this(true);
  }

  /** {@code hardLinks} false forces the rename fallback that file systems without links use. */
  LocalFileIO(boolean hardLinks) {
    this.hardLinks = hardLinks;
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
    return new LocalInputFile(location, toPath(location), -1);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    if (length < 0) {
      throw new IllegalArgumentException(
          "Invalid length " + length + " for file " + location + ": must be >= 0");
    }
    return new LocalInputFile(location, toPath(location), length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutputFile(location, toPath(location), hardLinks);
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toPath(location));
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to delete file " + location, e);
    }
  }

  @Override
  public void deleteFiles(Iterable<String> locations) {
    int attempted = 0;
    int failures = 0;
    List<RuntimeException> reported = new ArrayList<>();
    for (String location : locations) {
      attempted++;
      try {
        deleteFile(location);
      } catch (RuntimeException e) {
        failures++;
        if (reported.size() < MAX_REPORTED_FAILURES) {
          reported.add(e);
        }
      }
    }
    if (failures > 0) {
      BulkDeletionFailureException failure = new BulkDeletionFailureException(failures, String.format(
          "Failed to delete %d of %d files; the first %d failures are attached as suppressed "
              + "exceptions (first: %s). The other files were deleted; retry to delete the rest",
          failures, attempted, reported.size(), reported.get(0).getMessage()));
      reported.forEach(failure::addSuppressed);
      throw failure;
    }
  }

  @Override
  public CloseableIterable<FileInfo> listPrefix(String prefix) {
    Path dir = toPath(prefix);
    String base = Locations.directoryPrefix(prefix);
    return () -> {
      if (!Files.isDirectory(dir)) {
        return CloseableIterator.empty();
      }
      Stream<Path> paths;
      try {
        paths = Files.walk(dir);
      } catch (NoSuchFileException e) {
        return CloseableIterator.empty();
      } catch (IOException e) {
        throw new RuntimeIOException("Failed to list files under " + prefix, e);
      }
      return new FileInfoIterator(prefix, dir, base, paths);
    };
  }

  @Override
  public void deletePrefix(String prefix) {
    Path dir = toPath(prefix);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted concurrently: the goal is reached
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.deleteIfExists(directory);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new RuntimeIOException("Failed to delete the files under " + prefix, e);
    }
  }

  /** The local path of a plain path or {@code file:} location. */
  static Path toPath(String location) {
    Objects.requireNonNull(location, "location is null");
    Optional<String> scheme = Locations.scheme(location);
    if (scheme.isEmpty()) {
      if (location.isEmpty()) {
        throw new IllegalArgumentException("Invalid location '': a local location must not be empty");
      }
      return Paths.get(location);
    }
    if (!scheme.get().equals(SCHEME)) {
      throw new DatashardException(String.format(
          "LocalFileIO cannot access '%s': scheme '%s' is not a local file system scheme. "
              + "Use FileIOs.forLocation(location, properties) to get the FileIO for the location",
          location, scheme.get()));
    }
    String path = location.substring(SCHEME.length() + 1);
    if (path.startsWith("//")) {
      int slash = path.indexOf('/', 2);
      String authority = slash < 0 ? path.substring(2) : path.substring(2, slash);
      if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
        throw new DatashardException(String.format(
            "LocalFileIO cannot access '%s': it names host '%s'. Local locations look like "
                + "file:/path, file:///path or /path", location, authority));
      }
      path = slash < 0 ? "/" : path.substring(slash);
    }
    if (!path.startsWith("/")) {
      throw new DatashardException(String.format(
          "LocalFileIO cannot access '%s': a file: location needs an absolute path, like "
              + "file:/path or file:///path", location));
    }
    return Paths.get(path);
  }

  /** Lists the regular files of a directory walk, lazily, skipping files deleted meanwhile. */
  private static final class FileInfoIterator implements CloseableIterator<FileInfo> {
    private final String prefix;
    private final Path dir;
    private final String base;
    private final Stream<Path> paths;
    private final Iterator<Path> iterator;
    private FileInfo next;

    FileInfoIterator(String prefix, Path dir, String base, Stream<Path> paths) {
      this.prefix = prefix;
      this.dir = dir;
      this.base = base;
      this.paths = paths;
      this.iterator = paths.iterator();
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null && iterator.hasNext()) {
          next = toFileInfo(iterator.next());
        }
      } catch (UncheckedIOException e) {
        throw new RuntimeIOException("Failed to list files under " + prefix, e);
      }
      return next != null;
    }

    @Override
    public FileInfo next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      FileInfo result = next;
      next = null;
      return result;
    }

    @Override
    public void close() {
      paths.close();
    }

    private FileInfo toFileInfo(Path path) {
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(path, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new RuntimeIOException("Failed to read the attributes of " + path + " under " + prefix, e);
      }
      if (!attrs.isRegularFile()) {
        return null;
      }
      String relative = dir.relativize(path).toString().replace(File.separatorChar, '/');
      return new FileInfo(base + relative, attrs.size(), attrs.lastModifiedTime().toMillis());
    }
  }
}
