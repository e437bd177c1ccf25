package io.datashard.spark.catalog;

import io.datashard.catalog.PathTables;
import io.datashard.exceptions.DatashardException;
import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.FileIOs;
import io.datashard.io.FileInfo;
import io.datashard.io.SupportsPrefixListing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The folder layout of a path catalog: namespace {@code a.b} is the folder {@code <warehouse>/a/b}
 * and table {@code a.b.t} is the path table at {@code <warehouse>/a/b/t}. Local warehouses use
 * real directories; object stores have no directories, so a namespace there is marked by an empty
 * {@value #NAMESPACE_MARKER} file and found by listing.
 */
public final class Warehouse {
  static final String NAMESPACE_MARKER = ".datashard-namespace";

  private final String root;
  private final Path localRoot;
  private final PathTables tables;
  private final Map<String, String> ioProperties;

  public Warehouse(String location, Map<String, String> ioProperties) {
    Objects.requireNonNull(location, "location is null");
    String cleaned = location;
    while (cleaned.length() > 1 && cleaned.endsWith("/")) {
      cleaned = cleaned.substring(0, cleaned.length() - 1);
    }
    this.root = cleaned;
    this.localRoot = localPath(cleaned);
    this.ioProperties = Map.copyOf(ioProperties);
    this.tables = new PathTables(this.ioProperties);
  }

  private static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Paths.get(URI.create(location));
    }
    int colon = location.indexOf(':');
    int slash = location.indexOf('/');
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash);
    return hasScheme ? null : Paths.get(location).toAbsolutePath();
  }

  public String root() {
    return root;
  }

  public PathTables tables() {
    return tables;
  }

  public String namespaceLocation(String[] namespace) {
    StringBuilder result = new StringBuilder(root);
    for (String part : namespace) {
      result.append('/').append(part);
    }
    return result.toString();
  }

  public String tableLocation(String[] namespace, String name) {
    return namespaceLocation(namespace) + "/" + name;
  }

  public boolean namespaceExists(String[] namespace) {
    if (namespace.length == 0) {
      return true;
    }
    String location = namespaceLocation(namespace);
    if (tables.exists(location)) {
      return false;
    }
    if (localRoot != null) {
      return Files.isDirectory(localRoot.resolve(String.join("/", namespace)));
    }
    try (CloseableIterable<FileInfo> files = listing().listPrefix(location)) {
      return files.iterator().hasNext();
    }
  }

  public void createNamespace(String[] namespace) {
    if (localRoot != null) {
      try {
        Files.createDirectories(localRoot.resolve(String.join("/", namespace)));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create namespace folder " + namespaceLocation(namespace), e);
      }
      return;
    }
    try (FileIO io = io()) {
      try (var out = io.newOutputFile(namespaceLocation(namespace) + "/" + NAMESPACE_MARKER).create()) {
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create namespace marker under " + namespaceLocation(namespace), e);
    }
  }

  /** Removes an empty namespace; returns false if it holds tables or namespaces. */
  public boolean dropEmptyNamespace(String[] namespace) {
    if (!children(namespace, true).isEmpty() || !children(namespace, false).isEmpty()) {
      return false;
    }
    if (localRoot != null) {
      Path dir = localRoot.resolve(String.join("/", namespace));
      try {
        // Hidden files (e.g. .DS_Store, markers) do not make a namespace non-empty.
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path entry : entries) {
            if (Files.isRegularFile(entry) && entry.getFileName().toString().startsWith(".")) {
              Files.delete(entry);
            }
          }
        }
        Files.delete(dir);
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete namespace folder " + dir, e);
      }
    }
    listing().deletePrefix(namespaceLocation(namespace));
    return true;
  }

  /** Names of the tables ({@code tables = true}) or child namespaces directly under a namespace. */
  public List<String> children(String[] namespace, boolean tablesWanted) {
    String base = namespaceLocation(namespace);
    TreeSet<String> names = new TreeSet<>();
    if (localRoot != null) {
      Path dir = namespace.length == 0 ? localRoot : localRoot.resolve(String.join("/", namespace));
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
        for (Path entry : entries) {
          names.add(entry.getFileName().toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list namespace folder " + dir, e);
      }
    } else {
      try (CloseableIterable<FileInfo> files = listing().listPrefix(base)) {
        for (FileInfo file : files) {
          String rest = file.location().substring(base.length() + 1);
          int slash = rest.indexOf('/');
          if (slash > 0) {
            names.add(rest.substring(0, slash));
          }
        }
      }
    }
    List<String> result = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      boolean isTable = tables.exists(base + "/" + name);
      if (isTable == tablesWanted) {
        result.add(name);
      }
    }
    return result;
  }

  private FileIO io() {
    return FileIOs.forLocation(root, ioProperties);
  }

  private SupportsPrefixListing listing() {
    FileIO io = io();
    if (io instanceof SupportsPrefixListing listing) {
      return listing;
    }
    throw new DatashardException("Cannot list namespaces of warehouse " + root + ": its storage ("
        + io.getClass().getSimpleName() + ") cannot list files. Use a storage that supports listing (local, S3).");
  }
}
